/**
 * GET /seals/preview.png: the console's live preview of a generated seal — a PNG drawn from the
 * text options alone, bounded like the generate route, and nothing stored or audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HetongClient } from '../../client/index.js';
import { testDialects } from '../../store/testing.js';
import { createTestApp, type TestApp } from '../testing.js';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

for (const dialect of await testDialects()) {
  describe(`seal preview (${dialect})`, () => {
    let t: TestApp;
    let client: HetongClient;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      client = (await t.newLine('Seal preview line')).client;
    });
    afterAll(async () => t?.dispose());

    const preview = (query: Record<string, string>) =>
      client.raw('GET', '/api/v1/seals/preview.png', { query });
    const errorCode = (r: { body: Buffer }) =>
      (JSON.parse(r.body.toString()) as { error: { code: string } }).error.code;

    it('draws a round and a square seal as PNGs at 150 dpi, without storing them', async () => {
      const round = await preview({ kind: 'round', name: '上海浦江数字科技有限公司', purpose: '合同专用章' });
      expect(round.status).toBe(200);
      expect(round.headers.get('content-type')).toBe('image/png');
      expect(round.headers.get('cache-control')).toBe('private, max-age=3600');
      expect(round.body.subarray(0, 8)).toEqual(PNG_MAGIC);
      // IHDR width: 42 mm at 150 dpi ≈ 248 px (the stored seal is drawn at 300 dpi).
      expect(Math.abs(round.body.readUInt32BE(16) - 248)).toBeLessThanOrEqual(1);
      const square = await preview({ kind: 'square', name: '张三' });
      expect(square.status).toBe(200);
      expect(square.body.subarray(0, 8)).toEqual(PNG_MAGIC);
      // Another name, another picture: the preview follows what is typed.
      const other = await preview({ kind: 'square', name: '李四' });
      expect(other.body.equals(square.body)).toBe(false);
      expect(await client.seals()).toEqual([]);
      const audit = await t.app.services.store.db
        .selectFrom('audit_events')
        .select('action')
        .where('action', 'like', 'seal.%')
        .execute();
      expect(audit).toEqual([]);
    });

    it('refuses what the generate route refuses: unknown fields, long text, a 5-character name seal', async () => {
      const cases: [Record<string, string>, string][] = [
        [{ kind: 'round', name: '甲'.repeat(41) }, 'VALIDATION_FAILED'],
        [{ kind: 'round', name: '甲', subject: 'x' }, 'VALIDATION_FAILED'],
        [{ kind: 'round', name: '甲', purpose: '合'.repeat(13) }, 'VALIDATION_FAILED'],
        [{ kind: 'oval', name: '甲' }, 'VALIDATION_FAILED'],
        [{ kind: 'square', name: '' }, 'VALIDATION_FAILED'],
        [{ kind: 'square', name: '欧阳司马文' }, 'SEAL_SPEC_INVALID'],
      ];
      for (const [body, code] of cases) {
        const r = await preview(body);
        expect(r.status, JSON.stringify(body)).toBe(400);
        expect(errorCode(r)).toBe(code);
      }
    });
  });
}

/**
 * Seal uploads decode in the task pool (issue #14: eight parallel uploads of a 69 KB 4096×3900
 * PNG stalled the server 7.4 s): while large images are decoded the event loop keeps turning, and
 * an image past the pixel limits is refused from its header with SEAL_IMAGE_TOO_LARGE (413).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HetongClient } from '../../client/index.js';
import { whitePngWithInk } from '../../seals/testing/png.js';
import { buildMultipart } from '../multipart.js';
import { createTestApp, type TestApp } from '../testing.js';

const subject = JSON.stringify({
  kind: 'organization',
  idType: 'USCC',
  id: '91330100MA2XXXXX0Q',
  name: '杭州合同科技有限公司',
});

describe('seal uploads in the task pool', () => {
  let t: TestApp;
  let client: HetongClient;
  const upload = (png: Buffer) => {
    const boundary = 'b0undary' + Math.random().toString(36).slice(2);
    const body = buildMultipart(boundary, { subject, removeBackground: 'true' }, [
      { field: 'file', filename: 'seal.png', contentType: 'image/png', data: png },
    ]);
    return client.raw('POST', '/api/v1/seals/upload', {
      body: new Uint8Array(body),
      contentType: `multipart/form-data; boundary=${boundary}`,
    });
  };

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    client = (await t.newLine('Seal line')).client;
  });
  afterAll(() => t.dispose());

  it('decodes four parallel 4096×3900 uploads off the event loop', async () => {
    const png = whitePngWithInk(4096, 3900);
    expect(png.length).toBeLessThan(200 * 1024);
    const uploads = [1, 2, 3, 4].map(() => upload(png));
    const lags: number[] = [];
    let done = false;
    void Promise.all(uploads).then(() => (done = true));
    while (!done) {
      const t0 = performance.now();
      await new Promise((r) => setImmediate(r));
      lags.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 5));
    }
    for (const res of await Promise.all(uploads)) {
      expect(res.status).toBe(201);
      // White paper removed and trimmed to the red square (with its margin).
      const seal = JSON.parse(res.body.toString()) as { kind: string; widthMm: number; heightMm: number };
      expect(seal.kind).toBe('uploaded');
      expect(seal.heightMm).toBeCloseTo(seal.widthMm, 0);
    }
    expect(Math.max(...lags)).toBeLessThan(250);
  }, 120_000);

  it('refuses an image past the pixel limits from its header: 413 SEAL_IMAGE_TOO_LARGE', async () => {
    for (const [w, h] of [
      [4097, 16],
      [4000, 4096],
    ] as const) {
      const t0 = performance.now();
      const res = await upload(whitePngWithInk(w, h));
      const body = JSON.parse(res.body.toString()) as {
        error: { code: string; details: { maxPixels: number } };
      };
      expect([res.status, body.error.code]).toEqual([413, 'SEAL_IMAGE_TOO_LARGE']);
      expect(body.error.details.maxPixels).toBe(16_000_000);
      expect(performance.now() - t0).toBeLessThan(2_000);
    }
  });
});

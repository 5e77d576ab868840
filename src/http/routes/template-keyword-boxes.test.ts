/**
 * GET /templates/{id}/keyword-boxes: where a keyword sign field lands on the preview — the same
 * placement as signing (centred on the keyword's end, moved by the offsets), every occurrence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HetongClient } from '../../client/index.js';
import { STANDARD_DOCX } from '../../../test/e2e/helpers.js';
import { createTestApp, type TestApp } from '../testing.js';
import type { KeywordBoxesWire } from '../wire/templates.js';

describe('keyword boxes on a template preview', () => {
  let t: TestApp;
  let client: HetongClient;
  let templateId: string;
  const boxes = (q: string) =>
    client.request<KeywordBoxesWire>('GET', `/api/v1/templates/${templateId}/keyword-boxes?${q}`);

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    client = (await t.newLine('Keyword line')).client;
    templateId = (
      await client.createTemplate({ docx: STANDARD_DOCX, name: '标准合同', signerRoles: ['甲方', '乙方'] })
    ).id;
  }, 60_000);
  afterAll(async () => t?.dispose());

  it('places the field on the keyword, and the offsets move it by exactly their points', async () => {
    const kw = encodeURIComponent('甲方（盖章）');
    const plain = await boxes(`keyword=${kw}&width=120&height=80`);
    expect(plain.boxes.length).toBeGreaterThanOrEqual(1);
    const first = plain.boxes[0]!;
    expect(first).toMatchObject({ occurrence: 1, width: 120, height: 80 });
    const pages = await client.request<{ pages: { width: number; height: number }[] }>(
      'GET',
      `/api/v1/templates/${templateId}/preview-pages?mode=tags`,
    );
    expect(first.page).toBeLessThanOrEqual(pages.pages.length);
    expect(first.x).toBeGreaterThan(0);
    expect(first.y).toBeGreaterThan(0);
    const moved = await boxes(`keyword=${kw}&width=120&height=80&offsetX=30.5&offsetY=-20`);
    expect(moved.boxes[0]!.x).toBeCloseTo(first.x + 30.5, 1);
    expect(moved.boxes[0]!.y).toBeCloseTo(first.y - 20, 1);
    expect(moved.boxes[0]!.page).toBe(first.page);
  });

  it('answers no boxes for a keyword that is not there, and refuses bad numbers', async () => {
    expect((await boxes('keyword=NOT-IN-THE-CONTRACT')).boxes).toEqual([]);
    const bad = await client.raw(
      'GET',
      `/api/v1/templates/${templateId}/keyword-boxes?keyword=x&offsetX=1e9`,
    );
    expect(bad.status).toBe(400);
    const none = await client.raw('GET', `/api/v1/templates/${templateId}/keyword-boxes`);
    expect(none.status).toBe(400);
  });
});

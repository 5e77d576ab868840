/**
 * What the console needs of the templates API: a new version without a .docx (the latest one's
 * source kept, only signers or sign fields changed), cross-page seals on template sign fields, and
 * the preview's page sizes in points (to turn a box drawn on a PNG into a sign field).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HetongClient } from '../../client/index.js';
import { testDialects } from '../../store/testing.js';
import { STANDARD_DOCX } from '../../../test/e2e/helpers.js';
import { createTestApp, type TestApp } from '../testing.js';

const dialects = await testDialects();

describe.each(dialects)('template versions and preview pages on %s', (dialect) => {
  let t: TestApp;
  let client: HetongClient;
  let templateId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    client = (await t.newLine('Templates line')).client;
    const tpl = await client.createTemplate({
      docx: STANDARD_DOCX,
      name: '标准合同',
      signerRoles: ['甲方', '乙方'],
    });
    templateId = tpl.id;
  }, 60_000);
  afterAll(async () => t?.dispose());

  it('adds a version without a file: same .docx, new sign fields, pending approval', async () => {
    const before = await client.template(templateId);
    const fields = [
      { role: '甲方', page: 1, x: 72, y: 100, width: 120, height: 120, crossPage: true },
      { role: '乙方', keyword: '乙方（盖章）', offsetX: 20, width: 120, height: 120 },
    ];
    const v = await client.addTemplateVersion(templateId, {
      signerRoles: ['甲方', '乙方'],
      signFields: fields,
    });
    expect(v).toMatchObject({
      version: 2,
      status: 'pending_approval',
      signFields: fields,
      fieldCount: before.versions[0]!.fieldCount,
    });
    // The text is the same: the same tags, the same first page.
    const tags = (versionId: string) =>
      client.raw('GET', `/api/v1/templates/${templateId}/fields`, { query: { versionId } });
    const [a, b] = await Promise.all([tags(before.versions[0]!.id), tags(v.id)]);
    expect(JSON.parse(b.body.toString()).fields).toEqual(JSON.parse(a.body.toString()).fields);
    // The analysis carries the compiler's warnings beside the fields (none for this file).
    expect(JSON.parse(a.body.toString())).toMatchObject({ warnings: expect.any(Array) });
    const png = await client.raw('GET', `/api/v1/templates/${templateId}/preview.png`, {
      query: { versionId: v.id, page: 1, width: 200 },
    });
    expect([png.status, png.body.subarray(1, 4).toString()]).toEqual([200, 'PNG']);
  });

  it('compiles the kept .docx again when new delimiters come without a file', async () => {
    // The standard contract uses {…}; with [[…]] none of its tags is a tag any more.
    const v = await client.addTemplateVersion(templateId, { delimiters: { start: '[[', end: ']]' } });
    expect(v.fieldCount).toBe(0);
    const latest = await client.template(templateId);
    expect(latest.versions.at(-1)!.signFields).toHaveLength(2);
  });

  it('refuses a cross-page switch that is not a boolean', async () => {
    const bad = await client
      .addTemplateVersion(templateId, {
        signerRoles: ['甲方'],
        // @ts-expect-error: crossPage is a boolean (its type refuses a string too)
        signFields: [{ role: '甲方', page: 1, x: 1, y: 1, width: 9, height: 9, crossPage: 'yes' }],
      })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 400, code: 'TEMPLATE_INPUT_INVALID' });
  });

  it('tells the preview pages and their sizes in points', async () => {
    const res = await client.raw('GET', `/api/v1/templates/${templateId}/preview-pages`, {
      query: { mode: 'tags' },
    });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body.toString()) as {
      versionId: string;
      pages: { width: number; height: number }[];
    };
    const tpl = await client.template(templateId);
    // No version is approved yet: the preview is of the latest one.
    expect(body.versionId).toBe(tpl.versions.at(-1)!.id);
    expect(body.pages.length).toBeGreaterThanOrEqual(2);
    // A4: 210 × 297 mm = 595.28 × 841.89 pt.
    for (const p of body.pages) {
      expect(p.width).toBeCloseTo(595.28, 0);
      expect(p.height).toBeCloseTo(841.89, 0);
    }
    const missing = await client.raw('GET', `/api/v1/templates/${templateId}/preview-pages`, {
      query: { versionId: 'tplv_nope' },
    });
    expect(missing.status).toBe(404);
  });
});

/**
 * A template version's missing policy (`missing`: 'error' | 'empty'), set with the templates API:
 * by default a contract whose data misses a value is refused; with 'empty' the value is shown empty
 * and the contract's creation records VALUE_MISSING warnings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HetongClient } from '../../client/index.js';
import { buildDocx, p } from '../../render/docx/testing/build-docx.js';
import { testDialects } from '../../store/testing.js';
import { adminSession, pdfText, review, SIGNERS } from '../../../test/e2e/helpers.js';
import { createTestApp, type TestApp } from '../testing.js';

const dialects = await testDialects();

const DOCX = buildDocx({
  body: [p('甲方：{partyA}'), p('乙方：{partyB}'), p('{#items}{name}、{/items}')].join(''),
});
const squash = (s: string) => s.replace(/\s+/g, '');

describe.each(dialects)('template missing policy on %s', (dialect) => {
  let t: TestApp;
  let client: HetongClient;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    client = (await t.newLine('Missing policy')).client;
  }, 60_000);
  afterAll(async () => t?.dispose());

  async function approved(missing?: 'error' | 'empty') {
    const tpl = await client.createTemplate({
      docx: DOCX,
      name: `缺值 ${missing ?? 'default'}`,
      signerRoles: ['甲方', '乙方'],
      ...(missing ? { missing } : {}),
    });
    const legal = await adminSession(t, 'legal');
    expect((await review(t, legal, tpl.versions[0]!.id, 'approve')).statusCode).toBe(200);
    return tpl;
  }

  const contract = (templateId: string) =>
    client.createContract({ title: '缺值合同', templateId, data: { partyA: '上海浦江' }, signers: SIGNERS });

  it("defaults to 'error': a contract missing a value is refused with CONTRACT_DATA_INVALID", async () => {
    const tpl = await approved();
    expect(tpl.versions[0]!.missing).toBe('error');
    const err = await contract(tpl.id).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 422, code: 'CONTRACT_DATA_INVALID' });
    expect(JSON.stringify((err as { details: unknown }).details)).toContain('data.partyB');
  });

  it("'empty' shows the missing value empty and records the warning with the contract", async () => {
    const tpl = await approved('empty');
    expect(tpl.versions[0]!.missing).toBe('empty');
    const c = await contract(tpl.id);
    const doc = await client.downloadDocument(c.id, c.documents[0]!.id);
    const text = squash(pdfText(doc));
    expect(text).toContain('甲方：上海浦江');
    expect(text).toContain('乙方：');
    expect(text).not.toMatch(/[{}]/);
    const created = (await client.contractAudit(c.id)).find((e) => e.action === 'contract.created');
    const docs = created!.details.documents as { warnings?: { code: string; message: string }[] }[];
    expect(docs[0]!.warnings).toEqual([
      expect.objectContaining({
        code: 'VALUE_MISSING',
        message: expect.stringContaining('partyB') as string,
      }),
    ]);
  });

  it('a new version keeps the policy unless given; a bad value is refused', async () => {
    const tpl = await approved('empty');
    const kept = await client.addTemplateVersion(tpl.id, { signerRoles: ['甲方', '乙方'] });
    expect(kept.missing).toBe('empty');
    const changed = await client.addTemplateVersion(tpl.id, { missing: 'error' });
    expect(changed.missing).toBe('error');
    expect((await client.template(tpl.id)).versions.map((v) => v.missing)).toEqual([
      'empty',
      'empty',
      'error',
    ]);
    const bad = await client
      .addTemplateVersion(tpl.id, { missing: 'blank' as 'empty' })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 400, code: 'TEMPLATE_INPUT_INVALID' });
  });
});

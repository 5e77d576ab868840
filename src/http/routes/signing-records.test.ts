/**
 * Signing records (签约明细) over HTTP on both databases: automatic signatures of an organisation
 * listed newest first with how they were signed, filtered and paged; the CSV export with the same
 * rows, masked contacts and formula-looking names defused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HetongClient } from '../../client/index.js';
import { makePdf } from '../../signing/testing/fixtures.js';
import { testDialects } from '../../store/testing.js';
import { adminSession } from '../../../test/e2e/helpers.js';
import { createTestApp, type TestApp } from '../testing.js';
import { csvField } from './signing-records.js';

const dialects = await testDialects();

const ORG = {
  kind: 'organization' as const,
  idType: 'USCC',
  id: '91310000MA1FL0001X',
  name: '=HYPERLINK("http://evil")',
  mobile: '13812345678',
};
const PERSON = { kind: 'person' as const, idType: 'user_id', id: 'U-1', name: '张三' };

describe('csvField (RFC 4180 §2, formula injection)', () => {
  it('quotes, doubles quotes, and defuses formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"\n')).toBe('"say ""hi""\n"');
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-2)).toBe('-2');
    expect(csvField(null)).toBe('');
  });
});

describe.each(dialects)('signing records on %s', (dialect) => {
  let t: TestApp;
  let client: HetongClient;
  let appId: string;
  const signed: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const line = await t.newLine('Records');
    client = line.client;
    appId = line.appId;
    await client.createAuthorization({ subject: ORG, validTo: Date.now() + 86_400_000 });
    const pdf = await makePdf(1);
    for (let i = 0; i < 3; i++) {
      const c = await client.createContract(
        {
          title: `合同 ${i}`,
          signers: [
            { role: '甲方', subject: ORG, signOrder: 1 },
            { role: '乙方', subject: PERSON, signOrder: 2 },
          ],
        },
        { pdfs: [{ filename: 'a.pdf', data: pdf }] },
      );
      const detail = await client.contract(c.id);
      await client.autoSign(c.id, detail.signers![0]!.id);
      signed.push(c.id);
    }
  }, 120_000);
  afterAll(async () => t?.dispose());

  it('lists every signature newest first, with how it was signed, and pages by cursor', async () => {
    const first = await client.request<{ items: Record<string, unknown>[]; nextCursor: string | null }>(
      'GET',
      '/api/v1/signing-records?limit=2',
    );
    expect(first.items.map((r) => r.contractId)).toEqual([signed[2], signed[1]]);
    expect(first.items[0]).toMatchObject({
      role: '甲方',
      method: 'esign',
      via: 'auto-sign',
      authorizationId: expect.stringMatching(/^auth_/),
      subject: { name: ORG.name, id: ORG.id, mobile: '138****5678' },
    });
    const second = await client.request<{ items: Record<string, unknown>[]; nextCursor: string | null }>(
      'GET',
      `/api/v1/signing-records?limit=2&cursor=${first.nextCursor}`,
    );
    expect(second.items.map((r) => r.contractId)).toEqual([signed[0]]);
    expect(second.nextCursor).toBeNull();
    const none = await client.request<{ items: unknown[] }>(
      'GET',
      '/api/v1/signing-records?method=clickwrap',
    );
    expect(none.items).toEqual([]);
    const one = await client.request<{ items: unknown[] }>(
      'GET',
      `/api/v1/signing-records?contractId=${signed[1]}`,
    );
    expect(one.items).toHaveLength(1);
  });

  it('exports the same rows as CSV for a console session', async () => {
    const s = await adminSession(t, 'legal');
    const res = await t.app.server.inject({
      method: 'GET',
      url: `/admin/api/lines/${appId}/signing-records.csv`,
      headers: s.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="signing-records-\d{4}-\d\d-\d\d\.csv"$/,
    );
    const lines = res.body
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'signed_at,contract_id,contract_title,role,signer_name,signer_id_type,signer_id,method,via,intent,seal_id,authorization_id,ip,user_agent',
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`,${signed[2]},合同 2,甲方,"'=HYPERLINK(""http://evil"")",USCC,`);
    expect(res.body).not.toContain('13812345678');
  });
});

/**
 * What a contract shows must be what it says (issue #14): bidi controls and other invisible
 * characters in a contract's data, title, signers or uploaded file names are refused with
 * DATA_INVISIBLE_CHARACTERS (422) naming every field, before anything is rendered or stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HetongApiError, type HetongClient, type TemplateInfo } from '../../src/client/index.js';
import { createTestApp, type TestApp } from '../../src/http/testing.js';
import { makePdf } from '../../src/signing/testing/fixtures.js';
import { adminSession, BENCH_DATA, review, SIGNERS, STANDARD_DOCX } from './helpers.js';

async function apiError(p: Promise<unknown>): Promise<HetongApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HetongApiError) return e;
    throw e;
  }
  throw new Error('expected an API error');
}

interface Problem {
  path: string;
  character: string;
  name?: string;
}

describe('contracts refuse invisible characters', () => {
  let t: TestApp;
  let client: HetongClient;
  let template: TemplateInfo;
  const data = BENCH_DATA[0]!;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    client = (await t.newLine()).client;
    template = await client.createTemplate({
      docx: STANDARD_DOCX,
      name: '标准合同',
      signerRoles: ['甲方', '乙方'],
    });
    const legal = await adminSession(t, 'legal');
    expect((await review(t, legal, template.versions[0]!.id, 'approve')).statusCode).toBe(200);
  }, 120_000);
  afterAll(() => t.dispose());

  it('refuses "amount": "\\u202e000,056,4\\u202c" (prints as 4,650,000) naming data.amount', async () => {
    const e = await apiError(
      client.createContract({
        templateId: template.id,
        title: '技术服务合同',
        data: { ...data, amount: '\u202e000,056,4\u202c' },
        signers: SIGNERS,
      }),
    );
    expect([e.status, e.code]).toEqual([422, 'DATA_INVISIBLE_CHARACTERS']);
    expect(e.message).toContain('data.amount');
    expect((e.details as { problems: Problem[] }).problems).toEqual([
      { path: 'data.amount', character: 'U+202E', name: 'RIGHT-TO-LEFT OVERRIDE' },
    ]);
  });

  it('names every field at once: title, nested data, a signer, HTML character references', async () => {
    const e = await apiError(
      client.createContract({
        templateId: template.id,
        title: '合同\u2066编号\u2069',
        data: { ...data, partyA: { ...(data.partyA as object), name: '甲\u200b公司' }, note: '&#x202E;abc' },
        signers: [
          { ...SIGNERS[0]!, subject: { ...SIGNERS[0]!.subject, name: '上海\u061c浦江' } },
          SIGNERS[1]!,
        ],
      }),
    );
    expect(e.code).toBe('DATA_INVISIBLE_CHARACTERS');
    const problems = (e.details as { problems: Problem[] }).problems;
    expect(problems.map((p) => [p.path, p.character])).toEqual(
      expect.arrayContaining([
        ['title', 'U+2066'],
        ['data.partyA.name', 'U+200B'],
        ['data.note', 'U+202E'],
        ['signers[0].subject.name', 'U+061C'],
      ]),
    );
  });

  it('refuses a title with a bidi override in the multipart form (uploaded PDF) too', async () => {
    const e = await apiError(
      client.createContract({ title: 'invoice\u202efdp.exe', signers: [] } as never, {
        pdfs: [{ filename: 'a.pdf', data: await makePdf(1) }],
      }),
    );
    expect([e.status, e.code]).toEqual([422, 'DATA_INVISIBLE_CHARACTERS']);
    expect((e.details as { problems: Problem[] }).problems[0]!.path).toBe('title');
  });

  it('refuses a contract group name with a bidi isolate', async () => {
    const e = await apiError(
      client.request('POST', '/api/v1/contract-groups', { body: { name: '合同组\u2067A' } }),
    );
    expect([e.status, e.code]).toEqual([422, 'DATA_INVISIBLE_CHARACTERS']);
    expect((e.details as { problems: Problem[] }).problems[0]).toMatchObject({
      path: 'name',
      character: 'U+2067',
    });
  });

  it('refuses a template whose name or signer roles hold one, before compiling it', async () => {
    const e = await apiError(
      client.createTemplate({
        docx: STANDARD_DOCX,
        name: '标准\u202e合同',
        signerRoles: ['甲方', '乙\u200f方'],
      }),
    );
    expect([e.status, e.code]).toEqual([422, 'DATA_INVISIBLE_CHARACTERS']);
    expect((e.details as { problems: Problem[] }).problems.map((p) => p.path)).toEqual([
      'name',
      'signerRoles[1]',
    ]);
  });

  it('still accepts ordinary Chinese text, emoji joiners and line breaks', async () => {
    const created = await client.createContract({
      templateId: template.id,
      title: '技术服务合同 👨‍👩‍👧',
      data: { ...data, note: '第一行\n第二行\t（附件）' },
      signers: SIGNERS,
    });
    expect(created.status).toBe('pending_signing');
  }, 60_000);
});

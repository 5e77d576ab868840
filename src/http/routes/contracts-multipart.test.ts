/**
 * The multipart form of POST /api/v1/contracts obeys the JSON route's rules (issue 14): the same
 * size cap, depth limit and refusal of prototype-poisoning keys, with the same 4xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HetongApiError, type HetongClient } from '../../client/index.js';
import { makePdf } from '../../signing/testing/fixtures.js';
import { createTestApp, type TestApp } from '../testing.js';

describe('multipart contracts: the JSON rules of the JSON route', () => {
  let t: TestApp;
  let client: HetongClient;
  let pdf: Uint8Array;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    client = (await t.newLine()).client;
    pdf = await makePdf(1);
  });
  afterAll(async () => t?.dispose());

  const send = async (input: unknown) => {
    try {
      await client.createContract(input as never, { pdfs: [{ filename: 'a.pdf', data: pdf }] });
    } catch (e) {
      if (e instanceof HetongApiError) return e;
      throw e;
    }
    throw new Error('expected a refusal');
  };

  it('refuses __proto__ keys and 1,000 levels of nesting with MALFORMED_JSON', async () => {
    const poisoned = JSON.parse('{"title":"t","signers":[],"__proto__":{"admin":true}}') as unknown;
    const p = await send(poisoned);
    expect([p.status, p.code]).toEqual([400, 'MALFORMED_JSON']);
    let deep: unknown = 'x';
    for (let i = 0; i < 1_000; i++) deep = [deep];
    const d = await send({ title: 't', signers: [], data: { deep } });
    expect([d.status, d.code]).toEqual([400, 'MALFORMED_JSON']);
    expect(d.message).toMatch(/nested deeper than 64 levels/);
  });

  it('refuses a contract part over the JSON cap (1 MiB) with BODY_TOO_LARGE, as the JSON route does', async () => {
    const big = await send({ title: 't', signers: [], data: { note: 'x'.repeat(5 * 1024 * 1024) } });
    expect([big.status, big.code]).toEqual([413, 'BODY_TOO_LARGE']);
    // Multi-byte text counts in bytes: 400,000 CJK characters are 1.2 MB of UTF-8.
    const cjk = await send({ title: 't', signers: [], data: { note: '合'.repeat(400_000) } });
    expect([cjk.status, cjk.code]).toEqual([413, 'BODY_TOO_LARGE']);
    let json: HetongApiError | undefined;
    try {
      await client.createContract({
        title: 't',
        signers: [],
        data: { note: 'x'.repeat(5 * 1024 * 1024) },
      } as never);
    } catch (e) {
      if (e instanceof HetongApiError) json = e;
    }
    expect([json?.status, json?.code]).toEqual([413, 'BODY_TOO_LARGE']);
  });
});

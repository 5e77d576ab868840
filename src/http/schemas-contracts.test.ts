import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HetongApiError, type HetongClient } from '../client/index.js';
import { createTestApp, type TestApp } from './testing.js';

async function apiError(p: Promise<unknown>): Promise<HetongApiError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof HetongApiError)) throw new Error(`expected an API error, got ${String(e)}`);
  return e;
}

const body = (expiresAt: number) => ({
  title: '技术服务合同',
  signers: [{ role: '甲方', subject: { kind: 'person', idType: 'id_card', id: '1', name: '张三' } }],
  expiresAt,
});

describe('contract schemas: expiresAt fits PostgreSQL bigint', () => {
  let t: TestApp;
  let a: HetongClient;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    a = (await t.newLine('A 线')).client;
  });
  afterAll(async () => t?.dispose());

  it('refuses expiresAt 1e20 with 400 VALIDATION_FAILED', async () => {
    const e = await apiError(a.request('POST', '/api/v1/contracts', { body: body(1e20) }));
    expect([e.status, e.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(e.details).toEqual([expect.objectContaining({ in: 'body', path: '/expiresAt' })]);
  });

  it('refuses one millisecond after 9999-12-31T23:59:59.999Z', async () => {
    const e = await apiError(a.request('POST', '/api/v1/contracts', { body: body(253402300800000) }));
    expect([e.status, e.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('lets the maximum itself through validation', async () => {
    const e = await a.request('POST', '/api/v1/contracts', { body: body(253402300799999) }).then(
      () => undefined,
      (err: unknown) => err,
    );
    if (e !== undefined) expect((e as HetongApiError).code).not.toBe('VALIDATION_FAILED');
  });
});

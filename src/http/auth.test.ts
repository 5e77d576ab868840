import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HetongApiError, signedHeaders } from '../client/index.js';
import { testDialects } from '../store/testing.js';
import { CLI_ACTOR } from '../tenancy/context.js';
import { createTestApp, type TestApp } from './testing.js';

const dialects = await testDialects();

async function code(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof HetongApiError)) throw new Error(`expected an API error, got ${String(e)}`);
  return `${e.status} ${e.code}`;
}

describe.each(dialects)('signed requests on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t?.dispose());

  it('accepts a correctly signed request', async () => {
    const { client, appId } = await t.newLine('签名');
    expect((await client.businessLine()).appId).toBe(appId);
  });

  it('AUTH_MISSING without the headers', async () => {
    const res = await t.app.server.inject({ method: 'GET', url: '/api/v1/business-line' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH_MISSING');
  });

  it('AUTH_APP_UNKNOWN for an unknown app id', async () => {
    const { appSecret } = await t.newLine();
    expect(await code(t.clientFor('app_0000000000000000000000000', appSecret).businessLine())).toBe(
      '401 AUTH_APP_UNKNOWN',
    );
  });

  it('AUTH_APP_DISABLED once the line is disabled, and back after enabling', async () => {
    const { client, appId } = await t.newLine();
    await t.app.services.businessLines.setStatus(appId, 'disabled', CLI_ACTOR);
    expect(await code(client.businessLine())).toBe('401 AUTH_APP_DISABLED');
    await t.app.services.businessLines.setStatus(appId, 'active', CLI_ACTOR);
    expect((await client.businessLine()).status).toBe('active');
  });

  it('AUTH_TIMESTAMP_STALE more than 5 minutes off, either way', async () => {
    const { appId, appSecret } = await t.newLine();
    const past = t.clientFor(appId, appSecret, { now: () => Date.now() - 5 * 60_000 - 1000 });
    const future = t.clientFor(appId, appSecret, { now: () => Date.now() + 5 * 60_000 + 1000 });
    expect(await code(past.businessLine())).toBe('401 AUTH_TIMESTAMP_STALE');
    expect(await code(future.businessLine())).toBe('401 AUTH_TIMESTAMP_STALE');
    // Not a number of milliseconds at all: a different mistake, said so.
    const headers = signedHeaders({ appId, appSecret }, 'GET', '/api/v1/business-line', Buffer.alloc(0));
    for (const bad of ['2026-12-04T10:00:00Z', '1.7e12', '-1', ''])
      expect(
        (
          await t.app.server.inject({
            method: 'GET',
            url: '/api/v1/business-line',
            headers: { ...headers, 'x-hetong-timestamp': bad },
          })
        ).json().error.code,
      ).toBe(bad === '' ? 'AUTH_MISSING' : 'AUTH_TIMESTAMP_INVALID');
    // 4 minutes of skew is tolerated.
    expect(
      (await t.clientFor(appId, appSecret, { now: () => Date.now() - 4 * 60_000 }).businessLine()).appId,
    ).toBe(appId);
  });

  it('AUTH_NONCE_REUSED when a signed request is replayed', async () => {
    const { appId, appSecret } = await t.newLine();
    const headers = signedHeaders({ appId, appSecret }, 'GET', '/api/v1/business-line', Buffer.alloc(0));
    const first = await t.app.server.inject({ method: 'GET', url: '/api/v1/business-line', headers });
    expect(first.statusCode).toBe(200);
    const replay = await t.app.server.inject({ method: 'GET', url: '/api/v1/business-line', headers });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('AUTH_NONCE_REUSED');
  });

  it('AUTH_SIGNATURE_INVALID for a wrong secret, a changed body, a changed query', async () => {
    const { appId, appSecret } = await t.newLine();
    expect(await code(t.clientFor(appId, appSecret + 'x').businessLine())).toBe('401 AUTH_SIGNATURE_INVALID');

    const body = Buffer.from(JSON.stringify({ name: 'a' }));
    const headers = signedHeaders({ appId, appSecret }, 'POST', '/api/v1/template-groups', body);
    const tampered = await t.app.server.inject({
      method: 'POST',
      url: '/api/v1/template-groups',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'b' }),
    });
    expect(tampered.json().error.code).toBe('AUTH_SIGNATURE_INVALID');

    const qHeaders = signedHeaders(
      { appId, appSecret },
      'GET',
      '/api/v1/audit-events?target=a',
      Buffer.alloc(0),
    );
    const otherQuery = await t.app.server.inject({
      method: 'GET',
      url: '/api/v1/audit-events?target=b',
      headers: qHeaders,
    });
    expect(otherQuery.json().error.code).toBe('AUTH_SIGNATURE_INVALID');
  });

  it('a rotated secret replaces the old one at once', async () => {
    const { appId, appSecret, client } = await t.newLine();
    const rotated = await t.app.services.businessLines.rotateSecret(appId, CLI_ACTOR);
    expect(rotated.appSecret).not.toBe(appSecret);
    expect(await code(client.businessLine())).toBe('401 AUTH_SIGNATURE_INVALID');
    expect((await t.clientFor(appId, rotated.appSecret).businessLine()).appId).toBe(appId);
  });

  it('stores the app secret sealed, never in clear', async () => {
    const { appId, appSecret } = await t.newLine();
    const row = await t.app.services.store.db
      .selectFrom('business_lines')
      .select('secret_sealed')
      .where('app_id', '=', appId)
      .executeTakeFirstOrThrow();
    expect(row.secret_sealed.startsWith('v1.')).toBe(true);
    expect(row.secret_sealed).not.toContain(appSecret);
  });
});

/**
 * Unauthenticated /api/v1 requests are refused in onRequest, before their body is read, and JSON
 * bodies are capped at JSON_BODY_LIMIT whatever the route's limit.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../client/index.js';
import { testDialects } from '../store/testing.js';
import { CLI_ACTOR } from '../tenancy/context.js';
import { JSON_BODY_LIMIT } from './body.js';
import { createTestApp, type TestApp } from './testing.js';

const dialects = await testDialects();
const MB = 1024 * 1024;

/** A 64 MB body produced lazily; `pulled` counts the bytes the server actually asked for. */
function hugeBody(): { stream: Readable; pulled: () => number } {
  let pulled = 0;
  const chunk = Buffer.alloc(MB, 0x41);
  const stream = Readable.from(
    (function* () {
      for (let i = 0; i < 64; i++) {
        pulled += chunk.length;
        yield chunk;
      }
    })(),
  );
  return { stream, pulled: () => pulled };
}

describe.each(dialects)('refusing unsigned requests before the body on %s', (dialect) => {
  let t: TestApp;
  let line: { appId: string; appSecret: string };
  beforeAll(async () => {
    t = await createTestApp(dialect);
    line = await t.newLine('Precheck');
  });
  afterAll(async () => t?.dispose());

  async function send(url: string, headers: Record<string, string>, contentType = 'application/pdf') {
    const body = hugeBody();
    const res = await t.app.server.inject({
      method: 'POST',
      url,
      headers: { ...headers, 'content-type': contentType, 'content-length': String(64 * MB) },
      payload: body.stream,
    });
    return { status: res.statusCode, code: res.json().error?.code as string, pulled: body.pulled() };
  }

  const signed = (appId: string, appSecret: string, now = Date.now) =>
    signedHeaders({ appId, appSecret, now }, 'POST', '/api/v1/verify', Buffer.alloc(0));

  it('AUTH_MISSING, AUTH_APP_UNKNOWN, AUTH_TIMESTAMP_STALE, AUTH_APP_DISABLED without reading the body', async () => {
    const stale = () => Date.now() - 10 * 60_000;
    const cases: [Record<string, string>, string][] = [
      [{}, 'AUTH_MISSING'],
      [signed('app_0000000000000000000000000', line.appSecret), 'AUTH_APP_UNKNOWN'],
      [signed(line.appId, line.appSecret, stale), 'AUTH_TIMESTAMP_STALE'],
      [{ ...signed(line.appId, line.appSecret), 'x-hetong-nonce': 'bad nonce!' }, 'AUTH_SIGNATURE_INVALID'],
    ];
    for (const url of ['/api/v1/verify', '/api/v1/contracts']) {
      for (const [headers, code] of cases) {
        const r = await send(url, headers);
        expect([r.status, r.code]).toEqual([401, code]);
        // Far less than the 64 MB offered (the stream's own read-ahead at most).
        expect(r.pulled).toBeLessThan(8 * MB);
      }
    }
    const disabled = await t.newLine('Disabled');
    await t.app.services.businessLines.setStatus(disabled.appId, 'disabled', CLI_ACTOR);
    const r = await send('/api/v1/verify', signed(disabled.appId, disabled.appSecret));
    expect([r.status, r.code]).toEqual([401, 'AUTH_APP_DISABLED']);
    expect(r.pulled).toBeLessThan(8 * MB);
  });

  it('keeps the public openapi.json and 404 for unknown URLs', async () => {
    expect((await t.app.server.inject({ method: 'GET', url: '/api/v1/openapi.json' })).statusCode).toBe(200);
    const res = await t.app.server.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect([res.statusCode, res.json().error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('caps signed JSON bodies at 1 MB even on a 60 MB route (BODY_TOO_LARGE)', async () => {
    const json = Buffer.from(JSON.stringify({ name: 'x'.repeat(JSON_BODY_LIMIT) }));
    for (const url of ['/api/v1/contracts', '/api/v1/template-groups']) {
      const res = await t.app.server.inject({
        method: 'POST',
        url,
        headers: {
          ...signedHeaders(line, 'POST', url, json),
          'content-type': 'application/json; charset=utf-8',
        },
        payload: json,
      });
      expect([res.statusCode, res.json().error.code]).toEqual([413, 'BODY_TOO_LARGE']);
      expect(res.json().error.details).toEqual({ limit: JSON_BODY_LIMIT });
    }
    // Just under the cap is still parsed (and then judged by the route: not a 413).
    const small = Buffer.from(JSON.stringify({ name: 'y'.repeat(JSON_BODY_LIMIT - 100) }));
    const ok = await t.app.server.inject({
      method: 'POST',
      url: '/api/v1/template-groups',
      headers: {
        ...signedHeaders(line, 'POST', '/api/v1/template-groups', small),
        'content-type': 'application/json',
      },
      payload: small,
    });
    expect(ok.statusCode).not.toBe(413);
  });
});

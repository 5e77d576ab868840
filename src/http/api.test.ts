import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HetongApiError, type HetongClient } from '../client/index.js';
import { testDialects } from '../store/testing.js';
import { createTestApp, type TestApp } from './testing.js';

const dialects = await testDialects();

async function apiError(p: Promise<unknown>): Promise<HetongApiError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof HetongApiError)) throw new Error(`expected an API error, got ${String(e)}`);
  return e;
}

describe.each(dialects)('API v1 on %s', (dialect) => {
  let t: TestApp;
  let a: HetongClient;
  let b: HetongClient;
  beforeAll(async () => {
    t = await createTestApp(dialect, {
      extraRoutes: [
        {
          prefix: '/test',
          plugin: async (app: FastifyInstance) => {
            app.get('/boom', async () => {
              throw new Error('SELECT secret FROM business_lines failed at /srv/hetong');
            });
          },
        },
      ],
    });
    a = (await t.newLine('A 线')).client;
    b = (await t.newLine('B 线')).client;
  });
  afterAll(async () => t?.dispose());

  it('one business line never sees another line’s objects (404)', async () => {
    const group = await a.createTemplateGroup({ name: '劳动合同' });
    expect(group.id).toMatch(/^tg_[0-9a-z]{25}$/);
    expect(await a.templateGroup(group.id)).toEqual(group);
    const e = await apiError(b.templateGroup(group.id));
    expect([e.status, e.code]).toEqual([404, 'TEMPLATE_GROUP_NOT_FOUND']);
    expect((await b.templateGroups()).map((g) => g.id)).not.toContain(group.id);
    // The audit trail of A's object is A's only.
    const events = await a.auditEvents(group.id);
    expect(events.map((ev) => ev.action)).toEqual(['template_group.created']);
    expect(events[0]!.requestId).toBeTruthy();
    expect((await apiError(b.auditEvents(group.id))).status).toBe(404);
    // Nor can B hang a group under A's.
    expect((await apiError(b.createTemplateGroup({ name: 'x', parentId: group.id }))).code).toBe(
      'TEMPLATE_GROUP_NOT_FOUND',
    );
    // A name that reads differently from what it holds is refused like contract group names.
    const bidi = await apiError(a.createTemplateGroup({ name: '劳动\u202e合同' }));
    expect([bidi.status, bidi.code]).toEqual([422, 'DATA_INVISIBLE_CHARACTERS']);
  });

  it('Idempotency-Key: same request → first response; different request → 409', async () => {
    const first = await a.createTemplateGroup({ name: 'idem' }, 'key-1');
    const again = await a.createTemplateGroup({ name: 'idem' }, 'key-1');
    expect(again).toEqual(first);
    const raw = await a.raw('POST', '/api/v1/template-groups', {
      body: { name: 'idem' },
      idempotencyKey: 'key-1',
    });
    expect(raw.status).toBe(201);
    expect(raw.headers.get('idempotent-replayed')).toBe('true');
    const e = await apiError(a.createTemplateGroup({ name: 'other' }, 'key-1'));
    expect([e.status, e.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
    // Keys are per business line.
    const bGroup = await b.createTemplateGroup({ name: 'idem' }, 'key-1');
    expect(bGroup.id).not.toBe(first.id);
    expect((await a.templateGroups()).filter((g) => g.name === 'idem')).toHaveLength(1);
  });

  it('Idempotency-Key: concurrent duplicates create once', async () => {
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => a.createTemplateGroup({ name: 'race' }, 'race-key')),
    );
    const ok = results
      .filter((r) => r.status === 'fulfilled')
      .map((r) => (r as PromiseFulfilledResult<{ id: string }>).value.id);
    expect(new Set(ok).size).toBe(1);
    for (const r of results)
      if (r.status === 'rejected')
        expect((r.reason as HetongApiError).code).toBe('IDEMPOTENCY_KEY_IN_PROGRESS');
    expect((await a.templateGroups()).filter((g) => g.name === 'race')).toHaveLength(1);
  });

  it('refuses unknown fields and wrong types with VALIDATION_FAILED', async () => {
    const unknown = await apiError(
      a.request('POST', '/api/v1/template-groups', { body: { name: 'x', colour: 'red' } }),
    );
    expect([unknown.status, unknown.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(unknown.details).toEqual([expect.objectContaining({ in: 'body', field: 'colour' })]);
    const wrongType = await apiError(a.request('POST', '/api/v1/template-groups', { body: { name: 5 } }));
    expect([wrongType.status, wrongType.code]).toEqual([400, 'VALIDATION_FAILED']);
    const missing = await apiError(a.request('POST', '/api/v1/template-groups', { body: {} }));
    expect(missing.code).toBe('VALIDATION_FAILED');
  });

  it('MALFORMED_JSON, BODY_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE', async () => {
    const malformed = await apiError(
      a.request('POST', '/api/v1/template-groups', {
        body: Buffer.from('{"name": "x",'),
        contentType: 'application/json',
      }),
    );
    expect([malformed.status, malformed.code]).toEqual([400, 'MALFORMED_JSON']);
    const big = await apiError(
      a.request('POST', '/api/v1/template-groups', { body: { name: 'x'.repeat(1_100_000) } }),
    );
    expect([big.status, big.code]).toEqual([413, 'BODY_TOO_LARGE']);
    const media = await apiError(
      a.request('POST', '/api/v1/template-groups', {
        body: Buffer.from('name=x'),
        contentType: 'application/x-www-form-urlencoded',
      }),
    );
    expect([media.status, media.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const proto = await apiError(
      a.request('POST', '/api/v1/template-groups', {
        body: Buffer.from('{"name":"x","__proto__":{"a":1}}'),
        contentType: 'application/json',
      }),
    );
    expect(proto.code).toBe('MALFORMED_JSON');
    const ctor = await apiError(
      a.request('POST', '/api/v1/template-groups', {
        body: Buffer.from('{"name":"x","constructor":{"prototype":{"a":1}}}'),
        contentType: 'application/json',
      }),
    );
    expect(ctor.code).toBe('MALFORMED_JSON');
    // 10,000 levels of nesting: refused before parsing, with a sentence, not a stack overflow.
    const deep = await apiError(
      a.request('POST', '/api/v1/template-groups', {
        body: Buffer.from(`{"name":"x","d":${'['.repeat(10_000)}${']'.repeat(10_000)}}`),
        contentType: 'application/json',
      }),
    );
    expect([deep.status, deep.code]).toEqual([400, 'MALFORMED_JSON']);
    expect(deep.message).toMatch(/nested deeper than 64 levels/);
    expect(deep.message).not.toMatch(/stack/i);
    // Brackets inside strings are text, not nesting.
    const text = await a.request<{ name: string }>('POST', '/api/v1/template-groups', {
      body: { name: '['.repeat(150) + '"{' },
    });
    expect(text.name).toBe('['.repeat(150) + '"{');
  });

  it('NOT_FOUND for unknown routes, INTERNAL without leaking internals', async () => {
    const res = await t.app.server.inject({ method: 'GET', url: '/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no route GET /nope' } });
    const boom = await t.app.server.inject({ method: 'GET', url: '/test/boom' });
    expect(boom.statusCode).toBe(500);
    expect(boom.json()).toEqual({ error: { code: 'INTERNAL', message: 'internal error' } });
    expect(boom.body).not.toContain('SELECT');
  });

  it('echoes a sane X-Request-Id and makes one otherwise', async () => {
    const given = await t.app.server.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'req-42' },
    });
    expect(given.headers['x-request-id']).toBe('req-42');
    const bad = await t.app.server.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'bad id\u0001' },
    });
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves readiness, metrics, the OpenAPI document and the docs page', async () => {
    const ready = await t.app.server.inject({ method: 'GET', url: '/readyz' });
    expect(ready.json()).toEqual({
      status: 'ready',
      checks: { database: { ok: true }, migrations: { ok: true }, blobs: { ok: true } },
    });
    const metrics = (await t.app.server.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(
      /hetong_http_request_duration_seconds_count\{method="GET",route="\/readyz",status="200"\} \d+/,
    );
    expect(metrics).toMatch(/hetong_jobs_queue_depth \d+/);
    const doc = (await t.app.server.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/v1/template-groups/{id}'].get.parameters[0]).toMatchObject({
      name: 'id',
      in: 'path',
      required: true,
    });
    expect(
      doc.paths['/api/v1/template-groups'].post.requestBody.content['application/json'].schema
        .additionalProperties,
    ).toBe(false);
    expect(doc.paths['/admin/api/login'].post).toBeDefined();
    expect(doc.paths['/healthz']).toBeUndefined();
    const docs = await t.app.server.inject({ method: 'GET', url: '/docs' });
    expect(docs.headers['content-type']).toContain('text/html');
    expect(docs.body).toContain('/api/v1/openapi.json');
    expect(docs.body).not.toMatch(/https?:\/\/(?!www\.w3)/); // nothing from a CDN
  });
});

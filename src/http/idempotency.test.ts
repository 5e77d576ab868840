/**
 * Idempotency-Key: a multipart retry (new random boundary) is the same request; a reservation
 * whose owner died is taken over once its lease runs out (by one request only), and a live
 * request's reservation, renewed as it runs, is never taken over.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HetongClient } from '../client/index.js';
import { HetongError } from '../shared/errors.js';
import { IdempotencyKeyRepository, type StoredResponse } from '../store/repositories/idempotency-keys.js';
import { testDialects, type TestStore } from '../store/testing.js';
import { idempotent, requestHash, type Lease } from './idempotency.js';
import { buildMultipart, parseMultipart } from './multipart.js';
import { createTestApp, type TestApp } from './testing.js';

const dialects = await testDialects();
const jpeg = readFileSync(fileURLToPath(new URL('../seals/fixtures/scanned-seal.jpg', import.meta.url)));

function multipartRequest(
  boundary: string,
  fields: Record<string, string>,
  files: { field: string; filename: string; contentType: string; data: Buffer }[],
): FastifyRequest {
  const raw = buildMultipart(boundary, fields, files);
  return {
    method: 'POST',
    url: '/api/v1/seals/upload',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    rawBody: raw,
    body: parseMultipart(raw, boundary),
  } as unknown as FastifyRequest;
}

describe('requestHash of multipart bodies', () => {
  const file = { field: 'file', filename: 'seal.jpg', contentType: 'image/jpeg', data: Buffer.from('abc') };

  it('ignores the boundary and the order of fields, not the content', () => {
    const a = requestHash(multipartRequest('boundary-one', { a: '1', b: '2' }, [file]));
    expect(requestHash(multipartRequest('boundary-two', { b: '2', a: '1' }, [file]))).toBe(a);
    expect(requestHash(multipartRequest('boundary-3', { a: '1', b: '3' }, [file]))).not.toBe(a);
    for (const change of [
      { field: 'other' },
      { filename: 'x.jpg' },
      { contentType: 'image/png' },
      { data: Buffer.from('abd') },
    ])
      expect(
        requestHash(multipartRequest('boundary-4', { a: '1', b: '2' }, [{ ...file, ...change }])),
      ).not.toBe(a);
  });
});

describe.each(dialects)('Idempotency-Key on %s', (dialect) => {
  let t: TestApp;
  let client: HetongClient;
  let store: TestStore;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    client = (await t.newLine('Idempotency')).client;
    store = t.testStore;
  });
  afterAll(async () => t?.dispose());

  /** The database id of a new business line (idempotency keys reference it). */
  async function lineId(name: string): Promise<string> {
    const { appId } = await t.newLine(name);
    const row = await store.store.db
      .selectFrom('business_lines')
      .select('id')
      .where('app_id', '=', appId)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  it('a multipart upload retried with a new boundary returns the first response', async () => {
    const send = (boundary: string, data = jpeg) =>
      client.raw('POST', '/api/v1/seals/upload', {
        body: new Uint8Array(
          buildMultipart(
            boundary,
            {
              subject: JSON.stringify({
                kind: 'person',
                idType: 'ID_CARD',
                id: '110101199001011234',
                name: '李小明',
              }),
            },
            [{ field: 'file', filename: 'seal', contentType: 'image/jpeg', data }],
          ),
        ),
        contentType: `multipart/form-data; boundary=${boundary}`,
        idempotencyKey: 'upload-1',
      });
    const first = await send('first-boundary-1234');
    expect(first.status).toBe(201);
    const retry = await send('second-boundary-5678');
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(JSON.parse(retry.body.toString())).toEqual(JSON.parse(first.body.toString()));
    // Another file under the same key is still a different request.
    const other = await send('third-boundary-9', Buffer.concat([jpeg, Buffer.from([0])]));
    expect([other.status, JSON.parse(other.body.toString()).error.code]).toEqual([
      409,
      'IDEMPOTENCY_KEY_REUSED',
    ]);
  });

  function fakeCall(
    repo: IdempotencyKeyRepository,
    lineId: string,
    key: string,
    handler: () => Promise<void>,
    lease?: Lease,
  ) {
    const request = {
      method: 'POST',
      url: '/api/v1/things',
      headers: { 'idempotency-key': key },
      rawBody: Buffer.from('{}'),
      businessLine: { id: lineId },
    } as unknown as FastifyRequest;
    const reply = {
      code() {
        return this;
      },
      header() {
        return this;
      },
      send() {
        return this;
      },
    } as unknown as FastifyReply;
    return idempotent(
      repo,
      request,
      reply,
      async () => {
        await handler();
        return { status: 201, body: { ok: true } };
      },
      lease,
    );
  }

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => 'ran',
      (e: unknown) => (e as HetongError).code,
    );
  const thingsHash = () =>
    requestHash({
      method: 'POST',
      url: '/api/v1/things',
      headers: {},
      rawBody: Buffer.from('{}'),
    } as unknown as FastifyRequest);

  it("a dead owner's reservation is taken over once its short lease runs out", async () => {
    const repo = new IdempotencyKeyRepository(store.store.db);
    const line = await lineId('Dead owner');
    const lease: Lease = { leaseMs: 400, renewMs: 100 };
    // A request whose process died just after reserving: nobody renews its lease.
    const now = Date.now();
    expect(await repo.reserve(line, 'dead-key', thingsHash(), now, now + lease.leaseMs)).toBe(true);
    let runs = 0;
    const retry = () => fakeCall(repo, line, 'dead-key', async () => void runs++, lease);
    expect(await codeOf(retry())).toBe('IDEMPOTENCY_KEY_IN_PROGRESS');
    await sleep(now + lease.leaseMs + 50 - Date.now());
    expect(await codeOf(retry())).toBe('ran');
    expect(runs).toBe(1);
    expect((await repo.find(line, 'dead-key'))?.statusCode).toBe(201);
  });

  it('a live request running many leases long keeps its reservation', async () => {
    const repo = new IdempotencyKeyRepository(store.store.db);
    const line = await lineId('Live owner');
    const lease: Lease = { leaseMs: 300, renewMs: 60 };
    let runs = 0;
    const first = fakeCall(
      repo,
      line,
      'live-key',
      async () => {
        runs++;
        await sleep(1_200); // four leases
      },
      lease,
    );
    const retries: string[] = [];
    for (let i = 0; i < 4; i++) {
      await sleep(250);
      retries.push(await codeOf(fakeCall(repo, line, 'live-key', async () => void runs++, lease)));
    }
    expect(retries).toEqual(Array(4).fill('IDEMPOTENCY_KEY_IN_PROGRESS'));
    await first;
    expect(runs).toBe(1);
    expect((await repo.find(line, 'live-key'))?.statusCode).toBe(201);
  });

  it('two requests taking over one expired reservation run the handler once', async () => {
    const repo = new IdempotencyKeyRepository(store.store.db);
    const line = await lineId('Stale');
    // A crashed request's reservation, two minutes old, its lease long run out.
    const then = Date.now() - 120_000;
    expect(await repo.reserve(line, 'stale-key', thingsHash(), then, then + 10_000)).toBe(true);
    let runs = 0;
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map(() =>
        fakeCall(repo, line, 'stale-key', async () => {
          runs++;
          await new Promise((r) => setTimeout(r, 50));
        }),
      ),
    );
    expect(runs).toBe(1);
    for (const r of results)
      if (r.status === 'rejected')
        expect((r.reason as HetongError).code).toMatch(/^IDEMPOTENCY_KEY_IN_PROGRESS$/);
  });

  it('release, renew and complete touch only the reservation they name', async () => {
    const repo = new IdempotencyKeyRepository(store.store.db);
    const line = await lineId('Release');
    const old = Date.now() - 120_000;
    await repo.reserve(line, 'k', 'h', old, old + 10_000);
    expect(await repo.release(line, 'k', old)).toBe(true);
    // Another request reserved it afresh: the old owner, late, can neither renew, complete nor
    // free it, and a late takeover with the old created_at leaves it alone.
    const fresh = Date.now();
    await repo.reserve(line, 'k', 'h', fresh, fresh + 10_000);
    expect(await repo.renew(line, 'k', old, fresh + 99_000)).toBe(false);
    expect(await repo.complete(line, 'k', old, 201, {})).toBe(false);
    expect(await repo.release(line, 'k', old)).toBe(false);
    expect(await repo.find(line, 'k')).toMatchObject({
      createdAt: fresh,
      leaseUntil: fresh + 10_000,
      statusCode: 0,
    });
    expect(await repo.renew(line, 'k', fresh, fresh + 20_000)).toBe(true);
    expect((await repo.find(line, 'k'))?.leaseUntil).toBe(fresh + 20_000);
  });

  it('never runs the handler without a reservation (409 IDEMPOTENCY_KEY_IN_PROGRESS)', async () => {
    // A repository where the key is always stale and always re-reserved by someone else first.
    const stale: StoredResponse = { requestHash: '', statusCode: 0, body: null, createdAt: 0, leaseUntil: 0 };
    const repo = {
      reserve: async () => false,
      find: async () => stale,
      release: async () => false,
      renew: async () => false,
      complete: async () => false,
    } as unknown as IdempotencyKeyRepository;
    const request = {
      method: 'POST',
      url: '/api/v1/things',
      headers: { 'idempotency-key': 'k' },
      rawBody: Buffer.alloc(0),
      businessLine: { id: 'bl' },
    } as unknown as FastifyRequest;
    stale.requestHash = requestHash(request);
    let runs = 0;
    const e = await idempotent(repo, request, {} as FastifyReply, async () => {
      runs++;
      return { status: 201, body: {} };
    }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(HetongError);
    expect([(e as HetongError).status, (e as HetongError).code]).toEqual([
      409,
      'IDEMPOTENCY_KEY_IN_PROGRESS',
    ]);
    expect(runs).toBe(0);
  });
});

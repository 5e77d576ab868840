import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, review, STANDARD_DOCX } from '../../../test/e2e/helpers.js';
import {
  HetongApiError,
  type HetongClient,
  type RegisteredWebhookInfo,
  type WebhookRequest,
} from '../../client/index.js';
import { DELIVER_JOB, webhookSecretAad } from '../../notify/webhooks/index.js';
import type { WebhookEventType } from '../../notify/webhooks/index.js';
import { verifySignature } from '../../notify/signature.js';
import { testDialects } from '../../store/testing.js';
import { createTestApp, type TestApp } from '../testing.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: { id: string; type: string; createdAt: number; data: Record<string, unknown> };
}

/** A real receiver on loopback: records every POST and answers with the next scripted status. */
async function receiver() {
  const received: Received[] = [];
  const script: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, body, json: JSON.parse(body) as Received['json'] });
      const status = script.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(`answer ${status}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, script, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/**
 * Runs every job due now: one tick claims at most four, oldest first, and jobs that earlier tests
 * left due (made due by makeDue, retries of failing deliveries) would otherwise take the slots.
 */
async function runDue(t: TestApp): Promise<number> {
  let total = 0;
  for (let i = 0; i < 50; i++) {
    const n = await t.app.runner.tick();
    total += n;
    if (n === 0) break;
  }
  return total;
}

async function apiError(p: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HetongApiError) return { status: e.status, code: e.code };
    throw e;
  }
  throw new Error('expected an API error');
}

for (const dialect of await testDialects()) {
  describe(`webhooks (${dialect})`, () => {
    let t: TestApp;
    let client: HetongClient;
    let other: HetongClient;
    let lineId: string;
    let rx: Awaited<ReturnType<typeof receiver>>;

    beforeAll(async () => {
      t = await createTestApp(dialect, { env: { HETONG_WEBHOOK_ALLOW_PRIVATE: 'true' } });
      client = (await t.newLine('Webhook line')).client;
      other = (await t.newLine('Other line')).client;
      lineId = (await client.businessLine()).id;
      rx = await receiver();
    });
    afterAll(async () => {
      await rx?.close();
      await t?.dispose();
    });

    const db = () => t.app.services.store.db;
    // The typed client's webhook methods throughout (one wire contract: src/http/wire/webhooks.ts).
    const register = (c: HetongClient, body: WebhookRequest) => c.createWebhook(body);
    const deliveries = async (c: HetongClient, endpointId: string) =>
      (await c.webhookDeliveries(endpointId)).items;
    /** What a contract or template change does: emit inside its own transaction. */
    const emit = (type: WebhookEventType, data: Record<string, unknown>, line = lineId) =>
      db()
        .transaction()
        .execute((trx) => t.app.services.webhooks.outbox.emit(trx, line, type, data));
    /** Pending delivery jobs, made due now (the clock of a retry, without waiting for it). */
    const makeDue = () =>
      db()
        .updateTable('jobs')
        .set({ run_at: 0 })
        .where('type', '=', DELIVER_JOB)
        .where('status', '=', 'pending')
        .execute();
    const pendingJobs = () =>
      db()
        .selectFrom('jobs')
        .select(['run_at', 'payload_json'])
        .where('type', '=', DELIVER_JOB)
        .where('status', '=', 'pending')
        .execute();

    let endpoint: RegisteredWebhookInfo;

    it('registers an endpoint: the secret once, sealed in the store, never listed', async () => {
      endpoint = await register(client, { url: `${rx.url}/hooks/all`, events: ['*'] });
      expect(endpoint).toMatchObject({ url: `${rx.url}/hooks/all`, events: ['*'], status: 'active' });
      expect(endpoint.id).toMatch(/^wh_[0-9a-z]{25}$/);
      expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
      const listed = await client.webhooks();
      expect(listed.map((e) => e.id)).toEqual([endpoint.id]);
      expect(listed[0]).not.toHaveProperty('secret');
      const one = await client.webhook(endpoint.id);
      expect(one).not.toHaveProperty('secret');
      expect(one).toMatchObject({ id: endpoint.id, status: 'active' });
      const row = await db()
        .selectFrom('webhook_endpoints')
        .selectAll()
        .where('id', '=', endpoint.id)
        .executeTakeFirstOrThrow();
      expect(row.secret_sealed).not.toContain(endpoint.secret!.slice(6));
      const { masterKey } = t.app.services;
      expect(masterKey.open(row.secret_sealed, webhookSecretAad(endpoint.id)).toString()).toBe(
        endpoint.secret,
      );
      expect(() => masterKey.open(row.secret_sealed, webhookSecretAad('wh_other'))).toThrow();
    });

    it('refuses bad URLs and unknown event types', async () => {
      for (const url of ['ftp://example.com/x', 'https://u:p@example.com/hook', 'not a url'])
        expect(await apiError(register(client, { url, events: ['*'] }))).toEqual({
          status: 400,
          code: 'WEBHOOK_URL_INVALID',
        });
      const unknownEvent = register(client, {
        url: rx.url,
        // @ts-expect-error the wire type offers only the known event names; the server refuses others too
        events: ['contract.exploded'],
      });
      expect((await apiError(unknownEvent)).status).toBe(400);
      expect((await apiError(register(client, { url: rx.url, events: [] }))).status).toBe(400);
    });

    it('delivers an event emitted in a transaction: signed body, stable id, attempt logged', async () => {
      const before = rx.received.length;
      await emit('contract.completed', { contractId: 'ct_1', title: '技术服务合同' });
      expect(await runDue(t)).toBeGreaterThanOrEqual(1);
      expect(rx.received.length).toBe(before + 1);
      const got = rx.received.at(-1)!;
      expect(got.json).toMatchObject({
        type: 'contract.completed',
        data: { contractId: 'ct_1', title: '技术服务合同' },
      });
      expect(got.json.id).toMatch(/^evt_/);
      expect(Object.keys(got.json)).toEqual(['id', 'type', 'createdAt', 'data']);
      expect(got.headers['content-type']).toBe('application/json');
      expect(got.headers['x-hetong-event']).toBe('contract.completed');
      expect(got.headers['x-hetong-delivery']).toMatch(/^whd_/);
      expect(verifySignature(endpoint.secret!, got.headers['x-hetong-signature'] as string, got.body)).toBe(
        true,
      );
      expect(verifySignature('whsec_wrong', got.headers['x-hetong-signature'] as string, got.body)).toBe(
        false,
      );

      const [d] = await deliveries(client, endpoint.id);
      expect(d).toMatchObject({
        id: got.headers['x-hetong-delivery'],
        endpointId: endpoint.id,
        event: { id: got.json.id, type: 'contract.completed', createdAt: got.json.createdAt },
        status: 'delivered',
        attempts: 1,
        lastStatusCode: 200,
        lastError: null,
        nextAttemptAt: null,
      });
      expect(d!.attemptLog).toHaveLength(1);
      expect(d!.attemptLog[0]).toMatchObject({
        attempt: 1,
        statusCode: 200,
        responseHead: 'answer 200',
        error: null,
      });

      // A duplicate job of the same try (at-least-once queue) sends nothing.
      await t.app.services.queue.enqueue(DELIVER_JOB, { deliveryId: d!.id, attempt: 1 });
      await runDue(t);
      expect(rx.received.length).toBe(before + 1);
      expect((await deliveries(client, endpoint.id))[0]!.attemptLog).toHaveLength(1);
    });

    it('retries a 500 on the schedule with the same event id and createdAt, logging both tries', async () => {
      const before = rx.received.length;
      rx.script.push(500);
      await emit('contract.signer.signed', { contractId: 'ct_2', signerId: 'cs_1' });
      const t0 = Date.now();
      await runDue(t);
      expect(rx.received.length).toBe(before + 1);
      let [d] = await deliveries(client, endpoint.id);
      expect(d).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500, lastError: 'HTTP 500' });
      // the next try is a job of its own, 10 s later, and not due before
      const jobs = await pendingJobs();
      expect(jobs).toHaveLength(1);
      expect(JSON.parse(jobs[0]!.payload_json)).toEqual({ deliveryId: d!.id, attempt: 2 });
      expect(Number(jobs[0]!.run_at) - t0).toBeGreaterThanOrEqual(9_000);
      expect(Number(jobs[0]!.run_at) - t0).toBeLessThan(12_000);
      expect(d!.nextAttemptAt).toBe(Number(jobs[0]!.run_at));
      await runDue(t);
      expect(rx.received.length).toBe(before + 1);
      expect(await pendingJobs()).toHaveLength(1);

      await makeDue();
      await runDue(t);
      expect(rx.received.length).toBe(before + 2);
      const [first, second] = rx.received.slice(-2);
      expect(second!.json.id).toBe(first!.json.id);
      expect(second!.json.createdAt).toBe(first!.json.createdAt);
      expect(second!.body).toBe(first!.body);
      expect(second!.headers['x-hetong-delivery']).toBe(first!.headers['x-hetong-delivery']);
      expect(
        verifySignature(endpoint.secret!, second!.headers['x-hetong-signature'] as string, second!.body),
      ).toBe(true);
      [d] = await deliveries(client, endpoint.id);
      expect(d).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200, lastError: null });
      expect(d!.attemptLog.map((a) => [a.attempt, a.statusCode, a.responseHead, a.error])).toEqual([
        [1, 500, 'answer 500', 'HTTP 500'],
        [2, 200, 'answer 200', null],
      ]);
      expect(d!.attemptLog.every((a) => a.durationMs >= 0 && a.at >= t0)).toBe(true);
      expect(await pendingJobs()).toHaveLength(0);
    });

    it('marks a delivery failed after the last try', async () => {
      rx.script.push(...Array<number>(10).fill(503));
      await emit('contract.expired', { contractId: 'ct_3' });
      for (let i = 0; i < 10; i++) {
        await makeDue();
        await runDue(t);
      }
      const [d] = await deliveries(client, endpoint.id);
      expect(d).toMatchObject({ status: 'failed', attempts: 10, lastStatusCode: 503, nextAttemptAt: null });
      expect(d!.attemptLog).toHaveLength(10);
      expect(await pendingJobs()).toHaveLength(0);
    });

    it('redelivers on request: a new try now with the same event', async () => {
      const [failed] = await deliveries(client, endpoint.id);
      const before = rx.received.length;
      const answer = await client.redeliverWebhook(failed!.id);
      expect(answer).toMatchObject({ id: failed!.id, status: 'pending', attempts: 10 });
      await runDue(t);
      expect(rx.received.length).toBe(before + 1);
      const got = rx.received.at(-1)!;
      expect(got.json.id).toBe(failed!.event.id);
      expect(got.json.createdAt).toBe(failed!.event.createdAt);
      const d = await client.webhookDelivery(failed!.id);
      expect(d).toMatchObject({ status: 'delivered', attempts: 11, lastStatusCode: 200 });
      expect(d.attemptLog.at(-1)).toMatchObject({ attempt: 11, statusCode: 200 });
      // a delivered delivery can be redelivered too (a receiver that lost it)
      await client.redeliverWebhook(failed!.id);
      await runDue(t);
      expect(rx.received.length).toBe(before + 2);
      expect(rx.received.at(-1)!.json.id).toBe(failed!.event.id);
    });

    it("hides a line's endpoints and deliveries from another line (404)", async () => {
      const [d] = await deliveries(client, endpoint.id);
      for (const [method, path] of [
        ['GET', `/api/v1/webhooks/${endpoint.id}`],
        ['GET', `/api/v1/webhooks/${endpoint.id}/deliveries`],
        ['DELETE', `/api/v1/webhooks/${endpoint.id}`],
        ['GET', `/api/v1/webhook-deliveries/${d!.id}`],
        ['POST', `/api/v1/webhook-deliveries/${d!.id}/redeliver`],
      ] as const)
        expect((await apiError(other.request(method, path))).status, `${method} ${path}`).toBe(404);
      expect(await other.webhooks()).toEqual([]);
      // and an event of the other line does not reach this line's endpoint
      const before = rx.received.length;
      await emit('contract.created', { contractId: 'ct_x' }, (await other.businessLine()).id);
      await runDue(t);
      expect(rx.received.length).toBe(before);
      expect(await client.webhook(endpoint.id)).toMatchObject({
        status: 'active',
      });
    });

    it('sends only the subscribed types, and nothing after a rolled-back transaction', async () => {
      const only = await register(client, { url: `${rx.url}/hooks/only`, events: ['contract.revoked'] });
      const counts = async () => {
        const n = async (table: 'webhook_events' | 'webhook_deliveries') =>
          Number(
            (
              await db()
                .selectFrom(table)
                .select((eb) => eb.fn.countAll<number | string>().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          );
        return {
          events: await n('webhook_events'),
          deliveries: await n('webhook_deliveries'),
          jobs: (await pendingJobs()).length,
        };
      };
      const before = await counts();
      await expect(
        db()
          .transaction()
          .execute(async (trx) => {
            await t.app.services.webhooks.outbox.emit(trx, lineId, 'contract.revoked', {
              contractId: 'ct_r',
            });
            throw new Error('the change failed');
          }),
      ).rejects.toThrow('the change failed');
      expect(await counts()).toEqual(before);

      await emit('contract.created', { contractId: 'ct_4' });
      await emit('contract.revoked', { contractId: 'ct_4', reason: '作废' });
      await runDue(t);
      expect((await deliveries(client, only.id)).map((d) => d.event.type)).toEqual(['contract.revoked']);
      expect(
        (await deliveries(client, endpoint.id))
          .slice(0, 2)
          .map((d) => d.event.type)
          .sort(),
      ).toEqual(['contract.created', 'contract.revoked']);
      await client.disableWebhook(only.id);
    });

    it('pages deliveries with a cursor', async () => {
      const all = await deliveries(client, endpoint.id);
      expect(all.length).toBeGreaterThanOrEqual(5);
      const page1 = await client.webhookDeliveries(endpoint.id, { limit: 2 });
      expect(page1.items.map((d) => d.id)).toEqual(all.slice(0, 2).map((d) => d.id));
      const page2 = await client.webhookDeliveries(endpoint.id, { limit: 2, cursor: page1.nextCursor! });
      expect(page2.items.map((d) => d.id)).toEqual(all.slice(2, 4).map((d) => d.id));
    });

    it('emits template.version.approved and .rejected in the review transaction', async () => {
      const tpl = await register(client, {
        url: `${rx.url}/hooks/templates`,
        events: ['template.version.approved', 'template.version.rejected'],
      });
      const legal = await adminSession(t, 'legal');
      const template = await client.createTemplate({
        docx: STANDARD_DOCX,
        name: '技术服务合同',
        signerRoles: ['甲方', '乙方'],
      });
      const v1 = template.versions[0]!.id;
      expect((await review(t, legal, v1, 'approve')).statusCode).toBe(200);
      const v2 = await client.addTemplateVersion(template.id, { docx: STANDARD_DOCX });
      expect((await review(t, legal, v2.id, 'reject', '第三条违约金过高')).statusCode).toBe(200);
      await runDue(t);
      const got = (await deliveries(client, tpl.id)).sort((a, b) => a.event.type.localeCompare(b.event.type));
      expect(got.map((d) => [d.event.type, d.status])).toEqual([
        ['template.version.approved', 'delivered'],
        ['template.version.rejected', 'delivered'],
      ]);
      const bodies = got.map((d) => rx.received.find((r) => r.headers['x-hetong-delivery'] === d.id)!.json);
      expect(bodies.map((b) => b.data)).toEqual([
        { templateId: template.id, versionId: v1, version: 1 },
        { templateId: template.id, versionId: v2.id, version: 2, reason: '第三条违约金过高' },
      ]);
      await client.disableWebhook(tpl.id);
    });

    it('disables an endpoint (DELETE): no new deliveries, pending ones fail, no redelivery', async () => {
      rx.script.push(500);
      await emit('contract.rejected', { contractId: 'ct_5' });
      await runDue(t);
      const [pending] = await deliveries(client, endpoint.id);
      expect(pending).toMatchObject({ status: 'pending', attempts: 1 });
      const disabled = await client.disableWebhook(endpoint.id);
      expect(disabled).toMatchObject({ id: endpoint.id, status: 'disabled' });
      const before = rx.received.length;
      await makeDue();
      await runDue(t);
      expect(rx.received.length).toBe(before);
      expect((await deliveries(client, endpoint.id))[0]).toMatchObject({
        id: pending!.id,
        status: 'failed',
        lastError: 'the endpoint was disabled',
      });
      expect(await apiError(client.redeliverWebhook(pending!.id))).toEqual({
        status: 409,
        code: 'WEBHOOK_DISABLED',
      });
      const events = await db().selectFrom('webhook_events').select('id').execute();
      await emit('contract.created', { contractId: 'ct_6' }); // no active endpoint: nothing written
      expect(await db().selectFrom('webhook_events').select('id').execute()).toHaveLength(events.length);
    });
  });

  describe(`webhooks without HETONG_WEBHOOK_ALLOW_PRIVATE (${dialect})`, () => {
    let t: TestApp;
    let client: HetongClient;
    let rx: Awaited<ReturnType<typeof receiver>>;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      client = (await t.newLine('Guarded line')).client;
      rx = await receiver();
    });
    afterAll(async () => {
      await rx?.close();
      await t?.dispose();
    });

    it('refuses a private or loopback URL at registration', async () => {
      for (const url of [
        rx.url,
        'http://localhost:9/x',
        'http://[::1]/x',
        'http://169.254.169.254/',
        'http://10.0.0.8/',
      ])
        expect(await apiError(client.createWebhook({ url, events: ['*'] }))).toEqual({
          status: 400,
          code: 'WEBHOOK_URL_INVALID',
        });
    });

    it('refuses to connect at delivery time too (an endpoint stored while the flag was on)', async () => {
      const lineId = (await client.businessLine()).id;
      const now = Date.now();
      const { masterKey, store, webhooks } = t.app.services;
      await store.db
        .insertInto('webhook_endpoints')
        .values({
          id: 'wh_loopback0000000000000000000',
          business_line_id: lineId,
          url: `${rx.url}/hook`,
          events_json: '["*"]',
          secret_sealed: masterKey.seal('whsec_x', webhookSecretAad('wh_loopback0000000000000000000')),
          status: 'active',
          created_at: now,
          updated_at: now,
        })
        .execute();
      webhooks.outbox.invalidate(lineId);
      await store.db
        .transaction()
        .execute((trx) => webhooks.outbox.emit(trx, lineId, 'contract.created', { contractId: 'ct_1' }));
      await runDue(t);
      expect(rx.received).toHaveLength(0);
      const d = await store.db.selectFrom('webhook_attempts').selectAll().executeTakeFirstOrThrow();
      expect(d).toMatchObject({ attempt: 1, status_code: null });
      expect(d.error).toContain('127.0.0.1');
      expect(d.error).toContain('refused');
    });
  });
}

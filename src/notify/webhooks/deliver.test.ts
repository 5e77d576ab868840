import { randomBytes } from 'node:crypto';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MasterKey } from '../../pki/master-key.js';
import { createTestStore, testDialects, type TestStore } from '../../store/testing.js';
import { CLAIM_MS, TryInFlightError, WebhookDeliverer, webhookSecretAad } from './deliver.js';
import type { PostResult } from './http-post.js';
import { WebhookOutbox } from './outbox.js';

const LINE = 'bl_deliver';

for (const dialect of await testDialects()) {
  describe(`webhook outbox and deliverer (${dialect})`, () => {
    let ts: TestStore;
    const masterKey = MasterKey.fromBytes(randomBytes(32));
    let outbox: WebhookOutbox;
    let posts: { url: string; body: string }[];
    let answer: () => Promise<PostResult>;
    const ok: PostResult = { statusCode: 204, durationMs: 3, responseHead: '', error: null };
    const deliverer = () =>
      new WebhookDeliverer({
        db: ts.store.db,
        dialect,
        masterKey,
        allowPrivate: false,
        post: async (url, body) => {
          posts.push({ url, body });
          return answer();
        },
      });

    beforeAll(async () => {
      ts = await createTestStore(dialect);
    });
    afterAll(() => ts.dispose());
    beforeEach(async () => {
      const db = ts.store.db;
      for (const table of [
        'webhook_attempts',
        'webhook_deliveries',
        'webhook_events',
        'webhook_endpoints',
        'jobs',
      ] as const)
        await db.deleteFrom(table).execute();
      outbox = new WebhookOutbox(dialect);
      posts = [];
      answer = async () => ok;
    });

    async function addEndpoint(events: string[], id = `wh_${randomBytes(6).toString('hex')}`) {
      const now = Date.now();
      await ts.store.db
        .insertInto('webhook_endpoints')
        .values({
          id,
          business_line_id: LINE,
          url: 'https://hooks.example.com/hetong',
          events_json: JSON.stringify(events),
          secret_sealed: masterKey.seal('whsec_t', webhookSecretAad(id)),
          status: 'active',
          created_at: now,
          updated_at: now,
        })
        .execute();
      outbox.invalidate(LINE);
      return id;
    }
    const emit = () =>
      ts.store.db
        .transaction()
        .execute((trx) => outbox.emit(trx, LINE, 'contract.completed', { contractId: 'ct_1' }));
    const delivery = () => ts.store.db.selectFrom('webhook_deliveries').selectAll().executeTakeFirstOrThrow();
    const attemptRows = () =>
      ts.store.db.selectFrom('webhook_attempts').selectAll().orderBy('attempt').execute();

    it('costs one indexed query, then none while cached, when no endpoint is subscribed', async () => {
      let queries = 0;
      const counting: KyselyPlugin = {
        transformQuery: (args) => {
          queries++;
          return args.node;
        },
        transformResult: async (args) => args.result,
      };
      const db = ts.store.db.withPlugin(counting);
      await outbox.emit(db, LINE, 'contract.created', {});
      expect(queries).toBe(1);
      await outbox.emit(db, LINE, 'contract.signer.signed', {});
      expect(queries).toBe(1);
      await addEndpoint(['contract.completed']); // invalidates the line's cache
      queries = 0;
      await outbox.emit(db, LINE, 'contract.created', {}); // subscribed to another type
      expect(queries).toBe(1);
      expect(await ts.store.db.selectFrom('webhook_events').selectAll().execute()).toEqual([]);
      await outbox.emit(db, LINE, 'contract.completed', { contractId: 'ct_1' });
      expect(queries).toBe(4); // event, delivery, job
    });

    it('sends nothing for a duplicate or stale job, and once for two racing copies of a try', async () => {
      await addEndpoint(['*']);
      await emit();
      const d = await delivery();
      let release!: () => void;
      answer = () => new Promise((r) => (release = () => r(ok)));
      const first = deliverer().run({ deliveryId: d.id, attempt: 1 });
      await new Promise((r) => setTimeout(r, 50));
      // the copy that arrives while the try runs is told to come back later
      await expect(deliverer().run({ deliveryId: d.id, attempt: 1 })).rejects.toBeInstanceOf(
        TryInFlightError,
      );
      await expect(deliverer().run({ deliveryId: d.id, attempt: 2 })).rejects.toBeInstanceOf(
        TryInFlightError,
      );
      release();
      expect(await first).toBe('delivered');
      expect(await deliverer().run({ deliveryId: d.id, attempt: 1 })).toBe('skipped');
      expect(await deliverer().run({ deliveryId: d.id, attempt: 2 })).toBe('skipped');
      expect(posts).toHaveLength(1);
      expect(await attemptRows()).toHaveLength(1);
    });

    it('takes over a try whose runner died before recording it, once its claim ran out', async () => {
      await addEndpoint(['*']);
      await emit();
      const d = await delivery();
      // what a crash between claim and record leaves: attempts = 1, a claim, no attempt row
      await ts.store.db
        .updateTable('webhook_deliveries')
        .set({ attempts: 1, next_attempt_at: Date.now() + CLAIM_MS })
        .where('id', '=', d.id)
        .execute();
      await expect(deliverer().run({ deliveryId: d.id, attempt: 1 })).rejects.toBeInstanceOf(
        TryInFlightError,
      );
      expect(posts).toHaveLength(0);
      await ts.store.db
        .updateTable('webhook_deliveries')
        .set({ next_attempt_at: Date.now() - 1 })
        .where('id', '=', d.id)
        .execute();
      expect(await deliverer().run({ deliveryId: d.id, attempt: 1 })).toBe('delivered');
      expect(posts).toHaveLength(1);
      expect((await attemptRows()).map((a) => a.attempt)).toEqual([1]);
      expect(await delivery()).toMatchObject({ status: 'delivered', attempts: 1 });
    });

    it('records a thrown sender as a failed try and schedules the next', async () => {
      await addEndpoint(['*']);
      await emit();
      const d = await delivery();
      answer = () => Promise.reject(new Error('boom'));
      expect(await deliverer().run({ deliveryId: d.id, attempt: 1 })).toBe('retry');
      expect(await attemptRows()).toMatchObject([{ attempt: 1, status_code: null, error: 'Error: boom' }]);
      const jobs = await ts.store.db
        .selectFrom('jobs')
        .selectAll()
        .where('status', '=', 'pending')
        .orderBy('run_at')
        .execute();
      expect(jobs.map((j) => JSON.parse(j.payload_json) as unknown)).toEqual([
        { deliveryId: d.id, attempt: 1 },
        { deliveryId: d.id, attempt: 2 },
      ]);
    });
  });
}

/**
 * GET /webhook-deliveries?contractId=: the webhook deliveries of one contract's events, to every
 * endpoint of the line (the console's contract detail), and nothing of another contract or line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNERS } from '../../../test/e2e/helpers.js';
import type { HetongClient, WebhookEventName } from '../../client/index.js';
import { makePdf } from '../../signing/testing/fixtures.js';
import { testDialects } from '../../store/testing.js';
import { createTestApp, type TestApp } from '../testing.js';

for (const dialect of await testDialects()) {
  describe(`webhook deliveries of a contract (${dialect})`, () => {
    let t: TestApp;
    let client: HetongClient;
    let other: HetongClient;
    let pdf: Uint8Array;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      client = (await t.newLine('Deliveries line')).client;
      other = (await t.newLine('Other line')).client;
      pdf = await makePdf(1);
    });
    afterAll(async () => t?.dispose());

    const register = (c: HetongClient, events: WebhookEventName[]) =>
      c.createWebhook({ url: 'https://receiver.invalid/hetong', events });
    const create = (c: HetongClient) =>
      c.createContract(
        { title: '设备采购合同', signers: SIGNERS },
        { pdfs: [{ filename: 'a.pdf', data: pdf }] },
      );
    const ofContract = (
      c: HetongClient,
      contractId: string,
      query: { limit?: number; cursor?: string } = {},
    ) => c.contractWebhookDeliveries(contractId, query);

    it("lists the deliveries of one contract's events to every endpoint, newest first, page by page", async () => {
      const all = await register(client, ['*']);
      const created = await register(client, ['contract.created']);
      const first = await create(client);
      const second = await create(client);
      const page = await ofContract(client, first.id);
      // contract.created to both endpoints, contract.signer.ready (two parallel signers) to `all`.
      expect(page.items.map((d) => [d.endpointId, d.event.type]).sort()).toEqual(
        [
          [all.id, 'contract.created'],
          [all.id, 'contract.signer.ready'],
          [all.id, 'contract.signer.ready'],
          [created.id, 'contract.created'],
        ].sort(),
      );
      expect(page.nextCursor).toBeNull();
      expect(page.items.every((d) => d.status === 'pending' && d.attempts === 0)).toBe(true);
      const times = page.items.map((d) => d.createdAt);
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect((await ofContract(client, second.id)).items).toHaveLength(4);

      const one = await ofContract(client, first.id, { limit: 3 });
      expect(one.items).toHaveLength(3);
      const rest = await ofContract(client, first.id, { limit: 3, cursor: one.nextCursor! });
      expect([...one.items, ...rest.items].map((d) => d.id).sort()).toEqual(
        page.items.map((d) => d.id).sort(),
      );
    });

    it("shows nothing of another line's contract, and needs a contract id", async () => {
      const theirs = await create(other);
      await register(other, ['*']);
      const mine = await create(client);
      expect((await ofContract(other, mine.id)).items).toEqual([]);
      expect((await ofContract(client, theirs.id)).items).toEqual([]);
      const r = await client.raw('GET', '/api/v1/webhook-deliveries');
      expect(r.status).toBe(400);
    });
  });
}

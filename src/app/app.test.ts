import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { HetongClient } from '../client/index.js';
import { createTestApp } from '../http/testing.js';
import { createTestStore, testDialects, type TestStore } from '../store/testing.js';

const dialects = await testDialects();

describe.each(dialects)('the service on %s', (dialect) => {
  const stores: TestStore[] = [];
  afterAll(async () => {
    for (const s of stores) await s.dispose();
  });

  it('keeps everything across a restart on the same data (restart persistence)', async () => {
    const testStore = await createTestStore(dialect);
    stores.push(testStore);
    const first = await createTestApp(dialect, { testStore });
    const { appId, appSecret, client } = await first.newLine('持久');
    const group = await client.createTemplateGroup({ name: '重启前' }, 'restart-key');
    await first.app.close();

    const second = await createTestApp(dialect, { testStore: { ...testStore, store: testStore.reopen() } });
    try {
      const again = second.clientFor(appId, appSecret); // the sealed secret opens with the same master key
      expect(await again.templateGroup(group.id)).toEqual(group);
      // The idempotency record survived too.
      expect(await again.createTemplateGroup({ name: '重启前' }, 'restart-key')).toEqual(group);
      expect((await again.auditEvents(group.id)).map((e) => e.action)).toEqual(['template_group.created']);
    } finally {
      await second.app.close();
    }
  });

  it('serves over a real socket and shuts down gracefully: in-flight requests finish', async () => {
    let started!: () => void;
    const handlerStarted = new Promise<void>((resolve) => (started = resolve));
    const t = await createTestApp(dialect, {
      extraRoutes: [
        {
          prefix: '/test',
          plugin: async (app: FastifyInstance) => {
            app.get('/slow', async () => {
              started();
              await new Promise((r) => setTimeout(r, 300));
              return { done: true };
            });
          },
        },
      ],
    });
    stores.push(t.testStore);
    const address = await t.app.server.listen({ port: 0, host: '127.0.0.1' });
    const { appId, appSecret } = await t.newLine('socket');
    const client = new HetongClient({ baseUrl: address, appId, appSecret });
    expect((await client.businessLine()).appId).toBe(appId);

    const inFlight = fetch(`${address}/test/slow`);
    await handlerStarted;
    const closing = t.app.close();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    await closing;
    await expect(fetch(`${address}/healthz`)).rejects.toThrow();
  });
});

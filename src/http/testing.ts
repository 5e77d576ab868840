/**
 * Test support for the HTTP edge: a whole app on a fresh database (SQLite or PostgreSQL) and a
 * typed client whose fetch goes through Fastify's inject (no sockets), or a real listening server.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../app/config.js';
import { createApp, type App } from '../app/container.js';
import { HetongClient } from '../client/index.js';
import { createTestStore, type TestDialect, type TestStore } from '../store/testing.js';
import { CLI_ACTOR } from '../tenancy/context.js';

export interface TestApp {
  app: App;
  testStore: TestStore;
  /** A new business line and a client signed with its credentials. */
  newLine(
    name?: string,
    options?: { now?: () => number },
  ): Promise<{ appId: string; appSecret: string; client: HetongClient }>;
  clientFor(appId: string, appSecret: string, options?: { now?: () => number }): HetongClient;
  dispose(): Promise<void>;
}

export function injectFetch(app: App): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const res: LightMyRequestResponse = await app.server.inject({
      method: (init?.method ?? 'GET') as 'GET',
      url: url.pathname + url.search,
      headers: init?.headers as Record<string, string>,
      ...(init?.body ? { payload: Buffer.from(init.body as Uint8Array) } : {}),
    });
    const headers = new Headers();
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, String(v));
    return new Response(res.statusCode === 204 ? null : res.rawPayload, { status: res.statusCode, headers });
  }) as typeof fetch;
}

export async function createTestApp(
  dialect: TestDialect,
  options: {
    extraRoutes?: { prefix: string; plugin: FastifyPluginAsync }[];
    testStore?: TestStore;
    /** More HETONG_* settings (an SMS gateway, SMTP, webhooks to loopback …). */
    env?: Record<string, string>;
  } = {},
): Promise<TestApp> {
  const testStore = options.testStore ?? (await createTestStore(dialect));
  const config = loadConfig({
    HETONG_DATA_DIR: testStore.dataDir,
    HETONG_PUBLIC_URL: 'http://127.0.0.1',
    ...options.env,
  });
  const app = await createApp(config, {
    store: testStore.store,
    jobs: false,
    rsaPoolSize: 0,
    throttle: { freeFailures: 5, baseLockMs: 60_000, maxLockMs: 600_000 },
    ...(options.extraRoutes ? { extraRoutes: options.extraRoutes } : {}),
  });
  await app.server.ready();
  const clientFor = (appId: string, appSecret: string, o: { now?: () => number } = {}) =>
    new HetongClient({ baseUrl: 'http://127.0.0.1', appId, appSecret, fetch: injectFetch(app), ...o });
  return {
    app,
    testStore,
    clientFor,
    newLine: async (name = 'Test line', o = {}) => {
      const issued = await app.services.businessLines.create({ name }, CLI_ACTOR);
      return {
        appId: issued.appId,
        appSecret: issued.appSecret,
        client: clientFor(issued.appId, issued.appSecret, o),
      };
    },
    dispose: async () => {
      await app.close();
      await testStore.dispose();
    },
  };
}

import { bootstrapFirstStart, firstStartBanner } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import { createApp } from '../container.js';

/** `hetong serve`: migrate, bootstrap on first start, serve until SIGTERM/SIGINT. */
export async function run(_args: string[]): Promise<number> {
  const config = loadConfig();
  const app = await createApp(config, { logger: { level: config.logLevel } });
  // The built-in CA (root, issuing CA, TSA) lives in the service database — the same one the
  // signing CLI and every node use. The container's instance serves /pki, the verification API
  // and signing; opening it here creates it on first start, before the server listens.
  await app.services.ca();
  const first = await bootstrapFirstStart(app.services);
  const address = await app.server.listen({ port: config.port, host: config.host });
  const port = new URL(address).port;
  const base = `http://127.0.0.1:${port}`;
  const banner = firstStartBanner(first, base);
  process.stderr.write(
    `\nHetong 合同 is listening on ${address}\n  API docs: ${base}/docs (OpenAPI: ${base}/api/v1/openapi.json)\n  data:     ${config.dataDir}${config.databaseUrl ? ' (database: PostgreSQL)' : ''}\n\n${banner}`,
  );

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      app.server.log.info({ signal }, 'shutting down');
      app
        .close()
        .then(() => resolve(0))
        .catch((e: unknown) => {
          process.stderr.write(`shutdown failed: ${String(e)}\n`);
          resolve(1);
        });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

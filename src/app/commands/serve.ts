import { DbPkiStore, openBuiltinCa, type BuiltinCa } from '../../pki/index.js';
import { bootstrapFirstStart, firstStartBanner } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import { createApp } from '../container.js';

/** `hetong serve`: migrate, bootstrap on first start, serve until SIGTERM/SIGINT. */
export async function run(_args: string[]): Promise<number> {
  const config = loadConfig();
  // The built-in CA (root, issuing CA, TSA) lives in the service database — the same one the
  // signing CLI and every node use — so it is opened once the store is migrated; its routes are
  // public and only answer after it is open (the server listens after that).
  const caRef: { current?: Promise<BuiltinCa> } = {};
  const openCa = () => caRef.current ?? Promise.reject(new Error('the CA is not open yet'));
  const app = await createApp(config, {
    logger: { level: config.logLevel },
    pki: {
      handleTimestampRequest: async (der) => (await openCa()).handleTimestampRequest(der),
      issuingCrl: async () => (await openCa()).crl('issuing'),
      rootCertificate: async () => (await openCa()).rootCertificate(),
      issuingCertificate: async () => (await openCa()).issuingCertificate(),
    },
  });
  caRef.current = openBuiltinCa({
    store: new DbPkiStore(app.services.store.db),
    masterKey: app.services.masterKey,
    publicUrl: config.publicUrl,
  });
  const builtinCa = await caRef.current;
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
        .then(() => {
          builtinCa.close();
          resolve(0);
        })
        .catch((e: unknown) => {
          process.stderr.write(`shutdown failed: ${String(e)}\n`);
          resolve(1);
        });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

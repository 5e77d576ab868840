import { FilePkiStore, MasterKey, openBuiltinCa } from '../../pki/index.js';
import { bootstrapFirstStart, firstStartBanner } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import { createApp } from '../container.js';

/** `hetong serve`: migrate, bootstrap on first start, serve until SIGTERM/SIGINT. */
export async function run(_args: string[]): Promise<number> {
  const config = loadConfig();
  // The built-in CA (root, issuing CA, TSA) is created on first start; its routes are public.
  const ca = await openBuiltinCa({
    store: new FilePkiStore(config.dataDir),
    masterKey: MasterKey.fromConfig({
      dataDir: config.dataDir,
      ...(config.masterKey ? { masterKey: config.masterKey } : {}),
    }),
    publicUrl: config.publicUrl,
  });
  const app = await createApp(config, {
    logger: { level: config.logLevel },
    pki: {
      handleTimestampRequest: (der) => ca.handleTimestampRequest(der),
      issuingCrl: () => ca.crl('issuing'),
      rootCertificate: async () => ca.rootCertificate(),
      issuingCertificate: async () => ca.issuingCertificate(),
    },
  });
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
          ca.close();
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

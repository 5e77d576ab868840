/**
 * The built-in CA for CLI commands: the same database-backed store the service uses (SQLite under
 * HETONG_DATA_DIR or HETONG_DATABASE_URL), so a certificate issued by `hetong ca issue` or
 * `hetong sign` and one issued by the running service come from one CA. No RSA key pool: a command
 * issues at most a few certificates and must not spend CPU pre-generating keys.
 */
import { DbPkiStore, FilePkiStore, MasterKey, openBuiltinCa, type BuiltinCa } from '../../pki/index.js';
import { importFilePkiStore } from '../../pki/store/db-pki-store-import.js';
import { openStore, type Store } from '../../store/database.js';
import { TrustAnchorRepository } from '../../store/repositories/trust-anchors.js';
import type { Config } from '../config.js';
import { builtinAnchors } from '../container.js';

/**
 * Two commands started at once on a fresh SQLite file both try to migrate; the loser's deferred
 * transaction cannot upgrade its lock (SQLITE_BUSY, not retried by busy_timeout). Waiting and
 * retrying finds the schema migrated by the winner.
 */
async function migrateWithRetry(store: Store, attempts = 6): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      await store.migrate();
      return;
    } catch (e) {
      if (i >= attempts) throw e;
      await new Promise((r) => setTimeout(r, 50 * i + Math.floor(Math.random() * 100)));
    }
  }
}

export interface CliPki {
  store: Store;
  pki: DbPkiStore;
  /** Opens (creating on first use) the built-in CA. */
  ca(): Promise<BuiltinCa>;
  /** Trust anchors: the built-in root when the CA exists (never created here) plus imported ones. */
  trustAnchors(): Promise<Uint8Array[]>;
  close(): Promise<void>;
}

export async function openCliPki(config: Config): Promise<CliPki> {
  const store = openStore({
    dataDir: config.dataDir,
    sqliteSynchronous: config.sqliteSynchronous,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
  });
  await migrateWithRetry(store);
  const pki = new DbPkiStore(store.db);
  let opened: Promise<BuiltinCa> | undefined;
  const ca = () =>
    (opened ??= importFilePkiStore(config.dataDir, pki).then(() =>
      openBuiltinCa({
        store: pki,
        masterKey: MasterKey.fromConfig({
          dataDir: config.dataDir,
          ...(config.masterKey ? { masterKey: config.masterKey } : {}),
        }),
        publicUrl: config.publicUrl,
        rsaPoolSize: 0,
      }),
    ));
  return {
    store,
    pki,
    ca,
    trustAnchors: async () => [
      ...((await pki.getCaMaterial()) || (await new FilePkiStore(config.dataDir).getCaMaterial())
        ? builtinAnchors(await ca())
        : []),
      ...(await new TrustAnchorRepository(store.db).certificates()),
    ],
    close: async () => {
      if (opened) (await opened).close();
      await store.close();
    },
  };
}

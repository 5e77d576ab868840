/**
 * The PKI side of the service for CLI commands, opened through the composition root
 * (`openServices`, src/app/container.ts), so a command gets every start-up check the service gets
 * (such as HETONG_MASTER_KEY being required with PostgreSQL) and the same database-backed CA: a
 * certificate issued by `hetong ca issue` or `hetong sign` and one issued by the running service
 * come from one CA. No RSA key pool: a command issues at most a few certificates.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { FilePkiStore, type BuiltinCa, type DbPkiStore } from '../../pki/index.js';
import type { VerificationReport, VerifyOptions } from '../../signing/index.js';
import type { Store } from '../../store/database.js';
import type { Config } from '../config.js';
import { builtinAnchors, openServices } from '../container.js';

export interface CliPki {
  store: Store;
  pki: DbPkiStore;
  /** Opens (creating on first use) the built-in CA. */
  ca(): Promise<BuiltinCa>;
  /** Trust anchors: the built-in root when the CA exists (never created here) plus imported ones. */
  trustAnchors(): Promise<Uint8Array[]>;
  /** The verifier in the task pool, with its time limit (as the service runs it). */
  verifyPdf(pdf: Uint8Array, options: VerifyOptions): Promise<VerificationReport>;
  close(): Promise<void>;
}

/**
 * Says on stderr which database (and so which CA) a command uses, and warns when it is a new one:
 * a command run outside the service's directory would otherwise create its own CA silently and
 * then call every signature of the service untrusted.
 */
function announce(config: Config, created: boolean, say: (line: string) => void): void {
  if (config.databaseUrl) {
    say(`hetong: using the PostgreSQL database of HETONG_DATABASE_URL and its CA`);
    return;
  }
  const dir = resolve(config.dataDir);
  if (created)
    say(
      `hetong: warning: created a new data directory ${dir} (new database, new CA). ` +
        `Set HETONG_DATA_DIR to the service's directory to use its CA.`,
    );
  else say(`hetong: using data directory ${dir}`);
}

export async function openCliPki(
  config: Config,
  say: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<CliPki> {
  const created = !config.databaseUrl && !existsSync(resolve(config.dataDir, 'hetong.sqlite'));
  const services = await openServices(config, { rsaPoolSize: 0 });
  announce(config, created, say);
  return {
    store: services.store,
    pki: services.pkiStore,
    ca: () => services.ca(),
    trustAnchors: async () => [
      ...((await services.pkiStore.getCaMaterial()) ||
      (await new FilePkiStore(config.dataDir).getCaMaterial())
        ? builtinAnchors(await services.ca())
        : []),
      ...(await services.trustAnchors.certificates()),
    ],
    verifyPdf: (pdf, options) => services.verifyPdf(pdf, options),
    close: () => services.close(),
  };
}

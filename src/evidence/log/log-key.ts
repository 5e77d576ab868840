/**
 * The platform's log key: an Ed25519 key that signs checkpoints, created once per installation
 * (the first node to need it wins; the others read it), its private half sealed under the master
 * key like the CA keys. Its name is the log's origin (as in Go's checksum database), chosen at
 * creation and kept: a checkpoint's origin never changes under a witness.
 */
import { randomBytes } from 'node:crypto';
import type { MasterKey } from '../../pki/master-key.js';
import type { Db } from '../../store/database.js';
import { signerFromSeed, verifierKeyString, type Signer } from './note.js';

const KEY_ID = 'log';
const AAD = 'log-key:log';

export interface LogKeyOptions {
  /** The log's origin line; default `<public host>/evidence/<8 random hex>`. */
  origin?: string;
  publicUrl: string;
}

export class LogKeys {
  #signer: Promise<Signer> | undefined;

  constructor(
    private readonly db: Db,
    private readonly masterKey: MasterKey,
    private readonly options: LogKeyOptions,
    private readonly now: () => number = Date.now,
  ) {}

  signer(): Promise<Signer> {
    this.#signer ??= this.#load().catch((e: unknown) => {
      this.#signer = undefined;
      throw e;
    });
    return this.#signer;
  }

  async verifierKey(): Promise<string> {
    return verifierKeyString(await this.signer());
  }

  async #load(): Promise<Signer> {
    let row = await this.db.selectFrom('log_keys').selectAll().where('id', '=', KEY_ID).executeTakeFirst();
    if (!row) {
      const seed = randomBytes(32);
      const origin =
        this.options.origin ??
        `${new URL(this.options.publicUrl).host}/evidence/${randomBytes(4).toString('hex')}`;
      const signer = signerFromSeed(origin, seed);
      await this.db
        .insertInto('log_keys')
        .values({
          id: KEY_ID,
          origin,
          public_key: signer.publicKey.toString('base64'),
          private_sealed: this.masterKey.seal(seed, AAD),
          created_at: this.now(),
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      row = await this.db
        .selectFrom('log_keys')
        .selectAll()
        .where('id', '=', KEY_ID)
        .executeTakeFirstOrThrow();
    }
    const signer = signerFromSeed(row.origin, this.masterKey.open(row.private_sealed, AAD));
    if (signer.publicKey.toString('base64') !== row.public_key)
      throw new Error('the stored log key does not match its public key');
    return signer;
  }
}

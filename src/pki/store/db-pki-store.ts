import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { CertificateSubject } from '../subject.js';
import type { KeyAlgorithm } from '../types.js';
import type {
  CaMaterial,
  CaRole,
  CertificateKind,
  CertificateRecord,
  PkiStore,
  RevocationReason,
  RevocationRecord,
} from './pki-store.js';
import { b64, decodeMaterial, encodeMaterial, unb64 } from './material-codec.js';

/** The PKI tables of migration `0003_pki_seals_trust` (src/store/migrations.ts). */
export interface PkiTables {
  pki_ca_material: { id: string; material_json: string; created_at: number };
  pki_certificates: {
    serial: string;
    kind: CertificateKind;
    algorithm: KeyAlgorithm;
    subject_json: string;
    /** DER, base64. */
    certificate: string;
    not_before: string;
    not_after: string;
  };
  pki_custody_keys: { serial: string; sealed_key: string };
  pki_revocations: { issuer: CaRole; serial: string; revoked_at: string; reason: RevocationReason };
  pki_counters: { name: string; value: number };
}

/** The one row of `pki_ca_material`: the primary key makes "first writer wins" the database's job. */
const BUILTIN = 'builtin';

/**
 * A `PkiStore` in the service database (SQLite or PostgreSQL through Kysely), so every node of a
 * deployment and every CLI command pointed at the same database share one CA. Concurrency is left
 * to the database: CA creation is `insert … on conflict do nothing` followed by a read (the loser
 * reads the winner's material), revocations are keyed by (issuer, serial), and counters are one
 * atomic upsert `value = value + 1 … returning value`.
 */
export class DbPkiStore implements PkiStore {
  private readonly db: Kysely<PkiTables>;

  /** `db`: the service's Kysely instance, whose schema includes the tables above. */
  constructor(db: object) {
    this.db = db as Kysely<PkiTables>;
  }

  async getCaMaterial(): Promise<CaMaterial | undefined> {
    const row = await this.db
      .selectFrom('pki_ca_material')
      .select('material_json')
      .where('id', '=', BUILTIN)
      .executeTakeFirst();
    return row ? decodeMaterial(row.material_json) : undefined;
  }

  async putCaMaterialIfAbsent(material: CaMaterial): Promise<CaMaterial> {
    await this.db
      .insertInto('pki_ca_material')
      .values({ id: BUILTIN, material_json: encodeMaterial(material), created_at: Date.now() })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    const stored = await this.getCaMaterial();
    if (!stored) throw new Error('CA material vanished after it was written');
    return stored;
  }

  async putCertificate(record: CertificateRecord): Promise<void> {
    const row = {
      serial: record.serial,
      kind: record.kind,
      algorithm: record.algorithm,
      subject_json: JSON.stringify(record.subject),
      certificate: b64(record.certificate),
      not_before: record.notBefore,
      not_after: record.notAfter,
    };
    await this.db
      .insertInto('pki_certificates')
      .values(row)
      .onConflict((oc) => oc.column('serial').doUpdateSet(row))
      .execute();
  }

  async getCertificate(serial: string): Promise<CertificateRecord | undefined> {
    const row = await this.db
      .selectFrom('pki_certificates')
      .selectAll()
      .where('serial', '=', serial)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      serial: row.serial,
      kind: row.kind,
      algorithm: row.algorithm,
      subject: JSON.parse(row.subject_json) as CertificateSubject,
      certificate: unb64(row.certificate),
      notBefore: row.not_before,
      notAfter: row.not_after,
    };
  }

  async putCustodyKey(serial: string, sealedKey: string): Promise<void> {
    await this.db
      .insertInto('pki_custody_keys')
      .values({ serial, sealed_key: sealedKey })
      .onConflict((oc) => oc.column('serial').doUpdateSet({ sealed_key: sealedKey }))
      .execute();
  }

  async getCustodyKey(serial: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('pki_custody_keys')
      .select('sealed_key')
      .where('serial', '=', serial)
      .executeTakeFirst();
    return row?.sealed_key;
  }

  async addRevocation(record: RevocationRecord): Promise<boolean> {
    const inserted = await this.db
      .insertInto('pki_revocations')
      .values({
        issuer: record.issuer,
        serial: record.serial,
        revoked_at: record.revokedAt,
        reason: record.reason,
      })
      .onConflict((oc) => oc.columns(['issuer', 'serial']).doNothing())
      .returning('serial')
      .execute();
    return inserted.length === 1;
  }

  async listRevocations(issuer: CaRole): Promise<RevocationRecord[]> {
    const rows = await this.db
      .selectFrom('pki_revocations')
      .selectAll()
      .where('issuer', '=', issuer)
      .orderBy('revoked_at')
      .orderBy('serial')
      .execute();
    return rows.map((r) => ({
      serial: r.serial,
      issuer: r.issuer,
      revokedAt: r.revoked_at,
      reason: r.reason,
    }));
  }

  async nextCounter(name: string): Promise<bigint> {
    // One statement, so concurrent callers (threads, processes, nodes) never see the same value.
    const row = await this.db
      .insertInto('pki_counters')
      .values({ name, value: 1 })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql<number>`pki_counters.value + 1` }))
      .returning('value')
      .executeTakeFirstOrThrow();
    return BigInt(row.value);
  }

  /** Sets counter `name` to at least `value` (never lowers it): for carrying counters over. */
  async raiseCounter(name: string, value: bigint): Promise<void> {
    const v = Number(value);
    await this.db
      .insertInto('pki_counters')
      .values({ name, value: v })
      .onConflict((oc) =>
        oc.column('name').doUpdateSet({
          value: sql<number>`case when pki_counters.value < ${v} then ${v} else pki_counters.value end`,
        }),
      )
      .execute();
  }
}

import { createHash, X509Certificate } from 'node:crypto';
import type { Kysely } from 'kysely';
import { HetongError } from '../../shared/errors.js';
import type { Db } from '../database.js';
import { newId } from '../ids.js';

/** `trust_anchors` (migration 0003): root certificates imported by an administrator. */
export interface TrustAnchorsTable {
  trust_anchors: {
    id: string; // ta_…
    /** Lower-case hex SHA-256 of the DER: the same certificate is imported once. */
    fingerprint_sha256: string;
    subject: string;
    /** DER, base64. */
    certificate: string;
    /** ISO 8601. */
    not_after: string;
    created_by: string;
    created_at: number;
  };
}

export interface TrustAnchor {
  id: string;
  fingerprintSha256: string;
  subject: string;
  notAfter: string;
  createdBy: string;
  createdAt: number;
}

/**
 * Reads one certificate given as PEM or DER (RFC 7468 §5 "CERTIFICATE" label, or raw DER) and
 * checks it can anchor a chain: a CA certificate (RFC 5280 §4.2.1.9 basicConstraints cA=TRUE).
 */
export function parseAnchorCertificate(bytes: Uint8Array): { der: Uint8Array; cert: X509Certificate } {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from(bytes));
  } catch (e) {
    throw new HetongError('TRUST_ANCHOR_INVALID', 400, 'not a PEM or DER X.509 certificate', {
      cause: (e as Error).message,
    });
  }
  if (!cert.ca)
    throw new HetongError(
      'TRUST_ANCHOR_INVALID',
      400,
      'a trust anchor must be a CA certificate (basicConstraints cA=TRUE)',
      { subject: cert.subject },
    );
  return { der: new Uint8Array(cert.raw), cert };
}

export class TrustAnchorRepository {
  private readonly db: Kysely<TrustAnchorsTable>;

  constructor(db: Db) {
    // The table is declared here, beside its only user, rather than in the shared schema.ts.
    this.db = db as unknown as Kysely<TrustAnchorsTable>;
  }

  /** Imports a certificate (PEM or DER); importing the same one again returns the existing anchor. */
  async add(
    bytes: Uint8Array,
    createdBy: string,
    now = Date.now(),
  ): Promise<{ anchor: TrustAnchor; created: boolean }> {
    const { der, cert } = parseAnchorCertificate(bytes);
    const fingerprint = createHash('sha256').update(der).digest('hex');
    const row = {
      id: newId('ta'),
      fingerprint_sha256: fingerprint,
      subject: cert.subject.replace(/\n/g, ', '),
      certificate: Buffer.from(der).toString('base64'),
      not_after: new Date(cert.validTo).toISOString(),
      created_by: createdBy,
      created_at: now,
    };
    const inserted = await this.db
      .insertInto('trust_anchors')
      .values(row)
      .onConflict((oc) => oc.column('fingerprint_sha256').doNothing())
      .returning('id')
      .execute();
    const stored = await this.db
      .selectFrom('trust_anchors')
      .selectAll()
      .where('fingerprint_sha256', '=', fingerprint)
      .executeTakeFirstOrThrow();
    return { anchor: view(stored), created: inserted.length === 1 };
  }

  async list(): Promise<TrustAnchor[]> {
    const rows = await this.db
      .selectFrom('trust_anchors')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(view);
  }

  async get(id: string): Promise<TrustAnchor | undefined> {
    const row = await this.db.selectFrom('trust_anchors').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? view(row) : undefined;
  }

  /** Returns false when there was no such anchor. */
  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('trust_anchors').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** The DER certificates of every imported anchor (for the verifier). */
  async certificates(): Promise<Uint8Array[]> {
    const rows = await this.db
      .selectFrom('trust_anchors')
      .select('certificate')
      .orderBy('created_at')
      .execute();
    return rows.map((r) => new Uint8Array(Buffer.from(r.certificate, 'base64')));
  }
}

function view(row: TrustAnchorsTable['trust_anchors']): TrustAnchor {
  return {
    id: row.id,
    fingerprintSha256: row.fingerprint_sha256,
    subject: row.subject,
    notAfter: row.not_after,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

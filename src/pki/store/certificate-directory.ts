/**
 * The certificates the built-in CA issued, as operators look them up (the console's certificate
 * page): newest first by notBefore, keyset-paginated over (not_before, serial), with their
 * revocation. Only the database store lists: the service always runs on it; file and memory
 * stores serve single-process tools that look certificates up by serial.
 */
import type { Kysely } from 'kysely';
import { maskIdNumber } from '../../identity/real-name/id-number.js';
import { HetongError } from '../../shared/errors.js';
import { DbPkiStore, type PkiTables } from './db-pki-store.js';
import type { CertificateKind, RevocationReason } from './pki-store.js';
import type { CertificateSubject } from '../subject.js';

export type CertificateStatus = 'valid' | 'expired' | 'revoked';

export interface CertificateListing {
  serial: string;
  kind: CertificateKind;
  algorithm: string;
  subject: CertificateSubjectView;
  notBefore: string;
  notAfter: string;
  status: CertificateStatus;
  revokedAt: string | null;
  revocationReason: RevocationReason | null;
}

export interface CertificateQuery {
  /** A serial number (hex, any case) or a part of the subject's name. */
  q?: string;
  kind?: CertificateKind;
  cursor?: string;
  limit: number;
}

/**
 * A certificate's subject as the API shows it: in the names and spelling of a contract's subject
 * (`organization`, `id`), whatever the PKI's own type calls them.
 */
export interface CertificateSubjectView {
  kind: 'person' | 'organization';
  name: string;
  idType: string;
  id: string;
  /** The organization a person acts for (the certificate's O). */
  organization?: string;
}

/** ID-card numbers are masked; the business line's own account ids are shown as given. */
function shownSubject(s: CertificateSubject): CertificateSubjectView {
  const masked = /ID_?CARD|RESIDENT|PASSPORT/i.test(s.idType) || /^\d{17}[\dXx]$/.test(s.idNumber);
  return {
    kind: s.kind === 'organisation' ? 'organization' : 'person',
    name: s.name,
    idType: s.idType,
    id: masked ? maskIdNumber(s.idNumber) : s.idNumber,
    ...(s.organisation ? { organization: s.organisation } : {}),
  };
}

const encode = (notBefore: string, serial: string) =>
  Buffer.from(`${notBefore}|${serial}`).toString('base64url');

function decode(cursor: string): { notBefore: string; serial: string } {
  const m = /^([0-9TZ:.+-]{10,40})\|([0-9a-f]{1,64})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new HetongError('CURSOR_INVALID', 400, 'the cursor is not one this API returned');
  return { notBefore: m[1]!, serial: m[2]! };
}

export class CertificateDirectory {
  private readonly db: Kysely<PkiTables>;

  constructor(
    db: object,
    private readonly now: () => number = Date.now,
  ) {
    this.db = db as Kysely<PkiTables>;
  }

  /**
   * Revokes a certificate of the issuing CA and runs `alongside` (the audit record) in the same
   * transaction. False when it was revoked already (the first revocation stands).
   */
  async revoke(
    serial: string,
    reason: RevocationReason,
    alongside: (trx: Kysely<PkiTables>) => Promise<void>,
  ): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const store = new DbPkiStore(trx);
      if (!(await store.getCertificate(serial)))
        throw new HetongError(
          'CA_CERTIFICATE_NOT_FOUND',
          404,
          `the built-in CA issued no certificate with serial ${serial}`,
        );
      const added = await store.addRevocation({
        serial,
        issuer: 'issuing',
        revokedAt: new Date(this.now()).toISOString(),
        reason,
      });
      if (added) await alongside(trx);
      return added;
    });
  }

  async certificate(serial: string): Promise<Uint8Array | undefined> {
    return (await new DbPkiStore(this.db).getCertificate(serial))?.certificate;
  }

  async list(query: CertificateQuery): Promise<{ items: CertificateListing[]; nextCursor: string | null }> {
    let q = this.db
      .selectFrom('pki_certificates as c')
      .leftJoin('pki_revocations as r', (j) =>
        j.onRef('r.serial', '=', 'c.serial').on('r.issuer', '=', 'issuing'),
      )
      .select([
        'c.serial',
        'c.kind',
        'c.algorithm',
        'c.subject_json',
        'c.not_before',
        'c.not_after',
        'r.revoked_at',
        'r.reason',
      ]);
    if (query.kind) q = q.where('c.kind', '=', query.kind);
    const text = query.q?.trim();
    if (text) {
      const serial = text.toLowerCase().replace(/[\s:]/g, '');
      q = /^[0-9a-f]{8,64}$/.test(serial)
        ? q.where('c.serial', '=', serial)
        : // JSON text holds the name as written (no escapes for CJK): a substring match finds it.
          q.where('c.subject_json', 'like', `%${text.replace(/[\\%_"]/g, '')}%`);
    }
    if (query.cursor) {
      const c = decode(query.cursor);
      q = q.where((eb) =>
        eb.or([
          eb('c.not_before', '<', c.notBefore),
          eb.and([eb('c.not_before', '=', c.notBefore), eb('c.serial', '<', c.serial)]),
        ]),
      );
    }
    const rows = await q
      .orderBy('c.not_before', 'desc')
      .orderBy('c.serial', 'desc')
      .limit(query.limit + 1)
      .execute();
    const now = this.now();
    const items = rows.slice(0, query.limit).map((r): CertificateListing => ({
      serial: r.serial,
      kind: r.kind,
      algorithm: r.algorithm,
      subject: shownSubject(JSON.parse(r.subject_json) as CertificateSubject),
      notBefore: r.not_before,
      notAfter: r.not_after,
      status: r.revoked_at ? 'revoked' : Date.parse(r.not_after) < now ? 'expired' : 'valid',
      revokedAt: r.revoked_at ?? null,
      revocationReason: r.reason ?? null,
    }));
    const last = items.at(-1);
    return {
      items,
      nextCursor: rows.length > query.limit && last ? encode(last.notBefore, last.serial) : null,
    };
  }
}

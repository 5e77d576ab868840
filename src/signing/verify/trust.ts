/**
 * Certification path building (RFC 5280 §6, simplified): from the signer up through the
 * certificates at hand to one of the trust anchors, each link checked for issuer name and
 * signature, each certificate within its validity at the reference time (the timestamp's genTime).
 */
import type { X509Certificate } from 'node:crypto';
import { x509 } from '../cms/certificate.js';
import { nodeChildren, readNode } from '../../pki/asn1/der.js';

export interface CertificateSummary {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
}

export interface PathResult {
  chain: CertificateSummary[];
  /** DER of the chain, leaf first (for revocation checks). */
  certificates: Uint8Array[];
  trusted: boolean;
  problem?: string;
}

const summaries = new WeakMap<X509Certificate, CertificateSummary>();

/** node:crypto's validity text as ISO 8601; a time it cannot read (the file's doing) as it is. */
function isoTime(text: string): string {
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? text : d.toISOString();
}

export function summarize(c: X509Certificate): CertificateSummary {
  const hit = summaries.get(c);
  if (hit) return { ...hit };
  const s: CertificateSummary = {
    subject: c.subject.replace(/\n/g, ', '),
    issuer: c.issuer.replace(/\n/g, ', '),
    serialNumber: c.serialNumber,
    notBefore: isoTime(c.validFrom),
    notAfter: isoTime(c.validTo),
  };
  summaries.set(c, s);
  return { ...s };
}

export function buildPath(leaf: Uint8Array, pool: Uint8Array[], anchors: Uint8Array[], at: Date): PathResult {
  const anchorCerts = anchors.map(x509);
  // The pool comes from the file (CMS and timestamp certificates, the DSS): one that does not parse
  // cannot be on a path, and must not turn the whole report into an error.
  const poolCerts = pool.flatMap((der) => parsedOrNone(der));
  const [leafCert] = parsedOrNone(leaf);
  if (!leafCert)
    return { chain: [], certificates: [], trusted: false, problem: 'the certificate cannot be parsed' };
  const path: X509Certificate[] = [leafCert];
  const result = (trusted: boolean, problem?: string): PathResult => {
    if (trusted) {
      problem = constraintProblem(path);
      trusted = problem === undefined;
    }
    const r: PathResult = {
      chain: path.map(summarize),
      certificates: path.map((c) => new Uint8Array(c.raw)),
      trusted,
    };
    if (problem) r.problem = problem;
    return r;
  };
  for (let depth = 0; depth < 10; depth++) {
    const cur = path[path.length - 1]!;
    const t = at.getTime();
    if (t < new Date(cur.validFrom).getTime() || t > new Date(cur.validTo).getTime()) {
      return result(
        false,
        `certificate "${cur.subject.replace(/\n/g, ', ')}" is not valid at ${at.toISOString()}`,
      );
    }
    if (anchorCerts.some((a) => a.raw.equals(cur.raw))) return result(true);
    const anchor = anchorCerts.find((a) => issuedBy(cur, a));
    if (anchor) {
      path.push(anchor);
      return result(true);
    }
    const next = poolCerts.find((p) => !p.raw.equals(cur.raw) && issuedBy(cur, p));
    if (!next || path.some((p) => p.raw.equals(next.raw))) {
      return result(false, 'no certification path to a trust anchor');
    }
    path.push(next);
  }
  return result(false, 'certification path too long');
}

/**
 * Memoised per certificate pair: `x509()` hands out one object per DER, and a signature over the
 * same bytes verifies the same way every time, so repeated verifications skip the public-key work.
 */
const issuedByCache = new WeakMap<X509Certificate, WeakMap<X509Certificate, boolean>>();

function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  let byIssuer = issuedByCache.get(cert);
  const hit = byIssuer?.get(issuer);
  if (hit !== undefined) return hit;
  let ok: boolean;
  try {
    ok = cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    ok = false;
  }
  if (!byIssuer) {
    byIssuer = new WeakMap();
    issuedByCache.set(cert, byIssuer);
  }
  byIssuer.set(issuer, ok);
  return ok;
}

/**
 * RFC 5280 §6.1.4 (k), (l), (m) and §4.2.1.9: every issuer below the anchor must be a CA
 * (basicConstraints cA TRUE) whose pathLenConstraint allows the intermediates under it, and the
 * leaf must not be a CA certificate. `path` ends with the anchor.
 */
function constraintProblem(path: X509Certificate[]): string | undefined {
  const name = (c: X509Certificate): string => c.subject.replace(/\n/g, ', ');
  const leaf = path[0]!;
  if (leaf.ca) return `the end-entity certificate "${name(leaf)}" is a CA certificate`;
  for (let i = 1; i < path.length - 1; i++) {
    const c = path[i]!;
    if (!c.ca) return `issuer "${name(c)}" is not a CA certificate (basicConstraints cA)`;
    const limit = pathLenConstraint(c.raw);
    if (limit !== undefined && i - 1 > limit) {
      return `issuer "${name(c)}" allows ${limit} intermediate certificate(s) below it, the path has ${i - 1}`;
    }
  }
  return undefined;
}

const BASIC_CONSTRAINTS = Buffer.from([0x06, 0x03, 0x55, 0x1d, 0x13]);

function pathLenConstraint(der: Buffer): number | undefined {
  const at = der.indexOf(BASIC_CONSTRAINTS);
  if (at < 0) return undefined;
  try {
    let t = readNode(der, at + BASIC_CONSTRAINTS.length);
    if (t.tag === 0x01) t = readNode(der, t.end); // critical
    if (t.tag !== 0x04) return undefined;
    const seq = readNode(t.content);
    const int = nodeChildren(seq).find((c) => c.tag === 0x02);
    if (!int) return undefined;
    let n = 0;
    for (const b of int.content) n = n * 256 + b;
    return n;
  } catch {
    return 0; // unreadable basicConstraints: allow no intermediates
  }
}

function parsedOrNone(der: Uint8Array): X509Certificate[] {
  try {
    return [x509(der)];
  } catch {
    return [];
  }
}

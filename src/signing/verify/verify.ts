/**
 * The verifier: for every signature and document timestamp of a PDF, integrity (ByteRange and
 * CMS, RFC 5652 §5.6), trust (a path to an anchor valid at the timestamp's genTime), the
 * timestamp (RFC 3161 §2.4.2 imprint over the signature value), whether it covers the whole
 * file, and what changed after it (./changes.ts). poppler and MuPDF report an appended page
 * change as valid; this verifier does not.
 */
import { createHash } from 'node:crypto';
import { HetongError, isHetongError } from '../../shared/errors.js';
import { x509 } from '../cms/certificate.js';
import { readNode } from '../../pki/asn1/der.js';
import { OID } from '../../pki/asn1/oids.js';
import { checkSigner, checkTimestampToken, parseSignedData, type TimestampCheck } from '../cms/parse.js';
import { listFields } from '../form.js';
import { DEFAULT_DOCMDP_PERMISSIONS, certificationLevel, certifyingSignatureRef } from '../../pdf/docmdp.js';
import { readDss } from '../../pdf/dss.js';
import { PdfFile, isPdfReadError } from '../../pdf/file.js';
import { PDF_LIMITS, PdfLimitError } from '../../pdf/limits.js';
import type { PdfDict } from '../../pdf/objects.js';
import { PdfDict as PdfDictClass, PdfRef, PdfString } from '../../pdf/objects.js';
import { applyNoChangesPermission, changesAfter } from './changes.js';
import { changedRegions, displayedPage } from './regions.js';
import type { SignatureReport, VerificationReport } from './report.js';
import { checkRevocation } from './revocation.js';
import { signerRoleProblem, tsaRoleProblem } from './roles.js';
import { buildPath, summarize } from './trust.js';

export interface VerifyOptions {
  /** DER certificates trusted as roots. */
  trustAnchors: Uint8Array[];
  /** DER CRLs the caller has, used with the DSS /CRLs for revocation checks. */
  crls?: Uint8Array[];
}

export function verifyPdf(pdf: Uint8Array, options: VerifyOptions): VerificationReport {
  let file: PdfFile;
  try {
    file = PdfFile.open(pdf);
    file.catalog();
  } catch (e) {
    if (isHetongError(e)) throw e; // PDF_LIMIT_EXCEEDED names the bound
    throw new HetongError('VERIFY_INVALID_PDF', 400, `not a readable PDF: ${(e as Error).message}`);
  }
  try {
    return verifyFile(file, options);
  } catch (e) {
    // Objects are read lazily: a malformed one deep in the file surfaces here, and is the file's fault.
    if (isPdfReadError(e))
      throw new HetongError('VERIFY_INVALID_PDF', 400, `not a readable PDF: ${e.message}`);
    throw e;
  }
}

function verifyFile(file: PdfFile, options: VerifyOptions): VerificationReport {
  const pdf = file.bytes;
  const groups = new Map<string, { dict: PdfDict; names: string[]; ref?: PdfRef }>();
  for (const f of listFields(file)) {
    if (f.type !== 'Sig') continue;
    if (f.value === undefined) continue; // unsigned; changes.ts judges whether it may be there
    // A /V that is not a signature dictionary with a /ByteRange is reported as an invalid signature.
    const d = file.resolveDict(f.value) ?? new PdfDictClass();
    const key = f.value instanceof PdfRef ? `r${f.value.num}` : `n${groups.size}`;
    const g = groups.get(key) ?? {
      dict: d,
      names: [],
      ...(f.value instanceof PdfRef ? { ref: f.value } : {}),
    };
    g.names.push(f.name);
    groups.set(key, g);
  }
  if (groups.size === 0) throw new HetongError('VERIFY_INVALID_PDF', 400, 'the PDF has no signatures');
  if (groups.size > PDF_LIMITS.maxSignatures)
    throw new PdfLimitError(
      'signatures',
      PDF_LIMITS.maxSignatures,
      `it holds ${groups.size} signatures; at most ${PDF_LIMITS.maxSignatures} are verified`,
    );
  const dss = readDss(file);
  const pool = dss.certificates;
  const certifying = certifyingSignatureRef(file);
  const certifiedBy = certifying ? `r${certifying.num}` : undefined;
  const signatures = [...groups.entries()].map(([key, g]) => {
    const report = verifySignature(file, g.dict, g.names, pool, options.trustAnchors, g.ref, [
      ...dss.crls,
      ...(options.crls ?? []),
    ]);
    if (certifiedBy === key) {
      const permissions = certificationLevel(file) ?? DEFAULT_DOCMDP_PERMISSIONS;
      report.certification = { permissions };
      if (permissions === 1) {
        report.changesAfter = applyNoChangesPermission(report.changesAfter);
        report.modifiedAfterSigning = report.changesAfter.disallowed.length > 0;
        report.valid = report.valid && !report.modifiedAfterSigning;
      }
    }
    return report;
  });
  // Two signature dictionaries over one ByteRange: one of them is a copy presenting the other's CMS.
  const byRange = new Map<string, SignatureReport[]>();
  for (const s of signatures) {
    if (!s.integrity.byteRange) continue;
    const k = s.integrity.byteRange.join(' ');
    byRange.set(k, [...(byRange.get(k) ?? []), s]);
  }
  for (const same of byRange.values()) {
    if (same.length < 2) continue;
    for (const s of same) {
      s.integrity.problems.push('another signature dictionary has the same /ByteRange');
      s.integrity.valid = false;
      s.valid = false;
    }
  }
  signatures.sort((a, b) => a.revisionLength - b.revisionLength);
  const out: VerificationReport = {
    valid: signatures.every((s) => s.valid),
    fileLength: pdf.length,
    pages: file.pages().map(displayedPage),
    signatures,
  };
  if (!signatures.some((s) => s.kind === 'signature')) {
    // A document timestamp (ETSI EN 319 142-1 §5.4) proves when the bytes existed, not who agreed to them.
    out.valid = false;
    out.problems = ['the document has only document timestamps and no signature'];
  }
  if (dss.present)
    out.dss = { certificates: dss.certificates.length, crls: dss.crls.length, ocsps: dss.ocsps.length };
  return out;
}

function text(d: PdfDict, key: string): string | undefined {
  const v = d.get(key);
  return v instanceof PdfString ? v.decode() : undefined;
}

function verifySignature(
  file: PdfFile,
  sig: PdfDict,
  names: string[],
  pool: Uint8Array[],
  anchors: Uint8Array[],
  ref: PdfRef | undefined,
  crls: Uint8Array[],
): SignatureReport {
  const bytes = file.bytes;
  const subFilter = sig.name('SubFilter');
  const isDocTimestamp = sig.name('Type') === 'DocTimeStamp' || subFilter === 'ETSI.RFC3161';
  const problems: string[] = [];
  const report: SignatureReport = {
    fieldNames: names,
    kind: isDocTimestamp ? 'document-timestamp' : 'signature',
    chain: [],
    trusted: false,
    integrity: { valid: false, byteRange: null, problems },
    revisionLength: 0,
    coversWholeDocument: false,
    modifiedAfterSigning: false,
    changesAfter: { allowed: [], disallowed: [] },
    regionsAfter: [],
    valid: false,
  };
  if (subFilter) report.subFilter = subFilter;
  for (const k of ['Reason', 'Location', 'Name'] as const) {
    const v = text(sig, k);
    if (v !== undefined) report[k.toLowerCase() as 'reason' | 'location' | 'name'] = v;
  }
  const m = text(sig, 'M');
  if (m) report.signingTime = m;

  // ISO 32000-1 §12.8.1: ByteRange [0 start-of-hole end-of-hole rest], the hole is /Contents.
  const br = sig.get('ByteRange');
  const contents = sig.get('Contents');
  if (
    !Array.isArray(br) ||
    br.length !== 4 ||
    br.some((x) => typeof x !== 'number' || !Number.isInteger(x) || x < 0) ||
    !(contents instanceof PdfString)
  ) {
    problems.push('missing or malformed /ByteRange or /Contents');
    return report;
  }
  const [a, b, c, d] = br as [number, number, number, number];
  report.integrity.byteRange = [a, b, c, d];
  report.revisionLength = c + d;
  if (a !== 0 || b >= c || c + d > bytes.length) {
    problems.push('ByteRange does not describe the file');
    return report;
  }
  const hole = Buffer.from(bytes.buffer, bytes.byteOffset + b, c - b).toString('latin1');
  if (
    !/^<[0-9a-fA-F\s]*>$/.test(hole) ||
    !Buffer.from(hole.slice(1, -1).replace(/\s/g, ''), 'hex').equals(contents.bytes)
  ) {
    problems.push('the ByteRange hole is not exactly the /Contents string');
  }
  const placement = placementProblem(file, ref, b, c + d);
  if (placement) problems.push(placement);
  const tail = Buffer.from(
    bytes.buffer,
    bytes.byteOffset + Math.max(0, c + d - 8),
    Math.min(8, c + d),
  ).toString('latin1');
  if (!/%%EOF\s*$/.test(tail)) problems.push('the signed range does not end at a revision end (%%EOF)');
  const rest = Buffer.from(bytes.buffer, bytes.byteOffset + c + d, bytes.length - c - d).toString('latin1');
  report.coversWholeDocument = /^\s*$/.test(rest);
  const rangeDigest = (hash: string): Buffer =>
    createHash(hash)
      .update(bytes.subarray(0, b))
      .update(bytes.subarray(c, c + d))
      .digest();

  let der: Uint8Array;
  try {
    der = contents.bytes.subarray(0, readNode(contents.bytes).end); // the hole is zero-padded
  } catch {
    problems.push('/Contents is not DER');
    return report;
  }

  let ts: TimestampCheck | undefined;
  let signerCert: Uint8Array | undefined;
  let certificates: Uint8Array[] = [];
  if (isDocTimestamp) {
    // ETSI EN 319 142-1 §5.4.3: the token's imprint is the digest of the ByteRange.
    ts = checkTimestampToken(der, rangeDigest);
    signerCert = ts.tsaCertificate;
    certificates = ts.certificates;
    if (!ts.imprintMatches) problems.push('document timestamp does not match the signed bytes');
    if (!ts.signatureValid) problems.push(...ts.problems);
    report.integrity.valid = problems.length === 0;
  } else {
    try {
      const sd = parseSignedData(der);
      certificates = sd.certificates;
      // ETSI EN 319 122-1 §5.2.2.3: a PAdES signature carries signing-certificate-v2.
      const check = checkSigner(sd, rangeDigest, {
        requireSigningCertificateV2: subFilter === 'ETSI.CAdES.detached',
      });
      problems.push(...check.problems);
      signerCert = check.signerCertificate;
      report.integrity.valid =
        problems.length === 0 && check.digestMatches && check.signatureValid && check.certificateBound;
      if (sd.signer.attrs.has(OID.signingTime) && subFilter === 'ETSI.CAdES.detached') {
        problems.push('PAdES forbids the signing-time attribute (ETSI EN 319 142-1 §5.2.1)');
        report.integrity.valid = false;
      }
      const token = sd.signer.unsignedAttrs.get(OID.signatureTimeStampToken)?.[0];
      if (token)
        ts = checkTimestampToken(token.raw, (h) => createHash(h).update(sd.signer.signature).digest());
    } catch (e) {
      problems.push(`CMS unreadable: ${(e as Error).message}`);
    }
  }

  const at = ts?.genTime && !Number.isNaN(ts.genTime.getTime()) ? ts.genTime : new Date();
  if (signerCert) {
    report.signer = summarize(x509(signerCert));
    const path = buildPath(signerCert, [...certificates, ...pool], anchors, at);
    report.chain = path.chain;
    report.trusted = path.trusted;
    if (path.problem) report.trustProblem = path.problem;
    const revocation = checkRevocation(path.certificates, crls, at);
    report.revocation = revocation.status;
    if (revocation.problem) {
      report.trusted = false;
      report.trustProblem = report.trustProblem
        ? `${report.trustProblem}; ${revocation.problem}`
        : revocation.problem;
    }
    // A document timestamp's signer is a TSA; a signature's signer is an end entity that signs.
    const role = isDocTimestamp ? tsaRoleProblem(signerCert) : signerRoleProblem(signerCert);
    if (role) {
      report.trusted = false;
      report.trustProblem = report.trustProblem ? `${report.trustProblem}; ${role}` : role;
    }
  } else {
    report.trustProblem = 'no signer certificate';
  }

  if (ts) {
    const tsaRole = ts.tsaCertificate ? tsaRoleProblem(ts.tsaCertificate) : undefined;
    if (tsaRole) ts.problems.push(`timestamp: ${tsaRole}`);
    const tsTrusted = ts.tsaCertificate
      ? // A token usually carries only the TSA certificate (RFC 3161 §2.4.1 certReq); its issuers may
        // come from the signature's own CMS certificates or the DSS.
        tsaTrusted(ts.tsaCertificate, [...ts.certificates, ...certificates, ...pool], anchors, at)
      : false;
    const t: NonNullable<SignatureReport['timestamp']> = {
      time: at.toISOString(),
      valid: ts.imprintMatches && ts.signatureValid,
      trusted: tsTrusted,
      problems: ts.problems,
    };
    if (ts.tsaCertificate) t.tsa = summarize(x509(ts.tsaCertificate)).subject;
    report.timestamp = t;
  }

  if (report.revisionLength > 0 && report.revisionLength <= bytes.length) {
    try {
      const signedRevision = PdfFile.open(bytes.subarray(0, report.revisionLength), {
        inflation: file.inflation,
      });
      report.changesAfter = changesAfter(signedRevision, file);
      // Boxes for the page pictures, only when there is something to show (the common case of a
      // last signature costs nothing more).
      const { allowed, disallowed } = report.changesAfter;
      if (allowed.length + disallowed.length > 0) report.regionsAfter = changedRegions(signedRevision, file);
    } catch (e) {
      if (e instanceof PdfLimitError) throw e;
      report.changesAfter.disallowed.push(`the signed revision cannot be read: ${(e as Error).message}`);
    }
  }
  report.modifiedAfterSigning = report.changesAfter.disallowed.length > 0;
  report.valid =
    report.integrity.valid &&
    report.trusted &&
    (report.timestamp === undefined || (report.timestamp.valid && report.timestamp.trusted)) &&
    !report.modifiedAfterSigning;
  return report;
}

/** RFC 3161 §2.3: the TSA certificate must carry the critical timeStamping EKU only. */
function tsaTrusted(cert: Uint8Array, pool: Uint8Array[], anchors: Uint8Array[], at: Date): boolean {
  if (tsaRoleProblem(cert)) return false;
  return buildPath(cert, pool, anchors, at).trusted;
}

/**
 * The signature dictionary must be the one it signs: an indirect object of the signed revision
 * (a type-1 xref entry before the hole), unchanged since, whose /Contents string is the hole at
 * ByteRange[1]. Otherwise a copy with the same /ByteRange and /Contents and other /Reason,
 * /Name or /M would borrow another signature's CMS.
 */
function placementProblem(
  file: PdfFile,
  ref: PdfRef | undefined,
  b: number,
  end: number,
): string | undefined {
  if (!ref) return 'the signature dictionary is not an indirect object';
  const bytes = file.bytes;
  let signed: PdfFile;
  try {
    signed = PdfFile.open(bytes.subarray(0, end), { inflation: file.inflation });
  } catch (e) {
    if (e instanceof PdfLimitError) throw e;
    return 'the signed revision cannot be read';
  }
  const entry = signed.xref.get(ref.num);
  if (entry?.type !== 1 || entry.offset >= b) {
    return 'the signature dictionary is not an object of the revision it signs';
  }
  const finalEntry = file.xref.get(ref.num);
  if (finalEntry?.type !== 1 || finalEntry.offset !== entry.offset) {
    return 'the signature dictionary was redefined after signing';
  }
  const head = Buffer.from(bytes.buffer, bytes.byteOffset + entry.offset, b - entry.offset).toString(
    'latin1',
  );
  const m = /^(\d+)\s+(\d+)\s+obj\b/.exec(head);
  if (!m || Number(m[1]) !== ref.num || !/\/Contents\s*$/.test(head) || /\bendobj\b/.test(head)) {
    return "the signature dictionary's /Contents does not start at ByteRange[1]";
  }
  return undefined;
}

/**
 * What a certificate may be used for (RFC 5280 §4.2.1.3, §4.2.1.9, §4.2.1.12): a TSA certificate
 * carries exactly one extended key usage, id-kp-timeStamping, marked critical (RFC 3161 §2.3); a
 * signer certificate is an end entity allowed to make digital signatures and is not a TSA's.
 */
import {
  BasicConstraintsExtension,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  X509Certificate,
} from '../../pki/x509.js';
import { OID } from '../../pki/asn1/oids.js';

const parsed = new Map<string, X509Certificate>();

function certificate(der: Uint8Array): X509Certificate {
  const key = Buffer.from(der).toString('base64');
  let c = parsed.get(key);
  if (!c) {
    c = new X509Certificate(der);
    if (parsed.size > 1000) parsed.clear();
    parsed.set(key, c);
  }
  return c;
}

const usages = (e: ExtendedKeyUsageExtension): string[] => e.usages.map((u) => String(u));

/**
 * `check` on the parsed certificate; extensions are parsed when first asked for, so a malformed
 * one (the certificate comes from the file) is reported from here too, never thrown.
 */
function withCertificate(
  der: Uint8Array,
  what: string,
  check: (c: X509Certificate) => string | undefined,
): string | undefined {
  try {
    return check(certificate(der));
  } catch (e) {
    return `${what} certificate unreadable: ${(e as Error).message}`;
  }
}

/** RFC 3161 §2.3: undefined when `der` may sign timestamp tokens, else why not. */
export function tsaRoleProblem(der: Uint8Array): string | undefined {
  return withCertificate(der, 'TSA', tsaProblem);
}

function tsaProblem(c: X509Certificate): string | undefined {
  const eku = c.getExtension(ExtendedKeyUsageExtension);
  if (!eku) return 'the TSA certificate has no extended key usage (RFC 3161 §2.3)';
  if (!eku.critical) return 'the TSA certificate extended key usage is not critical (RFC 3161 §2.3)';
  const u = usages(eku);
  if (u.length !== 1 || u[0] !== OID.ekuTimeStamping)
    return 'the TSA certificate extended key usage is not exactly id-kp-timeStamping (RFC 3161 §2.3)';
  return undefined;
}

/** Undefined when `der` may be a document signer's certificate, else why not. */
export function signerRoleProblem(der: Uint8Array): string | undefined {
  return withCertificate(der, 'signer', signerProblem);
}

function signerProblem(c: X509Certificate): string | undefined {
  if (c.getExtension(BasicConstraintsExtension)?.ca) return 'the signer certificate is a CA certificate';
  const eku = c.getExtension(ExtendedKeyUsageExtension);
  if (eku) {
    const u = usages(eku);
    if (u.length > 0 && u.every((x) => x === OID.ekuTimeStamping))
      return 'the signer certificate is a time-stamping certificate';
  }
  const ku = c.getExtension(KeyUsagesExtension);
  if (ku && (ku.usages & (KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation)) === 0)
    return 'the signer certificate key usage allows neither digitalSignature nor nonRepudiation';
  return undefined;
}

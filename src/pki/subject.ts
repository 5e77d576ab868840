import { oid, printableString, sequence, setOf, utf8String } from './asn1/der.js';
import { HetongError } from '../shared/errors.js';
import { OID } from './asn1/oids.js';

/**
 * Who a certificate is issued to: the identity behind a `Subject` of the contract domain, reduced
 * to what goes into an X.509 subject DN.
 */
export interface CertificateSubject {
  kind: 'person' | 'organisation';
  /** A person's name or an organisation's registered name. */
  name: string;
  /** The id type of the subject (e.g. `ID_CARD`, `USCC`, `merchant_pin`). */
  idType: string;
  idNumber: string;
  /** For a person signing on behalf of an organisation: its name (goes into O). */
  organisation?: string;
}

/** RFC 5280 Appendix A: ub-common-name 64, ub-organization-name 64, ub-serial-number 64. */
const UB = 64;
/** X.680 §41.4 PrintableString characters. */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]+$/;

const attribute = (type: string, value: Uint8Array): Uint8Array => setOf(sequence(oid(type), value));

/**
 * The DER subject DN (RFC 5280 §4.1.2.6, one attribute per RDN): C=CN, O for organisations (or
 * the organisation a person acts for), CN the name, and serialNumber = `<ID TYPE>:<id>`
 * (X520SerialNumber is a PrintableString, so `_` in id types becomes `-`). Names are UTF8String
 * (RFC 5280 §4.1.2.4).
 */
export function subjectName(subject: CertificateSubject): Uint8Array {
  const name = subject.name.trim();
  const serial = `${subject.idType.trim().toUpperCase().replace(/_/g, '-')}:${subject.idNumber.trim()}`;
  const organisation = subject.kind === 'organisation' ? name : subject.organisation?.trim();
  const problems: string[] = [];
  if (!name || [...name].length > UB) problems.push('name must be 1–64 characters');
  if (organisation !== undefined && (!organisation || [...organisation].length > UB))
    problems.push('organisation must be 1–64 characters');
  if (serial.length > UB || !PRINTABLE.test(serial) || !subject.idNumber.trim() || !subject.idType.trim())
    problems.push('idType and idNumber must be printable ASCII, together at most 63 characters');
  if (problems.length)
    throw new HetongError('CA_SUBJECT_INVALID', 400, 'the certificate subject is invalid', { problems });
  return sequence(
    attribute(OID.countryName, printableString('CN')),
    ...(organisation ? [attribute(OID.organizationName, utf8String(organisation))] : []),
    attribute(OID.commonName, utf8String(name)),
    attribute(OID.serialNumberAttribute, printableString(serial)),
  );
}

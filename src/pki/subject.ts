import { Name, type JsonNameParams } from './x509.js';
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

/**
 * The subject DN (RFC 5280 §4.1.2.6): C=CN, O for organisations, CN the name, and serialNumber
 * = `<ID TYPE>:<id>` (X520SerialNumber is a PrintableString, so `_` in id types becomes `-`).
 */
export function subjectName(subject: CertificateSubject): Name {
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
  const dn: JsonNameParams = [{ C: [{ printableString: 'CN' }] }];
  if (organisation) dn.push({ O: [{ utf8String: organisation }] });
  dn.push({ CN: [{ utf8String: name }] });
  dn.push({ [OID.serialNumberAttribute]: [{ printableString: serial }] });
  return new Name(dn);
}

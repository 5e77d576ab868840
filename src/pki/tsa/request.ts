import {
  bytesOf,
  children,
  contentOf,
  decodeInteger,
  decodeOid,
  DerError,
  namedBitString,
  integer,
  readRoot,
  sequence,
  Tag,
  utf8String,
  type Tlv,
} from '../asn1/der.js';
import { OID } from '../asn1/oids.js';
import type { BuiltinTsa, TokenRequest } from './tsa.js';

/** RFC 3161 §2.4.2 PKIFailureInfo bit numbers. */
export const FailInfo = {
  badAlg: 0,
  badRequest: 2,
  badDataFormat: 5,
  unacceptedPolicy: 15,
  unacceptedExtension: 16,
  systemFailure: 25,
} as const;
export type FailInfoName = keyof typeof FailInfo;

const HASH_LENGTHS: Record<string, number> = { [OID.sha256]: 32, [OID.sha384]: 48, [OID.sha512]: 64 };

/** Largest TimeStampReq accepted; a real one is under 200 bytes. */
const MAX_REQUEST_BYTES = 8 * 1024;

class RequestRefused extends Error {
  constructor(
    readonly failInfo: FailInfoName,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Parses a DER TimeStampReq (RFC 3161 §2.4.1). Refusals carry the failInfo to answer with.
 */
export function parseTimeStampReq(der: Uint8Array, policy: string): TokenRequest {
  if (der.length > MAX_REQUEST_BYTES) throw new RequestRefused('badDataFormat', 'request too large');
  let fields: Tlv[];
  try {
    const root = readRoot(der);
    if (root.tag !== Tag.SEQUENCE) throw new DerError('not a SEQUENCE');
    fields = children(der, root);
  } catch (e) {
    throw new RequestRefused('badDataFormat', `not a DER TimeStampReq: ${(e as Error).message}`);
  }
  try {
    const [version, imprint, ...rest] = fields;
    if (!version || version.tag !== Tag.INTEGER || !imprint || imprint.tag !== Tag.SEQUENCE)
      throw new RequestRefused('badDataFormat', 'TimeStampReq needs version and messageImprint');
    if (decodeInteger(contentOf(der, version)) !== 1n)
      throw new RequestRefused('badRequest', 'only TimeStampReq version 1 is supported');
    const [algorithm, hashed, ...extra] = children(der, imprint);
    if (
      !algorithm ||
      algorithm.tag !== Tag.SEQUENCE ||
      !hashed ||
      hashed.tag !== Tag.OCTET_STRING ||
      extra.length
    )
      throw new RequestRefused('badDataFormat', 'malformed messageImprint');
    const [algOid, params, ...more] = children(der, algorithm);
    if (
      !algOid ||
      algOid.tag !== Tag.OID ||
      more.length ||
      (params && (params.tag !== Tag.NULL || params.end !== params.contentStart))
    )
      throw new RequestRefused('badDataFormat', 'malformed hashAlgorithm');
    const hashOid = decodeOid(contentOf(der, algOid));
    const expected = HASH_LENGTHS[hashOid];
    if (expected === undefined)
      throw new RequestRefused(
        'badAlg',
        `unsupported hash algorithm ${hashOid} (SHA-256, SHA-384, SHA-512 are)`,
      );
    const hashedMessage = contentOf(der, hashed);
    if (hashedMessage.length !== expected)
      throw new RequestRefused(
        'badDataFormat',
        `the message imprint is ${hashedMessage.length} bytes, ${expected} expected`,
      );

    const request: TokenRequest = { hashAlgorithm: bytesOf(der, algorithm), hashedMessage, certReq: false };
    let position = 0; // optional fields must come in their order: reqPolicy, nonce, certReq, extensions
    for (const field of rest) {
      if (field.tag === Tag.OID && position < 1) {
        const requested = decodeOid(contentOf(der, field));
        if (requested !== policy)
          throw new RequestRefused('unacceptedPolicy', `policy ${requested} is not offered (${policy} is)`);
        position = 1;
      } else if (field.tag === Tag.INTEGER && position < 2) {
        if (field.end - field.contentStart > 64 || field.end === field.contentStart)
          throw new RequestRefused('badDataFormat', 'nonce must be 1–64 octets');
        request.nonce = bytesOf(der, field);
        position = 2;
      } else if (field.tag === Tag.BOOLEAN && position < 3) {
        const value = contentOf(der, field);
        if (value.length !== 1) throw new RequestRefused('badDataFormat', 'malformed certReq');
        request.certReq = value[0] !== 0;
        position = 3;
      } else if (field.tag === 0xa0 && position < 4) {
        throw new RequestRefused('unacceptedExtension', 'request extensions are not supported');
      } else {
        throw new RequestRefused('badDataFormat', `unexpected field (tag 0x${field.tag.toString(16)})`);
      }
    }
    return request;
  } catch (e) {
    if (e instanceof RequestRefused) throw e;
    throw new RequestRefused('badDataFormat', `not a valid TimeStampReq: ${(e as Error).message}`);
  }
}

/** PKIStatus (RFC 3161 §2.4.2): granted 0, rejection 2. */
function timeStampResp(
  status: 0 | 2,
  token?: Uint8Array,
  failInfo?: FailInfoName,
  text?: string,
): Uint8Array {
  const statusInfo = sequence(
    integer(status),
    ...(text ? [sequence(utf8String(text))] : []),
    ...(failInfo ? [namedBitString([FailInfo[failInfo]])] : []),
  );
  return token ? sequence(statusInfo, token) : sequence(statusInfo);
}

/**
 * The HTTP face of the TSA (RFC 3161 §3.4, `application/timestamp-query` in,
 * `application/timestamp-reply` out): always answers with a TimeStampResp, a rejection with
 * failInfo for a bad request.
 */
export async function handleTimestampRequest(tsa: BuiltinTsa, der: Uint8Array): Promise<Uint8Array> {
  let request: TokenRequest;
  try {
    request = parseTimeStampReq(der, tsa.policy);
  } catch (e) {
    if (e instanceof RequestRefused) return timeStampResp(2, undefined, e.failInfo, e.message);
    throw e;
  }
  try {
    return timeStampResp(0, tsa.issueToken(request));
  } catch {
    return timeStampResp(2, undefined, 'systemFailure', 'the TSA could not sign');
  }
}

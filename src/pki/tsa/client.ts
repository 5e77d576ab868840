/**
 * A client of an outside RFC 3161 TSA over HTTP (RFC 3161 §3.4): it sends a TimeStampReq for a
 * SHA-256 imprint with a fresh nonce and certReq, and accepts the answer only when it is granted,
 * its token is over that imprint, echoes the nonce, and its CMS signature verifies with the
 * certificate it names. Whether that certificate chains to a root the reader trusts is the
 * reader's question (`openssl ts -verify -CAfile`); the client keeps the whole reply for them.
 */
import { randomBytes } from 'node:crypto';
import { checkTimestampToken } from '../../signing/cms/parse.js';
import {
  boolean,
  bytesOf,
  children,
  contentOf,
  decodeInteger,
  integer,
  octetString,
  oid,
  readRoot,
  sequence,
  Tag,
  unsignedInteger,
  type Tlv,
} from '../asn1/der.js';
import { OID } from '../asn1/oids.js';
import type { TimestampAuthority } from '../types.js';

/** A TSA reply and the token in it. */
export interface TimestampReply {
  /** The DER TimeStampResp as received. */
  response: Uint8Array;
  /** The DER TimeStampToken (ContentInfo) inside it. */
  token: Uint8Array;
  genTime: Date;
}

export class TimestampRequestError extends Error {}

/** RFC 3161 §2.4.1 TimeStampReq { version 1, messageImprint, nonce, certReq TRUE }. */
export function timeStampRequest(sha256Digest: Uint8Array, nonce: Uint8Array): Uint8Array {
  if (sha256Digest.length !== 32) throw new TimestampRequestError('a SHA-256 imprint has 32 bytes');
  return sequence(
    integer(1),
    sequence(sequence(oid(OID.sha256)), octetString(sha256Digest)),
    unsignedInteger(nonce),
    boolean(true),
  );
}

const STATUS_TEXT = ['granted', 'grantedWithMods', 'rejection', 'waiting', 'revocationWarning'];

/** The token of a granted TimeStampResp (RFC 3161 §2.4.2); a TimestampRequestError otherwise. */
export function tokenOfReply(response: Uint8Array): Uint8Array {
  let statusInfo: Tlv | undefined;
  let tokenTlv: Tlv | undefined;
  let status: bigint;
  try {
    const root = readRoot(response);
    if (root.tag !== Tag.SEQUENCE) throw new Error('not a SEQUENCE');
    [statusInfo, tokenTlv] = children(response, root);
    if (!statusInfo || statusInfo.tag !== Tag.SEQUENCE) throw new Error('no PKIStatusInfo');
    const statusField = children(response, statusInfo)[0];
    if (!statusField || statusField.tag !== Tag.INTEGER) throw new Error('no PKIStatus');
    status = decodeInteger(contentOf(response, statusField));
  } catch (e) {
    throw new TimestampRequestError(`the TSA answered no TimeStampResp: ${(e as Error).message}`);
  }
  // PKIStatus granted (0) and grantedWithMods (1) carry a token; everything else refuses.
  if (status !== 0n && status !== 1n)
    throw new TimestampRequestError(`the TSA refused: ${STATUS_TEXT[Number(status)] ?? `status ${status}`}`);
  if (!tokenTlv) throw new TimestampRequestError('the TSA granted the request but sent no token');
  return bytesOf(response, tokenTlv).slice();
}

/**
 * Reads a TimeStampResp (RFC 3161 §2.4.2) and checks it answers `sha256Digest` with `nonce`.
 * Every refusal is a TimestampRequestError naming what was wrong.
 */
export function readTimeStampReply(
  response: Uint8Array,
  sha256Digest: Uint8Array,
  nonce: Uint8Array,
): TimestampReply {
  const token = tokenOfReply(response);
  const check = checkTimestampToken(token, () => Buffer.from(sha256Digest));
  if (!check.imprintMatches) throw new TimestampRequestError('the token is not over the imprint sent');
  if (!check.signatureValid)
    throw new TimestampRequestError(`the token's signature does not verify: ${check.problems.join('; ')}`);
  const echoed = tokenNonce(token);
  if (echoed === undefined || echoed !== BigInt(`0x${Buffer.from(nonce).toString('hex')}`))
    throw new TimestampRequestError('the token does not echo the nonce sent (RFC 3161 §2.4.2)');
  return { response: response.slice(), token, genTime: check.genTime! };
}

/** TSTInfo's nonce: the first INTEGER after genTime (accuracy is a SEQUENCE, ordering a BOOLEAN). */
function tokenNonce(token: Uint8Array): bigint | undefined {
  try {
    return nonceOf(token);
  } catch {
    return undefined;
  }
}

function nonceOf(token: Uint8Array): bigint | undefined {
  // ContentInfo → [0] SignedData → encapContentInfo → [0] OCTET STRING → TSTInfo
  const contentInfo = children(token, readRoot(token));
  const signedData = children(token, children(token, contentInfo[1]!)[0]!);
  const encap = children(token, signedData[2]!);
  const tstInfo = contentOf(token, children(token, encap[1]!)[0]!);
  const fields = children(tstInfo, readRoot(tstInfo));
  const nonce = fields.slice(5).find((f) => f.tag === Tag.INTEGER);
  return nonce && decodeInteger(contentOf(tstInfo, nonce));
}

export interface HttpTsaOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Extra request headers (an outside TSA's credentials). */
  headers?: Record<string, string>;
}

/** An outside TSA reached over HTTP; usable wherever the built-in TSA is. */
export class HttpTimestampAuthority implements TimestampAuthority {
  constructor(
    readonly url: string,
    private readonly options: HttpTsaOptions = {},
  ) {}

  async timestamp(sha256Digest: Uint8Array): Promise<Uint8Array> {
    return (await this.request(sha256Digest)).token;
  }

  /** The whole reply, for those who keep it (evidence anchors). */
  async request(sha256Digest: Uint8Array): Promise<TimestampReply> {
    const nonce = randomBytes(8);
    nonce[0]! &= 0x7f;
    const res = await (this.options.fetch ?? fetch)(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query', ...this.options.headers },
      body: timeStampRequest(sha256Digest, nonce),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    if (!res.ok) throw new TimestampRequestError(`the TSA answered HTTP ${res.status}`);
    const body = new Uint8Array(await res.arrayBuffer());
    return readTimeStampReply(body, sha256Digest, nonce);
  }
}

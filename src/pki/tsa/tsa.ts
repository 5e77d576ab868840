import { createHash, randomBytes, sign, type KeyObject } from 'node:crypto';
import { certificateFields } from '../asn1/certificate-fields.js';
import {
  compareBytes,
  concat,
  contextConstructed,
  generalizedTime,
  integer,
  octetString,
  oid,
  sequence,
  setOf,
  tlv,
  Tag,
  unsignedInteger,
} from '../asn1/der.js';
import { OID } from '../asn1/oids.js';
import type { TimestampAuthority } from '../types.js';

/** What a token is issued for: the imprint as requested, and the request's options. */
export interface TokenRequest {
  /** DER AlgorithmIdentifier of the imprint's hash, echoed as received (RFC 3161 §2.4.2). */
  hashAlgorithm: Uint8Array;
  hashedMessage: Uint8Array;
  /** DER INTEGER of the request's nonce, echoed as received. */
  nonce?: Uint8Array;
  /** certReq: put the TSA and its CA certificates in SignedData.certificates (RFC 3161 §2.4.1). */
  certReq: boolean;
}

const SHA256_ALGORITHM = sequence(oid(OID.sha256));

/**
 * The built-in RFC 3161 TSA. Everything that does not change between tokens — the certificates,
 * the signer identifier, the ESS signing-certificate-v2 attribute (RFC 5816 §2.2.1), the TSA name,
 * the policy — is DER-encoded once at start; a token then costs two SHA-256 hashes and one ECDSA
 * P-256 signature through node:crypto, with a KeyObject kept in memory.
 */
export class BuiltinTsa implements TimestampAuthority {
  readonly policy = OID.hetongTsaPolicy;
  private readonly policyDer = oid(OID.hetongTsaPolicy);
  private readonly certificatesField: Uint8Array;
  private readonly signerIdentifier: Uint8Array;
  private readonly tsaName: Uint8Array;
  private readonly constantAttributes: Uint8Array[];
  private readonly digestAlgorithms = setOf(SHA256_ALGORITHM);
  private readonly signatureAlgorithm = sequence(oid(OID.ecdsaWithSha256));
  private readonly contentPrefix = concat([oid(OID.tstInfo)]);
  // RFC 3161 §2.4.2 accuracy: the host clock is kept by NTP; one second is what we can promise.
  private readonly accuracy = sequence(integer(1));

  /**
   * @param certificate the TSA's DER certificate
   * @param caCertificates DER certificates of the CAs between the TSA and the root (the issuing
   *   CA), sent with the TSA certificate so a verifier that trusts only the root builds the path.
   */
  constructor(
    private readonly privateKey: KeyObject,
    readonly certificate: Uint8Array,
    caCertificates: readonly Uint8Array[],
    private readonly clock: () => Date = () => new Date(),
  ) {
    const { serial, issuer, subject } = certificateFields(certificate);

    // RFC 3161 §2.4.1: with certReq the TSA MUST include its certificate; RFC 5652 §5.1 lets
    // `certificates` carry more of the path. It is [0] IMPLICIT CertificateSet, a SET OF, so DER
    // (X.690 §11.6) sorts the elements by their encodings; the root is left to the verifier.
    this.certificatesField = contextConstructed(0, ...[certificate, ...caCertificates].sort(compareBytes));
    // RFC 5652 §5.3 SignerIdentifier: issuerAndSerialNumber
    this.signerIdentifier = sequence(issuer, serial);
    // RFC 3161 §2.4.2 tsa [0] GeneralName: directoryName [4] (explicit, Name is a CHOICE)
    this.tsaName = contextConstructed(0, contextConstructed(4, subject));
    // RFC 5035 §5.4.1 ESSCertIDv2 with the default hashAlgorithm (SHA-256) omitted, and
    // issuerSerial so a verifier can find the certificate without trying each one.
    const essCertIdV2 = sequence(
      octetString(createHash('sha256').update(certificate).digest()),
      sequence(sequence(contextConstructed(4, issuer)), serial),
    );
    this.constantAttributes = [
      attribute(OID.contentType, oid(OID.tstInfo)),
      attribute(OID.signingCertificateV2, sequence(sequence(essCertIdV2))),
    ];
  }

  async timestamp(sha256Digest: Uint8Array): Promise<Uint8Array> {
    if (sha256Digest.length !== 32) throw new Error('a SHA-256 message imprint is 32 bytes');
    return this.issueToken({ hashAlgorithm: SHA256_ALGORITHM, hashedMessage: sha256Digest, certReq: true });
  }

  /** Builds a TimeStampToken (RFC 3161 §2.4.2): ContentInfo(SignedData(TSTInfo)). */
  issueToken(request: TokenRequest): Uint8Array {
    // RFC 3161 §2.4.2: serialNumber unique per token; 128 random bits need no shared counter.
    const serial = unsignedInteger(randomBytes(16));
    const tstInfo = sequence(
      integer(1),
      this.policyDer,
      sequence(request.hashAlgorithm, octetString(request.hashedMessage)),
      serial,
      generalizedTime(this.clock()), // genTime: when the token was created
      this.accuracy,
      // ordering DEFAULT FALSE is omitted in DER (X.690 §11.5)
      ...(request.nonce ? [request.nonce] : []),
      this.tsaName,
    );
    const messageDigest = attribute(
      OID.messageDigest,
      octetString(createHash('sha256').update(tstInfo).digest()),
    );
    // RFC 5652 §5.4: the signature is over the DER SET OF signed attributes (tag 0x31) ...
    const signedAttributes = setOf(...this.constantAttributes, messageDigest);
    const signature = sign('sha256', signedAttributes, { key: this.privateKey, dsaEncoding: 'der' });
    // ... and the SignerInfo carries them as [0] IMPLICIT.
    signedAttributes[0] = 0xa0;
    const signerInfo = sequence(
      integer(1),
      this.signerIdentifier,
      SHA256_ALGORITHM,
      signedAttributes,
      this.signatureAlgorithm,
      octetString(signature),
    );
    const signedData = sequence(
      integer(3), // RFC 5652 §5.1: eContentType is not id-data
      this.digestAlgorithms,
      sequence(this.contentPrefix, contextConstructed(0, octetString(tstInfo))),
      ...(request.certReq ? [this.certificatesField] : []),
      tlv(Tag.SET, signerInfo),
    );
    return sequence(oid(OID.signedData), contextConstructed(0, signedData));
  }
}

function attribute(type: string, value: Uint8Array): Uint8Array {
  return sequence(oid(type), tlv(Tag.SET, value));
}

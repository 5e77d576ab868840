import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { integer, nullValue, octetString, oid, sequence, setOf, tlv } from '../../pki/asn1/der.js';
import { OID } from '../../pki/asn1/oids.js';
import {
  CmsFormatError,
  checkSigner,
  checkTimestampToken,
  parseSignedData,
  type SignedData,
} from './parse.js';

const SHA1_REFUSED = 'SHA-1 is not accepted: collisions are practical';
const content = Buffer.from('signed bytes');
const digestOf = (h: string): Buffer => createHash(h).update(content).digest();

function signedData(digestAlgorithm: string, signatureAlgorithm: string): SignedData {
  const hash = digestAlgorithm === OID.sha1 ? 'sha1' : 'sha256';
  const attrs = new Map([
    [OID.messageDigest, [{ tag: 4, content: digestOf(hash) } as never]],
    [OID.contentType, [{ tag: 6, content: oid(OID.data).subarray(2) } as never]],
  ]);
  return {
    certificates: [],
    eContentType: OID.data,
    signer: {
      digestAlgorithm,
      signedAttrs: new Uint8Array([0x31, 0]),
      attrs,
      signatureAlgorithm,
      signature: new Uint8Array(8),
      unsignedAttrs: new Map(),
    },
  };
}

describe('SHA-1 and MD5 are refused', () => {
  it('a SHA-1 message digest is invalid even when it matches', () => {
    const r = checkSigner(signedData(OID.sha1, OID.ecdsaWithSha256), digestOf);
    expect(r.digestMatches).toBe(false);
    expect(r.signatureValid).toBe(false);
    expect(r.problems).toContain(SHA1_REFUSED);
  });

  it('a sha1WithRSAEncryption signature is invalid', () => {
    const r = checkSigner(signedData(OID.sha256, OID.sha1WithRSA), digestOf);
    expect(r.signatureValid).toBe(false);
    expect(r.problems).toContain(SHA1_REFUSED);
  });

  it('an MD5 signature algorithm is invalid', () => {
    const r = checkSigner(signedData(OID.sha256, OID.md5WithRSA), digestOf);
    expect(r.signatureValid).toBe(false);
    expect(r.problems).toContain('MD5 is not accepted: collisions are practical');
  });

  it('a timestamp whose message imprint is SHA-1 does not match', () => {
    const imprint = createHash('sha1').update(content).digest();
    const tstInfo = sequence(
      integer(1),
      oid('1.2.3.4'),
      sequence(sequence(oid(OID.sha1), nullValue()), octetString(imprint)),
      integer(7),
      tlv(0x18, Buffer.from('20260101000000Z', 'latin1')),
    );
    const signerInfo = sequence(
      integer(1),
      sequence(sequence(), integer(1)),
      sequence(oid(OID.sha256), nullValue()),
      sequence(oid(OID.ecdsaWithSha256)),
      octetString(Buffer.alloc(8)),
    );
    const sd = sequence(
      integer(3),
      setOf(sequence(oid(OID.sha256), nullValue())),
      sequence(oid(OID.tstInfo), tlv(0xa0, octetString(tstInfo))),
      setOf(signerInfo),
    );
    const token = sequence(oid(OID.signedData), tlv(0xa0, sd));
    const r = checkTimestampToken(token, digestOf);
    expect(r.imprintMatches).toBe(false);
    expect(r.problems).toContain(`timestamp message imprint: ${SHA1_REFUSED}`);
    expect(r.problems).not.toContain('timestamp message imprint does not match');
  });
});

describe('parseSignedData', () => {
  it('an empty OID where the content type stands is CMS_INVALID (found by the property test)', () => {
    // INTEGER { 01 00 }: read as a ContentInfo, its "content type" is a zero-length value.
    expect(() => parseSignedData(Uint8Array.of(0x02, 0x02, 0x01, 0x00))).toThrow(CmsFormatError);
  });

  it('a content-type attribute whose OID is cut inside an arc is a problem, not a throw (property test)', () => {
    const sd = signedData(OID.sha256, OID.ecdsaWithSha256);
    sd.signer.attrs.set(OID.contentType, [{ tag: 6, content: Uint8Array.of(0x2a, 0x86) } as never]);
    expect(checkSigner(sd, digestOf).problems).toContain('content-type attribute missing or wrong');
  });
});

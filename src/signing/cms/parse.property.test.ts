/**
 * The CMS reader on random and mutated blobs (shared/STYLE.md: every parser fed by strangers):
 * parseSignedData returns or throws CmsFormatError (CMS_INVALID); checkSigner and
 * checkTimestampToken never throw — they report problems — and each case is fast.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { mutated, thrownWithin } from '../../pdf/testing/mutate.js';
import { tlvOffsets } from '../testing/der-offsets.js';
import { createOpensslPki } from '../testing/openssl-pki.js';
import { buildCadesSignature } from './build.js';
import { OID } from '../../pki/asn1/oids.js';
import { CmsFormatError, checkSigner, checkTimestampToken, parseSignedData } from './parse.js';

const content = Buffer.from('the signed ByteRange');
const digestOf = (h: string): Buffer => createHash(h).update(content).digest();

/** CMS from our own signer (CAdES with a timestamp token inside) and a bare RFC 3161 token. */
let signatures: Uint8Array[];
let token: Uint8Array;

beforeAll(async () => {
  const pki = createOpensslPki();
  const digest = digestOf('sha256');
  signatures = [
    await buildCadesSignature(pki.ec, pki.tsa, digest),
    await buildCadesSignature(pki.rsa, pki.tsa, digest),
  ];
  token = await pki.tsa.timestamp(digest);
}, 60_000);

// DER headers worth splicing in: lengths that lie, empty and indefinite forms, OIDs of the format.
const DER_TOKENS = [
  '\x30\x00',
  '\x30\x80',
  '\x30\x84\xff\xff\xff\xff',
  '\x31\x00',
  '\xa0\x00',
  '\x04\x00',
  '\x02\x01\x00',
  '\x06\x00',
  '\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x02',
  '\x18\x0f20250101000000Z',
];

/** Whatever a stranger's blob makes the reader do is one of these, within `ms`. */
function readsOrRefuses(b: Uint8Array, ms = 500): void {
  const thrown = thrownWithin(ms, () => {
    const sd = parseSignedData(b);
    const check = checkSigner(sd, digestOf, { requireSigningCertificateV2: true });
    expect(Array.isArray(check.problems)).toBe(true);
    for (const t of sd.signer.unsignedAttrs.get(OID.signatureTimeStampToken) ?? []) {
      const ts = checkTimestampToken(t.raw, digestOf);
      expect(Array.isArray(ts.problems)).toBe(true);
    }
  });
  if (thrown !== undefined && !(thrown instanceof CmsFormatError)) throw thrown;
  const ts = thrownWithin(ms, () => checkTimestampToken(b, digestOf));
  if (ts !== undefined) throw ts;
}

describe('CMS SignedData reader (property)', () => {
  it('reads our own signatures and tokens', () => {
    for (const s of signatures) {
      const sd = parseSignedData(s);
      const check = checkSigner(sd, digestOf, { requireSigningCertificateV2: true });
      expect(check.problems).toEqual([]);
      expect(check.signatureValid && check.digestMatches && check.certificateBound).toBe(true);
    }
    expect(checkTimestampToken(token, digestOf).imprintMatches).toBe(true);
  });

  // Counterexamples the properties found (both a TypeError or DerError out of the verifier, a 500).
  it('a token whose TSTInfo is an empty SEQUENCE: a problem, not a TypeError', () => {
    const sd = parseSignedData(token);
    const at = Buffer.from(token).indexOf(Buffer.from(sd.eContent!));
    const b = Buffer.from(token);
    b[at + 1] = 0; // SEQUENCE of length 0, the rest of the OCTET STRING trailing
    const r = checkTimestampToken(b, digestOf);
    expect(r.imprintMatches).toBe(false);
    expect(r.problems.join()).toMatch(/TSTInfo unreadable/);
  });

  it('a certificate in the CMS that is not DER: skipped when looking for the signer', () => {
    const sd = parseSignedData(signatures[0]!);
    const cert = sd.certificates[0]!;
    const b = Buffer.from(signatures[0]!);
    const at = b.indexOf(Buffer.from(cert));
    b[at + 5] = 0x85; // the TBSCertificate's length: a five-byte length DER does not allow
    const check = checkSigner(parseSignedData(b), digestOf);
    expect(check.signatureValid).toBe(false);
    expect(check.problems).toContain('signer certificate not included in the CMS');
  });

  it('random bytes: parsed or CMS_INVALID, never another error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (b) => readsOrRefuses(b)),
      { numRuns: 300 },
    );
  });

  it('mutated signatures and timestamp tokens: parsed or CMS_INVALID, checks report problems', () => {
    const seeds = fc.constantFrom(0, 1, 2).map((i) => [...signatures, token][i]!);
    fc.assert(
      fc.property(
        seeds.chain((s) => mutated(s, { tokens: DER_TOKENS, tail: 256, hotspots: tlvOffsets(s) })),
        (b) => readsOrRefuses(b),
      ),
      { numRuns: 400 },
    );
  });
});

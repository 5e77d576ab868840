/**
 * The verifier on mutated signed PDFs (STYLE.md: every parser fed by strangers deserves random and
 * mutated inputs): it returns a report or throws a HetongError (a 4xx at the HTTP edge), never
 * anything else (a 500) and never hangs. It found a certificate in the file that node:crypto
 * cannot parse turning the report into a 500; src/signing/verify/trust.ts now skips such ones.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { HetongError } from '../../shared/errors.js';
import { nodeChildren, readNode } from '../../pki/asn1/der.js';
import { parseSignedData } from '../cms/parse.js';
import { addDocumentTimestamp } from '../ltv.js';
import { signPdf } from '../sign.js';
import { tlvOffsets } from '../testing/der-offsets.js';
import { makePdf, makeSealPng } from '../testing/fixtures.js';
import { createOpensslPki, type OpensslPki } from '../testing/openssl-pki.js';
import { verifyPdf } from './verify.js';

let pki: OpensslPki;
let signed: Uint8Array;
/** `signed` with a document timestamp (ETSI EN 319 142-1 §5.4.3) after it. */
let timestamped: Uint8Array;

beforeAll(async () => {
  pki = createOpensslPki();
  signed = await signPdf(await makePdf(1), {
    key: pki.newKey('Party A', 'ECDSA-P256'),
    tsa: pki.tsa,
    field: { page: 1, x: 60, y: 100, width: 80, height: 80 },
    appearance: { png: makeSealPng() },
  });
  timestamped = await addDocumentTimestamp(signed, pki.tsa);
}, 60_000);

/**
 * The hex digits of each signature's /Contents that hold DER (not the zero padding), header
 * digits first: the bytes no ByteRange covers, which anyone can change without moving a byte.
 */
function contentsDigits(pdf: Uint8Array): { headers: number[]; all: [number, number][] } {
  const headers: number[] = [];
  const all: [number, number][] = [];
  for (const s of verifyPdf(pdf, { trustAnchors: [pki.rootDer] }).signatures) {
    const [, b] = s.integrity.byteRange!;
    const hex = Buffer.from(pdf.subarray(b + 1, b + 1 + 40_000)).toString('latin1');
    const der = Buffer.from(hex.slice(0, hex.indexOf('>')), 'hex');
    const length = readNode(der).end;
    all.push([b + 1, b + 1 + 2 * length]);
    for (const o of tlvOffsets(der.subarray(0, length))) headers.push(b + 1 + 2 * o, b + 1 + 2 * o + 2);
  }
  return { headers, all };
}

const TOKENS = [
  '[',
  '<<',
  '>>',
  '0 2000000000',
  ' 1 0 R ',
  '/Length 9 0 R',
  'stream\n',
  'endobj',
  '/Prev 0',
  '/ByteRange [0 1 2 3]',
  '/Contents <3082>',
  '%%EOF',
];

describe('verifyPdf on mutated signed PDFs', () => {
  it('reports or refuses with a HetongError, in bounded time', () => {
    expect(verifyPdf(signed, { trustAnchors: [pki.rootDer] }).valid).toBe(true);
    const edit = fc.record({
      // Anywhere in the file, or in its last 4 KB: the xref, the trailer and the signature dictionary.
      at: fc.oneof(
        fc.double({ min: 0, max: 1, noNaN: true }).map((f) => Math.floor(f * signed.length)),
        fc.integer({ min: -4096, max: -1 }),
      ),
      op: fc.constantFrom('set', 'insert', 'delete', 'token', 'cut'),
      byte: fc.integer({ min: 0, max: 255 }),
      token: fc.constantFrom(...TOKENS),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
        let b = Buffer.from(signed);
        for (const e of edits) {
          const at = e.at < 0 ? Math.max(0, b.length + e.at) : e.at % (b.length + 1);
          if (e.op === 'set' && at < b.length) b[at] = e.byte;
          else if (e.op === 'insert')
            b = Buffer.concat([b.subarray(0, at), Buffer.from([e.byte]), b.subarray(at)]);
          else if (e.op === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
          else if (e.op === 'cut') b = b.subarray(0, at);
          else b = Buffer.concat([b.subarray(0, at), Buffer.from(e.token, 'latin1'), b.subarray(at)]);
        }
        const t0 = performance.now();
        try {
          const report = verifyPdf(b, { trustAnchors: [pki.rootDer] });
          expect(typeof report.valid).toBe('boolean');
        } catch (e) {
          if (!(e instanceof HetongError)) throw e;
          expect(e.status).toBeLessThan(500);
        }
        expect(performance.now() - t0).toBeLessThan(2_000);
      }),
      { numRuns: 500 },
    );
  }, 120_000);

  it('a signature or document timestamp whose CMS is edited in place: a report, never a 500', () => {
    expect(verifyPdf(timestamped, { trustAnchors: [pki.rootDer] }).valid).toBe(true);
    const { headers, all } = contentsDigits(timestamped);
    const digit = fc.oneof(
      fc.constantFrom(...headers).chain((h) => fc.integer({ min: h, max: h + 3 })),
      fc.constantFrom(...all).chain(([from, to]) => fc.integer({ min: from, max: to - 1 })),
    );
    const edit = fc.tuple(digit, fc.constantFrom(...'0123456789abcdef'));
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        const b = Buffer.from(timestamped);
        for (const [at, d] of edits) b[at] = d.charCodeAt(0);
        const t0 = performance.now();
        try {
          expect(typeof verifyPdf(b, { trustAnchors: [pki.rootDer] }).valid).toBe('boolean');
        } catch (e) {
          if (!(e instanceof HetongError)) throw e;
          expect(e.status).toBeLessThan(500);
        }
        expect(performance.now() - t0).toBeLessThan(2_000);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  // The counterexample the property above found: node:crypto refused the certificate the token
  // names as its signer, and that error left the verifier as a 500.
  it('a document timestamp whose certificates node:crypto cannot read: reported invalid, not a 500', () => {
    const report = verifyPdf(timestamped, { trustAnchors: [pki.rootDer] });
    const [, b] = report.signatures.find((s) => s.kind === 'document-timestamp')!.integrity.byteRange!;
    const hex = Buffer.from(timestamped.subarray(b + 1, b + 1 + 40_000)).toString('latin1');
    const der = Buffer.from(hex.slice(0, hex.indexOf('>')), 'hex');
    for (const cert of parseSignedData(der).certificates) {
      // Certificate ::= SEQUENCE { tbs, signatureAlgorithm, BIT STRING }: the BIT STRING's tag
      // becomes OCTET STRING — still DER, no longer a certificate.
      const at =
        der.indexOf(Buffer.from(cert)) + nodeChildren(readNode(cert))[2]!.start + readNode(cert).contentStart;
      der[at] = 0x04;
    }
    const edited = Buffer.from(timestamped);
    edited.write(der.toString('hex'), b + 1, 'latin1');
    const after = verifyPdf(edited, { trustAnchors: [pki.rootDer] });
    const ts = after.signatures.find((s) => s.kind === 'document-timestamp')!;
    expect(ts.integrity.valid).toBe(false);
    expect(ts.integrity.problems.join()).toMatch(/not a readable X\.509 certificate/);
    expect(after.valid).toBe(false);
  });
});

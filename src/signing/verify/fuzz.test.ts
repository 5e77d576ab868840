/**
 * The verifier on mutated signed PDFs (STYLE.md: every parser fed by strangers deserves random and
 * mutated inputs): it returns a report or throws a HetongError (a 4xx at the HTTP edge), never
 * anything else (a 500) and never hangs. It found a certificate in the file that node:crypto
 * cannot parse turning the report into a 500; src/signing/verify/trust.ts now skips such ones.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { HetongError } from '../../shared/errors.js';
import { signPdf } from '../sign.js';
import { makePdf, makeSealPng } from '../testing/fixtures.js';
import { createOpensslPki, type OpensslPki } from '../testing/openssl-pki.js';
import { verifyPdf } from './verify.js';

let pki: OpensslPki;
let signed: Uint8Array;

beforeAll(async () => {
  pki = createOpensslPki();
  signed = await signPdf(await makePdf(1), {
    key: pki.newKey('Party A', 'ECDSA-P256'),
    tsa: pki.tsa,
    field: { page: 1, x: 60, y: 100, width: 80, height: 80 },
    appearance: { png: makeSealPng() },
  });
}, 60_000);

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
});

/**
 * PdfFile on random and mutated files (shared/STYLE.md: every parser fed by strangers): opening
 * a file and reading every object and stream either works or throws a read error (isPdfReadError)
 * or a HetongError below 500 (PDF_LIMIT_EXCEEDED) — never a TypeError, a RangeError or a stack
 * overflow — within a time bound per file, and inflates no more than the file's budget.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { HetongError } from '../shared/errors.js';
import { signPdf } from '../signing/sign.js';
import { makePdf, makeSealPng } from '../signing/testing/fixtures.js';
import { createOpensslPki } from '../signing/testing/openssl-pki.js';
import { compactPdf } from './compact.js';
import { PdfFile, isPdfReadError } from './file.js';
import { InflateBudget } from './limits.js';
import { PdfStream } from './objects.js';
import { mutated, thrownWithin } from './testing/mutate.js';

/** Signed by our own signer: a classic-xref PDF, and a compacted one (object and xref streams). */
let seeds: Uint8Array[];
let seedHotspots: number[][];

beforeAll(async () => {
  const pki = createOpensslPki();
  const sign = (pdf: Uint8Array): Promise<Uint8Array> =>
    signPdf(pdf, {
      key: pki.ec,
      tsa: pki.tsa,
      field: { page: 1, x: 60, y: 100, width: 80, height: 80 },
      appearance: { png: makeSealPng(40) },
    });
  seeds = [await sign(await makePdf(2)), await sign(compactPdf(await makePdf(2)).pdf)];
  seedHotspots = seeds.map(hotspots);
}, 60_000);

const KEYWORDS = [
  ' obj',
  'endobj',
  'stream',
  'xref',
  'trailer',
  'startxref',
  '/Length',
  '/Prev',
  '/Root',
  '/Size',
  '/W ',
  '/Index',
  '/N ',
  '/First',
  '/Filter',
  '/Kids',
  ' R',
];

/** Offsets of the structure a changed byte reaches furthest from: keywords, numbers after them. */
function hotspots(pdf: Uint8Array): number[] {
  const b = Buffer.from(pdf);
  const out: number[] = [];
  for (const k of KEYWORDS) {
    for (let i = b.indexOf(k, 0, 'latin1'); i >= 0 && out.length < 4000; i = b.indexOf(k, i + 1, 'latin1'))
      out.push(i + k.length);
  }
  return out;
}

const TOKENS = [
  '[',
  '<<',
  '>>',
  '0 2000000000',
  ' 1 0 R ',
  '/Length 9 0 R',
  '/Length -5',
  'stream\n',
  'endstream',
  'endobj',
  '/Prev 0',
  '/Filter /FlateDecode',
  '/Filter /LZWDecode',
  '/DecodeParms << /Predictor 12 /Columns 99999999 >>',
  '/Type /ObjStm /N 1000000 /First 0',
  '/W [0 0 0]',
  '/Index [0 999999999]',
  '99999999999999999999',
  '%%EOF',
  '[[[[[[[[[[[[[[[[',
];

/** What the verifier does with a file's objects: all of them, every stream decoded. */
function readEverything(bytes: Uint8Array): void {
  const file = PdfFile.open(bytes);
  file.catalog();
  file.pages();
  for (const num of [...file.xref.keys()]) {
    try {
      const v = file.getObject(num);
      if (v instanceof PdfStream) file.decode(v);
    } catch (e) {
      // One unreadable object is the file's fault; the others are still read.
      if (!isPdfReadError(e)) throw e;
    }
  }
  // Everything inflated came out of the file's budget (../limits.ts), which it never overdraws.
  expect(file.inflation.remaining).toBeGreaterThanOrEqual(0);
  expect(file.inflation.remaining).toBeLessThanOrEqual(InflateBudget.totalFor(bytes.length));
}

/** Outcomes, so a test can show its inputs reach past the header check. */
const outcomes = { read: 0, refused: 0 };

function readsOrRefuses(bytes: Uint8Array): void {
  const e = thrownWithin(2_000, () => readEverything(bytes));
  if (e === undefined) outcomes.read++;
  else if (isPdfReadError(e) || (e instanceof HetongError && e.status < 500)) outcomes.refused++;
  else throw e;
}

describe('PdfFile (property)', () => {
  it('reads the seeds whole', () => {
    for (const s of seeds) expect(thrownWithin(2_000, () => readEverything(s))).toBeUndefined();
  });

  it('random bytes after a header, with or without a startxref', () => {
    const tail = fc.oneof(
      fc.constant(''),
      fc.nat(4096).map((n) => `\nstartxref\n${n}\n%%EOF\n`),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), tail, (body, t) =>
        readsOrRefuses(Buffer.concat([Buffer.from('%PDF-1.7\n'), body, Buffer.from(t, 'latin1')])),
      ),
      { numRuns: 150 },
    );
  });

  it('mutated signed PDFs: read or refused, in bounded time and inflation', () => {
    outcomes.read = outcomes.refused = 0;
    const arb = fc
      .constantFrom(0, 1)
      .chain((i) => mutated(seeds[i]!, { tokens: TOKENS, hotspots: seedHotspots[i]! }));
    fc.assert(fc.property(arb, readsOrRefuses), { numRuns: 250 });
  }, 60_000);
});

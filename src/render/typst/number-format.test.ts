import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shippedFonts } from '../fonts/index.js';
import { FORMAT_SPECS, formatNumber, type NumberFormat } from '../number-format.js';
import { arr, str } from './escape.js';
import { NUMBER_FORMAT_TYPST } from './number-format.js';
import { TypstRunner } from './runner.js';
import { pdfText } from './testing/pdf-tools.js';

const runner = new TypstRunner(
  shippedFonts().map((f) => f.bytes),
  1,
);

/**
 * Runs hx-fmt in Typst on every (number, format) pair and compares, inside Typst, with the text
 * the TypeScript formatter gives; the page lists the pairs that differ, then how many were checked.
 */
function mismatches(numbers: number[]): string {
  const formats = Object.keys(FORMAT_SPECS) as NumberFormat[];
  const cases = formats.flatMap((f) => numbers.map((n) => `(${n}, ${str(f)}, ${str(formatNumber(n, f))})`));
  const program = `${NUMBER_FORMAT_TYPST}
#let cases = ${arr(cases)}
#let bad = cases.filter(((n, f, want)) => hx-fmt(n, f) != want)
#for (n, f, want) in bad.slice(0, calc.min(bad.len(), 20)) [MISMATCH #f #n: #hx-fmt(n, f) \\ ]
CHECKED #cases.len()
`;
  const r = runner.run({
    programId: `fmt-${numbers.length}`,
    program,
    assets: {},
    data: '{}',
    format: 'pdf',
  });
  return pdfText(r.pdf!).replace(/\s+/g, ' ').trim();
}

describe('hx-fmt (Typst) gives the text of formatNumber', () => {
  it('on every format for small numbers, place boundaries and the limits', () => {
    const numbers = [
      ...Array.from({ length: 131 }, (_, i) => i),
      199,
      200,
      999,
      1000,
      1001,
      1010,
      1100,
      2600,
      2601,
      3999,
      4000,
      9999,
      10000,
      10001,
      10010,
      10100,
      11000,
      32767,
      32768,
      99999,
      100000,
      123456,
      1000000,
      10000000,
      100000000,
      100000001,
      123456789,
      2 ** 31,
    ];
    const formats = Object.keys(FORMAT_SPECS).length;
    expect(mismatches(numbers)).toBe(`CHECKED ${numbers.length * formats}`);
  });

  it('on random numbers', () => {
    const numbers = fc.sample(fc.integer({ min: 0, max: 2 ** 31 }), { numRuns: 200, seed: 13 });
    expect(mismatches(numbers)).toBe(`CHECKED ${numbers.length * Object.keys(FORMAT_SPECS).length}`);
  });
});

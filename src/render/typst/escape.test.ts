import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { shippedFonts } from '../fonts/index.js';
import { generateProgram } from './codegen.js';
import { arr, pt, str } from './escape.js';
import { TypstRunner } from './runner.js';
import * as ir from './testing/ir.js';
import { pdfText } from './testing/pdf-tools.js';

let runner: TypstRunner;
beforeAll(() => {
  runner = new TypstRunner(shippedFonts().map((f) => f.bytes));
}, 60_000);

describe('str (Typst string literals)', () => {
  it('escapes quotes, backslashes and control characters', () => {
    expect(str('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    expect(str('\u0001')).toBe('"\\u{1}"');
    expect(str('#[x]*_$<>@=')).toBe('"#[x]*_$<>@="');
  });

  it('evaluates to exactly the original string, for any string (property)', () => {
    const strings = fc.sample(fc.string({ unit: 'binary', maxLength: 40 }), { numRuns: 300, seed: 42 });
    strings.push(
      '#set page(width: 1pt)',
      '*bold* _em_ `raw` $x$ <l> @r = - + / [ ] ~ \\',
      '"]); #panic("x")//',
    );
    // One compile: the program asserts each literal equals the same string passed as JSON data.
    const program = `#let d = json("/run/data.json")\n#let lits = ${arr(strings.map(str))}\n#assert.eq(lits, d)\nok`;
    const r = runner.run({
      programId: 'esc',
      program,
      assets: {},
      data: JSON.stringify(strings),
      format: 'pdf',
    });
    expect(r.pageCount).toBe(1);
  });

  it('renders template text with markup characters as text (pdftotext round trip)', () => {
    const alphabet = fc.constantFrom(...'abcXYZ019#*_`$<>@=-+/[]~\\"\'{}()%&合同甲方乙方，。：'.split(''));
    const texts = fc
      .sample(fc.string({ unit: alphabet, minLength: 1, maxLength: 30 }), { numRuns: 25, seed: 7 })
      // pdftotext drops a '-' that ends a line (dehyphenation), which is not ours to test.
      .map((t) => (t.endsWith('-') ? `${t}x` : t));
    const doc = ir.doc(texts.map((t) => ir.para(t)));
    const { program, modules } = generateProgram(doc);
    const r = runner.run({ programId: 'esc2', program, modules, assets: {}, data: '{}', format: 'pdf' });
    // Compared as one string: pdftotext joins a line ending in '-' with the next (dehyphenation).
    const got = pdfText(r.pdf!).replace(/\s+/g, '');
    expect(got).toBe(texts.join('').replace(/\s+/g, ''));
  });

  it('formats lengths to 1/100 pt', () => {
    expect(pt(10.456)).toBe('10.46pt');
    expect(pt(-0.001)).toBe('0pt');
  });
});

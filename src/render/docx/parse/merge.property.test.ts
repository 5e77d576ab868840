import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Paragraph } from '../../model.js';
import { parseDocx } from '../index.js';
import { buildDocx, p, r } from '../testing/build-docx.js';

// Characters XML 1.0 §2.2 allows (no C0 controls other than tab/newline, no lone surrogates).
const xmlChar = fc
  .oneof(
    fc.constantFrom('{', '}', '<', '>', '&', '"', "'", ' ', '甲', '方', '：', '#', '/', '.'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  )
  .filter((c) =>
    [...c].every((ch) => {
      const n = ch.codePointAt(0)!;
      return n >= 0x20 && n !== 0xfffe && n !== 0xffff;
    }),
  );
const piece = fc.record({
  text: fc.array(xmlChar, { minLength: 1, maxLength: 6 }).map((a) => a.join('')),
  bold: fc.boolean(),
});

describe('run merging (property)', () => {
  it('gives back the text exactly, as maximal runs of equal formatting', () => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 12 }), (pieces) => {
        const doc = parseDocx(buildDocx({ body: p(pieces.map((x) => r(x.text, { bold: x.bold }))) }));
        const got = (doc.body[0] as Paragraph).children.map((i) =>
          i.type === 'text' ? [i.text, i.props.bold] : ['?', false],
        );
        const want: Array<[string, boolean]> = [];
        for (const x of pieces) {
          const last = want[want.length - 1];
          if (last && last[1] === x.bold) last[0] += x.text;
          else want.push([x.text, x.bold]);
        }
        expect(got).toEqual(want);
      }),
      { numRuns: 50 },
    );
  });
});

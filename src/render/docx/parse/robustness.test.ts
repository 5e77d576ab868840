import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HetongError } from '../../../shared/errors.js';
import { parseDocx } from '../index.js';
import { buildDocx, field, p, r, table } from '../testing/build-docx.js';
import { pngImage } from '../testing/images.js';
import { STANDARD_DOCX } from '../../../../test/shared-bench.js';

const standard = readFileSync(STANDARD_DOCX);
// Written by LibreOffice Writer (test/fixtures/docx/authored): another producer's markup.
const writer = readFileSync(
  new URL('../../../../test/fixtures/docx/11-writer-features.docx', import.meta.url),
);
const small = buildDocx({
  body: p([r('甲方：{partyA}', { bold: true }), field('PAGE')]) + table([['a', 'b']]) + p(''),
  headers: { default: p('H') },
  media: { 'image1.png': pngImage(2, 2) },
});

/** Parse must either succeed or throw a HetongError: never another exception. */
function parsesOrRefuses(bytes: Uint8Array): void {
  try {
    parseDocx(bytes);
  } catch (e) {
    if (!(e instanceof HetongError)) throw e;
    // The parser's last-resort wrapper marks internal failures with `cause`: none may occur.
    expect((e.details as { cause?: string } | undefined)?.cause, e.message).toBeUndefined();
    expect([
      'TEMPLATE_INVALID_DOCX',
      'TEMPLATE_TOO_LARGE',
      'TEMPLATE_IMAGE_INVALID',
      'TEMPLATE_MACROS_NOT_ALLOWED',
    ]).toContain(e.code);
  }
}

describe('robustness: damaged files only ever raise HetongError', () => {
  for (const [name, base] of [
    ['small', small],
    ['standard contract', standard],
    ['Writer document', writer],
  ] as const) {
    it(`random byte flips of the ${name}`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 1, max: 255 })), {
            minLength: 1,
            maxLength: 8,
          }),
          (flips) => {
            const bytes = Uint8Array.from(base);
            for (const [at, x] of flips) bytes[at] = bytes[at]! ^ x;
            parsesOrRefuses(bytes);
          },
        ),
        { numRuns: 60 },
      );
    });

    it(`truncations of the ${name}`, () => {
      fc.assert(
        fc.property(fc.nat(base.length - 1), (n) => parsesOrRefuses(base.subarray(0, n))),
        { numRuns: 40 },
      );
    });
  }

  it('random XML bodies (valid zip, arbitrary element soup)', () => {
    const names = [
      'w:p',
      'w:r',
      'w:t',
      'w:tbl',
      'w:tr',
      'w:tc',
      'w:fldChar',
      'w:sectPr',
      'w:pPr',
      'w:rPr',
      'w:numPr',
      'w:drawing',
      'w:sdt',
      'w:hyperlink',
      'w:footnoteReference',
      'w:footnoteRef',
      'w:endnoteReference',
      'w:sym',
      'mc:AlternateContent',
      'mc:Choice',
      'mc:Fallback',
    ];
    const attrs = [
      'w:val="1"',
      'w:fldCharType="begin"',
      'w:fldCharType="end"',
      'w:val="x"',
      'r:id="rIdImg1"',
      'w:w="-5"',
      'w:id="1"',
      'w:id="2"',
      'Requires="wps"',
      'w:font="Wingdings" w:char="F0FC"',
      'w:font="Symbol" w:char="zz"',
    ];
    const el: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.string({ maxLength: 5 }).map((s) => s.replace(/[<&>]/g, '')),
        fc
          .tuple(
            fc.constantFrom(...names),
            fc.constantFrom('', ...attrs),
            fc.array(tie('node'), { maxLength: 4 }),
          )
          .map(([n, a, kids]) => `<${n} ${a}>${kids.join('')}</${n}>`),
      ),
    })).node;
    fc.assert(
      fc.property(fc.array(el, { maxLength: 6 }), fc.array(el, { maxLength: 3 }), (kids, note) =>
        parsesOrRefuses(
          buildDocx({
            // The soup again inside a text box, so that box content meets every element too.
            body:
              kids.join('') +
              '<w:p><w:r><w:drawing><wp:anchor><wp:extent cx="9" cy="9"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">' +
              `<wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:txbx><w:txbxContent>${note.join('')}</w:txbxContent></wps:txbx></wps:wsp>` +
              '</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>',
            footnotes: `<w:footnote w:id="1">${note.join('')}</w:footnote>`,
            endnotes: `<w:endnote w:id="2">${note.join('')}</w:endnote>`,
          }),
        ),
      ),
      { numRuns: 80 },
    );
  });
});

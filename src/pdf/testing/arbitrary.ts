/** fast-check generators of PDF objects, for the property tests of the parser and writers. */
import fc from 'fast-check';
import { PdfDict, PdfName, PdfString, type PdfValue } from '../objects.js';

/** Any direct PDF value: numbers without exponents, names, both string forms, arrays, dicts. */
export const pdfValue: fc.Arbitrary<PdfValue> = fc.letrec<{ v: PdfValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.integer({ min: -1e6, max: 1e6 }),
    fc.double({ min: -1e6, max: 1e6, noNaN: true }).filter((n) => !String(n).includes('e')),
    fc.boolean(),
    fc.constant(null),
    fc.string({ maxLength: 12 }).map((s) => PdfName.of(s.replace(/\0/g, '') || 'N')),
    fc.uint8Array({ maxLength: 24 }).map((b) => new PdfString(b)),
    fc.uint8Array({ maxLength: 24 }).map((b) => new PdfString(b, true)),
    fc.array(tie('v'), { maxLength: 4 }),
    fc
      .dictionary(fc.stringMatching(/^[A-Za-z]{1,6}$/), tie('v'), { maxKeys: 4 })
      .map((o) => new PdfDict(Object.entries(o))),
  ),
})).v;

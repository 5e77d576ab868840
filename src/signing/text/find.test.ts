import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PdfParser } from '../../pdf/parser.js';
import { PdfFile } from '../../pdf/file.js';
import { makePdf, rawPdf, stream } from '../testing/fixtures.js';
import { findText } from './find.js';

/** UTF-16BE hex of a string, as a ToUnicode destination. */
const hex16 = (s: string): string => Buffer.from(s, 'utf16le').swap16().toString('hex');

function cidFontPdf(content: string): Uint8Array {
  // Identity-H Type0 font: code = CID, ToUnicode maps codes 1..6 to 甲方（盖章）.
  const chars = [...'甲方（盖章）'];
  const bfchar = chars.map((c, i) => `<${(i + 1).toString(16).padStart(4, '0')}> <${hex16(c)}>`).join('\n');
  const cmap = `/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n${chars.length} beginbfchar\n${bfchar}\nendbfchar\nendcmap end end`;
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    stream('', content),
    '<< /Type /Font /Subtype /Type0 /BaseFont /Noto /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>',
    '<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Noto /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 /W [3 [500] 6 [500]] >>',
    stream('', cmap),
  ]);
}

describe('findText', () => {
  it('finds text drawn by pdf-lib with a standard font, on every page, in order', async () => {
    const file = PdfFile.open(await makePdf(2));
    const hits = findText(file, file.pages(), 'Party A (seal)');
    expect(hits.map((h) => h.pageIndex)).toEqual([0, 1]);
    expect(hits[0]!.x0).toBe(72);
    expect(hits[0]!.y0).toBeLessThan(200);
    expect(hits[0]!.y1).toBeGreaterThan(200);
  });

  it('decodes Identity-H CID fonts through ToUnicode, with cm, Tm, TJ kerning and widths from /W', () => {
    // 2x scale via cm, text at (50,100) in text space -> (100,200) in user space; 10pt font.
    const content =
      'q 2 0 0 2 0 0 cm BT /F1 10 Tf 1 0 0 1 50 100 Tm [<0001> -1000 <0002>] TJ <000300040005> Tj <0006> Tj ET Q';
    const file = PdfFile.open(cidFontPdf(content));
    const [hit] = findText(file, file.pages(), '甲方(盖章)'); // half-width parentheses match full-width ones
    expect(hit).toBeDefined();
    expect(hit!.x0).toBeCloseTo(100);
    // advances (user space): 甲 10*2=20, kern +10*2=20, 方 20, （ 5*2=10, 盖 20, 章 20, ） 10 → end 100+120
    expect(hit!.x1).toBeCloseTo(220);
    expect(hit!.y0).toBeLessThan(200);
    expect(hit!.y1).toBeGreaterThan(200);
  });

  it("follows T*, ' and TD line moves", () => {
    const content = "BT /F1 10 Tf 0 0 Td 12 TL <0001> Tj T* <0002> Tj 0 -20 TD ' <0003> Tj ET";
    const file = PdfFile.open(cidFontPdf(content.replace("' <0003> Tj", "<0003> '")));
    const hits = findText(file, file.pages(), '（');
    expect(hits[0]!.y0 + 2).toBeCloseTo(-12 - 20 - 20); // baseline -52, box starts 0.2 em below
  });

  it('returns nothing for absent text', async () => {
    const file = PdfFile.open(await makePdf(1));
    expect(findText(file, file.pages(), '丙方')).toEqual([]);
  });

  it('finds the keyword wherever operators, numbers and strings are mixed into the stream (property)', () => {
    const noise = fc.constantFrom(
      'q',
      'Q',
      '1 0 0 1 5 5 cm',
      '10 20 m 30 40 l S',
      '0.5 g',
      '[1 2] 0 d',
      '/GS1 gs',
      '-.5 Tc',
      '',
    );
    fc.assert(
      fc.property(fc.array(noise, { maxLength: 6 }), fc.array(noise, { maxLength: 6 }), (before, after) => {
        const content = `${before.join(' ')} BT /F1 10 Tf 1 0 0 1 50 100 Tm <000100020003000400050006> Tj ET ${after.join(' ')}`;
        const file = PdfFile.open(cidFontPdf(content));
        expect(findText(file, file.pages(), '甲方（盖章）')).toHaveLength(1);
      }),
      { numRuns: 60 },
    );
  });

  it('never throws or hangs on random or mutated content streams (property)', () => {
    const valid =
      'q 2 0 0 2 0 0 cm BT /F1 10 Tf 1 0 0 1 50 100 Tm [<0001> -1000 <0002>] TJ <000300040005> Tj ET Q';
    const content = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
      fc
        .tuple(fc.nat(valid.length), fc.nat(valid.length), fc.string({ maxLength: 8 }))
        .map(([i, j, ins]) => valid.slice(0, Math.min(i, j)) + ins + valid.slice(Math.max(i, j))),
    );
    fc.assert(
      fc.property(content, (c) => {
        const file = PdfFile.open(cidFontPdf(c));
        expect(Array.isArray(findText(file, file.pages(), '甲方'))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('parses content-stream operands as the general parser does, minus references (property)', () => {
    const num = fc.oneof(
      fc.integer({ min: -1e6, max: 1e6 }).map(String),
      fc.double({ min: -1e4, max: 1e4, noNaN: true }).map((d) => d.toFixed(3)),
      fc.constantFrom('.5', '-.25', '+3', '0.', '-0', '-.0', '00012.50', '0.5019608', '841.9'),
      // Up to 15 digits are read from the bytes (PdfParser.plainNumber), longer ones by Number():
      // both must give the value Number() gives.
      fc.double({ min: -1e9, max: 1e9, noNaN: true }).map((d) => d.toFixed(6)),
      fc
        .tuple(
          fc.constantFrom('', '+', '-'),
          fc.stringMatching(/^\d{0,18}$/),
          fc.stringMatching(/^\d{0,18}$/),
        )
        .filter(([, a, b]) => a.length + b.length > 0)
        .map(([sign, a, b]) => `${sign}${a}${b ? `.${b}` : ''}`),
    );
    fc.assert(
      fc.property(fc.array(num, { minLength: 1, maxLength: 8 }), (nums) => {
        const text = `[${nums.join(' ')}] ${nums[0]}`;
        const direct = new PdfParser(Buffer.from(text, 'latin1'));
        const general = new PdfParser(Buffer.from(text, 'latin1'));
        expect(direct.parseDirect()).toEqual(general.parseValue());
        expect(direct.parseDirect()).toEqual(general.parseValue());
      }),
    );
    // "1 0 R" in a content stream is three operands, never a reference.
    const p = new PdfParser(Buffer.from('1 0 R', 'latin1'));
    expect(p.parseDirect()).toBe(1);
    expect(p.parseDirect()).toBe(0);
  });
});

/**
 * Text extraction on random and mutated PDFs (shared/STYLE.md: every parser fed by strangers):
 * for every page, extractGlyphs and findText return or throw a read error (isPdfReadError) or
 * PDF_LIMIT_EXCEEDED — never a TypeError, a RangeError or a stack overflow — within a time bound
 * per file. The fonts (ToUnicode CMaps, /W widths) and form XObjects are in the seeds, so the
 * mutations reach them too.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { PdfFile, isPdfReadError } from '../../pdf/file.js';
import { PDF_LIMITS } from '../../pdf/limits.js';
import { mutated, thrownWithin } from '../../pdf/testing/mutate.js';
import { HetongError } from '../../shared/errors.js';
import { signPdf } from '../sign.js';
import { makePdf, makeSealPng, rawPdf, stream } from '../testing/fixtures.js';
import { createOpensslPki } from '../testing/openssl-pki.js';
import { extractGlyphs } from './extract.js';
import { findText } from './find.js';

const hex16 = (c: string): string => c.codePointAt(0)!.toString(16).padStart(4, '0');

/** An Identity-H CID font with a ToUnicode CMap, used by the page and by a form XObject it draws. */
function cidFormPdf(): Uint8Array {
  const chars = [...'甲方（盖章）'];
  const bfchar = chars.map((c, i) => `<${(i + 1).toString(16).padStart(4, '0')}> <${hex16(c)}>`).join('\n');
  const cmap = `/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n${chars.length} beginbfchar\n${bfchar}\nendbfchar\nendcmap end end`;
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> /XObject << /X 8 0 R >> >> /Contents 4 0 R >>',
    stream('', 'q 2 0 0 2 0 0 cm BT /F1 10 Tf 1 0 0 1 50 100 Tm [<0001> -1000 <0002>] TJ ET Q /X Do'),
    '<< /Type /Font /Subtype /Type0 /BaseFont /Noto /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>',
    '<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Noto /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 /W [3 [500] 6 [500]] >>',
    stream('', cmap),
    stream(
      '/Type /XObject /Subtype /Form /BBox [0 0 200 50] /Matrix [1 0 0 1 20 30] /Resources << /Font << /F1 5 0 R >> >>',
      'BT /F1 12 Tf 0 0 Td 14 TL <000300040005> Tj T* <0006> Tj 1 2 <0001> " ET',
    ),
  ]);
}

let seeds: Uint8Array[];

beforeAll(async () => {
  const pki = createOpensslPki();
  const signed = await signPdf(await makePdf(1), {
    key: pki.ec,
    tsa: pki.tsa,
    field: { keyword: 'Party A (seal)', width: 60, height: 60 },
    appearance: { png: makeSealPng(40) },
  });
  seeds = [cidFormPdf(), signed];
}, 60_000);

const TOKENS = [
  ' Tj ',
  ' TJ ',
  '[',
  ']',
  '<0001>',
  ' Tf ',
  ' cm ',
  ' q ',
  ' Q ',
  ' BT ',
  ' /X Do ',
  ' BI /W 1 ID ',
  ' EI ',
  'begincmap',
  'beginbfrange <0000> <FFFF> <4E00> endbfrange',
  '/W [1 [99999999999]]',
  ' 1e308 ',
  '<<',
];

/** Glyphs read from mutated files, so a test can show its inputs reach the interpreter. */
let glyphsRead = 0;

function readsOrRefuses(bytes: Uint8Array): void {
  const e = thrownWithin(2_000, () => {
    const file = PdfFile.open(bytes);
    const pages = file.pages();
    for (const p of pages) glyphsRead += extractGlyphs(file, p).length;
    expect(Array.isArray(findText(file, pages, '甲方'))).toBe(true);
  });
  if (e === undefined || isPdfReadError(e)) return;
  if (e instanceof HetongError && e.status < 500) return;
  throw e;
}

/** A page drawing form 1 `fan` times, form i drawing form i+1 `fan` times, `levels` deep. */
function formFanOut(levels: number, fan: number): Uint8Array {
  const bodies: (string | Buffer)[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X 6 0 R >> >> /Contents 4 0 R >>',
    stream('', '/X Do '.repeat(fan)),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  for (let l = 0; l < levels; l++) {
    const content = l === levels - 1 ? 'BT /F 12 Tf (a) Tj ET' : '/X Do '.repeat(fan);
    bodies.push(
      stream(
        `/Subtype /Form /BBox [0 0 10 10] /Resources << /Font << /F 5 0 R >> /XObject << /X ${7 + l} 0 R >> >>`,
        content,
      ),
    );
  }
  return rawPdf(bodies);
}

describe('text extraction (property)', () => {
  it('reads the seeds', () => {
    const file = PdfFile.open(seeds[0]!);
    expect(findText(file, file.pages(), '甲方（盖章）')).toHaveLength(1);
    expect(
      extractGlyphs(file, file.pages()[0]!)
        .map((g) => g.text)
        .join(''),
    ).toBe('甲方（盖章）甲');
  });

  it('mutated PDFs with fonts, CMaps and forms: glyphs or a refusal, in bounded time', () => {
    const arb = fc.constantFrom(0, 1).chain((i) => mutated(seeds[i]!, { tokens: TOKENS, tail: 2048 }));
    glyphsRead = 0;
    fc.assert(fc.property(arb, readsOrRefuses), { numRuns: 300 });
    expect(glyphsRead).toBeGreaterThan(300);
  }, 60_000);

  // Found while writing these properties: depth (8) was the only bound on forms, so 1 KB asking for
  // 10^8 runs took minutes (10^6 runs: 10 s).
  it('a page whose forms draw each other ten times, eight deep, is refused at once', () => {
    const file = PdfFile.open(formFanOut(8, 10));
    const e = thrownWithin(2_000, () => extractGlyphs(file, file.pages()[0]!));
    expect(e).toBeInstanceOf(HetongError);
    expect((e as HetongError).details).toEqual({ limit: 'form-runs', max: PDF_LIMITS.maxFormRuns });
    // The same shape within the bound still reads: 10^3 runs, one glyph each.
    const small = PdfFile.open(formFanOut(3, 10));
    expect(extractGlyphs(small, small.pages()[0]!)).toHaveLength(1000);
  });

  it('a page showing more glyphs than PDF_LIMITS.maxPageGlyphs is refused', () => {
    const text = 'a'.repeat(PDF_LIMITS.maxPageGlyphs / 4 + 1);
    const file = PdfFile.open(
      rawPdf([
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F 4 0 R >> >> /Contents 5 0 R >>',
        '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
        stream('', `BT /F 12 Tf (${text}) Tj (${text}) Tj (${text}) Tj (${text}) Tj ET`),
      ]),
    );
    const e = thrownWithin(5_000, () => extractGlyphs(file, file.pages()[0]!));
    expect((e as HetongError).details).toEqual({ limit: 'page-glyphs', max: PDF_LIMITS.maxPageGlyphs });
  });
});

import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { rawPdf, stream } from '../signing/testing/fixtures.js';
import { tempFile } from '../signing/testing/validators.js';
import { compactPdf } from './compact.js';
import { PdfFile } from './file.js';
import { decodeStream } from './filters.js';
import { IncrementalUpdate } from './incremental.js';
import { PdfDict, PdfStream, pdfEquals, serialize, type PdfValue } from './objects.js';
import { pdfValue } from './testing/arbitrary.js';

const qpdf = (pdf: Uint8Array) =>
  spawnSync('qpdf', ['--check', tempFile('c.pdf', pdf)], { encoding: 'utf8' });
const pdftotext = (pdf: Uint8Array) =>
  spawnSync('pdftotext', [tempFile('t.pdf', pdf), '-'], { encoding: 'utf8' }).stdout;

/** Every object of `a` has an equal counterpart in `b`; streams compare by decoded bytes. */
function sameObjects(a: PdfFile, b: PdfFile): void {
  for (const [n, e] of a.xref) {
    if (e.type === 0) continue;
    const x = a.getObject(n);
    const y = b.getObject(n);
    if (x instanceof PdfStream) {
      expect(y).toBeInstanceOf(PdfStream);
      const ys = y as PdfStream;
      expect(Buffer.from(decodeStream(ys)).equals(Buffer.from(decodeStream(x)))).toBe(true);
      const strip = (d: PdfDict) => {
        const c = d.clone();
        for (const k of ['Length', 'Filter', 'DecodeParms']) c.map.delete(k);
        return c;
      };
      expect(pdfEquals(strip(ys.dict), strip(x.dict))).toBe(true);
    } else {
      expect(pdfEquals(y, x as PdfValue), `object ${n}: ${serialize(x!)}`).toBe(true);
    }
  }
}

describe('compactPdf', () => {
  it('keeps every object (values, decoded streams) of generated documents', () => {
    let rewritten = 0;
    fc.assert(
      fc.property(
        fc.array(pdfValue, { maxLength: 8 }),
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 4 }),
        (values, blobs) => {
          const bodies: (string | Buffer)[] = [
            '<< /Type /Catalog /Pages 2 0 R >>',
            '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
            '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
            ...values.map((v) => serialize(v)),
            ...blobs.map((b, i) => stream(i % 2 === 0 ? '/Type /CMap' : '/Type /Metadata', Buffer.from(b))),
          ];
          const input = rawPdf(bodies);
          const { pdf, compacted } = compactPdf(input);
          if (!compacted) {
            expect(pdf).toBe(input);
            return;
          }
          rewritten++;
          expect(pdf.length).toBeLessThan(input.length);
          const out = PdfFile.open(pdf);
          expect(out.lastXrefKind).toBe('stream');
          sameObjects(PdfFile.open(input), out);
        },
      ),
      { numRuns: 200 },
    );
    // Most generated files are worth compacting; the property must not pass on fallbacks alone.
    expect(rewritten).toBeGreaterThan(100);
  });

  it('compresses CMaps but not the XMP metadata, and the result passes qpdf --check', () => {
    const cmap = Buffer.from('/CIDInit /ProcSet findresource begin\n'.repeat(40), 'latin1');
    const xmp = Buffer.from(
      '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta/>'.repeat(10),
      'latin1',
    );
    const input = rawPdf([
      '<< /Type /Catalog /Pages 2 0 R /Metadata 5 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
      stream('/Type /CMap', cmap),
      stream('/Type /Metadata /Subtype /XML', xmp),
    ]);
    const { pdf, compacted } = compactPdf(input);
    expect(compacted).toBe(true);
    const file = PdfFile.open(pdf);
    const c = file.getObject(4) as PdfStream;
    const m = file.getObject(5) as PdfStream;
    expect(serialize(c.dict.get('Filter')!)).toBe('/FlateDecode');
    expect(m.dict.get('Filter')).toBeUndefined();
    expect(Buffer.from(m.raw).equals(xmp)).toBe(true);
    const check = qpdf(pdf);
    expect(check.status, check.stdout + check.stderr).toBe(0);
  });

  it('keeps the text and passes qpdf --check for a pdf-lib document', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    for (let i = 0; i < 3; i++)
      doc.addPage([300, 400]).drawText(`page ${i + 1} text`, { x: 20, y: 300, font });
    const input = await doc.save({ useObjectStreams: false });
    const { pdf, compacted } = compactPdf(input);
    expect(compacted).toBe(true);
    expect(qpdf(pdf).status).toBe(0);
    expect(pdftotext(pdf)).toBe(pdftotext(input));
    // pdf-lib writes PDF 1.7; the version is kept (never below 1.5, for the object streams).
    expect(Buffer.from(pdf.subarray(0, 8)).toString('latin1')).toBe('%PDF-1.7');
    const old = Buffer.from(input);
    old.write('%PDF-1.3', 0, 'latin1');
    expect(Buffer.from(compactPdf(old).pdf.subarray(0, 8)).toString('latin1')).toBe('%PDF-1.5');
  });

  it('leaves alone what it was not made for: updated, object-stream and broken files', async () => {
    const base = rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>']);
    const file = PdfFile.open(base);
    const u = new IncrementalUpdate(file);
    u.add(new PdfDict([['X', 1]]));
    const updated = u.build().bytes;
    expect(compactPdf(updated).pdf).toBe(updated);
    const doc = await PDFDocument.create();
    doc.addPage();
    const withStreams = await doc.save({ useObjectStreams: true });
    expect(compactPdf(withStreams).compacted).toBe(false);
    // An xref entry pointing at something that is not an object.
    const broken = Buffer.from(base);
    broken.write('xx', Buffer.from(base).indexOf('2 0 obj'), 'latin1');
    expect(compactPdf(broken)).toEqual({ pdf: broken, compacted: false });
    const garbage = new Uint8Array([1, 2, 3]);
    expect(compactPdf(garbage)).toEqual({ pdf: garbage, compacted: false });
  });
});

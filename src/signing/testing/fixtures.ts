/** Test inputs: PDFs from pdf-lib and a seal PNG with transparency. Tests only. */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { PNG } from 'pngjs';

export async function makePdf(
  pages = 3,
  options: { useObjectStreams?: boolean; text?: string } = {},
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([595, 842]);
    page.drawText(options.text ?? `Contract page ${i + 1}`, { x: 72, y: 760, size: 14, font });
    page.drawText('Party A (seal): ____', { x: 72, y: 200, size: 12, font });
  }
  return doc.save({ useObjectStreams: options.useObjectStreams ?? false });
}

/** A red ring on a transparent background, `size`×`size` pixels. */
export function makeSealPng(size = 120): Uint8Array {
  const png = new PNG({ width: size, height: size });
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - c, y - c);
      const i = (y * size + x) * 4;
      const on = (d < c - 2 && d > c - 10) || d < c / 4;
      png.data[i] = 220;
      png.data[i + 1] = 20;
      png.data[i + 2] = 30;
      png.data[i + 3] = on ? 255 : 0;
    }
  }
  return PNG.sync.write(png);
}

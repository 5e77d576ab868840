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

/**
 * A PDF written by hand from object bodies (object i+1 = bodies[i], catalog = object 1), with a
 * classic xref table — for content the high-level builders cannot make (CID fonts, odd layouts).
 */
export function rawPdf(bodies: (string | Buffer)[]): Uint8Array {
  const chunks: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let pos = chunks[0]!.length;
  const offsets: number[] = [];
  bodies.forEach((b, i) => {
    offsets.push(pos);
    const chunk = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`),
      typeof b === 'string' ? Buffer.from(b, 'latin1') : b,
      Buffer.from('\nendobj\n'),
    ]);
    chunks.push(chunk);
    pos += chunk.length;
  });
  let xref = `xref\n0 ${bodies.length + 1}\n0000000000 65535 f\r\n`;
  for (const o of offsets) xref += `${String(o).padStart(10, '0')} 00000 n\r\n`;
  xref += `trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R >>\nstartxref\n${pos}\n%%EOF\n`;
  chunks.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(chunks);
}

export function stream(dict: string, data: string | Buffer): Buffer {
  const d = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  return Buffer.concat([
    Buffer.from(`<< ${dict} /Length ${d.length} >>\nstream\n`, 'latin1'),
    d,
    Buffer.from('\nendstream', 'latin1'),
  ]);
}

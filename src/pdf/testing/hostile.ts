/**
 * Generators of hostile PDFs for the parser's bounds (../limits.ts): each one is small on the wire
 * and asks for something huge — billions of xref entries, a gigabyte of inflated stream, a
 * hundred thousand nested arrays. Built here, in memory, so each test shows the attack it stops.
 */
import { deflateRawSync, constants } from 'node:zlib';

/** A classic PDF (ISO 32000-1 §7.5): the bodies of objects 1…n, an xref table and a trailer. */
export function classicPdf(
  objects: (string | Buffer)[],
  options: { trailer?: string; padding?: number; xrefSubsection?: string } = {},
): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  if (options.padding) {
    // A comment line of padding, so the file has the size the attack was reported with.
    parts.push(Buffer.from(`%${'x'.repeat(options.padding)}\n`, 'latin1'));
  }
  let length = parts.reduce((n, p) => n + p.length, 0);
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(length);
    const obj = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    parts.push(obj);
    length += obj.length;
  });
  const xrefAt = length;
  const rows = ['0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)];
  const subsection = options.xrefSubsection ?? `0 ${objects.length + 1}`;
  const trailer = options.trailer ?? `<< /Size ${objects.length + 1} /Root 1 0 R >>`;
  parts.push(
    Buffer.from(
      `xref\n${subsection}\n${rows.join('')}trailer\n${trailer}\nstartxref\n${xrefAt}\n%%EOF\n`,
      'latin1',
    ),
  );
  return Buffer.concat(parts);
}

/** A minimal valid catalog and page tree as objects 1–3 of classicPdf. */
export const CATALOG_OBJECTS = [
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>',
];

/**
 * A zlib stream (RFC 1950) that inflates to `inflated` zero bytes, built without ever holding
 * them: one megabyte of zeros deflated as non-final, byte-aligned blocks (a sync flush), repeated,
 * then an empty final block and the Adler-32 of the whole (RFC 1950 §8.2: for n zeros a = 1,
 * b = n mod 65521). 1 GiB comes out at about 1 MB.
 */
export function zlibBomb(inflated: number): Buffer {
  const chunk = 1024 * 1024;
  const block = deflateRawSync(Buffer.alloc(chunk), {
    level: 9,
    finishFlush: constants.Z_SYNC_FLUSH,
  });
  const parts: Buffer[] = [Buffer.from([0x78, 0xda])];
  let n = 0;
  for (; n + chunk <= inflated; n += chunk) parts.push(block);
  if (n < inflated) {
    parts.push(deflateRawSync(Buffer.alloc(inflated - n), { finishFlush: constants.Z_SYNC_FLUSH }));
  }
  parts.push(Buffer.from([0x03, 0x00])); // a final fixed-Huffman block holding nothing
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((inflated % 65521) << 16) | 1) >>> 0);
  parts.push(adler);
  return Buffer.concat(parts);
}

/** An xref-stream PDF (§7.5.8) whose xref stream is a zlib bomb of `inflated` bytes. */
export function xrefStreamBomb(inflated: number): Buffer {
  const head = Buffer.from('%PDF-1.7\n', 'latin1');
  const bomb = zlibBomb(inflated);
  const obj = Buffer.concat([
    Buffer.from(
      `1 0 obj\n<< /Type /XRef /Size 2 /W [1 4 2] /Filter /FlateDecode /Length ${bomb.length} >>\nstream\n`,
      'latin1',
    ),
    bomb,
    Buffer.from('\nendstream\nendobj\n', 'latin1'),
  ]);
  return Buffer.concat([head, obj, Buffer.from(`startxref\n${head.length}\n%%EOF\n`, 'latin1')]);
}

/**
 * A PDF whose catalog (object 1) lives in an object stream (object 2, §7.5.7) that is a zlib bomb;
 * its cross-reference is an uncompressed xref stream (object 3, §7.5.8) with a type-2 row for it.
 */
export function objectStreamBomb(inflated: number): Buffer {
  const bomb = zlibBomb(inflated);
  const head = Buffer.from('%PDF-1.7\n', 'latin1');
  const objStm = Buffer.concat([
    Buffer.from(
      `2 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${bomb.length} >>\nstream\n`,
    ),
    bomb,
    Buffer.from('\nendstream\nendobj\n'),
  ]);
  const xrefAt = head.length + objStm.length;
  // /W [1 4 2]: type, field 2, field 3 (§7.5.8.3 Table 18).
  const row = (type: number, f2: number, f3: number): Buffer => {
    const b = Buffer.alloc(7);
    b[0] = type;
    b.writeUInt32BE(f2, 1);
    b.writeUInt16BE(f3, 5);
    return b;
  };
  const rows = Buffer.concat([row(0, 0, 65535), row(2, 2, 0), row(1, head.length, 0), row(1, xrefAt, 0)]);
  const xref = Buffer.concat([
    Buffer.from(`3 0 obj\n<< /Type /XRef /Size 4 /W [1 4 2] /Root 1 0 R /Length ${rows.length} >>\nstream\n`),
    rows,
    Buffer.from('\nendstream\nendobj\n'),
  ]);
  return Buffer.concat([head, objStm, xref, Buffer.from(`startxref\n${xrefAt}\n%%EOF\n`)]);
}

/** `depth` arrays (or dictionaries) inside one another, as the catalog's /Nest entry. */
export function nestedPdf(depth: number, kind: 'array' | 'dict'): Buffer {
  const open = kind === 'array' ? '[' : '<< /A ';
  const close = kind === 'array' ? ']' : ' >>';
  const nest = open.repeat(depth) + close.repeat(depth);
  return classicPdf([`<< /Type /Catalog /Pages 2 0 R /Nest ${nest} >>`, ...CATALOG_OBJECTS.slice(1)]);
}

/** A PDF whose form holds `n` signature fields, each with a (bogus) signature dictionary. */
export function manySignatures(n: number): Buffer {
  const fields = Array.from({ length: n }, (_, i) => `<< /FT /Sig /T (s${i}) /V << /Type /Sig >> >>`).join(
    ' ',
  );
  return classicPdf([
    `<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [${fields}] >> >>`,
    ...CATALOG_OBJECTS.slice(1),
  ]);
}

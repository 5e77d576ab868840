/**
 * Rewrites a freshly produced, single-revision PDF more compactly, without changing any object's
 * meaning: every object that may live in an object stream goes into one, compressed (ISO 32000-1
 * §7.5.7), the cross-reference table becomes a compressed cross-reference stream (§7.5.8), and
 * streams stored without a filter (Typst writes its ToUnicode CMaps so) are Flate-compressed.
 * Object numbers stay as they are, so references need no rewriting. The document metadata stream
 * is left uncompressed, as XMP tools expect to find it (ISO 16684-1 §7.3, packet scanning).
 *
 * Anything this writer was not made for (several revisions, encryption, generations other than
 * 0, objects already in object streams) is returned unchanged: compaction is an optimisation,
 * never a reason to fail a render.
 */
import { deflateSync } from 'node:zlib';
import { PdfFile } from './file.js';
import { PdfDict, PdfName, PdfStream, serialize, serializeObject, type PdfValue } from './objects.js';

export interface CompactResult {
  pdf: Uint8Array;
  /** False when the input was returned unchanged (see the module comment). */
  compacted: boolean;
}

/** zlib level of what this pass compresses: the default. */
const LEVEL = 6;

export function compactPdf(input: Uint8Array): CompactResult {
  try {
    return compact(input);
  } catch {
    // A file this reader cannot take apart is left as it is.
    return { pdf: input, compacted: false };
  }
}

function compact(input: Uint8Array): CompactResult {
  const file = PdfFile.open(input);
  const trailer = file.trailer;
  if (trailer.get('Prev') !== undefined || file.isEncrypted() || file.lastXrefKind !== 'table')
    return { pdf: input, compacted: false };

  const numbers = [...file.xref.entries()]
    .filter(([, e]) => e.type !== 0)
    .map(([n]) => n)
    .sort((a, b) => a - b);
  const streams: [number, PdfStream][] = [];
  const packed: [number, PdfValue][] = [];
  for (const n of numbers) {
    const e = file.xref.get(n)!;
    if (e.type !== 1 || e.gen !== 0) return { pdf: input, compacted: false };
    const value = file.getObject(n);
    if (value === undefined) return { pdf: input, compacted: false };
    if (value instanceof PdfStream) streams.push([n, value]);
    else packed.push([n, value]);
  }

  // The input's version, at least 1.5 (object and xref streams, ISO 32000-1 §7.5.7–8).
  const declared = /^%PDF-(\d\.\d)/.exec(Buffer.from(input.subarray(0, 16)).toString('latin1'))?.[1] ?? '1.7';
  const version = Number(declared) < 1.5 ? '1.5' : declared;
  const chunks: Buffer[] = [Buffer.from(`%PDF-${version}\n%\xe2\xe3\xcf\xd3\n`, 'latin1')];
  let offset = chunks[0]!.length;
  const offsets = new Map<number, number>();
  const emit = (n: number, body: Buffer) => {
    offsets.set(n, offset);
    const chunk = Buffer.concat([
      Buffer.from(`${n} 0 obj\n`, 'latin1'),
      body,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    chunks.push(chunk);
    offset += chunk.length;
  };

  for (const [n, s] of streams) emit(n, serializeObject(compressed(s)));

  // §7.5.7: "N offset" pairs, then the objects; offsets are relative to /First.
  // file.size is one past every object number in the xref.
  const objStmNum = file.size;
  const xrefNum = objStmNum + 1;
  const bodies = packed.map(([, v]) => serialize(v));
  let header = '';
  let rel = 0;
  packed.forEach(([n], i) => {
    header += `${n} ${rel} `;
    rel += bodies[i]!.length + 1;
  });
  const content = Buffer.from(`${header}\n${bodies.join('\n')}\n`, 'latin1');
  const first = header.length + 1;
  if (packed.length > 0) {
    emit(
      objStmNum,
      serializeObject(
        new PdfStream(
          new PdfDict([
            ['Type', PdfName.of('ObjStm')],
            ['N', packed.length],
            ['First', first],
            ['Filter', PdfName.of('FlateDecode')],
          ]),
          deflateSync(content, { level: LEVEL }),
        ),
      ),
    );
  }

  // §7.5.8.2: type 1 = offset in the file, type 2 = (object stream, index), W = [1 4 2].
  const rows = Buffer.alloc((xrefNum + 1) * 7);
  const row = (n: number, type: number, f2: number, f3: number) => {
    rows.writeUInt8(type, n * 7);
    rows.writeUInt32BE(f2, n * 7 + 1);
    rows.writeUInt16BE(f3, n * 7 + 5);
  };
  // Rows not written stay free entries (type 0, all zero: Buffer.alloc zero-fills).
  row(0, 0, 0, 0xffff);
  for (const [n, o] of offsets) row(n, 1, o, 0);
  packed.forEach(([n], i) => row(n, 2, objStmNum, i));
  row(xrefNum, 1, offset, 0);
  const xrefDict = new PdfDict([
    ['Type', PdfName.of('XRef')],
    ['Size', xrefNum + 1],
    ['W', [1, 4, 2]],
    ['Filter', PdfName.of('FlateDecode')],
  ]);
  for (const key of ['Root', 'Info', 'ID']) {
    const v = trailer.get(key);
    if (v !== undefined) xrefDict.set(key, v);
  }
  const xrefAt = offset;
  emit(xrefNum, serializeObject(new PdfStream(xrefDict, deflateSync(rows, { level: LEVEL }))));
  chunks.push(Buffer.from(`startxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
  const out = Buffer.concat(chunks);
  return out.length < input.length ? { pdf: out, compacted: true } : { pdf: input, compacted: false };
}

/** The stream Flate-compressed when it has no filter yet and is not the XMP metadata. */
function compressed(s: PdfStream): PdfStream {
  if (s.dict.get('Filter') !== undefined) return s;
  if (s.dict.name('Type') === 'Metadata') return s;
  const packed = deflateSync(s.raw, { level: LEVEL });
  if (packed.length >= s.raw.length) return s;
  return new PdfStream(s.dict.clone().set('Filter', PdfName.of('FlateDecode')), packed);
}

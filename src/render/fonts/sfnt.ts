/**
 * The one change Hetong makes to the shipped fonts as it loads them: a shorter `name` table.
 * Typst's PDF export copies a font's name records into every embedded subset, and the Noto SC
 * files carry designer credits, URLs and the licence text there (in every contract, for every
 * face it uses; sfnt.test.ts shows the table shrink); a contract needs only the names that
 * identify the face. The licence
 * travels with the font files in the npm packages; a document embedding a subset is not the
 * font software (SIL OFL FAQ 1.11).
 *
 * The table is rewritten in place (OpenType `name` format 0, ISO/IEC 14496-22 §5.2.6): same
 * offset, shorter length, the freed bytes zeroed; the table checksum and head.checkSumAdjustment
 * are recomputed (§5.1.2, §5.2.2).
 */

/** Name IDs kept: copyright, family, subfamily, full name, PostScript name, trademark. */
export const KEPT_NAME_IDS: ReadonlySet<number> = new Set([0, 1, 2, 4, 6, 7]);

interface TableRecord {
  /** Byte offset of the table's directory entry. */
  entry: number;
  offset: number;
  length: number;
}

function tables(font: Buffer): Map<string, TableRecord> {
  const count = font.readUInt16BE(4);
  const out = new Map<string, TableRecord>();
  for (let i = 0; i < count; i++) {
    const entry = 12 + i * 16;
    out.set(font.toString('latin1', entry, entry + 4), {
      entry,
      offset: font.readUInt32BE(entry + 8),
      length: font.readUInt32BE(entry + 12),
    });
  }
  return out;
}

/** OpenType table checksum: the sum of its big-endian uint32 words, zero-padded (§5.1.2). */
function checksum(data: Buffer): number {
  let sum = 0;
  const whole = data.length & ~3;
  for (let i = 0; i < whole; i += 4) sum = (sum + data.readUInt32BE(i)) >>> 0;
  if (whole < data.length) {
    const tail = Buffer.alloc(4);
    data.copy(tail, 0, whole);
    sum = (sum + tail.readUInt32BE(0)) >>> 0;
  }
  return sum;
}

/**
 * A copy of `bytes` whose name table holds only the records with an ID in `keep`; the input
 * unchanged when it is not a TrueType/OpenType file with a name table of format 0.
 */
export function trimNameTable(bytes: Uint8Array, keep: ReadonlySet<number> = KEPT_NAME_IDS): Uint8Array {
  const font = Buffer.from(bytes);
  if (font.length < 12) return bytes;
  const version = font.readUInt32BE(0);
  if (version !== 0x00010000 && version !== 0x4f54544f) return bytes;
  const dir = tables(font);
  const name = dir.get('name');
  const head = dir.get('head');
  if (name === undefined || head === undefined || name.offset + name.length > font.length) return bytes;
  const table = font.subarray(name.offset, name.offset + name.length);
  if (table.length < 6 || table.readUInt16BE(0) !== 0) return bytes;
  const count = table.readUInt16BE(2);
  const storage = table.readUInt16BE(4);
  const records: { ids: Buffer; text: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    const r = 6 + i * 12;
    if (r + 12 > table.length) return bytes;
    if (!keep.has(table.readUInt16BE(r + 6))) continue;
    const length = table.readUInt16BE(r + 8);
    const start = storage + table.readUInt16BE(r + 10);
    if (start + length > table.length) return bytes;
    records.push({
      ids: Buffer.from(table.subarray(r, r + 8)),
      text: Buffer.from(table.subarray(start, start + length)),
    });
  }
  const header = Buffer.alloc(6 + records.length * 12);
  header.writeUInt16BE(0, 0);
  header.writeUInt16BE(records.length, 2);
  header.writeUInt16BE(header.length, 4);
  let at = 0;
  records.forEach((rec, i) => {
    const r = 6 + i * 12;
    rec.ids.copy(header, r);
    header.writeUInt16BE(rec.text.length, r + 8);
    header.writeUInt16BE(at, r + 10);
    at += rec.text.length;
  });
  const trimmed = Buffer.concat([header, ...records.map((r) => r.text)]);
  if (trimmed.length >= name.length) return bytes;
  table.fill(0);
  trimmed.copy(table);
  font.writeUInt32BE(checksum(trimmed), name.entry + 4);
  font.writeUInt32BE(trimmed.length, name.entry + 12);
  // head.checkSumAdjustment: 0xB1B0AFBA minus the checksum of the whole font with it zeroed.
  font.writeUInt32BE(0, head.offset + 8);
  font.writeUInt32BE((0xb1b0afba - checksum(font)) >>> 0, head.offset + 8);
  return font;
}

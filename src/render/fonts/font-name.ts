/**
 * Reads the family name of a TrueType/OpenType font from its `name` table (OpenType spec, "name —
 * Naming Table": nameID 16 typographic family, else nameID 1 family), so a registered font can be
 * selected by the name Typst sees.
 */
import { HetongError } from '../../shared/errors.js';

export function fontFamilyName(bytes: Uint8Array): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (why: string): never => {
    throw new HetongError('FONT_INVALID', 400, `not a usable TrueType/OpenType font: ${why}`);
  };
  if (bytes.byteLength < 12) fail('too short');
  const tag = view.getUint32(0);
  // 0x00010000 TrueType, 'OTTO' CFF, 'true' (old Apple TrueType).
  if (tag !== 0x00010000 && tag !== 0x4f54544f && tag !== 0x74727565) fail('unknown sfnt version');
  const numTables = view.getUint16(4);
  let nameOffset = -1;
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    if (rec + 16 > bytes.byteLength) fail('truncated table directory');
    if (view.getUint32(rec) === 0x6e616d65 /* 'name' */) nameOffset = view.getUint32(rec + 8);
  }
  if (nameOffset < 0 || nameOffset + 6 > bytes.byteLength) fail('no name table');
  const count = view.getUint16(nameOffset + 2);
  const strings = nameOffset + view.getUint16(nameOffset + 4);
  const found = new Map<number, string>();
  for (let i = 0; i < count; i++) {
    const rec = nameOffset + 6 + i * 12;
    if (rec + 12 > bytes.byteLength) break;
    const platform = view.getUint16(rec);
    const nameId = view.getUint16(rec + 6);
    const length = view.getUint16(rec + 8);
    const start = strings + view.getUint16(rec + 10);
    if ((nameId !== 1 && nameId !== 16) || start + length > bytes.byteLength) continue;
    const raw = bytes.subarray(start, start + length);
    // Platform 3 (Windows) and 0 (Unicode) store UTF-16BE; platform 1 (Mac) single-byte Roman.
    const text = platform === 1 ? String.fromCharCode(...raw) : utf16be(raw);
    if (platform !== 1 || !found.has(nameId)) found.set(nameId, text);
  }
  const family = found.get(16) ?? found.get(1);
  if (family === undefined || family.trim() === '') return fail('no family name');
  return family.trim();
}

function utf16be(raw: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < raw.length; i += 2) s += String.fromCharCode((raw[i]! << 8) | raw[i + 1]!);
  return s;
}

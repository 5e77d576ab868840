import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fontFamilyName } from './font-name.js';
import { shippedFontPaths } from './registry.js';
import { trimNameTable } from './sfnt.js';

function table(font: Buffer, tag: string): { offset: number; length: number; checksum: number } {
  const n = font.readUInt16BE(4);
  for (let i = 0; i < n; i++) {
    const e = 12 + i * 16;
    if (font.toString('latin1', e, e + 4) === tag)
      return {
        checksum: font.readUInt32BE(e + 4),
        offset: font.readUInt32BE(e + 8),
        length: font.readUInt32BE(e + 12),
      };
  }
  throw new Error(`no ${tag}`);
}

function sum(b: Buffer): number {
  let s = 0;
  for (let i = 0; i < b.length; i += 4) {
    const w = Buffer.alloc(4);
    b.copy(w, 0, i, Math.min(i + 4, b.length));
    s = (s + w.readUInt32BE(0)) >>> 0;
  }
  return s;
}

function nameIds(font: Buffer): number[] {
  const t = table(font, 'name');
  const count = font.readUInt16BE(t.offset + 2);
  return Array.from({ length: count }, (_, i) => font.readUInt16BE(t.offset + 6 + i * 12 + 6));
}

describe('trimNameTable', () => {
  const original = readFileSync(shippedFontPaths()[1]!); // Noto Serif SC Bold
  const trimmed = Buffer.from(trimNameTable(original));

  it('keeps only the identifying names, and the face is still found by its family', () => {
    expect(nameIds(original)).toContain(13);
    expect(new Set(nameIds(trimmed))).toEqual(new Set([0, 1, 2, 4, 6, 7]));
    expect(table(trimmed, 'name').length).toBeLessThan(table(original, 'name').length / 2);
    expect(fontFamilyName(trimmed)).toBe('Noto Serif SC');
    expect(trimmed.length).toBe(original.length);
    // Every other table is byte for byte the same.
    const g1 = table(original, 'glyf');
    const g2 = table(trimmed, 'glyf');
    expect(
      trimmed
        .subarray(g2.offset, g2.offset + g2.length)
        .equals(original.subarray(g1.offset, g1.offset + g1.length)),
    ).toBe(true);
  });

  it('leaves valid checksums: the name table, and the whole font against head.checkSumAdjustment', () => {
    const t = table(trimmed, 'name');
    expect(sum(trimmed.subarray(t.offset, t.offset + t.length))).toBe(t.checksum);
    // ISO/IEC 14496-22 §5.2.2: the whole font sums to 0xB1B0AFBA.
    expect(sum(trimmed)).toBe(0xb1b0afba);
  });

  it('returns anything that is not a font unchanged', () => {
    const junk = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(trimNameTable(junk)).toBe(junk);
  });
});

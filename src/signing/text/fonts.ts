/**
 * Just enough of PDF fonts (ISO 32000-1 §9.6–9.7) to turn shown strings into text and advances:
 * Type0/CID fonts with Identity-H (2-byte codes, /W widths), simple fonts (1-byte codes, /Widths),
 * /ToUnicode when present, else Latin-1 for simple fonts. Standard-14 fonts without /Widths get an
 * average advance of 0.5 em, which only blurs the end of a keyword by a fraction of a glyph.
 */
import type { PdfFile } from '../../pdf/file.js';
import { PdfLimitError } from '../../pdf/limits.js';
import { PdfStream, type PdfDict } from '../../pdf/objects.js';
import { parseToUnicode, type ToUnicode } from './cmap.js';

export interface DecodedGlyph {
  text: string;
  /** Advance in text-space units per 1 of font size (glyph width / 1000). */
  width: number;
  /** Single-byte code 32: word spacing applies (§9.3.3). */
  isSpace: boolean;
}

export interface FontDecoder {
  /** The glyphs of a shown string; the objects are shared between calls (one per code): read only. */
  decode(bytes: Uint8Array): readonly Readonly<DecodedGlyph>[];
}

export function fontDecoder(file: PdfFile, font: PdfDict): FontDecoder {
  const subtype = font.name('Subtype');
  const tu = file.resolve(font.get('ToUnicode'));
  let toUnicode: ToUnicode | undefined;
  if (tu instanceof PdfStream) {
    try {
      toUnicode = parseToUnicode(file.decode(tu));
    } catch (e) {
      if (e instanceof PdfLimitError) throw e;
      toUnicode = undefined;
    }
  }
  if (subtype === 'Type0') {
    const desc = file.resolveDict(
      (file.resolve(font.get('DescendantFonts')) as unknown[] | undefined)?.[0] as never,
    );
    const dw = file.resolve(desc?.get('DW'));
    const widths = cidWidths(file, desc);
    const defaultWidth = typeof dw === 'number' ? dw : 1000;
    // A page shows a few hundred distinct codes a thousand times: each is decoded once.
    const known = new Map<number, DecodedGlyph>();
    return {
      decode(bytes) {
        const out: DecodedGlyph[] = [];
        for (let i = 0; i + 1 < bytes.length; i += 2) {
          const code = (bytes[i]! << 8) | bytes[i + 1]!;
          let g = known.get(code);
          if (g === undefined) {
            g = {
              text: toUnicode?.map.get(code) ?? '',
              width: (widths.get(code) ?? defaultWidth) / 1000,
              isSpace: false,
            };
            known.set(code, g);
          }
          out.push(g);
        }
        return out;
      },
    };
  }
  const first = file.resolve(font.get('FirstChar'));
  const ws = file.resolve(font.get('Widths'));
  const firstChar = typeof first === 'number' ? first : 0;
  const known: (DecodedGlyph | undefined)[] = new Array<DecodedGlyph | undefined>(256);
  return {
    decode(bytes) {
      const out: DecodedGlyph[] = [];
      for (const code of bytes) {
        let g = known[code];
        if (g === undefined) {
          const w = Array.isArray(ws) ? file.resolve(ws[code - firstChar]) : undefined;
          g = known[code] = {
            text: toUnicode?.map.get(code) ?? String.fromCharCode(code),
            width: (typeof w === 'number' ? w : 500) / 1000,
            isSpace: code === 32,
          };
        }
        out.push(g);
      }
      return out;
    },
  };
}

/** §9.7.4.3: /W [c [w1 w2 …] cfirst clast w …]. */
function cidWidths(file: PdfFile, desc: PdfDict | undefined): Map<number, number> {
  const out = new Map<number, number>();
  const w = file.resolve(desc?.get('W'));
  if (!Array.isArray(w)) return out;
  for (let i = 0; i < w.length;) {
    const c = file.resolve(w[i]);
    const next = file.resolve(w[i + 1]);
    if (typeof c !== 'number') break;
    if (Array.isArray(next)) {
      next.forEach((x, j) => {
        const v = file.resolve(x);
        if (typeof v === 'number') out.set(c + j, v);
      });
      i += 2;
    } else {
      const last = next;
      const v = file.resolve(w[i + 2]);
      if (typeof last === 'number' && typeof v === 'number' && last - c < 65536)
        for (let k = c; k <= last; k++) out.set(k, v);
      i += 3;
    }
  }
  return out;
}

/**
 * ToUnicode CMaps (ISO 32000-1 §9.10.3, Adobe TN 5014/5411): codespace ranges, bfchar and bfrange
 * mappings from character codes to UTF-16BE text.
 */

export interface ToUnicode {
  /** Bytes per code, from the first codespace range (1 for simple fonts, 2 for Identity-H). */
  codeLength: number;
  map: Map<number, string>;
}

const utf16 = (hex: string): string =>
  Buffer.from(hex.length % 4 ? hex.padStart(Math.ceil(hex.length / 4) * 4, '0') : hex, 'hex')
    .swap16()
    .toString('utf16le');

export function parseToUnicode(data: Uint8Array): ToUnicode {
  const text = Buffer.from(data).toString('latin1');
  const map = new Map<number, string>();
  const cs = /begincodespacerange\s*<([0-9a-fA-F]+)>/.exec(text);
  const codeLength = cs ? Math.max(1, cs[1]!.length / 2) : 2;
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>/g))
      map.set(parseInt(m[1]!, 16), utf16(m[2]!));
  }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(
      /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]*>|\[[^\]]*\])/g,
    )) {
      const lo = parseInt(m[1]!, 16);
      const hi = parseInt(m[2]!, 16);
      if (hi - lo > 0xffff) continue;
      const dst = m[3]!;
      if (dst.startsWith('[')) {
        const items = [...dst.matchAll(/<([0-9a-fA-F]*)>/g)];
        items.forEach((it, i) => map.set(lo + i, utf16(it[1]!)));
      } else {
        // The last byte of the destination increments across the range.
        const hex = dst.slice(1, -1);
        const base = Buffer.from(hex.padStart(Math.ceil(hex.length / 4) * 4, '0'), 'hex');
        for (let c = lo; c <= hi; c++) {
          const b = Buffer.from(base);
          const last = b.length - 1;
          const v = b[last]! + (c - lo);
          b[last] = v & 0xff;
          if (last > 0) b[last - 1] = (b[last - 1]! + (v >> 8)) & 0xff;
          map.set(c, b.swap16().toString('utf16le'));
        }
      }
    }
  }
  return { codeLength, map };
}

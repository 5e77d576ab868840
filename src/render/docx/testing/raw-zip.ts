/**
 * A raw zip writer for hostile-package tests: it writes exactly the headers it is told to, so a
 * test can declare sizes that lie, repeat a name, set the encryption flag or name a part "../x".
 * (PKWARE APPNOTE.TXT §4.3.7 local header, §4.3.12 central header, §4.3.16 end record.)
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface RawEntry {
  name: string;
  /** The stored bytes: already deflated when method is 8. */
  data: Uint8Array;
  method?: 0 | 8;
  /** Uncompressed size written in both headers (default: data length for stored entries). */
  declaredSize?: number;
  crc?: number;
  flags?: number;
}

export function writeRawZip(entries: RawEntry[]): Uint8Array {
  const enc = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const method = e.method ?? 0;
    const size = e.declaredSize ?? e.data.length;
    const crc = e.crc ?? (method === 0 ? crc32(e.data) >>> 0 : 0);
    const flags = (e.flags ?? 0) | 0x800;
    const lh = new DataView(new ArrayBuffer(30));
    lh.setUint32(0, 0x04034b50, true);
    lh.setUint16(4, 20, true);
    lh.setUint16(6, flags, true);
    lh.setUint16(8, method, true);
    lh.setUint32(14, crc, true);
    lh.setUint32(18, e.data.length, true);
    lh.setUint32(22, size, true);
    lh.setUint16(26, name.length, true);
    locals.push(new Uint8Array(lh.buffer), name, e.data);
    const ch = new DataView(new ArrayBuffer(46));
    ch.setUint32(0, 0x02014b50, true);
    ch.setUint16(4, 20, true);
    ch.setUint16(6, 20, true);
    ch.setUint16(8, flags, true);
    ch.setUint16(10, method, true);
    ch.setUint32(16, crc, true);
    ch.setUint32(20, e.data.length, true);
    ch.setUint32(24, size, true);
    ch.setUint16(28, name.length, true);
    ch.setUint32(42, offset, true);
    centrals.push(new Uint8Array(ch.buffer), name);
    offset += 30 + name.length + e.data.length;
  }
  const cdSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, cdSize, true);
  end.setUint32(16, offset, true);
  const parts = [...locals, ...centrals, new Uint8Array(end.buffer)];
  const out = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
  let pos = 0;
  for (const b of parts) {
    out.set(b, pos);
    pos += b.length;
  }
  return out;
}

/**
 * A raw deflate stream of `mebibytes` MiB of zeros, built in milliseconds: one 4 MiB block
 * compressed with a sync flush (byte-aligned, not final, RFC 1951 §3.2.3) repeated, then an empty
 * final block. About 1 KiB of output per 1 MiB of zeros (deflate's ~1:1000 limit).
 */
export function zeroDeflateBomb(mebibytes: number): Uint8Array {
  const unit = deflateRawSync(new Uint8Array(4 << 20), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const tail = deflateRawSync(new Uint8Array(0));
  const n = Math.ceil(mebibytes / 4);
  const out = new Uint8Array(unit.length * n + tail.length);
  for (let i = 0; i < n; i++) out.set(unit, i * unit.length);
  out.set(tail, unit.length * n);
  return out;
}

/**
 * A zip reader for untrusted uploads. It reads the central directory itself (PKWARE APPNOTE.TXT
 * §4.3.12-§4.3.16) and inflates one part at a time with a hard output cap (zlib's
 * `maxOutputLength`), so a zip bomb costs at most the cap in memory and time, whatever sizes the
 * headers declare. `checkAll` holds every entry to the same caps — also the parts no relationship
 * names, which the parser never reads but the stored .docx would still carry to whoever opens it
 * (issue #14: a 1 GiB part nobody referenced was accepted). No I/O: bytes in, bytes out.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { invalidDocx, tooLarge } from './errors.js';
import type { IntakeLimits } from './limits.js';

const SIG_EOCD = 0x06054b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const EOCD_MIN = 22;
/** Entries inflating to less than this are never refused for their compression ratio. */
const RATIO_FLOOR = 1024 * 1024;

interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

export interface ZipArchive {
  /** Part names as stored (without a leading '/'), directories left out. */
  readonly names: readonly string[];
  /** OPC part names compare case-insensitively (ECMA-376 Part 2 §6.2.2.3). */
  has(name: string): boolean;
  /** Inflate one part under the limits; bytes inflated so far count against the total. */
  read(name: string): Uint8Array;
  /** Bytes inflated by every `read` so far. */
  readonly inflatedBytes: number;
  /**
   * Inflates every entry under the per-part, ratio and total caps and checks its CRC-32, keeping
   * nothing: declared sizes, actual sizes and ratios of all parts, referenced or not.
   */
  checkAll(): void;
}

/** APPNOTE §4.4.8-§4.4.9: a size or offset of 0xFFFFFFFF means "see the ZIP64 extra field". */
const ZIP64_MARK = 0xffffffff;

const utf8 = new TextDecoder('utf-8');

export function openZip(bytes: Uint8Array, limits: IntakeLimits): ZipArchive {
  if (bytes.length > limits.maxCompressedBytes) {
    throw tooLarge(
      `The file is ${bytes.length} bytes; templates may be at most ${limits.maxCompressedBytes} bytes.`,
      { limit: 'maxCompressedBytes', value: bytes.length },
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEocd(bytes, view);
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
    throw invalidDocx('The file uses ZIP64 extensions, which a Word document never needs.');
  }
  if (count > limits.maxEntries) {
    throw tooLarge(`The package holds ${count} parts; at most ${limits.maxEntries} are accepted.`, {
      limit: 'maxEntries',
      value: count,
    });
  }
  if (cdOffset + cdSize > eocd) throw invalidDocx('The zip central directory is damaged.');

  const entries = new Map<string, ZipEntry>();
  const names: string[] = [];
  let pos = cdOffset;
  for (let i = 0; i < count; i++) {
    if (pos + 46 > eocd || view.getUint32(pos, true) !== SIG_CENTRAL) {
      throw invalidDocx('The zip central directory is damaged.');
    }
    const flags = view.getUint16(pos + 8, true);
    const method = view.getUint16(pos + 10, true);
    const nameLen = view.getUint16(pos + 28, true);
    const extraLen = view.getUint16(pos + 30, true);
    const commentLen = view.getUint16(pos + 32, true);
    if (pos + 46 + nameLen > eocd) throw invalidDocx('The zip central directory is damaged.');
    const name = utf8.decode(bytes.subarray(pos + 46, pos + 46 + nameLen));
    const entry: ZipEntry = {
      name,
      method,
      crc: view.getUint32(pos + 16, true),
      compressedSize: view.getUint32(pos + 20, true),
      declaredSize: view.getUint32(pos + 24, true),
      localOffset: view.getUint32(pos + 42, true),
    };
    pos += 46 + nameLen + extraLen + commentLen;

    checkName(name);
    if (
      entry.compressedSize === ZIP64_MARK ||
      entry.declaredSize === ZIP64_MARK ||
      entry.localOffset === ZIP64_MARK
    ) {
      throw invalidDocx(
        `The part "${name}" uses ZIP64 sizes, which a Word document never needs (parts are far below 4 GiB).`,
      );
    }
    // APPNOTE §4.4.4 bit 0: the entry is encrypted (password-protected or "ZipCrypto").
    if (flags & 0x1) throw invalidDocx(`The part "${name}" is encrypted; upload an unprotected document.`);
    if (name.endsWith('/')) continue;
    const key = name.toLowerCase();
    if (entries.has(key)) throw invalidDocx(`The package holds the part "${name}" twice.`);
    if (method !== 0 && method !== 8) {
      throw invalidDocx(
        `The part "${name}" uses zip compression method ${method}; only deflate is accepted.`,
      );
    }
    entries.set(key, entry);
    names.push(name);
  }
  checkDeclared([...entries.values()], limits, cdOffset);

  let inflated = 0;
  return {
    names,
    has: (name) => entries.has(name.replace(/^\//, '').toLowerCase()),
    get inflatedBytes() {
      return inflated;
    },
    read(name) {
      const entry = entries.get(name.replace(/^\//, '').toLowerCase());
      if (!entry) throw invalidDocx(`The package has no part "${name}".`);
      const out = inflateEntry(bytes, view, entry, limits, limits.maxTotalBytes - inflated);
      inflated += out.length;
      return out;
    },
    checkAll() {
      let total = 0;
      for (const entry of entries.values()) {
        total += inflateEntry(bytes, view, entry, limits, limits.maxTotalBytes - total).length;
      }
    },
  };
}

/**
 * What the central directory declares, before anything inflates: every part's declared size under
 * the per-part cap, their sum under the total, and each part's data inside the file and apart
 * from every other's — overlapping entries (one deflate stream named by many parts) are how
 * non-recursive zip bombs multiply a small file's output.
 */
function checkDeclared(entries: ZipEntry[], limits: IntakeLimits, cdOffset: number): void {
  let declared = 0;
  for (const e of entries) {
    if (e.declaredSize > limits.maxEntryBytes) {
      throw tooLarge(
        `The document is too large to accept: the part "${e.name}" declares ${e.declaredSize} bytes (one part may inflate to at most ${limits.maxEntryBytes} bytes).`,
        { limit: 'maxEntryBytes', part: e.name },
      );
    }
    declared += e.declaredSize;
  }
  if (declared > limits.maxTotalBytes) {
    throw tooLarge(
      `The document is too large to accept: its parts declare ${declared} bytes (all parts together may inflate to at most ${limits.maxTotalBytes} bytes).`,
      { limit: 'maxTotalBytes' },
    );
  }
  const sorted = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i]!;
    // 30 bytes of local header, then at least the name and the data (§4.3.7).
    const end = e.localOffset + 30 + e.compressedSize;
    const next = i + 1 < sorted.length ? sorted[i + 1]!.localOffset : cdOffset;
    if (end > next) {
      throw invalidDocx(
        `The part "${e.name}" overlaps ${i + 1 < sorted.length ? `the part "${sorted[i + 1]!.name}"` : 'the central directory'}: the zip is damaged or built to deceive.`,
      );
    }
  }
}

function findEocd(bytes: Uint8Array, view: DataView): number {
  // The EOCD record ends the file, followed only by a comment of at most 65535 bytes (§4.3.16).
  const stop = Math.max(0, bytes.length - EOCD_MIN - 0xffff);
  for (let i = bytes.length - EOCD_MIN; i >= stop; i--) {
    if (view.getUint32(i, true) === SIG_EOCD) return i;
  }
  throw invalidDocx('This file is not a Word document (.docx): it is not a zip package.');
}

function checkName(name: string): void {
  // OPC part names are relative URIs without '.' or '..' segments (ECMA-376 Part 2 §6.2.2.2);
  // anything that could climb out of a folder when extracted is refused.
  const segments = name.split(/[/\\]/);
  if (
    name.length === 0 ||
    name.includes('\0') ||
    name.includes('\\') ||
    name.startsWith('/') ||
    /^[a-zA-Z]:/.test(name) ||
    segments.some((s) => s === '..' || s === '.')
  ) {
    throw invalidDocx(`The package holds a part with an unsafe name: "${name.slice(0, 200)}".`);
  }
}

function inflateEntry(
  bytes: Uint8Array,
  view: DataView,
  e: ZipEntry,
  limits: IntakeLimits,
  remainingTotal: number,
): Uint8Array {
  const lh = e.localOffset;
  if (lh + 30 > bytes.length || view.getUint32(lh, true) !== SIG_LOCAL) {
    throw invalidDocx(`The part "${e.name}" is damaged (bad local header).`);
  }
  const start = lh + 30 + view.getUint16(lh + 26, true) + view.getUint16(lh + 28, true);
  const end = start + e.compressedSize;
  if (end > bytes.length) throw invalidDocx(`The part "${e.name}" is truncated.`);
  const data = bytes.subarray(start, end);

  const bounds: Array<[number, string, string]> = [
    [limits.maxEntryBytes, 'maxEntryBytes', `one part may inflate to at most ${limits.maxEntryBytes} bytes`],
    [
      remainingTotal,
      'maxTotalBytes',
      `all parts together may inflate to at most ${limits.maxTotalBytes} bytes`,
    ],
    [
      Math.max(RATIO_FLOOR, e.compressedSize * limits.maxCompressionRatio),
      'maxCompressionRatio',
      `a part may be compressed at most ${limits.maxCompressionRatio}:1`,
    ],
  ];
  const [cap, limit, rule] = bounds.reduce((a, b) => (b[0] < a[0] ? b : a));
  const refuse = (): never => {
    throw tooLarge(`The document is too large to accept: the part "${e.name}" is too big (${rule}).`, {
      limit,
      part: e.name,
    });
  };
  if (e.declaredSize > cap) refuse();

  let out: Uint8Array;
  if (e.method === 0) {
    if (data.length > cap) refuse();
    out = data;
  } else {
    try {
      // maxOutputLength makes zlib stop and throw once the output passes the cap, so the
      // declared size is never trusted and memory stays bounded.
      out = inflateRawSync(data, { maxOutputLength: Math.max(1, cap) });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) refuse();
      throw invalidDocx(`The part "${e.name}" is damaged (its compressed data is corrupt).`);
    }
  }
  if (crc32(out) >>> 0 !== e.crc >>> 0) {
    throw invalidDocx(`The part "${e.name}" is damaged (checksum mismatch).`);
  }
  return out;
}

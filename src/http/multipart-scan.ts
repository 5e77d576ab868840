/**
 * Watches a multipart/form-data body (RFC 7578; body syntax of RFC 2046 §5.1.1) chunk by chunk
 * while it is still arriving, for one thing: a part without a filename — a text field such as the
 * JSON `contract` of a create with uploads — growing past a cap. The body is still buffered whole
 * (the request signature covers its raw bytes) and split by parseMultipart once complete; the
 * scanner lets the edge refuse such a part, and stop reading, as soon as it passes the cap rather
 * than after the whole upload (issue 14: a 5 MB value rode on the 60 MB upload limit).
 *
 * It reads the syntax exactly as parseMultipart does — the first dash-boundary anywhere, then a
 * part's headers up to CRLF CRLF, its data up to the next delimiter (CRLF dash-boundary), "--"
 * after a boundary closing the body — so the two agree on where every part starts and ends; where
 * a body breaks that syntax the scanner stops watching and leaves the error to the parser. A
 * delimiter split across chunks is found: the scanner remembers how many of its bytes the bytes
 * so far end with (never the part's data), so what it decides does not depend on the chunking.
 */
import { HetongError } from '../shared/errors.js';
import { formDataField, parseHeaders } from './multipart.js';

const CRLF_CRLF = Buffer.from('\r\n\r\n');

/**
 * Finds a delimiter in a stream of chunks. The bytes before it are counted as they become
 * certain; the last bytes of a chunk that could begin the delimiter are held back (as a count:
 * they are the delimiter's first bytes) until the next chunk says whether they do.
 */
export class DelimiterSearch {
  /** The bytes seen so far end with `needle[0, held)`, the longest such proper prefix. */
  #held = 0;

  constructor(private readonly needle: Buffer) {}

  /**
   * Searches `chunk` from `from`. `data`: bytes now certain to come before the delimiter (held
   * bytes released included); `end`: the index in `chunk` just after the delimiter, or -1.
   */
  push(chunk: Buffer, from: number): { data: number; end: number } {
    const needle = this.needle;
    const rest = chunk.length - from;
    let released = 0;
    if (this.#held > 0) {
      // A delimiter that starts in the held bytes ends within the chunk's first needle.length - 1.
      const head = chunk.subarray(from, from + Math.min(rest, needle.length - 1));
      const joined = Buffer.concat([needle.subarray(0, this.#held), head]);
      const i = joined.indexOf(needle);
      if (i >= 0) {
        const end = from + i + needle.length - this.#held;
        this.#held = 0;
        return { data: i, end };
      }
      if (rest < needle.length - 1) {
        // The whole chunk is in `joined`: what may still begin the delimiter is held again.
        this.#held = heldPrefix(joined, needle);
        return { data: joined.length - this.#held, end: -1 };
      }
      released = this.#held;
      this.#held = 0;
    }
    const j = chunk.indexOf(needle, from);
    if (j >= 0) return { data: released + j - from, end: j + needle.length };
    this.#held = heldPrefix(chunk.subarray(from), needle);
    return { data: released + rest - this.#held, end: -1 };
  }
}

/** The length of the longest suffix of `bytes` that is a proper prefix of `needle`. */
function heldPrefix(bytes: Buffer, needle: Buffer): number {
  // Leftmost first: the first start that matches to the end is the longest suffix.
  for (let p = Math.max(0, bytes.length - (needle.length - 1)); p < bytes.length; p++) {
    let k = 0;
    while (p + k < bytes.length && bytes[p + k] === needle[k]) k++;
    if (p + k === bytes.length) return k;
  }
  return 0;
}

export interface MultipartScanLimits {
  /** Bytes of a part without a filename (its data, not its headers). */
  textPart: number;
  /** Bytes of one part's header block (no client sends more than a few hundred). */
  headers: number;
}

type State = 'preamble' | 'boundary' | 'headers' | 'data' | 'done';

/**
 * Feed it the body's chunks in order (`write`); it throws BODY_TOO_LARGE (413) once a text part
 * passes `limits.textPart`, MALFORMED_MULTIPART (400) for a part's headers longer than
 * `limits.headers`, and otherwise never.
 */
export class MultipartScanner {
  /** RFC 2046 §5.1.1: delimiter := CRLF dash-boundary, ending a part's data. */
  readonly #delimiter: Buffer;
  #state: State = 'preamble';
  #finder: DelimiterSearch;
  /** The bytes after a boundary read so far ("--" closes the body, CRLF starts a part). */
  #after = Buffer.alloc(0);
  #headers = Buffer.alloc(0);
  #part: { name: string; text: boolean } | undefined;
  #size = 0;

  constructor(
    boundary: string,
    private readonly limits: MultipartScanLimits,
  ) {
    // dash-boundary := "--" boundary, first looked for anywhere (parseMultipart does the same).
    this.#finder = new DelimiterSearch(Buffer.from(`--${boundary}`));
    this.#delimiter = Buffer.from(`\r\n--${boundary}`);
  }

  write(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length && this.#state !== 'done') pos = this.#step(chunk, pos);
  }

  #step(chunk: Buffer, pos: number): number {
    switch (this.#state) {
      case 'preamble': {
        // parseMultipart takes the first dash-boundary anywhere; what comes before is preamble.
        const { end } = this.#finder.push(chunk, pos);
        if (end < 0) return chunk.length;
        this.#toBoundary();
        return end;
      }
      case 'boundary': {
        const take = chunk.subarray(pos, pos + 2 - this.#after.length);
        this.#after = Buffer.concat([this.#after, take]);
        if (this.#after.length < 2) return pos + take.length;
        const after = this.#after.toString('latin1');
        // "--" is the close-delimiter (the rest is epilogue); anything but CRLF is the parser's error.
        if (after === '\r\n') {
          this.#state = 'headers';
          this.#headers = Buffer.alloc(0);
        } else this.#state = 'done';
        return pos + take.length;
      }
      case 'headers':
        return this.#readHeaders(chunk, pos);
      case 'data': {
        const { data, end } = this.#finder.push(chunk, pos);
        this.#size += data;
        const part = this.#part!;
        if (part.text && this.#size > this.limits.textPart)
          throw partTooLarge(part.name, this.limits.textPart);
        if (end < 0) return chunk.length;
        this.#toBoundary();
        return end;
      }
      default:
        return chunk.length;
    }
  }

  #toBoundary(): void {
    this.#state = 'boundary';
    this.#after = Buffer.alloc(0);
  }

  #readHeaders(chunk: Buffer, pos: number): number {
    const limit = this.limits.headers;
    const before = this.#headers.length;
    const piece = chunk.subarray(pos, pos + limit + CRLF_CRLF.length - before);
    const joined = before ? Buffer.concat([this.#headers, piece]) : piece;
    // The header block ends at the first CRLF CRLF (which may have begun in the last chunk).
    const end = joined.indexOf(CRLF_CRLF, Math.max(0, before - (CRLF_CRLF.length - 1)));
    if (end < 0 || end > limit) {
      if (joined.length - (CRLF_CRLF.length - 1) > limit)
        throw new HetongError('MALFORMED_MULTIPART', 400, `part headers longer than ${limit} bytes`);
      this.#headers = Buffer.from(joined);
      return pos + piece.length;
    }
    this.#headers = Buffer.alloc(0);
    const field = formDataField(parseHeaders(joined.subarray(0, end).toString('utf8')));
    // The parser refuses such a part once it reaches it; nothing left to watch.
    if (!field) {
      this.#state = 'done';
      return chunk.length;
    }
    this.#part = { name: field.name, text: field.filename === undefined };
    this.#size = 0;
    this.#state = 'data';
    this.#finder = new DelimiterSearch(this.#delimiter);
    return pos + (end + CRLF_CRLF.length - before);
  }
}

/** The JSON cap's refusal, for a text part of a multipart body. */
function partTooLarge(name: string, limit: number): HetongError {
  return new HetongError('BODY_TOO_LARGE', 413, `the "${name}" part is larger than ${limit} bytes`, {
    limit,
  });
}

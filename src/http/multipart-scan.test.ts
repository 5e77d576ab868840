/**
 * The streaming multipart watcher: it refuses exactly the bodies whose first oversized text part
 * parseMultipart would return, whatever the chunking (a delimiter split at any byte), and a
 * stranger's bytes make it refuse or pass, never crash.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isHetongError } from '../shared/errors.js';
import { buildMultipart, parseMultipart } from './multipart.js';
import { DelimiterSearch, MultipartScanner, type MultipartScanLimits } from './multipart-scan.js';

const BOUNDARY = 'hetongB0undary';

/** What the scanner says of `body` cut into `chunks`: null (nothing refused) or the error's code and message. */
function verdict(body: Buffer, limits: MultipartScanLimits, cuts: number[] = []): string | null {
  const scanner = new MultipartScanner(BOUNDARY, limits);
  const points = [...new Set([0, ...cuts.filter((c) => c > 0 && c < body.length), body.length])].sort(
    (a, b) => a - b,
  );
  try {
    for (let i = 1; i < points.length; i++) scanner.write(body.subarray(points[i - 1], points[i]));
    return null;
  } catch (e) {
    if (!isHetongError(e)) throw e;
    return `${e.status} ${e.code}: ${e.message}`;
  }
}

/** The same verdict for every split of `body` in two, and for the body a byte at a time. */
function sameForEverySplit(body: Buffer, limits: MultipartScanLimits): string | null {
  const whole = verdict(body, limits);
  for (let i = 1; i < body.length; i++) expect(verdict(body, limits, [i]), `split at ${i}`).toBe(whole);
  expect(verdict(body, limits, [...body.keys()]), 'a byte at a time').toBe(whole);
  return whole;
}

/** What parseMultipart returns, judged by the cap: the first text part (in body order) over it. */
function expected(body: Buffer, textPart: number): string | null | 'unparsable' {
  let fields: Record<string, string>;
  try {
    fields = parseMultipart(body, BOUNDARY).fields;
  } catch {
    return 'unparsable';
  }
  for (const [name, value] of Object.entries(fields))
    if (Buffer.byteLength(value) > textPart)
      return `413 BODY_TOO_LARGE: the "${name}" part is larger than ${textPart} bytes`;
  return null;
}

const LIMITS = { textPart: 16, headers: 1024 };
const file = (data: string) => ({
  field: 'pdf',
  filename: 'a.pdf',
  contentType: 'application/pdf',
  data: Buffer.from(data),
});

describe('DelimiterSearch', () => {
  it('finds a needle split anywhere and counts the bytes before it', () => {
    const needle = Buffer.from('\r\n--ab\r\n-');
    const stream = Buffer.from('xx\r\n--a\r\n--ab\r\r\n--ab\r\n-yy');
    const at = stream.indexOf(needle);
    for (let i = 0; i <= stream.length; i++) {
      for (let j = i; j <= stream.length; j++) {
        const search = new DelimiterSearch(needle);
        let before = 0;
        let found = -1;
        let offset = 0;
        for (const chunk of [stream.subarray(0, i), stream.subarray(i, j), stream.subarray(j)]) {
          const r = search.push(chunk, 0);
          before += r.data;
          if (r.end >= 0) {
            found = offset + r.end;
            break;
          }
          offset += chunk.length;
        }
        expect([before, found], `cut at ${i}, ${j}`).toEqual([at, at + needle.length]);
      }
    }
  });
});

describe('MultipartScanner', () => {
  it('refuses a text part one byte over the cap, at any split, and lets one at the cap pass', () => {
    const at = buildMultipart(BOUNDARY, { title: 't', contract: 'x'.repeat(16) }, [
      file('%PDF-big '.repeat(9)),
    ]);
    expect(sameForEverySplit(at, LIMITS)).toBeNull();
    const over = buildMultipart(BOUNDARY, { title: 't', contract: 'x'.repeat(17) }, [file('%PDF')]);
    expect(sameForEverySplit(over, LIMITS)).toBe(
      '413 BODY_TOO_LARGE: the "contract" part is larger than 16 bytes',
    );
    // Bytes, not characters: six CJK characters are 18 bytes of UTF-8.
    const cjk = buildMultipart(BOUNDARY, { contract: '合同合同合同' });
    expect(sameForEverySplit(cjk, LIMITS)).toMatch(/^413 BODY_TOO_LARGE/);
  });

  it('counts a file part as a file (a filename), however large', () => {
    const body = buildMultipart(BOUNDARY, { contract: '{}' }, [file('%'.repeat(200))]);
    expect(sameForEverySplit(body, LIMITS)).toBeNull();
    expect(parseMultipart(body, BOUNDARY).files[0]!.data.length).toBe(200);
  });

  it('takes a near-delimiter in the data for data, and reads past the close-delimiter nothing', () => {
    const value = `\r\n--${BOUNDARY.slice(0, 5)}\r\n-`; // 12 bytes that begin like a delimiter
    const body = Buffer.concat([
      Buffer.from(`preamble --${BOUNDARY.slice(0, 3)} \r\n`),
      buildMultipart(BOUNDARY, { a: value, b: `${value}12345` }),
      Buffer.from(
        `epilogue\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="c"\r\n\r\n${'x'.repeat(99)}`,
      ),
    ]);
    expect(expected(body, 16)).toBe('413 BODY_TOO_LARGE: the "b" part is larger than 16 bytes');
    expect(sameForEverySplit(body, LIMITS)).toBe(expected(body, 16));
    expect(sameForEverySplit(body, { ...LIMITS, textPart: 17 })).toBeNull();
  });

  it('refuses a part whose header block is longer than its limit, at any split', () => {
    const long = `name="a"; x="${'h'.repeat(40)}"`;
    const body = buildMultipart(BOUNDARY, {}, [{ ...file('%PDF'), field: 'a', filename: 'f'.repeat(60) }]);
    expect(sameForEverySplit(body, { textPart: 16, headers: 200 })).toBeNull();
    expect(sameForEverySplit(body, { textPart: 16, headers: 100 })).toBe(
      '400 MALFORMED_MULTIPART: part headers longer than 100 bytes',
    );
    // Headers that never end are refused once they pass the limit.
    const endless = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; ${long}${' '.repeat(80)}`);
    expect(sameForEverySplit(endless, { textPart: 16, headers: 100 })).toMatch(/^400 MALFORMED_MULTIPART/);
  });

  it('stops watching where the parser will refuse the body', () => {
    const noName = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\n${'x'.repeat(50)}`);
    const noCrlf = Buffer.from(
      `--${BOUNDARY}xx\r\nContent-Disposition: form-data; name="a"\r\n\r\n${'x'.repeat(50)}`,
    );
    for (const body of [noName, noCrlf]) {
      expect(() =>
        parseMultipart(Buffer.concat([body, Buffer.from(`\r\n--${BOUNDARY}--`)]), BOUNDARY),
      ).toThrow();
      expect(sameForEverySplit(body, LIMITS)).toBeNull();
    }
  });

  // Values drawn from bytes that make near-delimiters: CR, LF, "-" and the boundary's letters.
  const value = fc
    .array(fc.constantFrom('\r', '\n', '-', '--', 'h', 'e', 'B0', `--${BOUNDARY.slice(0, 6)}`, '合', 'x'), {
      maxLength: 14,
    })
    .map((a) => a.join(''));
  const body = fc
    .record({
      fields: fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/), value), {
        selector: ([name]) => name,
        maxLength: 4,
      }),
      files: fc.array(value, { maxLength: 2 }),
    })
    .map(({ fields, files }) => buildMultipart(BOUNDARY, Object.fromEntries(fields), files.map(file)));

  it('agrees with parseMultipart on every split of a valid body (property)', () => {
    fc.assert(
      fc.property(body, fc.integer({ min: 0, max: 30 }), (b, textPart) => {
        const limits = { textPart, headers: 1024 };
        const want = expected(b, textPart);
        expect(want).not.toBe('unparsable');
        expect(sameForEverySplit(b, limits)).toBe(want);
      }),
      { numRuns: 150 },
    );
  });

  it('refuses or passes mutated bodies the same way whatever the chunking, never crashing (property)', () => {
    const mutation = fc.tuple(
      fc.nat(),
      fc.nat({ max: 6 }),
      fc.constantFrom(
        '',
        '\r\n',
        '--',
        `--${BOUNDARY}`,
        `\r\n--${BOUNDARY}`,
        '\r\n\r\n',
        'filename="f"',
        'x',
      ),
    );
    fc.assert(
      fc.property(
        body,
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.integer({ min: 0, max: 30 }),
        (b, mutations, cuts, textPart) => {
          let bytes = b;
          for (const [at, drop, insert] of mutations) {
            const i = bytes.length ? at % bytes.length : 0;
            bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from(insert), bytes.subarray(i + drop)]);
          }
          const limits = { textPart, headers: 64 };
          const whole = verdict(bytes, limits);
          expect(whole === null || /^(413 BODY_TOO_LARGE|400 MALFORMED_MULTIPART):/.test(whole)).toBe(true);
          expect(
            verdict(
              bytes,
              limits,
              cuts.map((c) => c % (bytes.length + 1)),
            ),
          ).toBe(whole);
        },
      ),
      { numRuns: 300 },
    );
  });
});

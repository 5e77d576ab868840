/**
 * The parser's bounds (./limits.ts), each against the hostile file that showed the need for it
 * (issue #14), and a property test: random and mutated bytes end in a PDF read error or a limit,
 * never in anything else and never in a hang.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HetongError } from '../shared/errors.js';
import { PdfFile, isPdfReadError } from './file.js';
import { decodeStream } from './filters.js';
import { InflateBudget, PDF_LIMITS, PdfLimitError } from './limits.js';
import { dict, name, PdfName, PdfStream, pdfEquals } from './objects.js';
import {
  CATALOG_OBJECTS,
  classicPdf,
  nestedPdf,
  objectStreamBomb,
  xrefStreamBomb,
  zlibBomb,
} from './testing/hostile.js';

const GiB = 1024 * 1024 * 1024;

/** Runs `f`, expecting PDF_LIMIT_EXCEEDED for `limit` within `ms` milliseconds. */
function expectLimit(f: () => unknown, limit: string, ms = 2000): PdfLimitError {
  const t0 = performance.now();
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(performance.now() - t0).toBeLessThan(ms);
  expect(caught).toBeInstanceOf(PdfLimitError);
  const e = caught as PdfLimitError;
  expect(e.code).toBe('PDF_LIMIT_EXCEEDED');
  expect(e.status).toBe(400);
  expect((e.details as { limit: string }).limit).toBe(limit);
  return e;
}

/** Everything a reader of a stranger's PDF does: open, catalog, pages, every object. */
function readEverything(bytes: Uint8Array): void {
  const file = PdfFile.open(bytes);
  try {
    file.catalog();
    file.pages();
  } catch (e) {
    if (!isPdfReadError(e)) throw e;
  }
  for (const n of file.xref.keys()) {
    const v = file.getObject(n);
    if (v instanceof PdfStream) {
      try {
        file.decode(v);
      } catch (e) {
        if (!isPdfReadError(e)) throw e;
      }
    }
  }
}

describe('PDF parser limits', () => {
  it('reads an ordinary classic PDF', () => {
    const file = PdfFile.open(classicPdf(CATALOG_OBJECTS));
    expect(file.pages()).toHaveLength(1);
  });

  it('refuses a 171 KB classic xref declaring 0 2000000000 before allocating for it', () => {
    const pdf = classicPdf(CATALOG_OBJECTS, { padding: 170 * 1024, xrefSubsection: '0 2000000000' });
    expect(pdf.length).toBeGreaterThan(170 * 1024);
    const e = expectLimit(() => PdfFile.open(pdf), 'xref-entries', 500);
    expect(e.message).toContain('2000000000');
  });

  it('refuses an xref stream that inflates to 1 GiB (a 1 MB file), within its budget', () => {
    const pdf = xrefStreamBomb(GiB);
    expect(pdf.length).toBeLessThan(2 * 1024 * 1024);
    const rss = process.memoryUsage.rss();
    // The file's budget (100× ≈ 100 MB) is above the per-stream ceiling, which is what stops it.
    expectLimit(() => PdfFile.open(pdf), 'stream-bytes');
    // At most one stream's ceiling was ever inflated, not the gigabyte.
    expect(process.memoryUsage.rss() - rss).toBeLessThan(400 * 1024 * 1024);
  });

  it('refuses an object stream that inflates to 1 GiB when its object is read', () => {
    const file = PdfFile.open(objectStreamBomb(GiB));
    expectLimit(() => file.catalog(), 'stream-bytes');
    // A small file's budget is its own: 100× a 300 KB bomb is less than one stream's ceiling.
    const small = PdfFile.open(objectStreamBomb(256 * 1024 * 1024));
    expectLimit(() => small.catalog(), 'inflated-bytes');
  });

  it('bounds one stream at maxStreamBytes even when the budget is larger', () => {
    const bomb = zlibBomb(PDF_LIMITS.maxStreamBytes + 1024 * 1024);
    const s = new PdfStream(dict({ Filter: name('FlateDecode') }), bomb);
    const budget = new InflateBudget(PDF_LIMITS.inflateCeiling);
    expectLimit(() => decodeStream(s, undefined, budget), 'stream-bytes');
  });

  it('shares one budget between readings of the same bytes', () => {
    const bomb = zlibBomb(6 * 1024 * 1024);
    const s = new PdfStream(dict({ Filter: name('FlateDecode') }), bomb);
    const budget = new InflateBudget(0); // the floor: 8 MiB
    expect(decodeStream(s, undefined, budget)).toHaveLength(6 * 1024 * 1024);
    expectLimit(() => decodeStream(s, undefined, budget), 'inflated-bytes');
  });

  it('inflates what fits: a lying predictor /Columns allocates nothing', () => {
    const s = new PdfStream(
      dict({ Filter: name('FlateDecode'), DecodeParms: dict({ Predictor: 12, Columns: 1e15 }) }),
      zlibBomb(1000),
    );
    expect(decodeStream(s)).toHaveLength(0);
  });

  for (const kind of ['array', 'dict'] as const) {
    it(`refuses 100,000 nested ${kind === 'array' ? 'arrays' : 'dictionaries'} without a stack overflow`, () => {
      const file = PdfFile.open(nestedPdf(100_000, kind));
      expectLimit(() => file.catalog(), 'nesting-depth');
    });
  }

  it(`reads ${PDF_LIMITS.maxNesting} levels of nesting`, () => {
    const file = PdfFile.open(nestedPdf(PDF_LIMITS.maxNesting - 1, 'array'));
    expect(file.catalog().get('Nest')).toBeInstanceOf(Array);
  });

  it('refuses an xref stream with rows of zero bytes and a declared size of two billion', () => {
    const head = '%PDF-1.7\n';
    const pdf = Buffer.from(
      `${head}1 0 obj\n<< /Type /XRef /Size 2000000000 /W [0 0 0] /Length 0 >>\nstream\n\nendstream\nendobj\nstartxref\n${head.length}\n%%EOF\n`,
      'latin1',
    );
    const t0 = performance.now();
    expect(() => PdfFile.open(pdf)).toThrow(/rows of zero bytes/);
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('treats a cycle of indirect /Length references as absent lengths', () => {
    const pdf = classicPdf([
      '<< /Type /Catalog /Pages 2 0 R /S 4 0 R >>',
      ...CATALOG_OBJECTS.slice(1),
      '<< /Length 5 0 R >>\nstream\nabc\nendstream',
      '<< /Length 4 0 R >>\nstream\nxyz\nendstream',
    ]);
    const file = PdfFile.open(pdf);
    const s = file.getObject(4);
    expect(s).toBeInstanceOf(PdfStream);
    expect(Buffer.from((s as PdfStream).raw).toString()).toBe('abc');
  });

  it('bounds a chain of objects each needed to load the one before', () => {
    const n = 200;
    const objects = ['<< /Type /Catalog /Pages 2 0 R >>', ...CATALOG_OBJECTS.slice(1)];
    for (let i = 4; i < 4 + n; i++) objects.push(`<< /Length ${i + 1} 0 R >>\nstream\nx\nendstream`);
    objects.push('1');
    const file = PdfFile.open(classicPdf(objects));
    expectLimit(() => file.getObject(4), 'object-load-depth');
  });

  it('visits a page tree whose nodes share kids once per node', () => {
    // Node k has kids [k+1, k+1]: 60 levels would be 2^60 visits without the seen set.
    const objects = ['<< /Type /Catalog /Pages 2 0 R >>'];
    for (let k = 2; k < 62; k++) objects.push(`<< /Type /Pages /Kids [${k + 1} 0 R ${k + 1} 0 R] >>`);
    objects.push('<< /Type /Page >>');
    const t0 = performance.now();
    expect(PdfFile.open(classicPdf(objects)).pages()).toHaveLength(1);
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('keeps names of a stranger out of the process-wide intern table, comparing them by value', () => {
    const long = 'N'.repeat(100);
    expect(PdfName.of(long)).not.toBe(PdfName.of(long));
    expect(pdfEquals(PdfName.of(long), PdfName.of(long))).toBe(true);
    expect(pdfEquals(PdfName.of(long), PdfName.of(`${long}x`))).toBe(false);
    expect(PdfName.of('Type')).toBe(PdfName.of('Type'));
    // A file with 50,000 distinct names parses; the table stops growing at its cap.
    const names = Array.from({ length: 50_000 }, (_, i) => `/U${i}`).join(' ');
    const file = PdfFile.open(
      classicPdf([`<< /Type /Catalog /Pages 2 0 R /Junk [${names}] >>`, ...CATALOG_OBJECTS.slice(1)]),
    );
    expect((file.catalog().get('Junk') as unknown[]).length).toBe(50_000);
    expect(pdfEquals(PdfName.of('U49999'), PdfName.of('U49999'))).toBe(true);
  });

  it('finds endstream once per file when many streams have a wrong /Length', () => {
    // 20,000 streams whose /Length is wrong and whose endstream is missing, but for one at the end:
    // a scan to the end per stream would read the file 20,000 times.
    const n = 20_000;
    const objects = [...CATALOG_OBJECTS];
    for (let i = 0; i < n; i++) objects.push('<< /Length 999999 >>\nstream\nx'.padEnd(64, ' '));
    objects.push('<< >>\nstream\nlast\nendstream');
    const file = PdfFile.open(classicPdf(objects));
    const t0 = performance.now();
    for (let i = 4; i < 4 + n; i++) expect(file.getObject(i)).toBeInstanceOf(PdfStream);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });

  it('survives random bytes after a %PDF- header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (tail) => {
        const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), tail, Buffer.from('\nstartxref\n9\n%%EOF')]);
        try {
          readEverything(bytes);
        } catch (e) {
          if (!(isPdfReadError(e) || e instanceof HetongError)) throw e;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('survives mutated PDFs (bytes flipped, spliced, cut) without a crash or a hang', () => {
    const seeds = [
      classicPdf(CATALOG_OBJECTS),
      nestedPdf(20, 'dict'),
      objectStreamBomb(64 * 1024),
      xrefStreamBomb(4096),
    ];
    const mutation = fc.record({
      seed: fc.integer({ min: 0, max: seeds.length - 1 }),
      edits: fc.array(
        fc.record({
          at: fc.nat(),
          op: fc.constantFrom('set', 'insert', 'delete', 'token'),
          byte: fc.integer({ min: 0, max: 255 }),
          token: fc.constantFrom(
            '[',
            '<<',
            '0 2000000000',
            ' R ',
            '/Length 1 0 R',
            'stream',
            'obj',
            '/Prev 0',
          ),
        }),
        { minLength: 1, maxLength: 8 },
      ),
    });
    fc.assert(
      fc.property(mutation, ({ seed, edits }) => {
        let b = Buffer.from(seeds[seed]!);
        for (const e of edits) {
          const at = e.at % (b.length + 1);
          if (e.op === 'set' && at < b.length) b[at] = e.byte;
          else if (e.op === 'insert')
            b = Buffer.concat([b.subarray(0, at), Buffer.from([e.byte]), b.subarray(at)]);
          else if (e.op === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
          else b = Buffer.concat([b.subarray(0, at), Buffer.from(e.token), b.subarray(at)]);
        }
        const t0 = performance.now();
        try {
          readEverything(b);
        } catch (e) {
          if (!(isPdfReadError(e) || e instanceof HetongError)) throw e;
        }
        expect(performance.now() - t0).toBeLessThan(2000);
      }),
      { numRuns: 300 },
    );
  });
});

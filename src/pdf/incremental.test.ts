import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { tempFile } from '../signing/testing/validators.js';
import { PdfFile } from './file.js';
import { IncrementalUpdate } from './incremental.js';
import { pdfEquals, serialize, type PdfValue } from './objects.js';
import { PdfParser } from './parser.js';
import { pdfValue } from './testing/arbitrary.js';

const qpdfCheck = (pdf: Uint8Array): boolean =>
  spawnSync('qpdf', ['--check', tempFile('p.pdf', pdf)]).status === 0;

async function generatedPdf(pages: number, objectStreams: boolean, text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Courier);
  for (let i = 0; i < pages; i++)
    doc.addPage([300 + i, 400]).drawText(text || 'x', { x: 10, y: 10, size: 9, font });
  return doc.save({ useObjectStreams: objectStreams });
}

describe('PDF objects', () => {
  it('serialize → parse is the identity for generated values', () => {
    fc.assert(
      fc.property(pdfValue, (v) => {
        const text = Buffer.from(serialize(v), 'latin1');
        expect(pdfEquals(new PdfParser(text).parseValue(), v)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('IncrementalUpdate', () => {
  it('keeps the original as a prefix, continues the xref kind, and qpdf --check passes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        fc.string({ maxLength: 20 }).map((s) => s.replace(/[^ -~]/g, '')),
        fc.array(pdfValue, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 3 }),
        async (pages, objectStreams, text, values, updates) => {
          const original = await generatedPdf(pages, objectStreams, text);
          let cur: Uint8Array = original;
          const added: { num: number; value: PdfValue }[] = [];
          for (let u = 0; u < updates; u++) {
            const file = PdfFile.open(cur);
            const update = new IncrementalUpdate(file);
            for (const v of values) added.push({ num: update.add(v).num, value: v });
            // Rewrite the catalog too, as signing does.
            update.set(file.catalogRef(), file.catalog().clone().set('HetongTest', u));
            const next = update.build().bytes;
            expect(Buffer.from(next.subarray(0, cur.length)).equals(cur)).toBe(true);
            cur = next;
          }
          const final = PdfFile.open(cur);
          expect(final.lastXrefKind).toBe(PdfFile.open(original).lastXrefKind);
          expect(final.pages()).toHaveLength(pages);
          expect(final.catalog().get('HetongTest')).toBe(updates - 1);
          for (const a of added) expect(pdfEquals(final.getObject(a.num), a.value)).toBe(true);
          expect(qpdfCheck(cur)).toBe(true);
        },
      ),
      { numRuns: 12 },
    );
  }, 60_000);
});

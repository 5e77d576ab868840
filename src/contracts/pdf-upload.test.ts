import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HetongError } from '../shared/errors.js';
import { inspectUploadedPdf, MAX_PDF_BYTES } from './pdf-upload.js';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as HetongError).code;
  }
  return undefined;
}

describe('inspectUploadedPdf', () => {
  let pdf: Uint8Array;
  beforeAll(async () => {
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]);
    doc.addPage([595, 842]);
    pdf = await doc.save();
  });

  it('counts the pages of a good PDF', async () => {
    expect(await inspectUploadedPdf(pdf)).toEqual({ pages: 2 });
  });

  it('refuses non-PDFs, truncated PDFs and oversized uploads', async () => {
    expect(await codeOf(inspectUploadedPdf(Buffer.from('PK\u0003\u0004 a zip')))).toBe(
      'CONTRACT_PDF_INVALID',
    );
    expect(await codeOf(inspectUploadedPdf(pdf.subarray(0, pdf.length - 200)))).toBe('CONTRACT_PDF_INVALID');
    const big = new Uint8Array(MAX_PDF_BYTES + 1);
    expect(await codeOf(inspectUploadedPdf(big))).toBe('BODY_TOO_LARGE');
  });

  it('reads what qpdf writes (object streams and an xref stream), and refuses it encrypted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hetong-upload-'));
    writeFileSync(join(dir, 'in.pdf'), pdf);
    const qpdf = (...args: string[]) => {
      execFileSync('qpdf', [...args, join(dir, 'in.pdf'), join(dir, 'out.pdf')]);
      return new Uint8Array(readFileSync(join(dir, 'out.pdf')));
    };
    expect(await inspectUploadedPdf(qpdf('--object-streams=generate'))).toEqual({ pages: 2 });
    const locked = qpdf('--encrypt', 'user', 'owner', '256', '--');
    await expect(inspectUploadedPdf(locked)).rejects.toMatchObject({
      code: 'CONTRACT_PDF_INVALID',
      message: 'document is encrypted',
    });
  });

  it('refuses a header-and-trailer shell without a page tree', async () => {
    expect(await codeOf(inspectUploadedPdf(Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n')))).toBe(
      'CONTRACT_PDF_INVALID',
    );
  });

  it('answers CONTRACT_PDF_INVALID (never crashes) on byte flips', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        async (flips) => {
          const copy = Uint8Array.from(pdf);
          for (const [at, v] of flips) copy[at % copy.length] = v;
          try {
            const r = await inspectUploadedPdf(copy);
            expect(r.pages).toBeGreaterThanOrEqual(1);
          } catch (e) {
            expect((e as HetongError).code).toBe('CONTRACT_PDF_INVALID');
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

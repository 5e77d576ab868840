/**
 * Checks an uploaded PDF document before it joins a contract: size, the header (ISO 32000-1
 * §7.5.2: `%PDF-1.x` near the start), the end-of-file marker (§7.5.5: `%%EOF` in the last
 * kilobyte), no encryption (§7.6 — a document we cannot read cannot be signed or previewed), and
 * a page tree that the reader signing will use (src/pdf/file.ts, with its bounds) can walk — a
 * file that passes here is one our incremental updates can extend. Returns the page count.
 */
import { PdfFile } from '../pdf/file.js';
import { HetongError } from '../shared/errors.js';

export const MAX_PDF_BYTES = 20 * 1024 * 1024;

function invalid(message: string, details?: unknown): HetongError {
  return new HetongError('CONTRACT_PDF_INVALID', 422, message, details);
}

export async function inspectUploadedPdf(bytes: Uint8Array, name = 'document'): Promise<{ pages: number }> {
  if (bytes.length > MAX_PDF_BYTES)
    throw new HetongError('BODY_TOO_LARGE', 413, `${name} is larger than ${MAX_PDF_BYTES} bytes`, {
      limit: MAX_PDF_BYTES,
    });
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (!/%PDF-[12]\.\d/.test(head)) throw invalid(`${name} is not a PDF (no %PDF- header)`, { name });
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1');
  if (!tail.includes('%%EOF')) throw invalid(`${name} is truncated (no %%EOF)`, { name });
  let pages: number;
  try {
    const file = PdfFile.open(bytes);
    if (file.isEncrypted()) throw invalid(`${name} is encrypted`, { name });
    // §7.7.3: the page tree is reached from the catalog's /Pages; walk it to count leaves.
    pages = file.pages().length;
  } catch (e) {
    // A bound of the reader (PDF_LIMIT_EXCEEDED) keeps its own code.
    if (e instanceof HetongError) throw e;
    throw invalid(`${name} cannot be parsed: ${(e as Error).message}`, { name });
  }
  if (pages < 1) throw invalid(`${name} has no pages`, { name });
  return { pages };
}

import { HetongError } from '../shared/errors.js';
import { PdfFile } from '../pdf/file.js';

/** Opens a PDF for an incremental update, mapping parse failures to a stable error. */
export function openForSigning(pdf: Uint8Array): PdfFile {
  let file: PdfFile;
  try {
    file = PdfFile.open(pdf);
    file.catalog();
  } catch (e) {
    throw new HetongError(
      'SIGN_INVALID_PDF',
      400,
      `the document is not a readable PDF: ${(e as Error).message}`,
    );
  }
  if (file.isEncrypted()) {
    throw new HetongError(
      'SIGN_ENCRYPTED_PDF',
      422,
      'encrypted PDFs cannot be signed; remove the encryption first',
    );
  }
  return file;
}

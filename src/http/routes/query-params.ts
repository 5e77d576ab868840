/** Numeric query parameters: the server's ajv does not coerce, so they arrive as digit strings. */
import { HetongError } from '../../shared/errors.js';

export function pageLimit(limit: string | undefined): number {
  const n = limit === undefined ? 50 : Number(limit);
  if (!(n >= 1 && n <= 200)) throw new HetongError('VALIDATION_FAILED', 400, 'limit must be 1–200');
  return n;
}

export function pageNumber(page: string | undefined): number {
  const n = page === undefined ? 1 : Number(page);
  if (!(n >= 1)) throw new HetongError('VALIDATION_FAILED', 400, 'page numbers start at 1');
  return n;
}

export function pngWidth(width: string | undefined): number {
  const n = width === undefined ? 800 : Number(width);
  if (!(n >= 100 && n <= 2000))
    throw new HetongError('VALIDATION_FAILED', 400, 'width must be 100–2000 pixels');
  return n;
}

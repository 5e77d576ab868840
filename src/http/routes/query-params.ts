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

/** A tree size or leaf index: JSON Schema `pattern` keeps it digits, this keeps it exact. */
export const TREE_NUMBER = { type: 'string', pattern: '^[0-9]{1,16}$' } as const;

export function treeNumber(name: string, value: string): number;
export function treeNumber(name: string, value: string | undefined): number | undefined;
export function treeNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n))
    throw new HetongError('VALIDATION_FAILED', 400, `${name} must be an integer below 2^53`);
  return n;
}

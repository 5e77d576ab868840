/**
 * Newest-first keyset pagination over (created_at, id), shared by every cursor-paginated list:
 * stable under concurrent inserts (no offsets) and one index range scan per page.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import { HetongError } from '../../shared/errors.js';

export interface PageRequest {
  cursor?: string;
  limit: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Cursor of a newest-first list: the last item's (created_at, id), opaque to callers. */
export function encodeCursor(createdAt: number, id: string): string {
  return Buffer.from(`${createdAt}:${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: number; id: string } {
  const m = /^(\d{1,16}):([a-z]{1,5}_[0-9a-z]{1,40})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new HetongError('CURSOR_INVALID', 400, 'the cursor is not one this API returned');
  return { createdAt: Number(m[1]), id: m[2]! };
}

/**
 * Runs `query` (rows of one table with `created_at` and `id`) for one page after `page.cursor`;
 * `limit + 1` rows are read to know whether a next page exists.
 */
export async function keysetPage<DB, TB extends keyof DB, O extends { created_at: number; id: string }, T>(
  query: SelectQueryBuilder<DB, TB, O>,
  page: PageRequest,
  map: (row: O) => T & { createdAt: number; id: string },
): Promise<Page<T & { createdAt: number; id: string }>> {
  let q = query;
  if (page.cursor) {
    const c = decodeCursor(page.cursor);
    q = q.where(
      sql<boolean>`(created_at < ${c.createdAt} or (created_at = ${c.createdAt} and id < ${c.id}))`,
    );
  }
  const rows = (await q
    .orderBy(sql`created_at`, 'desc')
    .orderBy(sql`id`, 'desc')
    .limit(page.limit + 1)
    .execute()) as O[];
  const items = rows.slice(0, page.limit).map(map);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > page.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

/**
 * The evidence log's tables (migration 0009): tiles of complete subtree hashes, the integrated
 * tree size and root (one row, the writers' lock), checkpoints, and the log's signing key. Every
 * method runs on the `Db` it is given, so the sequencer can hold one transaction across them.
 */
import { sql } from 'kysely';
import type { Db } from '../../store/database.js';
import type { Dialect } from '../../store/migrations.js';
import { EMPTY_ROOT } from './merkle.js';
import type { TileKey } from './tiles.js';

export interface LogState {
  size: number;
  rootHash: Buffer;
}

export interface CheckpointRow {
  treeSize: number;
  rootHash: Buffer;
  note: string;
  createdAt: number;
  anchors: AnchorRecord[];
}

/** What an outside party answered for a checkpoint (a TSA token, a witness cosignature). */
export interface AnchorRecord {
  kind: 'tsa' | 'witness';
  url: string;
  at: number;
  ok: boolean;
  /** base64 of the TSA's TimeStampResp, or the witness's answer text. */
  response?: string;
  error?: string;
}

export interface UnsequencedEvent {
  id: number;
  leafHash: string | null;
  row: {
    at: number;
    actor: string;
    action: string;
    target: string;
    business_line_id: string | null;
    request_id: string | null;
    ip: string | null;
    details_json: string;
  };
}

const STATE_ID = 1;

export class LogStore {
  constructor(readonly dialect: Dialect) {}

  /**
   * Reads the tree state and, inside a transaction, locks it: one sequencer at a time across
   * nodes (PostgreSQL row lock; SQLite has one writer anyway).
   */
  async lockState(trx: Db, now: number): Promise<LogState> {
    await trx
      .insertInto('log_state')
      .values({
        id: STATE_ID,
        tree_size: 0,
        root_hash: Buffer.from(EMPTY_ROOT).toString('hex'),
        updated_at: now,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    let q = trx.selectFrom('log_state').selectAll().where('id', '=', STATE_ID);
    if (this.dialect === 'postgres') q = q.forUpdate();
    const row = await q.executeTakeFirstOrThrow();
    return { size: Number(row.tree_size), rootHash: Buffer.from(row.root_hash, 'hex') };
  }

  async state(db: Db): Promise<LogState> {
    const row = await db.selectFrom('log_state').selectAll().where('id', '=', STATE_ID).executeTakeFirst();
    return row
      ? { size: Number(row.tree_size), rootHash: Buffer.from(row.root_hash, 'hex') }
      : { size: 0, rootHash: Buffer.from(EMPTY_ROOT) };
  }

  async saveState(trx: Db, s: LogState, now: number): Promise<void> {
    await trx
      .updateTable('log_state')
      .set({ tree_size: s.size, root_hash: s.rootHash.toString('hex'), updated_at: now })
      .where('id', '=', STATE_ID)
      .execute();
  }

  async unsequenced(trx: Db, limit: number): Promise<UnsequencedEvent[]> {
    const rows = await trx
      .selectFrom('audit_events')
      .select([
        'id',
        'leaf_hash',
        'at',
        'actor',
        'action',
        'target',
        'business_line_id',
        'request_id',
        'ip',
        'details_json',
      ])
      .where('leaf_index', 'is', null)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(({ id, leaf_hash, ...row }) => ({ id: Number(id), leafHash: leaf_hash, row }));
  }

  /** Gives the events their leaf indexes: `first`, `first + 1`, … in the order given. */
  async assignIndexes(trx: Db, ids: readonly number[], first: number): Promise<void> {
    for (let at = 0; at < ids.length; at += 500) {
      const chunk = ids.slice(at, at + 500);
      if (this.dialect === 'postgres') {
        const indexes = chunk.map((_, i) => first + at + i);
        await sql`update audit_events as a set leaf_index = v.li
          from (select unnest(${chunk}::bigint[]) as id, unnest(${indexes}::bigint[]) as li) as v
          where a.id = v.id`.execute(trx);
      } else {
        // SQLite names the columns of a VALUES list column1, column2 (no aliases).
        const values = sql.join(chunk.map((id, i) => sql`(${id}, ${first + at + i})`));
        await sql`update audit_events set leaf_index = v.column2
          from (values ${values}) as v where audit_events.id = v.column1`.execute(trx);
      }
    }
  }

  async loadTiles(db: Db, keys: readonly TileKey[]): Promise<{ key: TileKey; data: Uint8Array }[]> {
    if (keys.length === 0) return [];
    const rows = await db
      .selectFrom('log_tiles')
      .select(['level', 'idx', 'hashes'])
      .where((eb) => eb.or(keys.map((k) => eb.and([eb('level', '=', k.level), eb('idx', '=', k.index)]))))
      .execute();
    return rows.map((r) => ({ key: { level: Number(r.level), index: Number(r.idx) }, data: r.hashes }));
  }

  async writeTiles(trx: Db, tiles: readonly { key: TileKey; data: Uint8Array }[]): Promise<void> {
    for (const t of tiles)
      await trx
        .insertInto('log_tiles')
        .values({ level: t.key.level, idx: t.key.index, hashes: Buffer.from(t.data) })
        .onConflict((oc) => oc.columns(['level', 'idx']).doUpdateSet({ hashes: Buffer.from(t.data) }))
        .execute();
  }

  async latestCheckpoint(db: Db): Promise<CheckpointRow | undefined> {
    const row = await db
      .selectFrom('log_checkpoints')
      .selectAll()
      .orderBy('tree_size', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && checkpointOf(row);
  }

  /** The first checkpoint at or after `size` (the one that covers leaf `size - 1`). */
  async checkpointCovering(
    db: Db,
    size: number,
    options: { anchored?: boolean } = {},
  ): Promise<CheckpointRow | undefined> {
    let q = db.selectFrom('log_checkpoints').selectAll().where('tree_size', '>=', size);
    // anchors_json is written by JSON.stringify, so a kept answer always reads `"ok":true`.
    if (options.anchored) q = q.where('anchors_json', 'like', '%"ok":true%');
    const row = await q.orderBy('tree_size').limit(1).executeTakeFirst();
    return row && checkpointOf(row);
  }

  async checkpointOfSize(db: Db, size: number): Promise<CheckpointRow | undefined> {
    const row = await db
      .selectFrom('log_checkpoints')
      .selectAll()
      .where('tree_size', '=', size)
      .executeTakeFirst();
    return row && checkpointOf(row);
  }

  async addCheckpoint(trx: Db, c: Omit<CheckpointRow, 'anchors'>): Promise<void> {
    await trx
      .insertInto('log_checkpoints')
      .values({
        tree_size: c.treeSize,
        root_hash: c.rootHash.toString('hex'),
        note: c.note,
        created_at: c.createdAt,
      })
      .execute();
  }

  async saveAnchors(db: Db, size: number, anchors: readonly AnchorRecord[]): Promise<void> {
    await db
      .updateTable('log_checkpoints')
      .set({ anchors_json: JSON.stringify(anchors) })
      .where('tree_size', '=', size)
      .execute();
  }

  async leafOfEvent(db: Db, eventId: number): Promise<number | null | undefined> {
    const row = await db
      .selectFrom('audit_events')
      .select('leaf_index')
      .where('id', '=', eventId)
      .executeTakeFirst();
    return row === undefined ? undefined : row.leaf_index === null ? null : Number(row.leaf_index);
  }
}

function checkpointOf(row: {
  tree_size: number;
  root_hash: string;
  note: string;
  created_at: number;
  anchors_json: string;
}): CheckpointRow {
  return {
    treeSize: Number(row.tree_size),
    rootHash: Buffer.from(row.root_hash, 'hex'),
    note: row.note,
    createdAt: Number(row.created_at),
    anchors: JSON.parse(row.anchors_json) as AnchorRecord[],
  };
}

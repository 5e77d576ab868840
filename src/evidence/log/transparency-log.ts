/**
 * The evidence log (DESIGN.md "Evidence"): every audit event is a leaf of an append-only Merkle
 * tree (RFC 9162 §2.1). Events carry their leaf hash from the moment they are recorded; the
 * sequencer gives them consecutive leaf indexes in batches, updates the stored subtree tiles and
 * the root under one lock, and signs C2SP checkpoints — at least one a minute while the log grows,
 * and on demand (an evidence package needs one that covers its events).
 *
 * Why a sequencer rather than an index at insert: PostgreSQL ids are not committed in order and
 * leave gaps, and a Merkle tree needs dense, final indexes. Certificate Transparency logs do the
 * same (a merge delay between submission and inclusion).
 */
import { HetongError } from '../../shared/errors.js';
import type { Db } from '../../store/database.js';
import { leafEventOf } from '../audit.js';
import { leafData, leafHashHex } from './leaf.js';
import type { LogKeys } from './log-key.js';
import type { AnchorRecord, CheckpointRow, LogStore } from './log-store.js';
import {
  nodesNeeded,
  proveConsistency,
  proveInclusion,
  rootHash,
  verifyConsistency,
  type Hash,
  type NodeId,
  type NodeSource,
} from './merkle.js';
import { formatCheckpoint, signNote } from './note.js';
import { appendLeaves, frontier, isFullTile, tileName, tilesOf, TileSet, type TileKey } from './tiles.js';

export interface TransparencyLogOptions {
  /** A new checkpoint when the log grew and the last is this old (default 30 s: ≥ 1 a minute). */
  checkpointEveryMs?: number;
  /** Events per sequencing transaction (bounds how long the lock is held). */
  batchSize?: number;
  now?: () => number;
}

export interface IntegrateResult {
  size: number;
  added: number;
  checkpoint?: CheckpointRow;
}

/** Full tiles kept in memory for proofs: 1,024 × 16 KiB = 16 MiB at most. */
const FULL_TILE_CACHE = 1024;

export class TransparencyLog {
  readonly #now: () => number;
  /** Full tiles by name, least recently used first: they never change, so any node may keep them. */
  readonly #fullTiles = new Map<string, Uint8Array>();
  /** The largest tree size this process has read from storage. */
  #sizeSeen = 0;

  constructor(
    private readonly db: Db,
    private readonly store: LogStore,
    private readonly keys: LogKeys,
    private readonly options: TransparencyLogOptions = {},
  ) {
    this.#now = options.now ?? Date.now;
  }

  /**
   * Adds every recorded event not yet in the tree, then signs a checkpoint when one is due
   * (`checkpoint: 'now'`: whenever the tree is larger than the last checkpoint).
   */
  async integrate(options: { checkpoint?: 'due' | 'now' } = {}): Promise<IntegrateResult> {
    let added = 0;
    for (;;) {
      const n = await this.#sequenceBatch();
      added += n;
      if (n < (this.options.batchSize ?? 2000)) break;
    }
    const checkpoint = await this.#checkpoint(options.checkpoint ?? 'due');
    const { size } = await this.store.state(this.db);
    return { size, added, ...(checkpoint ? { checkpoint } : {}) };
  }

  async #sequenceBatch(): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const now = this.#now();
      const state = await this.store.lockState(trx, now);
      const events = await this.store.unsequenced(trx, this.options.batchSize ?? 2000);
      if (events.length === 0) return 0;
      const tiles = new TileSet(state.size);
      for (const t of await this.store.loadTiles(trx, tilesOf(frontier(state.size))))
        tiles.load(t.key, t.data);
      // The hash written with the event is the one logged: an edit of the row after it was
      // recorded then shows as a mismatch between the row and its leaf, never as a new truth.
      const leaves = events.map((e) =>
        Buffer.from(e.leafHash ?? leafHashHex(leafData(leafEventOf(e.row))), 'hex'),
      );
      const size = appendLeaves(state.size, leaves, tiles);
      await this.store.writeTiles(trx, tiles.dirty());
      await this.store.assignIndexes(
        trx,
        events.map((e) => e.id),
        state.size,
      );
      const root = Buffer.from(rootHash(size, (l, i) => tiles.node(l, i)));
      await this.store.saveState(trx, { size, rootHash: root }, now);
      return events.length;
    });
  }

  async #checkpoint(when: 'due' | 'now'): Promise<CheckpointRow | undefined> {
    // Before the transaction: SQLite has one connection, and the key is read outside `trx`.
    const signer = await this.keys.signer();
    return this.db.transaction().execute(async (trx) => {
      const now = this.#now();
      const state = await this.store.lockState(trx, now);
      const last = await this.store.latestCheckpoint(trx);
      if (last && last.treeSize >= state.size) return undefined;
      if (when === 'due' && last && now - last.createdAt < (this.options.checkpointEveryMs ?? 30_000))
        return undefined;
      if (last && last.treeSize > 0) {
        // Never sign a tree that does not extend the last signed one (storage damage, a bug):
        // two inconsistent checkpoints would be a fork anyone could prove against us.
        const proof = await this.#prove((node) => proveConsistency(last.treeSize, state.size, node), trx);
        if (!verifyConsistency(last.treeSize, state.size, last.rootHash, state.rootHash, proof))
          throw new Error(
            `the log of size ${state.size} is not consistent with its checkpoint of size ${last.treeSize}`,
          );
      }
      const text = formatCheckpoint({
        origin: signer.name,
        size: state.size,
        rootHash: state.rootHash,
        extensions: [],
      });
      const row = {
        treeSize: state.size,
        rootHash: state.rootHash,
        note: signNote(text, [signer]),
        createdAt: now,
      };
      await this.store.addCheckpoint(trx, row);
      return { ...row, anchors: [] };
    });
  }

  latestCheckpoint(): Promise<CheckpointRow | undefined> {
    return this.store.latestCheckpoint(this.db);
  }

  checkpointOfSize(size: number): Promise<CheckpointRow | undefined> {
    return this.store.checkpointOfSize(this.db, size);
  }

  /** Stores what outside parties answered for the checkpoint of `size` (see anchoring.ts). */
  saveAnchors(size: number, anchors: readonly AnchorRecord[]): Promise<void> {
    return this.store.saveAnchors(this.db, size, anchors);
  }

  /**
   * The checkpoint an evidence package shows for leaf `leafIndex`: the first anchored one that
   * includes it, else the first one that does (signing one now if none does yet).
   */
  async checkpointFor(leafIndex: number): Promise<CheckpointRow> {
    return (
      (await this.store.checkpointCovering(this.db, leafIndex + 1, { anchored: true })) ??
      this.checkpointCovering(leafIndex)
    );
  }

  /** A checkpoint that includes leaf `leafIndex`, signing one now if none does yet. */
  async checkpointCovering(leafIndex: number): Promise<CheckpointRow> {
    const found = await this.store.checkpointCovering(this.db, leafIndex + 1);
    if (found) return found;
    await this.integrate({ checkpoint: 'now' });
    const now = await this.store.checkpointCovering(this.db, leafIndex + 1);
    if (!now) throw new HetongError('EVIDENCE_LEAF_NOT_FOUND', 404, `leaf ${leafIndex} is not in the log`);
    return now;
  }

  /** The canonical JSON of leaf `leafIndex` when it is an event of business line `lineId`. */
  async leaf(leafIndex: number, lineId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('audit_events')
      .selectAll()
      .where('leaf_index', '=', leafIndex)
      .where('business_line_id', '=', lineId)
      .executeTakeFirst();
    return row && leafData(leafEventOf(row));
  }

  async #size(): Promise<number> {
    return (await this.store.state(this.db)).size;
  }

  async #checkSize(treeSize: number): Promise<void> {
    // The log only grows: a size seen once exists for ever, so most proofs skip the query.
    if (treeSize <= this.#sizeSeen) return;
    const size = await this.#size();
    this.#sizeSeen = Math.max(this.#sizeSeen, size);
    if (treeSize > size)
      throw new HetongError(
        'TREE_SIZE_BEYOND_LOG',
        400,
        `the log has ${size} leaves; a tree of ${treeSize} does not exist yet`,
      );
  }

  /** The audit path of leaf `leafIndex` in the tree of `treeSize` leaves (RFC 9162 §2.1.3). */
  async proveInclusion(leafIndex: number, treeSize: number): Promise<Hash[]> {
    await this.#checkSize(treeSize);
    if (leafIndex >= treeSize)
      throw new HetongError(
        'LEAF_INDEX_BEYOND_TREE',
        400,
        `leaf ${leafIndex} is not in a tree of ${treeSize} leaves`,
      );
    return this.#prove((node) => proveInclusion(leafIndex, treeSize, node));
  }

  /** Inclusion proofs of several leaves in the tree of `treeSize`, read in one batch. */
  async proveInclusions(leafIndexes: readonly number[], treeSize: number): Promise<Hash[][]> {
    await this.#checkSize(treeSize);
    const beyond = leafIndexes.find((i) => i >= treeSize);
    if (beyond !== undefined)
      throw new HetongError(
        'LEAF_INDEX_BEYOND_TREE',
        400,
        `leaf ${beyond} is not in a tree of ${treeSize} leaves`,
      );
    return this.#prove((node) => leafIndexes.map((i) => proveInclusion(i, treeSize, node)));
  }

  /** The proof that the tree of `from` leaves is a prefix of the tree of `to` (RFC 9162 §2.1.4). */
  async proveConsistency(from: number, to: number): Promise<Hash[]> {
    if (from > to)
      throw new HetongError('VALIDATION_FAILED', 400, `from (${from}) must not be larger than to (${to})`);
    await this.#checkSize(to);
    return this.#prove((node) => proveConsistency(from, to, node));
  }

  /** The root of the tree of `size` leaves, from the stored subtrees. */
  async rootAt(size: number): Promise<Hash> {
    await this.#checkSize(size);
    return this.#prove((node) => rootHash(size, node));
  }

  /** Runs a proof computation twice: once to learn the stored nodes it reads, once on them. */
  async #prove<T>(run: (node: NodeSource) => T, db: Db = this.db): Promise<T> {
    const needed: NodeId[] = nodesNeeded(run);
    const tiles = new TileSet(Number.MAX_SAFE_INTEGER);
    const missing: TileKey[] = [];
    // Proofs for callers may use the cache; the check before signing a checkpoint (inside its
    // transaction) reads storage, so a damaged stored tile is found there, not hidden by a copy.
    const cached = db === this.db;
    for (const key of tilesOf(needed)) {
      const name = tileName(key);
      const hit = cached ? this.#fullTiles.get(name) : undefined;
      if (!hit) {
        missing.push(key);
        continue;
      }
      // Least recently used first out: a hit moves to the end.
      this.#fullTiles.delete(name);
      this.#fullTiles.set(name, hit);
      tiles.load(key, hit);
    }
    for (const t of await this.store.loadTiles(db, missing)) {
      tiles.load(t.key, t.data);
      if (cached && isFullTile(t.data)) {
        this.#fullTiles.set(tileName(t.key), t.data);
        if (this.#fullTiles.size > FULL_TILE_CACHE)
          this.#fullTiles.delete(this.#fullTiles.keys().next().value!);
      }
    }
    return run((l, i) => tiles.node(l, i));
  }
}

/**
 * How the log's complete subtree hashes are stored: in tiles, after C2SP tlog-tiles and Go's
 * checksum database. A tile of tile level L and index t holds the nodes of tree levels 8L … 8L+7
 * under 256 consecutive nodes of level 8L, i.e. a complete binary tree of height 8 (510 hashes:
 * 256 + 128 + … + 2; its own root is the first node of the next tile level).
 *
 * Why tiles, not one row per node: a log of 100 million leaves has 200 million complete nodes.
 * One row each costs ~70 bytes of row and index overhead in PostgreSQL beside a 32-byte hash;
 * tiles cut the row count by 500 and keep every hash directly addressable, so a proof reads about
 * one tile per tile level (4 for 2^32 leaves), never scans, and needs no hashing beyond its own
 * O(log n) folds. A tile is written whole (≤ 16 KiB); only the right edge's partial tiles are
 * rewritten while the log grows.
 *
 * Pure: no I/O. `TileSet` is the working copy the store loads and writes back.
 */
import { hashChildren, type Hash, type NodeId } from './merkle.js';

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;
const HASH = 32;
/** Slots of one tile: in-tile level k starts at 512 − 512/2^k and holds 256/2^k nodes. */
export const TILE_SLOTS = 2 * TILE_WIDTH - 2;
export const TILE_BYTES = TILE_SLOTS * HASH;

export interface TileKey {
  level: number;
  index: number;
}

export interface NodePlace extends TileKey {
  /** Slot of the node inside the tile. */
  slot: number;
}

export const tileName = (t: TileKey): string => `${t.level}/${t.index}`;

/** Where node (level, index) of the tree is stored. */
export function placeOf(level: number, index: number): NodePlace {
  const tileLevel = Math.floor(level / TILE_HEIGHT);
  const k = level - tileLevel * TILE_HEIGHT;
  const perTile = TILE_WIDTH >> k;
  const tileIndex = Math.floor(index / perTile);
  return {
    level: tileLevel,
    index: tileIndex,
    slot: 2 * TILE_WIDTH - ((2 * TILE_WIDTH) >> k) + (index % perTile),
  };
}

/**
 * Whether a stored tile is full: its right-most node of in-tile level 7 (slot 509) is set, so all
 * 256 nodes under it are complete. A full tile never changes again — the log only appends.
 */
export function isFullTile(data: Uint8Array): boolean {
  for (let i = (TILE_SLOTS - 1) * HASH; i < TILE_SLOTS * HASH; i++) if (data[i] !== 0) return true;
  return false;
}

/** Whether node (level, index) is complete in a tree of `size` leaves. */
export const isComplete = (size: number, level: number, index: number): boolean =>
  (index + 1) * 2 ** level <= size;

/**
 * The complete subtrees a tree of `size` leaves decomposes into, largest (leftmost) first: the
 * only existing nodes an append can need as left siblings.
 */
export function frontier(size: number): NodeId[] {
  const out: NodeId[] = [];
  let start = 0;
  for (let level = Math.floor(Math.log2(Math.max(size, 1))) + 1; level >= 0; level--) {
    const w = 2 ** level;
    if (start + w <= size) {
      out.push({ level, index: start / w });
      start += w;
    }
  }
  return out;
}

/** The tiles holding `nodes`, each once. */
export function tilesOf(nodes: readonly NodeId[]): TileKey[] {
  const keys = new Map<string, TileKey>();
  for (const n of nodes) {
    const { level, index } = placeOf(n.level, n.index);
    keys.set(tileName({ level, index }), { level, index });
  }
  return [...keys.values()];
}

/** Whether the tile exists (holds at least one complete node) in a tree of `size` leaves. */
export const tileExists = (size: number, t: TileKey): boolean =>
  Math.floor(size / 2 ** (t.level * TILE_HEIGHT)) > t.index * TILE_WIDTH;

/** A working set of tiles: those loaded from the store, and those an append changed. */
export class TileSet {
  readonly #tiles = new Map<string, { key: TileKey; data: Buffer }>();
  readonly #dirty = new Set<string>();

  /** @param size the tree size the loaded tiles belong to (to tell new tiles from unloaded ones). */
  constructor(private readonly size: number) {}

  load(key: TileKey, data: Uint8Array): void {
    if (data.length !== TILE_BYTES) throw new Error(`log tile ${tileName(key)} has ${data.length} bytes`);
    // A view, not a copy: stores hand fresh buffers, and proofs share cached full tiles, which
    // only `set` could change — and an append never sets a node of a full tile.
    this.#tiles.set(tileName(key), { key, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) });
  }

  node(level: number, index: number): Hash {
    const p = placeOf(level, index);
    const tile = this.#tiles.get(tileName(p));
    if (!tile) throw new Error(`log node ${level}/${index} is not loaded (tile ${tileName(p)})`);
    return tile.data.subarray(p.slot * HASH, (p.slot + 1) * HASH);
  }

  set(level: number, index: number, hash: Hash): void {
    const p = placeOf(level, index);
    const name = tileName(p);
    let tile = this.#tiles.get(name);
    if (!tile) {
      // A tile that existed before this append must have been loaded: writing a fresh one over it
      // would erase its other hashes.
      if (tileExists(this.size, p)) throw new Error(`log tile ${name} was not loaded before the append`);
      tile = { key: { level: p.level, index: p.index }, data: Buffer.alloc(TILE_BYTES) };
      this.#tiles.set(name, tile);
    }
    tile.data.set(hash, p.slot * HASH);
    this.#dirty.add(name);
  }

  /** Tiles changed since loading, to be written back. */
  dirty(): { key: TileKey; data: Buffer }[] {
    return [...this.#dirty].map((n) => this.#tiles.get(n)!);
  }
}

/**
 * Appends leaf hashes to a tree of `size` leaves whose frontier tiles are in `tiles`; every new
 * complete node is computed once (RFC 9162 §2.1.1 hashing). Returns the new size.
 */
export function appendLeaves(size: number, leafHashes: readonly Hash[], tiles: TileSet): number {
  let n = size;
  for (const leaf of leafHashes) {
    tiles.set(0, n, leaf);
    let level = 0;
    let index = n;
    let h = leaf;
    // A node is complete when its right child is: climb while this node is a right child.
    while (index % 2 === 1) {
      h = hashChildren(tiles.node(level, index - 1), h);
      level++;
      index = (index - 1) / 2;
      tiles.set(level, index, h);
    }
    n++;
  }
  return n;
}

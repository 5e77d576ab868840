/**
 * Merkle tree hashing and proofs of RFC 9162 §2.1 (Certificate Transparency 2.0), the same tree as
 * C2SP tlog-checkpoint logs: leaf = SHA-256(0x00 ‖ data), node = SHA-256(0x01 ‖ left ‖ right).
 *
 * Proofs are built from *complete* subtree hashes only — `node(level, index)` covers the leaves
 * [index·2^level, (index+1)·2^level) — because those never change once the tree has grown past
 * them and can be stored. The right edge of a tree whose size is not a power of two is recomputed
 * from the complete subtrees it decomposes into (one per set bit of its width).
 *
 * Pure: no I/O. A proof is computed in two passes over a `NodeSource`: `nodesFor…` lists the
 * stored hashes it needs (one batched read), then `prove…` folds them.
 */
import { hash as oneShotHash } from 'node:crypto';

export type Hash = Uint8Array;

export interface NodeId {
  level: number;
  index: number;
}

/** Complete subtree hashes by id; throws when a needed one is missing. */
export type NodeSource = (level: number, index: number) => Hash;

const sha256 = (data: Uint8Array): Buffer => oneShotHash('sha256', data, 'buffer') as unknown as Buffer;

/** RFC 9162 §2.1.1: MTH({d}) = SHA-256(0x00 ‖ d). */
export function hashLeaf(data: Uint8Array): Hash {
  const b = Buffer.allocUnsafe(data.length + 1);
  b[0] = 0;
  b.set(data, 1);
  return sha256(b);
}

/** RFC 9162 §2.1.1: SHA-256(0x01 ‖ left ‖ right). */
export function hashChildren(left: Hash, right: Hash): Hash {
  const b = Buffer.allocUnsafe(65);
  b[0] = 1;
  b.set(left, 1);
  b.set(right, 33);
  return sha256(b);
}

/** The hash of the empty tree, SHA-256 of the empty string (RFC 9162 §2.1.1). */
export const EMPTY_ROOT: Hash = sha256(new Uint8Array(0));

/** The largest power of two smaller than n (n > 1): the split point k of RFC 9162 §2.1.1. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** log2(n) when n is a power of two, else -1. Exact for every safe integer (Math.log2 rounds). */
function exactLog2(n: number): number {
  let level = 0;
  for (let p = 1; p <= n; p *= 2, level++) if (p === n) return level;
  return -1;
}

const isPowerOfTwo = (n: number): boolean => exactLog2(n) >= 0;

/**
 * MTH(D[lo:hi]) where [lo, hi) is either a complete aligned subtree or, at the right edge of the
 * tree, a range starting at a boundary aligned to a power of two at least its width.
 */
export function subtreeHash(lo: number, hi: number, node: NodeSource): Hash {
  const width = hi - lo;
  if (width <= 0) throw new RangeError(`empty subtree [${lo}, ${hi})`);
  const level = exactLog2(width);
  if (level >= 0 && lo % width === 0) return node(level, lo / width);
  const k = splitPoint(width);
  return hashChildren(subtreeHash(lo, lo + k, node), subtreeHash(lo + k, hi, node));
}

/** The root of a tree of `size` leaves. */
export function rootHash(size: number, node: NodeSource): Hash {
  return size === 0 ? EMPTY_ROOT : subtreeHash(0, size, node);
}

/** RFC 9162 §2.1.3.1 PATH(m, D[lo:hi]), leaf to root order. */
function path(m: number, lo: number, hi: number, node: NodeSource, out: Hash[]): void {
  if (hi - lo <= 1) return;
  const k = splitPoint(hi - lo);
  if (m < lo + k) {
    path(m, lo, lo + k, node, out);
    out.push(subtreeHash(lo + k, hi, node));
  } else {
    path(m, lo + k, hi, node, out);
    out.push(subtreeHash(lo, lo + k, node));
  }
}

/** RFC 9162 §2.1.4.1 SUBPROOF(m, D[lo:hi], b). */
function subproof(m: number, lo: number, hi: number, b: boolean, node: NodeSource, out: Hash[]): void {
  const n = hi - lo;
  if (m === n) {
    if (!b) out.push(subtreeHash(lo, hi, node));
    return;
  }
  const k = splitPoint(n);
  if (m <= k) {
    subproof(m, lo, lo + k, b, node, out);
    out.push(subtreeHash(lo + k, hi, node));
  } else {
    subproof(m - k, lo + k, hi, false, node, out);
    out.push(subtreeHash(lo, lo + k, node));
  }
}

function checkSizes(index: number, size: number, what: string): void {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || size < 0)
    throw new RangeError(`${what}: sizes must be non-negative integers`);
}

/** The audit path of leaf `index` in the tree of `size` leaves (RFC 9162 §2.1.3.1). */
export function proveInclusion(index: number, size: number, node: NodeSource): Hash[] {
  checkSizes(index, size, 'inclusion proof');
  if (index >= size) throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  const out: Hash[] = [];
  path(index, 0, size, node, out);
  return out;
}

/** The consistency proof between sizes `from` ≤ `to` (RFC 9162 §2.1.4.1; empty when equal or 0). */
export function proveConsistency(from: number, to: number, node: NodeSource): Hash[] {
  checkSizes(from, to, 'consistency proof');
  if (from > to) throw new RangeError(`size ${from} is larger than ${to}`);
  if (from === 0 || from === to) return [];
  const out: Hash[] = [];
  subproof(from, 0, to, true, node, out);
  return out;
}

/** The stored hashes a computation over a NodeSource reads, found by running it on placeholders. */
export function nodesNeeded(run: (node: NodeSource) => unknown): NodeId[] {
  const seen = new Map<string, NodeId>();
  const placeholder = new Uint8Array(32);
  run((level, index) => {
    seen.set(`${level}/${index}`, { level, index });
    return placeholder;
  });
  return [...seen.values()];
}

const equal = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && Buffer.compare(a, b) === 0;

/**
 * RFC 9162 §2.1.3.2: does `proof` show that `leafHash` is leaf `index` of the tree of `size`
 * whose root is `root`?
 */
export function verifyInclusion(
  index: number,
  size: number,
  leafHash: Hash,
  proof: readonly Hash[],
  root: Hash,
): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(r, root);
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show that the tree of size `from` with root `fromRoot` is a
 * prefix of the tree of size `to` with root `toRoot`?
 */
export function verifyConsistency(
  from: number,
  to: number,
  fromRoot: Hash,
  toRoot: Hash,
  proof: readonly Hash[],
): boolean {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || from > to) return false;
  if (from === to) return proof.length === 0 && equal(fromRoot, toRoot);
  if (from === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  // Step 1: if first is an exact power of 2, prepend first_hash to the proof.
  const path = isPowerOfTwo(from) ? [fromRoot, ...proof] : [...proof];
  let fn = from - 1;
  let sn = to - 1;
  // Step 3: right-shift both while LSB(fn) is set.
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(fr, fromRoot) && equal(sr, toRoot);
}

import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hashChildren,
  hashLeaf,
  nodesNeeded,
  proveConsistency,
  proveInclusion,
  rootHash,
  verifyConsistency,
  verifyInclusion,
  type Hash,
  type NodeSource,
} from './merkle.js';

// The reference definitions of RFC 9162 §2.1.1, §2.1.3.1 and §2.1.4.1 on the leaves themselves,
// written as the RFC writes them: recursion over D[0:n], no stored nodes.
const sha = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const k = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1);
function mth(d: Uint8Array[]): Hash {
  if (d.length === 0) return sha();
  if (d.length === 1) return sha(Uint8Array.of(0), d[0]!);
  const s = k(d.length);
  return sha(Uint8Array.of(1), mth(d.slice(0, s)), mth(d.slice(s)));
}
function refPath(m: number, d: Uint8Array[]): Hash[] {
  if (d.length <= 1) return [];
  const s = k(d.length);
  return m < s
    ? [...refPath(m, d.slice(0, s)), mth(d.slice(s))]
    : [...refPath(m - s, d.slice(s)), mth(d.slice(0, s))];
}
function refSubproof(m: number, d: Uint8Array[], b: boolean): Hash[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const s = k(d.length);
  return m <= s
    ? [...refSubproof(m, d.slice(0, s), b), mth(d.slice(s))]
    : [...refSubproof(m - s, d.slice(s), false), mth(d.slice(0, s))];
}

/** Complete nodes computed from the leaves, as the store would hold them. */
function nodesOf(d: Uint8Array[]): NodeSource {
  return (level, index) => {
    const w = 2 ** level;
    if ((index + 1) * w > d.length) throw new Error(`node ${level}/${index} is not complete`);
    return mth(d.slice(index * w, (index + 1) * w));
  };
}

const hex = (h: Uint8Array) => Buffer.from(h).toString('hex');
const leavesArb = fc.array(fc.uint8Array({ maxLength: 8 }), { minLength: 1, maxLength: 70 });

describe('Merkle tree (RFC 9162 §2.1)', () => {
  // The test tree of the Certificate Transparency reference implementation (RFC 6962 test data).
  const ctLeaves = [
    '',
    '00',
    '10',
    '2021',
    '3031',
    '40414243',
    '5051525354555657',
    '606162636465666768696a6b6c6d6e6f',
  ].map((h) => Uint8Array.from(Buffer.from(h, 'hex')));
  const ctRoots = [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ];

  it('computes the roots of the CT reference tree from stored complete subtrees', () => {
    for (let n = 1; n <= 8; n++) expect(hex(rootHash(n, nodesOf(ctLeaves.slice(0, n))))).toBe(ctRoots[n - 1]);
    expect(hex(rootHash(0, nodesOf([])))).toBe(hex(sha()));
  });

  it('leaf and node hashing use the 0x00 / 0x01 domain prefixes', () => {
    expect(hex(hashLeaf(new Uint8Array(0)))).toBe(ctRoots[0]);
    const a = hashLeaf(Uint8Array.of(1));
    const b = hashLeaf(Uint8Array.of(2));
    expect(hex(hashChildren(a, b))).toBe(hex(sha(Uint8Array.of(1), a, b)));
  });

  it('inclusion proofs equal the RFC definition and verify; a wrong leaf, index or root fails', () => {
    fc.assert(
      fc.property(leavesArb, fc.nat(), (d, pick) => {
        const n = d.length;
        const m = pick % n;
        const nodes = nodesOf(d);
        const proof = proveInclusion(m, n, nodes);
        expect(proof.map(hex)).toEqual(refPath(m, d).map(hex));
        const root = mth(d);
        const leaf = hashLeaf(d[m]!);
        expect(verifyInclusion(m, n, leaf, proof, root)).toBe(true);
        expect(verifyInclusion(m, n, hashLeaf(Uint8Array.of(...d[m]!, 7)), proof, root)).toBe(false);
        const next = (m + 1) % n;
        if (n > 1 && hex(d[next]!) !== hex(d[m]!))
          expect(verifyInclusion(next, n, leaf, proof, root)).toBe(false);
        expect(verifyInclusion(m, n, leaf, proof, hashLeaf(root))).toBe(false);
        if (proof.length > 0) expect(verifyInclusion(m, n, leaf, proof.slice(1), root)).toBe(false);
        expect(verifyInclusion(m, n, leaf, [...proof, root], root)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('consistency proofs equal the RFC definition and verify; a fork or a wrong size fails', () => {
    fc.assert(
      fc.property(leavesArb, fc.nat(), (d, pick) => {
        const n = d.length;
        const m = 1 + (pick % n);
        const proof = proveConsistency(m, n, nodesOf(d));
        expect(proof.map(hex)).toEqual(m === n ? [] : refSubproof(m, d, true).map(hex));
        const old = mth(d.slice(0, m));
        const now = mth(d);
        expect(verifyConsistency(m, n, old, now, proof)).toBe(true);
        // A log that rewrote one of the first m leaves is not consistent with the old root.
        const forked = [...d];
        forked[m - 1] = Uint8Array.of(...forked[m - 1]!, 9);
        expect(verifyConsistency(m, n, old, mth(forked), proof)).toBe(false);
        expect(verifyConsistency(m, n, hashLeaf(old), now, proof)).toBe(false);
        if (m < n && m > 1) expect(verifyConsistency(m - 1, n, old, now, proof)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('a proof reads only complete stored subtrees, about two per level', () => {
    const ids = nodesNeeded((node) => proveConsistency(1_000_003, 10_000_000, node));
    expect(ids.length).toBeLessThanOrEqual(2 * 24);
    for (const { level, index } of ids) expect((index + 1) * 2 ** level).toBeLessThanOrEqual(10_000_000);
  });

  it('refuses sizes outside the tree', () => {
    const nodes = nodesOf(ctLeaves);
    expect(() => proveInclusion(8, 8, nodes)).toThrow(RangeError);
    expect(() => proveInclusion(-1, 8, nodes)).toThrow(RangeError);
    expect(() => proveConsistency(9, 8, nodes)).toThrow(RangeError);
    expect(verifyInclusion(8, 8, hashLeaf(ctLeaves[0]!), [], hashLeaf(ctLeaves[0]!))).toBe(false);
    expect(verifyConsistency(3, 2, sha(), sha(), [])).toBe(false);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffLines, sideBySide, type DiffOp } from './diff';

/** Replays an edit script on the old text: what the diff claims to do. */
function apply(a: readonly string[], ops: readonly DiffOp[]): string[] {
  const out: string[] = [];
  let i = 0;
  for (const o of ops) {
    if (o.op === 'insert') out.push(o.line);
    else {
      if (a[i] !== o.line) throw new Error(`op ${o.op} "${o.line}" does not match old line ${i} "${a[i]}"`);
      if (o.op === 'equal') out.push(o.line);
      i++;
    }
  }
  if (i !== a.length) throw new Error('the old text was not consumed');
  return out;
}

describe('diffLines', () => {
  it('keeps what is equal and marks a changed clause', () => {
    const ops = diffLines(['第一条', '价款 100 元', '第三条'], ['第一条', '价款 200 元', '第三条', '附件']);
    expect(ops).toEqual([
      { op: 'equal', line: '第一条' },
      { op: 'insert', line: '价款 200 元' },
      { op: 'delete', line: '价款 100 元' },
      { op: 'equal', line: '第三条' },
      { op: 'insert', line: '附件' },
    ]);
    expect(sideBySide(ops)).toEqual([
      { kind: 'equal', left: '第一条', right: '第一条' },
      { kind: 'change', left: '价款 100 元', right: '价款 200 元' },
      { kind: 'equal', left: '第三条', right: '第三条' },
      { kind: 'insert', right: '附件' },
    ]);
  });

  it('applying the diff to the old text gives the new text, with a longest common part kept', () => {
    const text = fc.array(fc.constantFrom('甲', '乙', '丙', '丁', ''), { maxLength: 30 });
    fc.assert(
      fc.property(text, text, (a, b) => {
        const ops = diffLines(a, b);
        expect(apply(a, ops)).toEqual(b);
        // A text diffed with itself is all equal.
        expect(diffLines(a, a).every((o) => o.op === 'equal')).toBe(true);
        // Every old line appears on the left and every new line on the right of the side-by-side rows.
        const rows = sideBySide(ops);
        expect(rows.flatMap((r) => (r.left === undefined ? [] : [r.left]))).toEqual(a);
        expect(rows.flatMap((r) => (r.right === undefined ? [] : [r.right]))).toEqual(b);
      }),
    );
  });

  it('a diff is as short as the longest common subsequence allows', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }).map(String), { maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 3 }).map(String), { maxLength: 12 }),
        (a, b) => {
          const kept = diffLines(a, b).filter((o) => o.op === 'equal').length;
          expect(kept).toBe(lcsLength(a, b));
        },
      ),
    );
  });
});

/** The reference: LCS length by plain recursion with memo. */
function lcsLength(a: string[], b: string[]): number {
  const memo = new Map<string, number>();
  const go = (i: number, j: number): number => {
    if (i === a.length || j === b.length) return 0;
    const k = `${i},${j}`;
    let v = memo.get(k);
    if (v === undefined) {
      v = a[i] === b[j] ? go(i + 1, j + 1) + 1 : Math.max(go(i + 1, j), go(i, j + 1));
      memo.set(k, v);
    }
    return v;
  };
  return go(0, 0);
}

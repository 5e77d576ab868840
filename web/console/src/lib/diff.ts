/**
 * A line diff (LCS over whole lines — a template's paragraphs), for showing two versions of a
 * contract text side by side. Pure; the common head and tail are cut first, so the quadratic
 * table only spans the changed middle (a few paragraphs in a typical revision).
 */

export type DiffOp = { op: 'equal' | 'delete' | 'insert'; line: string };

/** The edit script turning `a` into `b`: equal lines kept, lines of `a` deleted, lines of `b` inserted. */
export function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  // lcs[i][j]: length of the longest common subsequence of x[i..] and y[j..].
  const lcs = Array.from({ length: x.length + 1 }, () => new Uint32Array(y.length + 1));
  for (let i = x.length - 1; i >= 0; i--)
    for (let j = y.length - 1; j >= 0; j--)
      lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const ops: DiffOp[] = a.slice(0, head).map((line) => ({ op: 'equal', line }));
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      ops.push({ op: 'equal', line: x[i++]! });
      j++;
    } else if (j < y.length && (i === x.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      ops.push({ op: 'insert', line: y[j++]! });
    } else {
      ops.push({ op: 'delete', line: x[i++]! });
    }
  }
  for (const line of a.slice(a.length - tail)) ops.push({ op: 'equal', line });
  return ops;
}

/** One row of a side-by-side view: a changed line pairs a deletion with the insertion beside it. */
export interface DiffRow {
  kind: 'equal' | 'change' | 'delete' | 'insert';
  left?: string;
  right?: string;
}

export function sideBySide(ops: readonly DiffOp[]): DiffRow[] {
  const rows: DiffRow[] = [];
  for (let k = 0; k < ops.length;) {
    const op = ops[k]!;
    if (op.op === 'equal') {
      rows.push({ kind: 'equal', left: op.line, right: op.line });
      k++;
      continue;
    }
    // A run of deletions and insertions: pair them up line by line.
    const dels: string[] = [];
    const ins: string[] = [];
    for (; k < ops.length && ops[k]!.op !== 'equal'; k++)
      (ops[k]!.op === 'delete' ? dels : ins).push(ops[k]!.line);
    for (let n = 0; n < Math.max(dels.length, ins.length); n++) {
      const left = dels[n];
      const right = ins[n];
      if (left !== undefined && right !== undefined) rows.push({ kind: 'change', left, right });
      else if (left !== undefined) rows.push({ kind: 'delete', left });
      else rows.push({ kind: 'insert', right: right! });
    }
  }
  return rows;
}

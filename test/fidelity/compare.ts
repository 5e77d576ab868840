/**
 * Text comparison for the fidelity tests. PDF text extraction differs between engines in
 * whitespace and line breaks only if the layout is the same, so text is reduced to tokens —
 * every CJK character or punctuation mark is a token, runs of Latin letters and digits are one
 * token — and compared by the longest common subsequence, like difflib's ratio:
 * 2·LCS / (|a| + |b|), 1 for identical token sequences. A tab leader (a run of dots, underscores,
 * middle dots or hyphens, ECMA-376 Part 1 §17.3.1.37 w:leader) is one token whatever its length:
 * how many characters fill a tab is layout, not content.
 */

export function tokens(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .match(/([._·\-…])\1{2,}|[\p{L}\p{N}]+(?:[.,:][\p{N}]+)*|[^\s\p{L}\p{N}]/gu)
      ?.flatMap((t) => (/^([._·\-…])\1{2,}$/u.test(t) ? [`<leader ${t[0]}>`] : splitCjk(t))) ?? []
  );
}

/** Han, kana and hangul are written without spaces: each character is a word. */
function splitCjk(token: string): string[] {
  return /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(token)
    ? (token.match(
        /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu,
      ) ?? [])
    : [token];
}

/** Length of the longest common subsequence, O(n·m) time, O(m) memory. */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  let prev = new Uint32Array(b.length + 1);
  let cur = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    const ai = a[i - 1];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = ai === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

export interface TextComparison {
  ratio: number;
  referenceTokens: number;
  candidateTokens: number;
  /** Up to 20 reference tokens (with neighbours) missing from the candidate, for the failure message. */
  missing: string[];
}

export function compareText(reference: string, candidate: string): TextComparison {
  const a = tokens(reference);
  const b = tokens(candidate);
  const total = a.length + b.length;
  const ratio = total === 0 ? 1 : (2 * lcsLength(a, b)) / total;
  const have = new Map<string, number>();
  for (const t of b) have.set(t, (have.get(t) ?? 0) + 1);
  const missing: string[] = [];
  for (let i = 0; i < a.length && missing.length < 20; i++) {
    const n = have.get(a[i]!) ?? 0;
    if (n > 0) have.set(a[i]!, n - 1);
    else missing.push(a.slice(Math.max(0, i - 3), i + 4).join(''));
  }
  return { ratio, referenceTokens: a.length, candidateTokens: b.length, missing };
}

/**
 * Scope-chain lookup shared by expansion and validation (docxtemplater's semantics with a dotted
 * path parser): try the innermost scope first, then each enclosing one, then the root; the first
 * scope where the whole path resolves to something other than `undefined` or `null` wins
 * (docxtemplater scope-manager.js: `if (result == null && num > 0)` asks the parent scope). When
 * only `null`s are found, the innermost `null` is the value (shown as empty text). The empty path
 * (`{.}`) is the innermost scope itself.
 */
export function resolvePath(scope: unknown, path: string[]): unknown {
  let v = scope;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    // Own properties only: `{constructor}` must not reach Object.prototype.
    if (!Object.prototype.hasOwnProperty.call(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

export function lookup(
  chain: readonly unknown[],
  path: string[],
): { value: unknown; depth: number } | undefined {
  if (path.length === 0) {
    const depth = chain.length - 1;
    return depth >= 0 ? { value: chain[depth], depth } : undefined;
  }
  let nullAt: { value: null; depth: number } | undefined;
  for (let depth = chain.length - 1; depth >= 0; depth -= 1) {
    const value = resolvePath(chain[depth], path);
    if (value === null) nullAt ??= { value, depth };
    else if (value !== undefined) return { value, depth };
  }
  return nullAt;
}

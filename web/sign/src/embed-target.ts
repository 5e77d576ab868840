/**
 * The origin an embedded page posts its events to (pure, for embed.ts): a hint of the parent's
 * origin (`location.ancestorOrigins[0]`, the referrer's origin) that the scene allows; with no hint
 * at all and exactly one allowed origin, that one (postMessage delivers only if the parent really
 * is there); otherwise none — never '*'.
 */
export function pickTarget(
  allowed: readonly string[],
  hints: readonly (string | null | undefined)[],
): string | null {
  // Only scheme://host[:port] (the server's embedOrigins rule): no '*', no path.
  const origins = allowed.filter((o) => /^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?$/.test(o));
  for (const hint of hints) if (hint && origins.includes(hint)) return hint;
  return hints.every((h) => !h) && origins.length === 1 ? origins[0]! : null;
}

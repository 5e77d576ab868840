/**
 * Forced reading (强制阅读), enforced by the server: a signer may sign only once the seconds its
 * flow (and the link's scene) ask for have passed since it opened the contract, and once it has
 * reported the last page seen when reading to the end is asked. Pure.
 */
export interface ReadingRule {
  seconds: number;
  toLastPage: boolean;
}

export interface ReadingProgress {
  done: boolean;
  secondsLeft: number;
  pagesLeft: number;
}

/** The stricter of the signer's own rule and the scene's. */
export function combinedRule(
  signer: { readingSeconds: number; readToEnd: boolean },
  scene: { seconds?: number; toLastPage?: boolean } | undefined,
): ReadingRule {
  return {
    seconds: Math.max(signer.readingSeconds, scene?.seconds ?? 0),
    toLastPage: signer.readToEnd || (scene?.toLastPage ?? false),
  };
}

export function readingProgress(
  rule: ReadingRule,
  state: { startedAt: number | null; lastPageSeen: number; totalPages: number },
  now: number,
): ReadingProgress {
  const elapsed = state.startedAt === null ? 0 : Math.max(0, now - state.startedAt);
  const secondsLeft = Math.max(0, Math.ceil((rule.seconds * 1000 - elapsed) / 1000));
  const pagesLeft = rule.toLastPage ? Math.max(0, state.totalPages - state.lastPageSeen) : 0;
  return { done: secondsLeft === 0 && pagesLeft === 0, secondsLeft, pagesLeft };
}

import { HetongError } from '../shared/errors.js';
import type { LoginThrottleRepository, ThrottleState } from '../store/repositories/login-throttle.js';

export interface ThrottlePolicy {
  /** Failures allowed before the first lockout. */
  freeFailures: number;
  /** First lockout; each further failure doubles it. */
  baseLockMs: number;
  maxLockMs: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = { freeFailures: 5, baseLockMs: 30_000, maxLockMs: 3_600_000 };

/** Pure: the state after one more failed login at `now`. */
export function afterFailure(state: ThrottleState, now: number, policy: ThrottlePolicy): ThrottleState {
  const failures = state.failures + 1;
  if (failures < policy.freeFailures) return { failures, lockedUntil: 0 };
  const lockMs = Math.min(policy.maxLockMs, policy.baseLockMs * 2 ** (failures - policy.freeFailures));
  return { failures, lockedUntil: now + lockMs };
}

/** Login throttling per account and per client address, shared by all nodes through the database. */
export class LoginThrottle {
  constructor(
    private readonly repo: LoginThrottleRepository,
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
  ) {}

  private keys(username: string, ip: string): string[] {
    return [`account:${username.toLowerCase()}`, `ip:${ip}`];
  }

  /** Throws AUTH_THROTTLED (429) while either key is locked. */
  async check(username: string, ip: string, now: number): Promise<void> {
    for (const key of this.keys(username, ip)) {
      const s = await this.repo.get(key);
      if (s.lockedUntil > now) {
        throw new HetongError('AUTH_THROTTLED', 429, 'too many failed logins; try again later', {
          retryAfterMs: s.lockedUntil - now,
        });
      }
    }
  }

  async failed(username: string, ip: string, now: number): Promise<void> {
    for (const key of this.keys(username, ip)) {
      await this.repo.put(key, afterFailure(await this.repo.get(key), now, this.policy), now);
    }
  }

  async succeeded(username: string, ip: string): Promise<void> {
    for (const key of this.keys(username, ip)) await this.repo.clear(key);
  }
}

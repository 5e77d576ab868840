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

  private throttled(lockedUntil: number, now: number): HetongError {
    return new HetongError('AUTH_THROTTLED', 429, 'too many failed logins; try again later', {
      retryAfterMs: Math.max(0, lockedUntil - now),
    });
  }

  /**
   * Counts a login attempt as a failure up front, atomically per key (see
   * LoginThrottleRepository.attempt), and throws AUTH_THROTTLED (429) while either key is locked.
   * Counting first closes the race of check → ~50 ms scrypt → count, where parallel guesses all
   * passed the check. Returns the failure counts to hand to `failed`; `succeeded` clears them.
   */
  async attempt(username: string, ip: string, now: number): Promise<number[]> {
    // The attempt that reaches the lockout count holds the key (locked) while its password is
    // checked; `failed` replaces that hold by the policy's lock.
    const holdUntil = now + this.policy.maxLockMs;
    const counts: number[] = [];
    const keys = this.keys(username, ip);
    for (const key of keys) {
      const failures = await this.repo.attempt(key, now, this.policy.freeFailures, holdUntil);
      if (failures === undefined) {
        // Keys counted already keep this attempt as a failure, with their proper lock.
        await this.failed(username, ip, now, counts);
        throw this.throttled((await this.repo.get(key)).lockedUntil, now);
      }
      counts.push(failures);
    }
    return counts;
  }

  /** After a wrong password: sets the lock of each key whose count reached the lockout. */
  async failed(username: string, ip: string, now: number, counts: number[]): Promise<void> {
    const keys = this.keys(username, ip);
    for (let i = 0; i < counts.length; i++) {
      const s = afterFailure({ failures: counts[i]! - 1, lockedUntil: 0 }, now, this.policy);
      if (s.lockedUntil > 0) await this.repo.lock(keys[i]!, s.lockedUntil, now);
    }
  }

  async succeeded(username: string, ip: string): Promise<void> {
    for (const key of this.keys(username, ip)) await this.repo.clear(key);
  }
}

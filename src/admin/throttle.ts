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

/**
 * How many times more failures an account takes from all addresses together than from one: a
 * guesser at one address locks only that address's attempts on the account, not its owner
 * elsewhere; guessing spread over many addresses still meets a ceiling.
 */
export const ACCOUNT_CEILING_FACTOR = 10;

/**
 * Login throttling shared by all nodes through the database, on three counters: the account from
 * this address (locks after `freeFailures`), this address whatever the account (the same, so one
 * address cannot try many accounts), and the account from anywhere (a ceiling of
 * ACCOUNT_CEILING_FACTOR × `freeFailures`, so the owner is not locked out by someone else's guesses
 * until the guessing is massive).
 */
export class LoginThrottle {
  constructor(
    private readonly repo: LoginThrottleRepository,
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
  ) {}

  private keys(username: string, ip: string): { key: string; policy: ThrottlePolicy }[] {
    const account = username.toLowerCase();
    return [
      { key: `account-ip:${account}:${ip}`, policy: this.policy },
      { key: `ip:${ip}`, policy: this.policy },
      {
        key: `account:${account}`,
        policy: { ...this.policy, freeFailures: this.policy.freeFailures * ACCOUNT_CEILING_FACTOR },
      },
    ];
  }

  private throttled(lockedUntil: number, now: number): HetongError {
    return new HetongError('AUTH_THROTTLED', 429, 'too many failed logins; try again later', {
      retryAfterMs: Math.max(0, lockedUntil - now),
    });
  }

  /**
   * Counts a login attempt as a failure up front, atomically per key (see
   * LoginThrottleRepository.attempt), and throws AUTH_THROTTLED (429) while any key is locked.
   * Counting first closes the race of check → ~50 ms scrypt → count, where parallel guesses all
   * passed the check. Returns the failure counts to hand to `failed`; `succeeded` clears them.
   */
  async attempt(username: string, ip: string, now: number): Promise<number[]> {
    const counts: number[] = [];
    for (const { key, policy } of this.keys(username, ip)) {
      // The attempt that reaches the lockout count holds the key (locked) while its password is
      // checked; `failed` replaces that hold by the policy's lock.
      const failures = await this.repo.attempt(key, now, policy.freeFailures, now + policy.maxLockMs);
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
      const s = afterFailure({ failures: counts[i]! - 1, lockedUntil: 0 }, now, keys[i]!.policy);
      if (s.lockedUntil > 0) await this.repo.lock(keys[i]!.key, s.lockedUntil, now);
    }
  }

  /** A right password clears this address's counters for the account; the ceiling decays by time only. */
  async succeeded(username: string, ip: string): Promise<void> {
    for (const { key } of this.keys(username, ip).slice(0, 2)) await this.repo.clear(key);
  }
}

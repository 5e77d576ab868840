/**
 * Intent verification (意愿验证) by a one-time code sent by SMS or e-mail: the signer proves it
 * wants to sign now. One check covers every contract of a signing session (continuous signing).
 *
 * The rules (issue 9): 6 digits from a CSPRNG; stored only as an HMAC under a key derived from the
 * master key (a 6-digit code hashed without a secret falls to a million guesses offline); valid 5
 * minutes; a new code no sooner than 60 s after the last; 5 wrong tries lock the subject for 15
 * minutes, across codes and sessions; at most 10 codes a (UTC) day to one phone number or address.
 * Every rule is a counter taken atomically BEFORE the work it guards (one `INSERT … ON CONFLICT DO
 * UPDATE … RETURNING` on the throttle table, as for logins): a try is counted before the code is
 * compared, a send reserved before the message goes, so parallel requests cannot all get in.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Notifier } from '../notify/channels/channel.js';
import { HetongError } from '../shared/errors.js';
import type { Db } from '../store/database.js';
import { newId } from '../store/ids.js';
import { LoginThrottleRepository } from '../store/repositories/login-throttle.js';
import { SignLinkRepository } from '../store/repositories/sign-links.js';

export type IntentMethod = 'sms' | 'email';

export const INTENT_POLICY = {
  codeTtlMs: 5 * 60_000,
  resendAfterMs: 60_000,
  maxWrongTries: 5,
  lockMs: 15 * 60_000,
  dailyCap: 10,
} as const;

/** Who the check is for: the session, the subject, and where it can be reached. */
export interface IntentSubject {
  sessionId: string;
  businessLineId: string;
  subjectKey: string;
  /** Methods the signers of the session accept. */
  methods: IntentMethod[];
  mobile?: string;
  email?: string;
  contractTitle?: string;
}

export function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export class IntentVerifier {
  readonly #links: SignLinkRepository;
  readonly #locks: LoginThrottleRepository;

  constructor(private readonly deps: { db: Db; notifier: Notifier; hmacKey: Buffer; now?: () => number }) {
    this.#links = new SignLinkRepository(deps.db);
    this.#locks = new LoginThrottleRepository(deps.db);
  }

  #now(): number {
    return (this.deps.now ?? Date.now)();
  }

  #hash(codeId: string, code: string): string {
    return createHmac('sha256', this.deps.hmacKey).update(`${codeId}:${code}`).digest('hex');
  }

  #lockKey(s: IntentSubject): string {
    return `intent:${s.businessLineId}:${s.subjectKey}`;
  }

  #locked(retryAfterMs: number): HetongError {
    return new HetongError('INTENT_LOCKED', 429, 'too many wrong codes: signing is locked for 15 minutes', {
      retryAfterMs,
    });
  }

  async #checkLock(s: IntentSubject, now: number): Promise<void> {
    const lock = await this.#locks.get(this.#lockKey(s));
    if (lock.lockedUntil > now)
      throw new HetongError('INTENT_LOCKED', 429, 'too many wrong codes: signing is locked for a while', {
        retryAfterMs: lock.lockedUntil - now,
      });
  }

  /** Sends a new code; returns where it went (masked by the caller) and when a resend is allowed. */
  async send(
    s: IntentSubject,
    method: IntentMethod,
  ): Promise<{ destination: string; expiresAt: number; resendAt: number }> {
    if (!s.methods.includes(method))
      throw new HetongError(
        'INTENT_METHOD_NOT_ALLOWED',
        400,
        `this signing accepts ${s.methods.join(', ') || 'no intent check'}`,
        {
          methods: s.methods,
        },
      );
    const destination = method === 'sms' ? s.mobile : s.email;
    if (!destination)
      throw new HetongError(
        'INTENT_METHOD_NOT_ALLOWED',
        400,
        `the signer has no ${method === 'sms' ? 'mobile number' : 'e-mail address'}`,
      );
    const now = this.#now();
    await this.#checkLock(s, now);
    // One send per session per minute: the reservation holds the key until the resend time.
    const resendKey = `intent-send:${s.sessionId}`;
    const resendAt = now + INTENT_POLICY.resendAfterMs;
    if ((await this.#locks.attempt(resendKey, now, 1, resendAt)) === undefined)
      throw new HetongError('INTENT_RESEND_TOO_SOON', 429, 'a code was sent less than a minute ago', {
        retryAfterMs: Math.max(0, (await this.#locks.get(resendKey)).lockedUntil - now),
      });
    // At most dailyCap sends a day to one recipient, whichever sessions ask.
    const day = new Date(now).toISOString().slice(0, 10);
    const sent = await this.#locks.increment(`intent-daily:${destination}:${day}`, now);
    if (sent > INTENT_POLICY.dailyCap) {
      await this.#locks.lock(resendKey, 0, now);
      throw new HetongError('INTENT_DAILY_LIMIT', 429, 'too many codes were sent to this recipient today');
    }
    const id = newId('ic');
    const code = newCode();
    const expiresAt = now + INTENT_POLICY.codeTtlMs;
    await this.#links.insertCode({
      id,
      session_id: s.sessionId,
      channel: method,
      destination,
      code_hash: this.#hash(id, code),
      attempts: 0,
      created_at: now,
      expires_at: expiresAt,
      consumed_at: null,
    });
    try {
      await this.deps.notifier[method].send({
        to: destination,
        template: 'intent_code',
        businessLineId: s.businessLineId,
        params: {
          code,
          minutes: String(INTENT_POLICY.codeTtlMs / 60_000),
          ...(s.contractTitle ? { contractTitle: s.contractTitle } : {}),
        },
      });
    } catch (e) {
      // A code nobody received must neither be guessable nor hold back the next request.
      await this.#links.consume(id, now);
      await this.#locks.lock(resendKey, 0, now);
      throw e;
    }
    return { destination, expiresAt, resendAt: now + INTENT_POLICY.resendAfterMs };
  }

  /** Checks a code; on success the session's intent is verified (returns the method). */
  async verify(s: IntentSubject, code: string): Promise<IntentMethod> {
    const now = this.#now();
    await this.#checkLock(s, now);
    const latest = await this.#links.latestCode(s.sessionId);
    if (!latest || latest.consumed_at !== null || latest.expires_at <= now)
      throw new HetongError('INTENT_CODE_EXPIRED', 400, 'no valid code: request a new one');
    const tries = await this.#links.countTry(latest.id);
    if (tries === undefined)
      throw new HetongError('INTENT_CODE_EXPIRED', 400, 'no valid code: request a new one');
    // The subject's try, counted before the comparison: the fifth locks the subject at once.
    const key = this.#lockKey(s);
    const failures = await this.#locks.attempt(
      key,
      now,
      INTENT_POLICY.maxWrongTries,
      now + INTENT_POLICY.lockMs,
    );
    if (failures === undefined)
      throw this.#locked(Math.max(0, (await this.#locks.get(key)).lockedUntil - now));
    const expected = Buffer.from(latest.code_hash, 'hex');
    const given = Buffer.from(this.#hash(latest.id, /^\d{6}$/.test(code) ? code : 'x'), 'hex');
    if (
      tries <= INTENT_POLICY.maxWrongTries &&
      timingSafeEqual(expected, given) &&
      (await this.#links.consume(latest.id, now))
    ) {
      await this.#links.setIntentVerified(s.sessionId, latest.channel, now);
      await this.#locks.clear(key);
      return latest.channel;
    }
    if (failures >= INTENT_POLICY.maxWrongTries) {
      // Locked for the whole period, and every try back once it is over.
      await this.#locks.put(key, { failures: 0, lockedUntil: now + INTENT_POLICY.lockMs }, now);
      throw this.#locked(INTENT_POLICY.lockMs);
    }
    throw new HetongError('INTENT_CODE_INVALID', 400, 'the code is wrong', {
      triesLeft: INTENT_POLICY.maxWrongTries - failures,
    });
  }
}

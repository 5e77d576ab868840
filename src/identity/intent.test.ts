/**
 * The intent check (意愿验证) against a real SQLite store, with a recording message channel in
 * place of the SMS gateway and the SMTP server, and an injected clock.
 */
import { createHash, randomInt } from 'node:crypto';
import type * as NodeCrypto from 'node:crypto';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MessageChannel, Notifier, OutboundMessage } from '../notify/channels/channel.js';
import { HetongError } from '../shared/errors.js';
import type { Db } from '../store/database.js';
import { createTestStore, type TestStore } from '../store/testing.js';
import { INTENT_POLICY, IntentVerifier, newCode, type IntentSubject } from './intent.js';

// Pass-through, so that a test can make two codes equal on purpose.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof NodeCrypto>();
  return { ...actual, randomInt: vi.fn(actual.randomInt) };
});

/** The transport, recorded: what a person would have received. */
class RecordingChannel implements MessageChannel {
  readonly messages: OutboundMessage[] = [];
  failNext = false;
  constructor(readonly kind: 'sms' | 'email') {}

  async send(message: OutboundMessage): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new HetongError('NOTIFY_DELIVERY_FAILED', 502, 'the gateway answered 503');
    }
    this.messages.push(message);
  }

  lastCode(to: string): string {
    const m = this.messages.filter((x) => x.to === to && x.template === 'intent_code').at(-1);
    if (!m) throw new Error(`no code was sent to ${to}`);
    return m.params.code!;
  }
}

const T0 = 1_700_000_000_000;
const MOBILE = '13800138000';
const EMAIL = 'zhangsan@example.com';
const HMAC_KEY = Buffer.alloc(32, 7);

async function refusal(p: Promise<unknown>): Promise<HetongError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HetongError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

/** A code that is not `code`. */
const wrongFor = (code: string): string => (code === '000000' ? '111111' : '000000');

describe('newCode', () => {
  it('is always six digits, leading zeros kept', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), (n) => {
        for (let i = 0; i < n; i++) expect(newCode()).toMatch(/^\d{6}$/);
      }),
    );
    // 5 000 draws: a code below 100000 (10 % each) is certain to have come up.
    const codes = Array.from({ length: 5000 }, () => newCode());
    expect(codes.every((c) => /^\d{6}$/.test(c))).toBe(true);
    expect(codes.some((c) => c.startsWith('0'))).toBe(true);
  });

  it('pads the extremes of the range', () => {
    vi.mocked(randomInt).mockReturnValueOnce(0 as never);
    expect(newCode()).toBe('000000');
    vi.mocked(randomInt).mockReturnValueOnce(999_999 as never);
    expect(newCode()).toBe('999999');
  });
});

describe('IntentVerifier on SQLite', () => {
  let t: TestStore;
  let db: Db;
  let now: number;
  let sms: RecordingChannel;
  let email: RecordingChannel;
  let verifier: IntentVerifier;
  let n = 0;

  beforeEach(async () => {
    t = await createTestStore('sqlite');
    db = t.store.db;
    now = T0;
    sms = new RecordingChannel('sms');
    email = new RecordingChannel('email');
    const notifier: Notifier = { sms, email, usesLogChannel: false };
    verifier = new IntentVerifier({ db, notifier, hmacKey: HMAC_KEY, now: () => now });
  });
  afterEach(async () => {
    vi.mocked(randomInt).mockReset();
    await t?.dispose();
  });

  /** A signing session (and its link) of a subject, as LinkService.open leaves them. */
  async function session(
    subjectKey = 'user_id:U-1',
    extra: Partial<IntentSubject> = {},
  ): Promise<IntentSubject> {
    const i = ++n;
    await db
      .insertInto('sign_links')
      .values({
        id: `sl_${i}`,
        token_hash: `t${i}`.padEnd(64, '0'),
        business_line_id: 'bl_1',
        subject_key: subjectKey,
        signer_ids_json: '["cs_1"]',
        client: 'all',
        mode: 'normal',
        scene_id: null,
        redirect_url: null,
        status: 'used',
        expires_at: T0 + 86_400_000,
        used_at: T0,
        created_at: T0,
      })
      .execute();
    const id = `s${i}`.padEnd(64, 'a');
    await db
      .insertInto('signing_sessions')
      .values({
        id,
        link_id: `sl_${i}`,
        business_line_id: 'bl_1',
        csrf_token: 'csrf',
        intent_verified_at: null,
        intent_method: null,
        ip: null,
        user_agent: null,
        created_at: T0,
        expires_at: T0 + 86_400_000,
      })
      .execute();
    return {
      sessionId: id,
      businessLineId: 'bl_1',
      subjectKey,
      methods: ['sms', 'email'],
      mobile: MOBILE,
      email: EMAIL,
      contractTitle: '技术服务合同',
      ...extra,
    };
  }

  const sessionRow = (id: string) =>
    db.selectFrom('signing_sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const codeRows = (sessionId: string) =>
    db
      .selectFrom('intent_codes')
      .selectAll()
      .where('session_id', '=', sessionId)
      .orderBy('created_at')
      .execute();

  it('sends a code to the mobile number and verifies it: the session is verified by SMS', async () => {
    const s = await session();
    expect(await verifier.send(s, 'sms')).toEqual({
      destination: MOBILE,
      expiresAt: T0 + INTENT_POLICY.codeTtlMs,
      resendAt: T0 + INTENT_POLICY.resendAfterMs,
    });
    expect(sms.messages).toEqual([
      {
        to: MOBILE,
        template: 'intent_code',
        // The line it is sent for: its own wording applies (notify/texts).
        businessLineId: 'bl_1',
        params: { code: expect.stringMatching(/^\d{6}$/), minutes: '5', contractTitle: '技术服务合同' },
      },
    ]);
    expect(email.messages).toEqual([]);
    now += 30_000;
    expect(await verifier.verify(s, sms.lastCode(MOBILE))).toBe('sms');
    expect(await sessionRow(s.sessionId)).toMatchObject({ intent_verified_at: now, intent_method: 'sms' });
  });

  it('sends by e-mail to the address', async () => {
    const s = await session();
    expect((await verifier.send(s, 'email')).destination).toBe(EMAIL);
    expect(await verifier.verify(s, email.lastCode(EMAIL))).toBe('email');
    expect(sms.messages).toEqual([]);
  });

  it('refuses a method the signers do not accept, or one the subject cannot be reached on', async () => {
    const onlySms = await session('user_id:U-2', { methods: ['sms'] });
    expect(await refusal(verifier.send(onlySms, 'email'))).toMatchObject({
      code: 'INTENT_METHOD_NOT_ALLOWED',
      status: 400,
    });
    const noPhone = await session('user_id:U-3', { mobile: undefined });
    expect(await refusal(verifier.send(noPhone, 'sms'))).toMatchObject({ code: 'INTENT_METHOD_NOT_ALLOWED' });
    expect(sms.messages).toEqual([]);
  });

  it('refuses a new code within 60 s of the last one, saying when to retry', async () => {
    const s = await session();
    await verifier.send(s, 'sms');
    now += 20_000;
    const e = await refusal(verifier.send(s, 'sms'));
    expect(e).toMatchObject({
      code: 'INTENT_RESEND_TOO_SOON',
      status: 429,
      details: { retryAfterMs: 40_000 },
    });
    // Another method does not get around it.
    expect((await refusal(verifier.send(s, 'email'))).code).toBe('INTENT_RESEND_TOO_SOON');
    now = T0 + INTENT_POLICY.resendAfterMs - 1;
    expect(await refusal(verifier.send(s, 'sms'))).toMatchObject({ details: { retryAfterMs: 1 } });
    now = T0 + INTENT_POLICY.resendAfterMs;
    await verifier.send(s, 'sms');
    expect(sms.messages).toHaveLength(2);
    // The new code replaces the old one.
    const [first, second] = sms.messages.map((m) => m.params.code!);
    if (first !== second)
      expect((await refusal(verifier.verify(s, first!))).code).toBe('INTENT_CODE_INVALID');
    expect(await verifier.verify(s, second!)).toBe('sms');
  });

  it('sends at most 10 codes a day to one number, across sessions', async () => {
    for (let i = 0; i < INTENT_POLICY.dailyCap; i++) {
      // A fresh session each time (several links), and a minute between codes.
      await verifier.send(await session(`user_id:U-${i % 3}`), 'sms');
      now += 61_000;
    }
    const s = await session();
    expect(await refusal(verifier.send(s, 'sms'))).toMatchObject({ code: 'INTENT_DAILY_LIMIT', status: 429 });
    expect(sms.messages).toHaveLength(INTENT_POLICY.dailyCap);
    // The e-mail address is another recipient.
    await verifier.send(s, 'email');
    // A day after the first code, one more may go.
    now = T0 + 86_400_000 + 1;
    await verifier.send(await session(), 'sms');
    expect(sms.messages).toHaveLength(INTENT_POLICY.dailyCap + 1);
  });

  it('a code expires after 5 minutes', async () => {
    const s = await session();
    await verifier.send(s, 'sms');
    const code = sms.lastCode(MOBILE);
    now = T0 + INTENT_POLICY.codeTtlMs;
    expect(await refusal(verifier.verify(s, code))).toMatchObject({
      code: 'INTENT_CODE_EXPIRED',
      status: 400,
    });
    expect((await sessionRow(s.sessionId)).intent_verified_at).toBeNull();

    // One millisecond earlier it would have been good.
    const s2 = await session('user_id:U-2');
    await verifier.send(s2, 'sms');
    now += INTENT_POLICY.codeTtlMs - 1;
    expect(await verifier.verify(s2, sms.lastCode(MOBILE))).toBe('sms');
  });

  it('verifying without any code sent is INTENT_CODE_EXPIRED', async () => {
    expect((await refusal(verifier.verify(await session(), '123456'))).code).toBe('INTENT_CODE_EXPIRED');
  });

  it('a wrong code counts down the tries left', async () => {
    const s = await session();
    await verifier.send(s, 'sms');
    const wrong = wrongFor(sms.lastCode(MOBILE));
    for (const left of [4, 3, 2, 1])
      expect(await refusal(verifier.verify(s, wrong))).toMatchObject({
        code: 'INTENT_CODE_INVALID',
        status: 400,
        details: { triesLeft: left },
      });
    // Not even six digits: a wrong try like any other.
    expect(await refusal(verifier.verify(s, 'abc'))).toMatchObject({ code: 'INTENT_LOCKED' });
  });

  it('five wrong tries lock the subject for 15 minutes: the right code, a new code and another session are refused', async () => {
    const s = await session();
    await verifier.send(s, 'sms');
    const right = sms.lastCode(MOBILE);
    for (let i = 0; i < 4; i++) await refusal(verifier.verify(s, wrongFor(right)));
    expect(await refusal(verifier.verify(s, wrongFor(right)))).toMatchObject({
      code: 'INTENT_LOCKED',
      status: 429,
      details: { retryAfterMs: INTENT_POLICY.lockMs },
    });
    now += 1000;
    expect(await refusal(verifier.verify(s, right))).toMatchObject({
      code: 'INTENT_LOCKED',
      details: { retryAfterMs: INTENT_POLICY.lockMs - 1000 },
    });
    now += 60_000;
    expect((await refusal(verifier.send(s, 'sms'))).code).toBe('INTENT_LOCKED');
    // The same subject through another link.
    const other = await session();
    expect((await refusal(verifier.send(other, 'sms'))).code).toBe('INTENT_LOCKED');
    expect(sms.messages).toHaveLength(1);
    // Another subject is not locked.
    const stranger = await session('user_id:U-9', { mobile: '13900139000' });
    await verifier.send(stranger, 'sms');
    expect(await verifier.verify(stranger, sms.lastCode('13900139000'))).toBe('sms');
  });

  it('wrong tries add up across a new code', async () => {
    const s = await session();
    await verifier.send(s, 'sms');
    for (let i = 0; i < 3; i++) await refusal(verifier.verify(s, wrongFor(sms.lastCode(MOBILE))));
    now += INTENT_POLICY.resendAfterMs;
    await verifier.send(s, 'sms');
    const fresh = sms.lastCode(MOBILE);
    expect(await refusal(verifier.verify(s, wrongFor(fresh)))).toMatchObject({ details: { triesLeft: 1 } });
    expect((await refusal(verifier.verify(s, wrongFor(fresh)))).code).toBe('INTENT_LOCKED');
    expect((await refusal(verifier.verify(s, fresh))).code).toBe('INTENT_LOCKED');
  });

  it('the lock lifts after 15 minutes, with every try back', async () => {
    const s = await session();
    await verifier.send(s, 'sms');
    for (let i = 0; i < 5; i++) await refusal(verifier.verify(s, wrongFor(sms.lastCode(MOBILE))));
    const lockedAt = now;
    now = lockedAt + INTENT_POLICY.lockMs - 1;
    expect((await refusal(verifier.send(s, 'sms'))).code).toBe('INTENT_LOCKED');
    now = lockedAt + INTENT_POLICY.lockMs;
    await verifier.send(s, 'sms');
    const code = sms.lastCode(MOBILE);
    expect(await refusal(verifier.verify(s, wrongFor(code)))).toMatchObject({
      code: 'INTENT_CODE_INVALID',
      details: { triesLeft: 4 },
    });
    expect(await verifier.verify(s, code)).toBe('sms');
  });

  it('a success clears the wrong tries of the subject', async () => {
    const s = await session();
    await verifier.send(s, 'sms');
    for (let i = 0; i < 4; i++) await refusal(verifier.verify(s, wrongFor(sms.lastCode(MOBILE))));
    await verifier.verify(s, sms.lastCode(MOBILE));
    const s2 = await session();
    await verifier.send(s2, 'sms');
    expect(await refusal(verifier.verify(s2, wrongFor(sms.lastCode(MOBILE))))).toMatchObject({
      details: { triesLeft: 4 },
    });
  });

  it('a code can be used once', async () => {
    const s = await session();
    await verifier.send(s, 'sms');
    const code = sms.lastCode(MOBILE);
    expect(await verifier.verify(s, code)).toBe('sms');
    expect(await refusal(verifier.verify(s, code))).toMatchObject({ code: 'INTENT_CODE_EXPIRED' });
    const [row] = await codeRows(s.sessionId);
    expect(row!.consumed_at).toBe(T0);
  });

  it('two parallel verifications of the right code: exactly one succeeds', async () => {
    const s = await session();
    await verifier.send(s, 'sms');
    const code = sms.lastCode(MOBILE);
    const results = await Promise.allSettled([verifier.verify(s, code), verifier.verify(s, code)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('parallel wrong guesses are all counted: four at once and one more lock the subject', async () => {
    // "A try is counted BEFORE the code is compared, atomically, so parallel guesses cannot all
    // get in" — that must hold for the subject's count across codes too, not only per code.
    const s = await session();
    await verifier.send(s, 'sms');
    const first = sms.lastCode(MOBILE);
    const guesses = await Promise.allSettled(
      Array.from({ length: 4 }, () => verifier.verify(s, wrongFor(first))),
    );
    expect(guesses.every((g) => g.status === 'rejected')).toBe(true);
    now += INTENT_POLICY.resendAfterMs;
    await verifier.send(s, 'sms');
    const second = sms.lastCode(MOBILE);
    const fifth = await refusal(verifier.verify(s, wrongFor(second)));
    expect(fifth.code, `fifth wrong try answered ${JSON.stringify(fifth.details)}`).toBe('INTENT_LOCKED');
  });

  it('parallel requests for a code send one: the 60 s rule holds for requests in flight', async () => {
    const s = await session();
    const sent = await Promise.allSettled([1, 2, 3].map(() => verifier.send(s, 'sms')));
    expect(sms.messages).toHaveLength(1);
    expect(sent.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('parallel requests from many sessions send at most the daily cap to one number', async () => {
    const sessions = await Promise.all(Array.from({ length: 15 }, (_, i) => session(`user_id:U-${i}`)));
    await Promise.allSettled(sessions.map((s) => verifier.send(s, 'sms')));
    expect(sms.messages.length).toBeLessThanOrEqual(INTENT_POLICY.dailyCap);
  });

  it('a failing channel leaves no usable code and does not hold back the next request', async () => {
    const s = await session();
    sms.failNext = true;
    // The code is made before the send; make it known so that the test can try it.
    vi.mocked(randomInt).mockReturnValueOnce(424_242 as never);
    expect(await refusal(verifier.send(s, 'sms'))).toMatchObject({
      code: 'NOTIFY_DELIVERY_FAILED',
      status: 502,
    });
    expect(sms.messages).toEqual([]);
    expect(await refusal(verifier.verify(s, '424242'))).toMatchObject({ code: 'INTENT_CODE_EXPIRED' });
    const [failed] = await codeRows(s.sessionId);
    expect(failed!.consumed_at).not.toBeNull();
    // No wait of 60 s after a code that never arrived.
    now += 1000;
    await verifier.send(s, 'sms');
    expect(await verifier.verify(s, sms.lastCode(MOBILE))).toBe('sms');
  });

  it('stores the code only as a keyed hash that differs per code id, even for the same code', async () => {
    const a = await session();
    const b = await session('user_id:U-2');
    vi.mocked(randomInt)
      .mockReturnValueOnce(42_424 as never)
      .mockReturnValueOnce(42_424 as never);
    await verifier.send(a, 'sms');
    await verifier.send(b, 'email');
    expect(sms.lastCode(MOBILE)).toBe('042424');
    expect(email.lastCode(EMAIL)).toBe('042424');
    const [ra] = await codeRows(a.sessionId);
    const [rb] = await codeRows(b.sessionId);
    for (const r of [ra!, rb!]) {
      expect(r.code_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(r.code_hash).not.toContain('042424');
      expect(r.code_hash).not.toBe(createHash('sha256').update('042424').digest('hex'));
      expect(r.code_hash).not.toBe(createHash('sha256').update(`${r.id}:042424`).digest('hex'));
      expect(JSON.stringify(r)).not.toContain('042424');
    }
    expect(ra!.id).not.toBe(rb!.id);
    expect(ra!.code_hash).not.toBe(rb!.code_hash);
    // Both still verify, each in its own session.
    expect(await verifier.verify(a, '042424')).toBe('sms');
    expect(await verifier.verify(b, '042424')).toBe('email');
  });

  it('a verifier under another key cannot check the stored codes', async () => {
    const s = await session();
    await verifier.send(s, 'sms');
    const other = new IntentVerifier({
      db,
      notifier: { sms, email, usesLogChannel: false },
      hmacKey: Buffer.alloc(32, 8),
      now: () => now,
    });
    expect((await refusal(other.verify(s, sms.lastCode(MOBILE)))).code).toBe('INTENT_CODE_INVALID');
  });
});

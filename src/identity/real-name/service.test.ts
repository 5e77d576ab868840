/**
 * The real-name service on SQLite and PostgreSQL: factors sealed to their record, lookups by keyed
 * hash, two operators deciding at once (one wins), pages, the signer's standing, and providers
 * whose answers are taken as they are (a failed answer is never stored as verified).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../evidence/audit.js';
import { MasterKey } from '../../pki/master-key.js';
import { HetongError } from '../../shared/errors.js';
import { createTestStore, testDialects, type TestStore } from '../../store/testing.js';
import type { ProviderAnswer, RealNameProvider } from './provider.js';
import { ManualProvider } from './provider.js';
import { RealNameService, scrubbed } from './service.js';

const dialects = await testDialects();
const LINE = 'bl_test';
const ACTOR = { actor: 'app:app_test', requestId: 'req-1', ip: '203.0.113.9' };
const OPERATOR = { actor: 'admin:adm_op' };
const person = (id: string, name = '张三', idNumber = '11010519491231002X') => ({
  subject: { idType: 'user_id', id },
  name,
  idNumber,
  mobile: '13812345678',
});

class ScriptedProvider implements RealNameProvider {
  readonly name = 'http' as const;
  constructor(public answer: ProviderAnswer) {}
  async verifyPerson() {
    return this.answer;
  }
  async verifyOrganization() {
    return this.answer;
  }
}

async function refusal(p: Promise<unknown>): Promise<HetongError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HetongError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe.each(dialects)('RealNameService on %s', (dialect) => {
  let ts: TestStore;
  const masterKey = MasterKey.fromBytes(new Uint8Array(32).fill(7));
  let clock = Date.UTC(2026, 11, 5, 8, 0);
  const now = () => clock;
  let manual: RealNameService;
  beforeAll(async () => {
    ts = await createTestStore(dialect);
    const audit = new AuditTrail(ts.store.db, now);
    manual = new RealNameService({
      db: ts.store.db,
      audit,
      masterKey,
      provider: new ManualProvider(),
      validityMs: 10_000,
      now,
    });
  });
  afterAll(() => ts?.dispose());

  it('seals the factors to their record and finds them by keyed hash only', async () => {
    const v = await manual.verifyPerson(LINE, person('U-1'), ACTOR);
    const row = await ts.store.db
      .selectFrom('real_name_verifications')
      .selectAll()
      .where('id', '=', v.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(masterKey.open(row.factors_sealed, `real-name:${v.id}`).toString('utf8'))).toEqual({
      idNumber: '11010519491231002X',
      mobile: '13812345678',
    });
    // Bound to its row: the sealed value cannot be moved to another record.
    expect(() => masterKey.open(row.factors_sealed, 'real-name:rn_other')).toThrow();
    expect(row.id_number_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain('11010519491231002X');
    const found = await manual.list(LINE, { idNumber: '11010519491231002x' }, { limit: 10 });
    expect(found.items.map((r) => r.id)).toContain(v.id);
    expect((await manual.list(LINE, { idNumber: '110105199003071239' }, { limit: 10 })).items).toEqual([]);
    // Another line never sees it.
    expect((await manual.list('bl_other', { idNumber: '11010519491231002X' }, { limit: 10 })).items).toEqual(
      [],
    );
    expect((await refusal(manual.get('bl_other', v.id))).code).toBe('REAL_NAME_NOT_FOUND');
  });

  it('lets exactly one of two concurrent decisions win', async () => {
    const v = await manual.verifyPerson(LINE, person('U-2'), ACTOR);
    const results = await Promise.allSettled([
      manual.approve(LINE, v.id, undefined, OPERATOR),
      manual.reject(LINE, v.id, '资料不符', { actor: 'admin:adm_other' }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'REAL_NAME_STATE_CONFLICT' });
    const final = await manual.get(LINE, v.id);
    expect(final.status).toBe((won[0] as PromiseFulfilledResult<{ status: string }>).value.status);
    const decisions = await ts.store.db
      .selectFrom('audit_events')
      .select('action')
      .where('target', '=', v.id)
      .where('action', 'in', ['real_name.approved', 'real_name.rejected'])
      .execute();
    expect(decisions).toHaveLength(1);
  });

  it('pages a subject’s records newest first', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock += 1;
      ids.push((await manual.verifyPerson(LINE, person('U-3'), ACTOR)).id);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await manual.list(
        LINE,
        { subject: { idType: 'user_id', id: 'U-3' } },
        { ...(cursor ? { cursor } : {}), limit: 2 },
      );
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    expect((await refusal(manual.list(LINE, {}, { cursor: 'nonsense', limit: 2 }))).code).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('says whether a signer stands verified: kind, name, expiry', async () => {
    const subject = { kind: 'person' as const, idType: 'user_id', id: 'U-4', name: '王五' };
    expect(await manual.standing(LINE, subject)).toMatchObject({ verified: false, gap: 'none' });
    const v = await manual.verifyPerson(LINE, person('U-4', '王五'), ACTOR);
    expect(await manual.standing(LINE, subject)).toMatchObject({ verified: false, gap: 'pending' });
    await manual.approve(LINE, v.id, '核对原件', OPERATOR);
    expect(await manual.standing(LINE, subject)).toEqual({
      verified: true,
      gap: null,
      verificationId: v.id,
      expiresAt: clock + 10_000,
    });
    expect(await manual.standing(LINE, { ...subject, name: '王 五' })).toMatchObject({ gap: 'nameMismatch' });
    clock += 10_000;
    expect(await manual.standing(LINE, subject)).toMatchObject({ verified: false, gap: 'expired' });
    expect((await manual.get(LINE, v.id)).expired).toBe(true);
  });

  it('keeps a valid verification in sight behind many later failed attempts', async () => {
    const subject = { kind: 'person' as const, idType: 'user_id', id: 'U-9', name: '孙七' };
    const v = await manual.verifyPerson(LINE, person('U-9', '孙七'), ACTOR);
    await manual.approve(LINE, v.id, undefined, OPERATOR);
    for (let i = 0; i < 25; i++) {
      clock += 1;
      const again = await manual.verifyPerson(LINE, person('U-9', '孙七'), ACTOR);
      await manual.reject(LINE, again.id, '重复提交', OPERATOR);
    }
    expect(await manual.standing(LINE, subject)).toMatchObject({ verified: true, verificationId: v.id });
  });

  it('stores a provider’s answer as it is: match verified, anything else failed with the reason', async () => {
    const provider = new ScriptedProvider({ outcome: 'failed', reason: 'the provider answered HTTP 502' });
    const svc = new RealNameService({
      db: ts.store.db,
      audit: new AuditTrail(ts.store.db, now),
      masterKey,
      provider,
      now,
    });
    const failed = await svc.verifyOrganization(
      LINE,
      {
        subject: { idType: 'merchant_no', id: 'M-1' },
        name: '福州闽江科技有限公司',
        creditCode: '91350100m000100y43',
        legalRepresentative: { name: '陈六' },
      },
      ACTOR,
    );
    expect(failed).toMatchObject({
      status: 'failed',
      reason: 'the provider answered HTTP 502',
      creditCode: '91350100M000100Y43',
      expiresAt: null,
      decidedBy: 'provider:http',
    });
    provider.answer = { outcome: 'verified', reference: 'v-1' };
    const ok = await svc.verifyPerson(LINE, person('U-5'), ACTOR);
    expect(ok).toMatchObject({
      status: 'verified',
      providerReference: 'v-1',
      expiresAt: clock + 365 * 86_400_000,
    });
    const events = await ts.store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('target', '=', ok.id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['real_name.requested', 'real_name.verified']);
    expect(events[0]!.details_json).toContain('110***********002X');
    expect(events.every((e) => e.leaf_hash !== null)).toBe(true);
  });

  it('announces each end state in the deciding transaction (webhook outbox), never a pending one', async () => {
    const emitted: { type: string; data: Record<string, unknown> }[] = [];
    let failEmit = false;
    const svc = new RealNameService({
      db: ts.store.db,
      audit: new AuditTrail(ts.store.db, now),
      masterKey,
      provider: new ManualProvider(),
      events: {
        emit: async (_db, _line, type, data) => {
          if (failEmit) throw new Error('outbox down');
          emitted.push({ type, data });
        },
      },
      now,
    });
    const a = await svc.verifyPerson(LINE, person('U-7'), ACTOR);
    expect(emitted).toEqual([]);
    await svc.approve(LINE, a.id, undefined, OPERATOR);
    expect(emitted).toEqual([
      {
        type: 'real_name.verified',
        data: expect.objectContaining({ id: a.id, idNumber: '110***********002X' }),
      },
    ]);
    // The event and the decision commit together: an outbox failure leaves the record pending.
    const b = await svc.verifyPerson(LINE, person('U-8'), ACTOR);
    failEmit = true;
    await expect(svc.reject(LINE, b.id, '照片不清晰', OPERATOR)).rejects.toThrow('outbox down');
    expect((await svc.get(LINE, b.id)).status).toBe('pending');
    failEmit = false;
    await svc.reject(LINE, b.id, '照片不清晰', OPERATOR);
    expect(emitted.map((e) => e.type)).toEqual(['real_name.verified', 'real_name.rejected']);
    expect(JSON.stringify(emitted)).not.toContain('11010519491231002X');
  });

  it('refuses an invalid number before asking the provider', async () => {
    const provider = new ScriptedProvider({ outcome: 'verified' });
    let asked = 0;
    provider.verifyPerson = async () => {
      asked++;
      return { outcome: 'verified' };
    };
    const svc = new RealNameService({
      db: ts.store.db,
      audit: new AuditTrail(ts.store.db),
      masterKey,
      provider,
      now,
    });
    const e = await refusal(svc.verifyPerson(LINE, person('U-6', '赵六', '11010519491231002'), ACTOR));
    expect([e.code, e.status, e.details]).toEqual(['ID_NUMBER_INVALID', 422, { check: 'length' }]);
    expect(asked).toBe(0);
  });
});

describe('a provider’s reason', () => {
  it('is stored with ID numbers and phones it quotes masked', () => {
    expect(scrubbed('身份证11010519491231002x与手机+8613812345678不匹配')).toBe(
      '身份证110***********002x与手机+86138****5678不匹配',
    );
    expect(scrubbed('order 1234567890123456789 and 12345')).toBe('order 1234567890123456789 and 12345');
  });
});

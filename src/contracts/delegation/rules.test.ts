import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chinaMinute, letterData, organizationIdLabel, personIdText } from './letter.js';
import {
  authorizationRequestProblems,
  delegateOf,
  unusableReason,
  type AuthorizationFacts,
} from './rules.js';

const NOW = Date.UTC(2026, 11, 5, 7, 0, 0);
const ORG = { kind: 'organization' as const, idType: 'USCC', id: '91310000MA1FL0001X', name: '浦江科技' };
const PERSON = {
  kind: 'person' as const,
  idType: 'ID_CARD',
  id: '110101199003071234',
  name: '张三',
  mobile: '13812345678',
};

describe('authorization requests', () => {
  it('accepts an organisation authorising the platform or a reachable person', () => {
    expect(authorizationRequestProblems({ subject: ORG, validTo: NOW + 1000 }, NOW)).toEqual([]);
    expect(
      authorizationRequestProblems(
        {
          subject: ORG,
          delegate: { kind: 'person', subject: PERSON },
          templateIds: ['tpl_1'],
          validTo: NOW + 1,
        },
        NOW,
      ),
    ).toEqual([]);
  });

  it('names every problem by its path', () => {
    const problems = authorizationRequestProblems(
      {
        subject: { ...ORG, kind: 'person' },
        delegate: { kind: 'person', subject: { ...ORG, kind: 'organization' } },
        templateIds: ['a', 'a'],
        validFrom: NOW + 10,
        validTo: NOW,
      },
      NOW,
    );
    expect(problems.map((p) => p.path)).toEqual([
      'subject.kind',
      'delegate.subject.kind',
      'delegate.subject',
      'templateIds',
      'validTo',
      'validTo',
    ]);
    expect(authorizationRequestProblems({ subject: ORG, templateIds: [], validTo: NOW + 1 }, NOW)).toEqual([
      { path: 'templateIds', message: 'list at least one template, or null for all' },
    ]);
  });

  it('defaults the delegate to the platform and copies a person', () => {
    expect(delegateOf(undefined)).toEqual({ kind: 'platform' });
    const d = delegateOf({ kind: 'person', subject: PERSON });
    expect(d).toEqual({ kind: 'person', subject: PERSON });
    expect(d.kind === 'person' && d.subject).not.toBe(PERSON);
  });
});

describe('whether an authorization can be used', () => {
  const base: AuthorizationFacts = {
    status: 'active',
    validFrom: NOW - 1000,
    validTo: NOW + 1000,
    templateIds: ['t1', 't2'],
    letterSha256: 'ab'.repeat(32),
  };

  it('gives the first reason in order, or null', () => {
    expect(unusableReason(base, NOW, ['t1'])).toBeNull();
    expect(unusableReason(base, NOW, ['t1', 't2', 't1'])).toBeNull();
    expect(unusableReason({ ...base, status: 'revoked', validTo: NOW }, NOW, ['t1'])).toBe('revoked');
    expect(unusableReason(base, NOW - 1001, ['t1'])).toBe('not_yet_valid');
    expect(unusableReason(base, NOW + 1000, ['t1'])).toBe('expired');
    expect(unusableReason(base, NOW, ['t3'])).toBe('templates_not_covered');
    // An uploaded PDF has no template: only an authorization for every template covers it.
    expect(unusableReason(base, NOW, [null])).toBe('templates_not_covered');
    expect(unusableReason({ ...base, templateIds: null }, NOW, [null, 't9'])).toBeNull();
    expect(unusableReason({ ...base, letterSha256: null }, NOW, ['t1'])).toBe('letter_missing');
  });

  it('is usable exactly when active, in its period, covering, with a letter (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<'active' | 'revoked'>('active', 'revoked'),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 200 }),
        fc.option(fc.subarray(['a', 'b', 'c']), { nil: null }),
        fc.array(fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: null }), { maxLength: 4 }),
        fc.boolean(),
        (status, from, length, now, templateIds, used, letter) => {
          const a = {
            status,
            validFrom: from,
            validTo: from + length,
            templateIds,
            letterSha256: letter ? 'x' : null,
          };
          const covers = templateIds === null || used.every((t) => t !== null && templateIds.includes(t));
          const expected = status === 'active' && from <= now && now < from + length && covers && letter;
          expect(unusableReason(a, now, used) === null).toBe(expected);
        },
      ),
    );
  });
});

describe('the letter data', () => {
  it('shows the organisation whole, the person masked, the period in Beijing time', () => {
    const d = letterData({
      letterId: 'auth_1',
      organization: ORG,
      delegate: { kind: 'person', subject: PERSON },
      businessLineName: '销售',
      templates: [{ id: 'tpl_1', name: '技术服务合同' }],
      validFrom: NOW,
      validTo: NOW + 86_400_000,
      issuedAt: NOW,
    });
    expect(d).toMatchObject({
      orgName: '浦江科技',
      orgIdLabel: '统一社会信用代码',
      orgId: '91310000MA1FL0001X',
      delegateName: '张三',
      delegateContact: '居民身份证 110***********1234；手机 138****5678',
      period: '2026-12-05 15:00 至 2026-12-06 15:00（北京时间 UTC+08:00）',
      templates: [{ id: 'tpl_1', name: '技术服务合同' }],
    });
    expect(JSON.stringify(d)).not.toContain('199003071234');
    expect(JSON.stringify(d)).not.toContain('13812345678');
  });

  it('names the platform and every template when the scope is all', () => {
    const d = letterData({
      letterId: 'auth_2',
      organization: { ...ORG, idType: 'merchant_no', id: 'M-1' },
      delegate: { kind: 'platform' },
      businessLineName: '销售',
      templates: null,
      validFrom: NOW,
      validTo: NOW + 1,
      issuedAt: NOW,
    });
    expect(d.delegateName).toMatch(/平台/);
    expect(d.delegateContact).toBe('—');
    expect(d.orgIdLabel).toBe('证件（merchant_no）');
    expect(d.statement).toContain('「销售」');
    expect(d.templates).toHaveLength(1);
  });

  it('labels and masks identifiers', () => {
    expect(organizationIdLabel('uscc')).toBe('统一社会信用代码');
    expect(personIdText({ ...PERSON, idType: 'user_id', id: 'U-20021234' })).toBe('user_id U-2***1234');
    expect(chinaMinute(Date.UTC(2026, 0, 1, 16, 30))).toBe('2026-01-02 00:30');
  });
});

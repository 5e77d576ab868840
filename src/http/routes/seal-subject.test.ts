import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sealSubjectFromPart, upgradeSealSubject } from './seal-subject.js';

const current = { kind: 'organization', idType: 'USCC', id: '9131', name: '示例公司' };

describe('upgradeSealSubject', () => {
  it('rewrites the deprecated spelling and field name, and nothing else', () => {
    expect(
      upgradeSealSubject({ kind: 'organisation', idType: 'USCC', idNumber: '9131', name: '示例公司' }),
    ).toEqual(current);
    expect(upgradeSealSubject(current)).toEqual(current);
    expect(upgradeSealSubject({ ...current, idNumber: '1' })).toEqual({ ...current, idNumber: '1' });
    for (const v of [null, 'x', 3, ['organisation']]) expect(upgradeSealSubject(v)).toBe(v);
  });

  it('never leaves the deprecated names in an object it upgraded', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('kind', 'idType', 'idNumber', 'name', 'x'), fc.string()),
        (d) => {
          const input = { ...d, kind: 'organisation' };
          const out = upgradeSealSubject(input) as Record<string, unknown>;
          expect(out.kind).toBe('organization');
          if ('idNumber' in d) expect(out).not.toHaveProperty('idNumber');
          expect(input.kind).toBe('organisation'); // the caller's object is not changed
        },
      ),
    );
  });
});

describe('sealSubjectFromPart', () => {
  it('reads a current or deprecated subject part', () => {
    expect(sealSubjectFromPart(JSON.stringify(current))).toEqual(current);
    expect(
      sealSubjectFromPart(
        JSON.stringify({ kind: 'person', idType: 'ID_CARD', idNumber: '1101', name: '张三' }),
      ),
    ).toEqual({ kind: 'person', idType: 'ID_CARD', id: '1101', name: '张三' });
  });

  it('refuses what the JSON schema would refuse', () => {
    for (const bad of [
      undefined,
      'not json',
      'null',
      '[]',
      JSON.stringify({ ...current, kind: 'company' }),
      JSON.stringify({ ...current, id: '' }),
      JSON.stringify({ ...current, id: 'x'.repeat(65) }),
      JSON.stringify({ ...current, extra: 1 }),
      JSON.stringify({ ...current, idNumber: 'x' }),
      JSON.stringify({ kind: 'person', idType: 'ID_CARD', name: '张三' }),
    ])
      expect(() => sealSubjectFromPart(bad)).toThrow(expect.objectContaining({ code: 'SEAL_INPUT_INVALID' }));
  });
});

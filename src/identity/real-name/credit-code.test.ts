import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCreditCode, CREDIT_CODE_ALPHABET, creditCodeCheckChar } from './credit-code.js';

const codeChar = fc.constantFrom(...CREDIT_CODE_ALPHABET);
const validCreditCode = fc
  .record({
    head: fc.array(codeChar, { minLength: 2, maxLength: 2 }),
    region: fc.stringMatching(/^\d{6}$/),
    body: fc.array(codeChar, { minLength: 9, maxLength: 9 }),
  })
  .map(({ head, region, body }) => {
    const first17 = head.join('') + region + body.join('');
    return first17 + creditCodeCheckChar(first17);
  });

describe('GB 32100-2015 unified social credit codes', () => {
  it('accepts published codes', () => {
    // A code printed on a business licence, and one whose check (R) was computed independently.
    for (const code of ['91350100M000100Y43', '91110000100000000R'])
      expect(checkCreditCode(code)).toEqual({ ok: true, value: code });
    expect(checkCreditCode(' 91350100m000100y43 ')).toEqual({ ok: true, value: '91350100M000100Y43' });
  });

  it('has 31 characters without I, O, Z, S, V', () => {
    expect(CREDIT_CODE_ALPHABET).toHaveLength(31);
    for (const c of 'IOZSV') expect(CREDIT_CODE_ALPHABET).not.toContain(c);
  });

  it('names the check that failed', () => {
    expect(checkCreditCode('91350100M000100Y4')).toMatchObject({ ok: false, check: 'length' });
    expect(checkCreditCode('91350100M000100I43')).toMatchObject({ ok: false, check: 'format' });
    const first17 = '9135A100M000100Y4';
    expect(checkCreditCode(first17 + creditCodeCheckChar(first17))).toMatchObject({
      ok: false,
      check: 'region',
    });
    expect(checkCreditCode('91350100M000100Y44')).toMatchObject({ ok: false, check: 'checkDigit' });
  });

  it('writes a check value of 31 − 0 as 0', () => {
    // Find a body whose weighted sum is 0 mod 31: all zeros.
    expect(creditCodeCheckChar('00000000000000000')).toBe('0');
  });

  it('accepts every generated valid code', () => {
    fc.assert(
      fc.property(validCreditCode, (c) => {
        expect(checkCreditCode(c).ok).toBe(true);
      }),
    );
  });

  it('catches every single-character change of a valid code (weights 3^(i−1) mod 31, 31 prime)', () => {
    const replacements = [...CREDIT_CODE_ALPHABET, ...'IOZSV-'];
    fc.assert(
      fc.property(validCreditCode, (code) => {
        for (let i = 0; i < code.length; i++)
          for (const c of replacements) {
            if (c === code[i]) continue;
            const changed = code.slice(0, i) + c + code.slice(i + 1);
            expect(checkCreditCode(changed).ok, `${code} → ${changed}`).toBe(false);
          }
      }),
      { numRuns: 300 },
    );
  });
});

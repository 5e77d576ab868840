import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chinaDate, checkIdNumber, idNumberCheckChar, maskIdNumber } from './id-number.js';

const TODAY = '20261205';

/** A valid number: a province code, four digits, a birth date 1900…today, a sequence, its check. */
const validIdNumber = fc
  .record({
    province: fc.constantFrom('11', '31', '44', '65', '81'),
    county: fc.stringMatching(/^\d{4}$/),
    birth: fc.date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2026-12-05T00:00:00Z'),
      noInvalidDate: true,
    }),
    seq: fc.stringMatching(/^\d{3}$/),
  })
  .map(({ province, county, birth, seq }) => {
    const first17 = `${province}${county}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${seq}`;
    return first17 + idNumberCheckChar(first17);
  });

describe('GB 11643-1999 resident ID numbers', () => {
  it('accepts the standard’s example and well-formed numbers', () => {
    // GB 11643-1999 Appendix: 11010519491231002X (check character X, a woman born 1949-12-31).
    expect(checkIdNumber('11010519491231002X', TODAY)).toEqual({
      ok: true,
      value: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
    });
    expect(checkIdNumber(' 11010519491231002x ', TODAY)).toMatchObject({
      ok: true,
      value: '11010519491231002X',
    });
    // Computed independently (Σ a_i·(2^(17−i) mod 11), then '10X98765432'[S mod 11]).
    expect(idNumberCheckChar('11010519900307123')).toBe('9');
    expect(idNumberCheckChar('11010119900307123')).toBe('3');
  });

  it('names the check that failed', () => {
    expect(checkIdNumber('110105194912310', TODAY)).toMatchObject({ ok: false, check: 'length' });
    expect(checkIdNumber('1101051949123100X2', TODAY)).toMatchObject({ ok: false, check: 'format' });
    expect(checkIdNumber('99010519491231002X', TODAY)).toMatchObject({ ok: false, check: 'region' });
    const first17 = '11010519490231002'; // 31 February
    expect(checkIdNumber(first17 + idNumberCheckChar(first17), TODAY)).toMatchObject({
      ok: false,
      check: 'birthDate',
    });
    const future = '11010520301231002';
    expect(checkIdNumber(future + idNumberCheckChar(future), TODAY)).toMatchObject({ check: 'birthDate' });
    const old = '44052418800101001'; // the standard's 1880 example: nobody born then is alive
    expect(checkIdNumber(old + idNumberCheckChar(old), TODAY)).toMatchObject({ check: 'birthDate' });
    expect(checkIdNumber('110105194912310021', TODAY)).toMatchObject({ ok: false, check: 'checkDigit' });
  });

  it('accepts every generated valid number, with a birth date of a real day', () => {
    fc.assert(
      fc.property(validIdNumber, (n) => {
        expect(checkIdNumber(n, TODAY).ok).toBe(true);
      }),
    );
  });

  it('catches every single-character change of a valid number (ISO 7064 MOD 11-2)', () => {
    // 'x' is left out of the replacements: it is read as 'X', the same number.
    const replacements = [...'0123456789XA '];
    fc.assert(
      fc.property(validIdNumber, (n) => {
        for (let i = 0; i < n.length; i++)
          for (const c of replacements) {
            if (c === n[i]) continue;
            const changed = n.slice(0, i) + c + n.slice(i + 1);
            const r = checkIdNumber(changed, TODAY);
            expect(r.ok, `${n} → ${changed}`).toBe(false);
          }
      }),
      { numRuns: 300 },
    );
  });

  it('is caught by the check digit alone when the change keeps the format, region and date', () => {
    // 1949-12-31 → 1949-12-21: still a plausible date, so only the check character can tell.
    expect(checkIdNumber('11010519491221002X', TODAY)).toMatchObject({ ok: false, check: 'checkDigit' });
  });

  it('masks all but the province/city and the last four characters', () => {
    expect(maskIdNumber('110101199003071234')).toBe('110***********1234');
    expect(maskIdNumber('11010519491231002X')).toBe('110***********002X');
    expect(maskIdNumber('1234')).toBe('****');
    expect(maskIdNumber('123456')).toBe('**3456');
  });

  it('takes today in China (UTC+8)', () => {
    expect(chinaDate(Date.UTC(2026, 11, 4, 16, 0))).toBe('20261205');
    expect(chinaDate(Date.UTC(2026, 11, 4, 15, 59))).toBe('20261204');
  });
});

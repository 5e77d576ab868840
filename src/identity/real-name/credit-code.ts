/**
 * The unified social credit code (统一社会信用代码) of GB 32100-2015, pure: 18 characters of a
 * 31-character alphabet (the digits and the capitals without I, O, Z, S, V) — registration
 * authority (1), organisation type (1), the registering authority's region code (6 digits, GB/T
 * 2260), the organisation's body code (9, GB 11714) and a check character (1).
 */

export type CreditCodeCheck = 'length' | 'format' | 'region' | 'checkDigit';

export type CreditCodeResult =
  { ok: true; value: string } | { ok: false; check: CreditCodeCheck; message: string };

/** GB 32100-2015 Table 1: the code characters and their values 0–30. */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** GB 32100-2015 §4.2: W_i = 3^(i−1) mod 31 for the positions i = 1 … 17. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** C_18 = 31 − (Σ C_i·W_i mod 31), where 31 is written as 0 (GB 32100-2015 §4.2). */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('17 characters are needed');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_ALPHABET.indexOf(first17[i]!);
    if (v < 0) throw new RangeError(`${first17[i]} is not a code character`);
    sum += v * WEIGHTS[i]!;
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/**
 * Checks a code in the order length, format, region, check character (the first that fails is
 * named). Surrounding blanks are ignored and lowercase letters are read as capitals.
 */
export function checkCreditCode(input: string): CreditCodeResult {
  const value = input.trim().toUpperCase();
  if (value.length !== 18)
    return { ok: false, check: 'length', message: `a credit code has 18 characters, not ${value.length}` };
  const bad = [...value].find((c) => !CREDIT_CODE_ALPHABET.includes(c));
  if (bad !== undefined)
    return {
      ok: false,
      check: 'format',
      message: `${bad} is not one of the 31 code characters (0-9 A-H J-N P-R T U W-Y)`,
    };
  if (!/^\d{6}$/.test(value.slice(2, 8)))
    return { ok: false, check: 'region', message: 'characters 3–8 are the region code: six digits' };
  if (creditCodeCheckChar(value.slice(0, 17)) !== value[17])
    return { ok: false, check: 'checkDigit', message: 'the check character does not match (GB 32100-2015)' };
  return { ok: true, value };
}

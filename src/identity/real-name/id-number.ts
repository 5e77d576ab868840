/**
 * The resident identity card number (公民身份号码) of GB 11643-1999, pure: 18 characters — a
 * 6-digit address code (GB/T 2260), an 8-digit birth date YYYYMMDD, a 3-digit sequence code (odd
 * for men, even for women) and one check character computed with ISO 7064:1983 MOD 11-2 (0–9 or
 * X for ten). The first-generation 15-digit numbers carry no check character and stopped being
 * valid in 2013 (居民身份证法 §17 transition), so they are refused for their length.
 *
 * Every check names itself, so a caller's 422 can say which one failed.
 */

export type IdNumberCheck = 'length' | 'format' | 'region' | 'birthDate' | 'checkDigit';

export type IdNumberResult =
  | { ok: true; value: string; birthDate: string; sex: 'male' | 'female' }
  | { ok: false; check: IdNumberCheck; message: string };

/**
 * GB 11643-1999 §5.2: W_i = 2^(i−1) mod 11 for the positions i = 18 … 2 counted from the right,
 * i.e. for the first 17 characters from the left.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** a_1 such that (Σ a_i·W_i) ≡ 1 (mod 11), by S mod 11 (ISO 7064 MOD 11-2; 10 is written X). */
const CHECK_CHARS = '10X98765432';

/**
 * Province-level codes of GB/T 2260 (the first two digits of the address code), plus 81/82/83 of
 * the residence permits for Hong Kong, Macao and Taiwan residents (港澳台居民居住证, which follow
 * GB 11643). The remaining four digits name a city and county; their full table changes every
 * year, so only their being digits is checked here.
 */
// prettier-ignore
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', // 北京 天津 河北 山西 内蒙古
  '21', '22', '23', // 辽宁 吉林 黑龙江
  '31', '32', '33', '34', '35', '36', '37', // 上海 江苏 浙江 安徽 福建 江西 山东
  '41', '42', '43', '44', '45', '46', // 河南 湖北 湖南 广东 广西 海南
  '50', '51', '52', '53', '54', // 重庆 四川 贵州 云南 西藏
  '61', '62', '63', '64', '65', // 陕西 甘肃 青海 宁夏 新疆
  '71', '81', '82', '83', // 台湾; 港澳台居民居住证
]);

/** The earliest birth date taken as plausible (a person born before 1900 would be 126+). */
const EARLIEST_BIRTH = '19000101';

/** The check character of the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('the first 17 characters must be digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/**
 * Checks a number in the order length, format, region, birth date, check digit (the first that
 * fails is named). Surrounding blanks are ignored and a lowercase x is read as X. `today` is the
 * date (UTC+8, as YYYYMMDD) no birth date may come after.
 */
export function checkIdNumber(input: string, today: string): IdNumberResult {
  const value = input.trim().toUpperCase();
  if (value.length !== 18)
    return { ok: false, check: 'length', message: `an ID number has 18 characters, not ${value.length}` };
  if (!/^\d{17}[\dX]$/.test(value))
    return { ok: false, check: 'format', message: 'an ID number is 17 digits and a digit or X' };
  if (!PROVINCES.has(value.slice(0, 2)))
    return { ok: false, check: 'region', message: `no province has the code ${value.slice(0, 2)}` };
  const birth = value.slice(6, 14);
  if (!isCalendarDate(birth) || birth < EARLIEST_BIRTH || birth > today)
    return { ok: false, check: 'birthDate', message: `${birth} is not a plausible birth date` };
  if (idNumberCheckChar(value.slice(0, 17)) !== value[17])
    return { ok: false, check: 'checkDigit', message: 'the check character does not match (GB 11643-1999)' };
  return {
    ok: true,
    value,
    birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`,
    sex: Number(value[16]) % 2 === 1 ? 'male' : 'female',
  };
}

function isCalendarDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Today in China (UTC+8) as YYYYMMDD: the date a birth date is compared with. */
export function chinaDate(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
}

/**
 * '110101199003071234' → '110***********1234': the province and city digits and the last four
 * stay (enough for a person to recognise their own number), the birth date and county do not.
 * Anything else keeps at most its last four characters.
 */
export function maskIdNumber(idNumber: string): string {
  const s = idNumber.trim();
  if (s.length >= 10) return `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`;
  if (s.length <= 4) return '*'.repeat(s.length);
  return `${'*'.repeat(s.length - 4)}${s.slice(-4)}`;
}

import { randomBytes } from 'node:crypto';

/**
 * Prefixed random ids (`ct_…`, `tpl_…`): the prefix tells a reader what an id names, the 128 random
 * bits make ids unguessable, so knowing one business line's id never helps reach another's data.
 */
export type IdPrefix =
  | 'bl'
  | 'app'
  | 'adm'
  | 'tg'
  | 'tpl'
  | 'tplv'
  | 'cg'
  | 'ct'
  | 'cd'
  | 'cs'
  | 'job'
  | 'seal'
  | 'ta'
  | 'sl'
  | 'ic'
  | 'scn'
  | 'auth'
  | 'wh'
  | 'evt'
  | 'whd'
  | 'wha'
  | 'rn';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

export function newId(prefix: IdPrefix): string {
  const bytes = randomBytes(16);
  let out = '';
  // 25 base-36 digits carry 129 bits; taking each byte mod 36 would bias, so use BigInt.
  let n = BigInt('0x' + bytes.toString('hex'));
  for (let i = 0; i < 25; i++) {
    out = ALPHABET[Number(n % 36n)]! + out;
    n /= 36n;
  }
  return `${prefix}_${out}`;
}

export function isId(prefix: IdPrefix, value: string): boolean {
  return new RegExp(`^${prefix}_[0-9a-z]{25}$`).test(value);
}

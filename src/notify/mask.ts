/**
 * Masks for a recipient shown in API views and written to logs: enough to recognise one's own
 * number or address, not enough to contact the person.
 */

/**
 * '13812345678' → '138****5678', '+8613812345678' → '+86138****5678': the four characters before
 * the last four are hidden (the usual Chinese convention). Shorter numbers keep at most their last
 * two characters visible.
 */
export function maskPhone(phone: string): string {
  const s = Array.from(phone.trim());
  if (s.length >= 8) return `${s.slice(0, -8).join('')}****${s.slice(-4).join('')}`;
  if (s.length <= 2) return '*'.repeat(s.length);
  return `${'*'.repeat(s.length - 2)}${s.slice(-2).join('')}`;
}

/**
 * 'zhangsan@example.com' → 'z***n@example.com'. The local part keeps its first and last character
 * around a fixed '***' (its length is not revealed); one or two characters keep only the first
 * ('ab' → 'a***'). The domain is shown. Something without an '@' is masked whole.
 */
export function maskEmail(email: string): string {
  const s = email.trim();
  const at = s.lastIndexOf('@');
  if (at < 0) return '***';
  const local = Array.from(s.slice(0, at));
  const domain = s.slice(at + 1);
  const masked =
    local.length === 0
      ? '***'
      : local.length <= 2
        ? `${local[0]}***`
        : `${local[0]}***${local[local.length - 1]}`;
  return `${masked}@${domain}`;
}

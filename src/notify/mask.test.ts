import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskEmail, maskPhone } from './mask.js';

describe('maskPhone', () => {
  it('hides the four characters before the last four', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+8613812345678')).toBe('+86138****5678');
    expect(maskPhone('91234567')).toBe('****4567');
    expect(maskPhone(' 13812345678 ')).toBe('138****5678');
  });

  it('keeps at most two characters of a short number', () => {
    expect(maskPhone('1234567')).toBe('*****67');
    expect(maskPhone('12345')).toBe('***45');
    expect(maskPhone('12')).toBe('**');
    expect(maskPhone('')).toBe('');
  });

  it('never shows more than the first length−8 and the last four characters', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\+?[0-9]{1,20}$/), (phone) => {
        const masked = maskPhone(phone);
        expect(masked).toHaveLength(phone.length);
        expect(masked).toContain('*');
        expect(masked.replace(/\*/g, '').length).toBeLessThanOrEqual(Math.max(phone.length - 4, 2));
      }),
    );
  });
});

describe('maskEmail', () => {
  it('keeps the first and last character of the local part and the domain', () => {
    expect(maskEmail('zhangsan@example.com')).toBe('z***n@example.com');
    expect(maskEmail('abc@example.com')).toBe('a***c@example.com');
    expect(maskEmail('ab@example.com')).toBe('a***@example.com');
    expect(maskEmail('a@example.com')).toBe('a***@example.com');
    expect(maskEmail('张三丰@例子.中国')).toBe('张***丰@例子.中国');
  });

  it('does not reveal the length of the local part, and masks what is not an address', () => {
    expect(maskEmail('averyveryverylongname@x.cn')).toBe('a***e@x.cn');
    expect(maskEmail('@example.com')).toBe('***@example.com');
    expect(maskEmail('no-at-sign')).toBe('***');
    expect(maskEmail('"a@b"@example.com')).toBe('"***"@example.com');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cssLength, cssPoint, parseStyle, vmlBool, vmlColor, vmlFraction } from './vml-style.js';

describe('VML style attribute', () => {
  it('splits declarations, lower-cases names, keeps the last of a repeated one', () => {
    const s = parseStyle(' position:absolute; Margin-Left : 12pt;;width:1in;width:2in;bad;:x;height: ');
    expect([...s]).toEqual([
      ['position', 'absolute'],
      ['margin-left', '12pt'],
      ['width', '2in'],
    ]);
    expect(parseStyle(undefined).size).toBe(0);
  });

  it('reads lengths in pt, in, cm, mm, pc, px, em and bare numbers (pixels)', () => {
    expect(cssLength('12pt')).toBe(12);
    expect(cssLength('1in')).toBe(72);
    expect(cssLength('2.54cm')).toBeCloseTo(72);
    expect(cssLength('25.4mm')).toBeCloseTo(72);
    expect(cssLength('1pc')).toBe(12);
    expect(cssLength('96px')).toBe(72);
    expect(cssLength('96')).toBe(72);
    expect(cssLength('2em', 10.5)).toBe(21);
    expect(cssLength('-.5in')).toBe(-36);
    expect(cssLength('0')).toBe(0);
    for (const bad of ['', 'auto', '50%', '12 apples', 'pt', '1e999pt', '99999in'])
      expect(cssLength(bad)).toBeUndefined();
    expect(cssPoint('84pt,-4pt')).toEqual({ x: 84, y: -4 });
    expect(cssPoint(',')).toEqual({ x: 0, y: 0 });
    expect(cssPoint('x,1')).toBeUndefined();
  });

  it('reads colours: #RRGGBB, #RGB, names, palette indexes; not derived or system colours', () => {
    expect(vmlColor('#a0a0a0')).toBe('A0A0A0');
    expect(vmlColor('#f0c')).toBe('FF00CC');
    expect(vmlColor('red [3213]')).toBe('FF0000');
    expect(vmlColor('Grey')).toBe('808080');
    expect(vmlColor('fill darken(118)')).toBeUndefined();
    expect(vmlColor('windowText')).toBeUndefined();
    expect(vmlColor(undefined)).toBeUndefined();
  });

  it('reads booleans and fractions', () => {
    expect(['t', 'true', 'on', '1', 'T'].map(vmlBool)).toEqual([true, true, true, true, true]);
    expect(['f', 'false', 'off', '0'].map(vmlBool)).toEqual([false, false, false, false]);
    expect(vmlBool('maybe')).toBeUndefined();
    expect(vmlFraction('10923f')).toBeCloseTo(1 / 6, 3);
    expect(vmlFraction('0.2')).toBe(0.2);
    expect(vmlFraction('x')).toBeUndefined();
  });

  it('never throws and keeps lengths finite and bounded on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (style, value) => {
        for (const v of parseStyle(style).values()) {
          const n = cssLength(v);
          if (n !== undefined) expect(Number.isFinite(n) && Math.abs(n) <= 14_400).toBe(true);
        }
        const n = cssLength(value);
        if (n !== undefined) expect(Number.isFinite(n)).toBe(true);
        const c = vmlColor(value);
        if (c !== undefined) expect(c).toMatch(/^[0-9A-F]{6}$/);
        vmlFraction(value);
        cssPoint(value);
      }),
    );
  });
});

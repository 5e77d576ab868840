import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contrastRatio, MIN_TEXT_CONTRAST, parseHex, relativeLuminance, themeColours } from './contrast';

describe('theme colour contrast (WCAG 2.1)', () => {
  it('computes WCAG’s luminance and ratios', () => {
    expect(relativeLuminance([0, 0, 0])).toBe(0);
    expect(relativeLuminance([255, 255, 255])).toBeCloseTo(1, 10);
    expect(contrastRatio('#000', '#fff')).toBeCloseTo(21, 10);
    expect(contrastRatio('#fff', '#fff')).toBe(1);
    // Known pairs (WebAIM's contrast checker): #767676 on white is the lightest grey at 4.5:1.
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#1677ff', '#ffffff')).toBeCloseTo(4.1, 2);
    expect(parseHex('red')).toBeNull();
    expect(parseHex('#abc')).toEqual([0xaa, 0xbb, 0xcc]);
  });

  it('keeps a dark theme as it is, with white text', () => {
    expect(themeColours('#c8102e')).toEqual({
      background: '#c8102e',
      onBackground: '#ffffff',
      asText: '#c8102e',
    });
  });

  it('gives a light theme dark text, and darkens it where it is text on white', () => {
    const c = themeColours('#ffd400')!;
    expect(c.background).toBe('#ffd400');
    expect(c.onBackground).toBe('#1f2329');
    expect(contrastRatio(c.asText, '#ffffff')).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
  });

  it('darkens a middle theme (antd’s default blue) until white text reads on it', () => {
    const c = themeColours('#1677ff')!;
    expect(c.onBackground).toBe('#ffffff');
    expect(c.background).not.toBe('#1677ff');
    const ratio = contrastRatio(c.background, '#ffffff');
    expect(ratio).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    // Just enough: not much darker than needed.
    expect(ratio).toBeLessThan(MIN_TEXT_CONTRAST + 0.2);
  });

  it('every colour comes out readable both ways', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), (n) => {
        const c = themeColours(`#${n.toString(16).padStart(6, '0')}`)!;
        expect(contrastRatio(c.background, c.onBackground)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
        expect(contrastRatio(c.asText, '#ffffff')).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the pages’ fixed text colours', () => {
  // styles.css: --text-warn, --text-ok, --text-danger and the muted grey, as text on white.
  it.each(['#ad4e00', '#00845a', '#cf1322', '#646a73'])('%s reads on white', (colour) => {
    expect(contrastRatio(colour, '#ffffff')).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
  });
});

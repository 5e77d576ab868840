import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  FontSet,
  fontFamilyName,
  mapWordFont,
  SANS_FAMILY,
  SERIF_FAMILY,
  shippedFontPaths,
  SYMBOL_FALLBACK_FAMILY,
} from './index.js';

describe('mapWordFont', () => {
  it('maps Word serif names to Noto Serif SC', () => {
    for (const n of [
      '宋体',
      'SimSun',
      '新宋体',
      '仿宋',
      'FangSong',
      '楷体',
      'KaiTi',
      'Times New Roman',
      'Cambria',
      'Georgia',
    ])
      expect(mapWordFont(n)).toEqual({ family: SERIF_FAMILY, unknown: false });
  });
  it('maps Word sans names to Noto Sans SC', () => {
    for (const n of [
      '黑体',
      'SimHei',
      '微软雅黑',
      'Microsoft YaHei',
      '等线',
      'DengXian',
      'Arial',
      'Calibri',
      'Helvetica',
      'Verdana',
    ])
      expect(mapWordFont(n)).toEqual({ family: SANS_FAMILY, unknown: false });
  });
  it('falls back to serif for unknown names and flags them', () => {
    expect(mapWordFont('方正小标宋')).toEqual({ family: SERIF_FAMILY, unknown: true });
  });
  it('prefers a registered font', () => {
    expect(mapWordFont('方正小标宋', new Map([['方正小标宋', 'FZXBS']]))).toEqual({
      family: 'FZXBS',
      unknown: false,
    });
  });
});

describe('fontFamilyName / FontSet', () => {
  it('reads the family names of the shipped fonts', () => {
    const names = shippedFontPaths().map((p) => fontFamilyName(readFileSync(p)));
    expect(names).toEqual([SERIF_FAMILY, SERIF_FAMILY, SANS_FAMILY, SANS_FAMILY, SYMBOL_FALLBACK_FAMILY]);
  });
  it('registers a font under a Word name', () => {
    const set = new FontSet();
    const family = set.registerFont('我的字体', readFileSync(shippedFontPaths()[2]!));
    expect(family).toBe(SANS_FAMILY);
    expect(set.aliases.get('我的字体')).toBe(SANS_FAMILY);
    expect(set.files()).toHaveLength(shippedFontPaths().length + 1);
  });
  it('refuses bytes that are not a font', () => {
    expect(() => fontFamilyName(new TextEncoder().encode('hello, not a font at all'))).toThrow(
      /FONT_INVALID|not a usable/,
    );
  });
});

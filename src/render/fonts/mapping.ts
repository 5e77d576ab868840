/**
 * Word font names -> the fonts Hetong can embed. Word documents name fonts installed on the
 * author's Windows machine (ECMA-376 Part 1 §17.3.2.26 w:rFonts); we map each to the serif or sans
 * family shipped with the package, or to a font a business line registered under that name.
 */
import { SANS_FAMILY, SERIF_FAMILY, type GenericFamily } from './registry.js';

const SERIF_NAMES = [
  '宋体',
  'simsun',
  '新宋体',
  'nsimsun',
  '仿宋',
  'fangsong',
  '仿宋_gb2312',
  '楷体',
  'kaiti',
  '楷体_gb2312',
  'times new roman',
  'cambria',
  'georgia',
  'songti sc',
  'stsong',
  'serif',
  'noto serif sc',
  'source han serif sc',
  '思源宋体',
];
const SANS_NAMES = [
  '黑体',
  'simhei',
  '微软雅黑',
  'microsoft yahei',
  '等线',
  'dengxian',
  'arial',
  'calibri',
  'helvetica',
  'verdana',
  'tahoma',
  'segoe ui',
  'pingfang sc',
  'heiti sc',
  'sans-serif',
  'noto sans sc',
  'source han sans sc',
  '思源黑体',
  '等线 light',
  'dengxian light',
  'calibri light',
];

const GENERIC = new Map<string, GenericFamily>([
  ...SERIF_NAMES.map((n) => [n, 'serif'] as const),
  ...SANS_NAMES.map((n) => [n, 'sans'] as const),
]);

export interface FontChoice {
  /** Family name to give Typst. */
  family: string;
  /** True when the Word name was not known and the serif default was used. */
  unknown: boolean;
}

/**
 * Picks the family for a Word font name. `registered` holds the names (lower case) of fonts a
 * business line registered; those win, so a company font is used as itself.
 */
export function mapWordFont(
  name: string | undefined,
  registered: ReadonlyMap<string, string> = new Map(),
): FontChoice {
  if (name === undefined || name.trim() === '') return { family: SERIF_FAMILY, unknown: false };
  const key = name.trim().toLowerCase();
  const own = registered.get(key);
  if (own !== undefined) return { family: own, unknown: false };
  const generic = GENERIC.get(key);
  if (generic === 'sans') return { family: SANS_FAMILY, unknown: false };
  if (generic === 'serif') return { family: SERIF_FAMILY, unknown: false };
  return { family: SERIF_FAMILY, unknown: true };
}

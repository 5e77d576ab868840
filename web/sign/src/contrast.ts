/**
 * The scene's theme colour made readable (WCAG 2.1 §1.4.3, contrast (minimum): 4.5:1 for text).
 * Relative luminance and contrast ratio as WCAG 2.1 defines them (its glossary, "relative
 * luminance" and "contrast ratio"). Pure: colours in, colours out.
 */
export const MIN_TEXT_CONTRAST = 4.5;
const WHITE = '#ffffff';
/** The pages' text colour (styles.css). */
const DARK_TEXT = '#1f2329';

type Rgb = [number, number, number];

/** `#rgb` or `#rrggbb` (anything else: null). */
export function parseHex(hex: string): Rgb | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex);
  if (!m) return null;
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb;
}

const toHex = (rgb: Rgb) => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

/** WCAG 2.1 relative luminance of an sRGB colour: 0 (black) to 1 (white). */
export function relativeLuminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2.1 contrast ratio (L1 + 0.05) / (L2 + 0.05), lighter over darker: 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [la, lb] = [parseHex(a), parseHex(b)].map((c) => (c ? relativeLuminance(c) : 0)) as [number, number];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** The colour mixed towards black just enough to reach `ratio` against `other` (which is light). */
function darkenUntil(rgb: Rgb, other: string, ratio: number): string {
  if (contrastRatio(toHex(rgb), other) >= ratio) return toHex(rgb);
  let [lo, hi] = [0, 1]; // the share of the colour kept: 1 is the colour itself, 0 is black
  for (let i = 0; i < 24; i++) {
    const mid = (lo + hi) / 2;
    if (contrastRatio(toHex(rgb.map((c) => c * mid) as Rgb), other) >= ratio) lo = mid;
    else hi = mid;
  }
  // Rounding to whole channels may lose a hair of contrast: step down until it holds.
  let k = lo;
  let out = toHex(rgb.map((c) => Math.floor(c * k)) as Rgb);
  while (contrastRatio(out, other) < ratio && k > 0) {
    k = Math.max(0, k - 0.005);
    out = toHex(rgb.map((c) => Math.floor(c * k)) as Rgb);
  }
  return out;
}

export interface ThemeColours {
  /** The fill of buttons and selected controls. */
  background: string;
  /** The text on that fill: white, or the dark text when white does not read on it. */
  onBackground: string;
  /** The theme colour used as text (links, chips) on the white panels. */
  asText: string;
}

/**
 * Readable colours from a scene's theme colour: white text on it when that reaches 4.5:1; else the
 * dark text when that does (a light theme such as yellow); else the colour darkened until white
 * text reaches 4.5:1. As text on white the colour is darkened until it reaches 4.5:1 itself.
 */
export function themeColours(theme: string): ThemeColours | null {
  const rgb = parseHex(theme);
  if (!rgb) return null;
  const hex = toHex(rgb);
  const asText = darkenUntil(rgb, WHITE, MIN_TEXT_CONTRAST);
  if (contrastRatio(hex, WHITE) >= MIN_TEXT_CONTRAST) return { background: hex, onBackground: WHITE, asText };
  if (contrastRatio(hex, DARK_TEXT) >= MIN_TEXT_CONTRAST)
    return { background: hex, onBackground: DARK_TEXT, asText };
  return { background: darkenUntil(rgb, WHITE, MIN_TEXT_CONTRAST), onBackground: WHITE, asText };
}

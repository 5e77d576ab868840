/**
 * Style sheet, font mapping and theme colours of the HTML preview.
 *
 * Themes: 'light' is paper-like (white page, Word's colours as written). 'dark' is for phones in
 * dark mode: dark page, light text, and explicit colours whose lightness would vanish on the dark
 * page are mirrored in lightness (hue and saturation kept), light shadings darkened the same way.
 * The caller chooses the theme (the signing page knows the reader's preference); a 'light'
 * preview deliberately stays light under `prefers-color-scheme: dark`, like a printed contract.
 */

/** Word font names that read as serif (mapped to Noto Serif SC) or sans (Noto Sans SC). */
const SANS =
  /黑体|hei|微软雅黑|yahei|等线|dengxian|arial|calibri|helvetica|verdana|tahoma|segoe|苹方|pingfang|sans/i;

export function fontClass(latin: string | undefined, eastAsia: string | undefined): 'serif' | 'sans' {
  const name = eastAsia ?? latin ?? '';
  return SANS.test(name) ? 'sans' : 'serif';
}

export const SERIF_STACK = `"Noto Serif SC", "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, "Times New Roman", serif`;
export const SANS_STACK = `"Noto Sans SC", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", Arial, sans-serif`;

function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function rgbToHsl([r, g, b]: [number, number, number]): [number, number, number] {
  const R = r / 255;
  const G = g / 255;
  const B = b / 255;
  const max = Math.max(R, G, B);
  const min = Math.min(R, G, B);
  const l = (max + min) / 2;
  if (max === min) return [0, 0, l];
  const d = max - min;
  const s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
  const h = max === R ? (G - B) / d + (G < B ? 6 : 0) : max === G ? (B - R) / d + 2 : (R - G) / d + 4;
  return [h / 6, s, l];
}

function hslToHex([h, s, l]: [number, number, number]): string {
  const f = (n: number): string => {
    const k = (n + h * 12) % 12;
    const a = s * Math.min(l, 1 - l);
    const v = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(v * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `${f(0)}${f(8)}${f(4)}`.toUpperCase();
}

/** WCAG 2.1 relative luminance (0 black … 1 white). */
function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number): number => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** A text colour for the theme: dark ones (by luminance) mirrored to light for the dark theme. */
export function textColor(hex: string, theme: 'light' | 'dark'): string {
  if (theme === 'light') return `#${hex}`;
  const rgb = hexToRgb(hex);
  if (luminance(rgb) >= 0.3) return `#${hex}`;
  const [h, s, l] = rgbToHsl(rgb);
  return `#${hslToHex([h, s, Math.min(0.9, Math.max(0.7, 1 - l))])}`;
}

/** A background (highlight, shading) for the theme: light ones mirrored to dark for the dark theme. */
export function backgroundColor(hex: string, theme: 'light' | 'dark'): string {
  if (theme === 'light') return `#${hex}`;
  const rgb = hexToRgb(hex);
  if (luminance(rgb) < 0.2) return `#${hex}`;
  const [h, s, l] = rgbToHsl(rgb);
  return `#${hslToHex([h, s, Math.min(0.3, 1 - l)])}`;
}

export function styleSheet(theme: 'light' | 'dark'): string {
  const dark = theme === 'dark';
  const bg = dark ? '#121212' : '#f2f2f2';
  const page = dark ? '#1e1e1e' : '#ffffff';
  const fg = dark ? '#e6e6e6' : '#000000';
  const rule = dark ? '#555555' : '#999999';
  return `
:root{color-scheme:${dark ? 'dark' : 'light'};--serif:${SERIF_STACK};--sans:${SANS_STACK}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:${bg};color:${fg};font-family:var(--serif);overflow-wrap:anywhere;line-break:strict}
.page{margin:0 auto;padding:20px 16px;background:${page};max-width:var(--page-width);min-height:100vh}
@media (min-width:700px){.page{margin:24px auto;padding:48px 56px;box-shadow:0 1px 6px rgba(0,0,0,.25)}}
p{margin:0;min-height:1em}
.serif{font-family:var(--serif)}.sans{font-family:var(--sans)}
.tab{display:inline-block;width:2em}
.label{display:inline-block;min-width:1.5em;padding-right:.4em;text-indent:0}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%;margin:2px 0}
table{border-collapse:collapse;border-spacing:0}
td{padding:2px 5px;vertical-align:top}
td>p{text-indent:0}
@media (max-width:600px){.table-wrap table{table-layout:auto!important}.table-wrap td{overflow-wrap:normal;padding-left:2pt!important;padding-right:2pt!important}}
img{max-width:100%;height:auto;vertical-align:bottom}
.hf{color:${dark ? '#bdbdbd' : '#333333'};font-size:.9em}
header.hf{border-bottom:1px solid ${rule};margin-bottom:16px;padding-bottom:6px}
footer.hf{border-top:1px solid ${rule};margin-top:24px;padding-top:6px}
section.footnotes,section.endnotes{border-top:1px solid ${rule};margin-top:20px;padding-top:6px;font-size:.85em}
section.footnotes ol,section.endnotes ol{margin:0;padding-left:1.6em}
.fn-ref a{color:inherit;text-decoration:none}
.tag{background:${dark ? '#3a3a00' : '#fff3b0'};border-radius:2px}
`.trim();
}

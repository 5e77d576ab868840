/** Theme fonts (ECMA-376 Part 1 §20.1.4.1.16 a:fontScheme) for w:rFonts w:asciiTheme and friends. */
import { child, childrenNamed, find, type XmlElement } from '../intake/xml.js';

export interface ThemeFonts {
  /** "minorHAnsi", "majorEastAsia", … (§17.18.96 ST_Theme) to a typeface, if the theme names one. */
  resolve(slot: string | undefined): string | undefined;
}

export const NO_THEME: ThemeFonts = { resolve: () => undefined };

export function readThemeFonts(theme: XmlElement | undefined): ThemeFonts {
  const scheme = find(theme, 'a:fontScheme');
  if (!scheme) return NO_THEME;
  const pick = (which: 'a:majorFont' | 'a:minorFont', script: 'latin' | 'ea' | 'cs'): string | undefined => {
    const font = child(scheme, which);
    const direct = child(font, `a:${script}`)?.attrs.typeface;
    if (direct) return direct;
    // An empty a:ea means "by script": Chinese documents use the Simplified Han entry.
    if (script === 'ea') {
      const hans = childrenNamed(font, 'a:font').find((f) => f.attrs.script === 'Hans');
      return hans?.attrs.typeface || undefined;
    }
    return undefined;
  };
  const table: Record<string, string | undefined> = {
    majorAscii: pick('a:majorFont', 'latin'),
    majorHAnsi: pick('a:majorFont', 'latin'),
    majorEastAsia: pick('a:majorFont', 'ea'),
    majorBidi: pick('a:majorFont', 'cs'),
    minorAscii: pick('a:minorFont', 'latin'),
    minorHAnsi: pick('a:minorFont', 'latin'),
    minorEastAsia: pick('a:minorFont', 'ea'),
    minorBidi: pick('a:minorFont', 'cs'),
  };
  return { resolve: (slot) => (slot ? table[slot] : undefined) };
}

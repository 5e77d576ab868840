import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { TrueTypeFont } from './outlines.js';

const require = createRequire(import.meta.url);

/** The families seals are set in; only these font files are loaded into the renderer. */
export const SEAL_FONT = { serif: 'Noto Serif SC', sans: 'Noto Sans SC' } as const;

/**
 * The Noto Serif SC / Noto Sans SC TrueType files shipped as npm packages (the same fonts the
 * contract renderer uses), so a seal looks the same on every host and never depends on system fonts.
 */
export function sealFontFiles(families: readonly ('serif' | 'sans')[] = ['serif', 'sans']): string[] {
  const files: string[] = [];
  // Each file is ~15 MB; load only the families a seal uses.
  if (families.includes('serif'))
    files.push(
      join(
        dirname(require.resolve('@expo-google-fonts/noto-serif-sc/package.json')),
        '700Bold',
        'NotoSerifSC_700Bold.ttf',
      ),
    );
  if (families.includes('sans'))
    files.push(
      join(
        dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json')),
        '700Bold',
        'NotoSansSC_700Bold.ttf',
      ),
    );
  return files;
}

const loaded = new Map<'serif' | 'sans', TrueTypeFont>();

/** The seal font of a family, parsed once per process (its glyphs are decoded on first use). */
export function sealFont(family: 'serif' | 'sans'): TrueTypeFont {
  let font = loaded.get(family);
  if (!font) {
    font = TrueTypeFont.load(sealFontFiles([family])[0]!);
    loaded.set(family, font);
  }
  return font;
}

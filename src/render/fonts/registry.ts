/**
 * Font registry of the render capability. Hetong ships Noto Serif SC and Noto Sans SC (Regular and
 * Bold TrueType from npm, DESIGN.md "Rendering") and DejaVu Sans as the fallback for signs the
 * Noto SC faces lack; Word font names are mapped onto the Noto SC faces, and a
 * business line may register fonts of its own. Loading is done once per process (the Noto SC
 * files are 10–15 MB each, `ls -l` in their npm packages) and the bytes are shared by every
 * compiler of that process.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { trimNameTable } from './sfnt.js';

/** Family names as written in the shipped fonts' `name` table (what Typst selects by). */
export const SERIF_FAMILY = 'Noto Serif SC';
export const SANS_FAMILY = 'Noto Sans SC';
export const SYMBOL_FALLBACK_FAMILY = 'DejaVu Sans';

export type GenericFamily = 'serif' | 'sans';

export interface FontFile {
  /** Family name the font declares (Typst selects fonts by it). */
  family: string;
  bytes: Uint8Array;
}

const require = createRequire(import.meta.url);

function packageFile(pkg: string, rel: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), rel);
}

const SHIPPED: { family: string; pkg: string; rel: string }[] = [
  {
    family: SERIF_FAMILY,
    pkg: '@expo-google-fonts/noto-serif-sc',
    rel: '400Regular/NotoSerifSC_400Regular.ttf',
  },
  { family: SERIF_FAMILY, pkg: '@expo-google-fonts/noto-serif-sc', rel: '700Bold/NotoSerifSC_700Bold.ttf' },
  {
    family: SANS_FAMILY,
    pkg: '@expo-google-fonts/noto-sans-sc',
    rel: '400Regular/NotoSansSC_400Regular.ttf',
  },
  { family: SANS_FAMILY, pkg: '@expo-google-fonts/noto-sans-sc', rel: '700Bold/NotoSansSC_700Bold.ttf' },
  // Last in every font list the generator writes (typst/context.ts), for signs the Noto SC faces
  // lack: ☑ ☒ ✗ ➢ …, the check boxes and bullets of symbol fonts (fonts/symbol-fonts.ts).
  { family: SYMBOL_FALLBACK_FAMILY, pkg: 'dejavu-fonts-ttf', rel: 'ttf/DejaVuSans.ttf' },
];

let shipped: FontFile[] | undefined;

/** A shipped font file as the render engine uses it: its name table trimmed (sfnt.ts says why). */
export function readShippedFont(path: string): Uint8Array {
  return trimNameTable(readFileSync(path));
}

/** The shipped font files, read from disk on first use and kept for the life of the process. */
export function shippedFonts(): FontFile[] {
  shipped ??= SHIPPED.map((f) => ({ family: f.family, bytes: readShippedFont(packageFile(f.pkg, f.rel)) }));
  return shipped;
}

/** Paths of the shipped font files (for workers that read them themselves, and for resvg). */
export function shippedFontPaths(): string[] {
  return SHIPPED.map((f) => packageFile(f.pkg, f.rel));
}

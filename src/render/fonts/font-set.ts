/**
 * The fonts one render engine uses: the shipped Noto SC families plus fonts a business line
 * registered under the Word name its templates use (`registerFont('方正小标宋', bytes)`).
 */
import { fontFamilyName } from './font-name.js';
import { shippedFonts, type FontFile } from './registry.js';

export class FontSet {
  readonly #extra: FontFile[] = [];
  readonly #aliases = new Map<string, string>();

  /** Registers a font for a Word font name; returns the family name Typst will select it by. */
  registerFont(wordName: string, bytes: Uint8Array): string {
    const family = fontFamilyName(bytes);
    this.#extra.push({ family, bytes });
    this.#aliases.set(wordName.trim().toLowerCase(), family);
    this.#aliases.set(family.toLowerCase(), family);
    return family;
  }

  /** Word name (lower case) -> family of a registered font. */
  get aliases(): ReadonlyMap<string, string> {
    return this.#aliases;
  }

  /** Every font file to load into a compiler: shipped first, then registered ones. */
  files(): FontFile[] {
    return [...shippedFonts(), ...this.#extra];
  }

  /** Only the registered files (the shipped ones are loaded by each worker from disk). */
  registeredFiles(): FontFile[] {
    return [...this.#extra];
  }
}

export { FontSet } from './font-set.js';
export { fontFamilyName } from './font-name.js';
export { mapWordFont, type FontChoice } from './mapping.js';
export {
  SANS_FAMILY,
  SERIF_FAMILY,
  SYMBOL_FALLBACK_FAMILY,
  shippedFonts,
  shippedFontPaths,
  type FontFile,
  type GenericFamily,
} from './registry.js';

/**
 * Symbol fonts: Word writes bullets, check boxes and Greek letters as 8-bit codes of Symbol,
 * Wingdings or Wingdings 2, either in the private-use area (U+F020–U+F0FF, ECMA-376 Part 1
 * §17.3.3.30 w:sym) or as the plain code (a run in such a font). Neither shows the intended sign
 * in any other font, so they are turned into the Unicode characters of the same signs.
 *
 * The tables hold what contracts use: Symbol's Greek letters, operators and bullets (its layout
 * is Adobe's Symbol encoding), and Wingdings' / Wingdings 2's bullets, shapes, check marks and
 * check boxes (layouts as Microsoft's fonts draw them). Codes outside the tables have no sign a
 * contract would use and become U+FFFD, so the loss is visible instead of a wrong letter.
 */

export type SymbolFont = 'symbol' | 'wingdings' | 'wingdings2';

const GREEK_UPPER = 'ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ';
const GREEK_LOWER = 'αβχδεφγηιϕκλμνοπθρστυϖωξψζ';

function table(entries: Record<number, string>): ReadonlyMap<number, string> {
  return new Map(Object.entries(entries).map(([k, v]) => [Number(k), v]));
}

const SYMBOL = (() => {
  const m: Record<number, string> = {};
  // ASCII punctuation and digits are themselves, but for these (Adobe Symbol encoding).
  for (let c = 0x20; c < 0x41; c++) m[c] = String.fromCharCode(c);
  Object.assign(m, { 0x22: '∀', 0x24: '∃', 0x27: '∋', 0x2a: '∗', 0x2d: '−', 0x40: '≅' });
  [...GREEK_UPPER].forEach((g, i) => (m[0x41 + i] = g));
  [...GREEK_LOWER].forEach((g, i) => (m[0x61 + i] = g));
  Object.assign(m, {
    0x5b: '[',
    0x5c: '∴',
    0x5d: ']',
    0x5e: '⊥',
    0x5f: '_',
    0x7b: '{',
    0x7c: '|',
    0x7d: '}',
    0x7e: '∼',
    0xa1: 'ϒ',
    0xa2: '′',
    0xa3: '≤',
    0xa4: '⁄',
    0xa5: '∞',
    0xa6: 'ƒ',
    0xa7: '♣',
    0xa8: '♦',
    0xa9: '♥',
    0xaa: '♠',
    0xab: '↔',
    0xac: '←',
    0xad: '↑',
    0xae: '→',
    0xaf: '↓',
    0xb0: '°',
    0xb1: '±',
    0xb2: '″',
    0xb3: '≥',
    0xb4: '×',
    0xb5: '∝',
    0xb6: '∂',
    0xb7: '•',
    0xb8: '÷',
    0xb9: '≠',
    0xba: '≡',
    0xbb: '≈',
    0xbc: '…',
    0xc4: '⊗',
    0xc5: '⊕',
    0xc6: '∅',
    0xc7: '∩',
    0xc8: '∪',
    0xc9: '⊃',
    0xca: '⊇',
    0xcb: '⊄',
    0xcc: '⊂',
    0xcd: '⊆',
    0xce: '∈',
    0xcf: '∉',
    0xd0: '∠',
    0xd1: '∇',
    0xd5: '∏',
    0xd6: '√',
    0xd7: '⋅',
    0xd8: '¬',
    0xd9: '∧',
    0xda: '∨',
    0xdb: '⇔',
    0xdc: '⇐',
    0xdd: '⇑',
    0xde: '⇒',
    0xdf: '⇓',
    0xe0: '◊',
    0xe5: '∑',
    0xf2: '∫',
  });
  return table(m);
})();

const WINGDINGS = table({
  0x20: ' ',
  0x6c: '●',
  0x6d: '❍',
  0x6e: '■',
  0x6f: '□',
  0x70: '□',
  0x71: '❑',
  0x72: '❒',
  0x73: '⬧',
  0x74: '⧫',
  0x75: '◆',
  0x76: '❖',
  0x77: '⬥',
  0x9e: '·',
  0x9f: '•',
  0xa0: '▪',
  0xa1: '○',
  0xa4: '◉',
  0xa5: '◎',
  0xa7: '▪',
  0xa8: '◻',
  0xaa: '✦',
  0xab: '★',
  0xd8: '➢',
  0xdc: '➲',
  0xe8: '➔',
  0xef: '⇦',
  0xf0: '⇨',
  0xf1: '⇧',
  0xf2: '⇩',
  0xfb: '✗',
  0xfc: '✓',
  0xfd: '☒',
  0xfe: '☑',
});

const WINGDINGS2 = table({
  0x20: ' ',
  0x4f: '✗',
  0x50: '✓',
  0x52: '☑',
  0x53: '☒',
  0x54: '☒',
  0x95: '•',
  0x96: '●',
  0x98: '⬤',
  0x9f: '◾',
  0xa0: '■',
  0xa1: '◼',
  0xa3: '□',
  0xa8: '▣',
  0xae: '◆',
  0xaf: '◇',
  0xea: '★',
  0xf8: '※',
});

const TABLES: Record<SymbolFont, ReadonlyMap<number, string>> = {
  symbol: SYMBOL,
  wingdings: WINGDINGS,
  wingdings2: WINGDINGS2,
};

/** The symbol font a Word font name denotes, if any ("Wingdings 2", "symbol", …). */
export function symbolFontOf(name: string | undefined): SymbolFont | undefined {
  const n = name?.trim().toLowerCase().replace(/\s+/g, ' ');
  if (n === 'symbol') return 'symbol';
  if (n === 'wingdings') return 'wingdings';
  if (n === 'wingdings 2') return 'wingdings2';
  return undefined;
}

/**
 * The font's code (0x20–0xFF, or its private-use alias U+F020–U+F0FF) as Unicode; any other
 * code is taken to be Unicode already (some producers write w:char="03A9" for Ω).
 */
export function symbolToUnicode(font: SymbolFont, code: number): string {
  const c = code >= 0xf000 && code <= 0xf0ff ? code - 0xf000 : code;
  if (c < 0x20 || c > 0xff) return String.fromCodePoint(code);
  return TABLES[font].get(c) ?? '\ufffd';
}

/** Text written in a symbol font, as Unicode. */
export function symbolTextToUnicode(font: SymbolFont, text: string): string {
  let out = '';
  for (const ch of text) out += symbolToUnicode(font, ch.codePointAt(0)!);
  return out;
}

/**
 * A private-use character whose font is not known (a list level without w:rFonts): Symbol's
 * bullet U+F0B7 is by far the most common; anything else is read as Wingdings.
 */
export function guessPrivateUseSymbol(code: number): string {
  if (code === 0xf0b7) return '•';
  const w = symbolToUnicode('wingdings', code);
  return w === '\ufffd' ? '•' : w;
}

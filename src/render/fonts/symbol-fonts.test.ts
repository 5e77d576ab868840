import { describe, expect, it } from 'vitest';
import { guessPrivateUseSymbol, symbolFontOf, symbolTextToUnicode, symbolToUnicode } from './symbol-fonts.js';

describe('symbol fonts', () => {
  it('knows the symbol fonts by their Word names, in any case and spacing', () => {
    expect(symbolFontOf('Wingdings')).toBe('wingdings');
    expect(symbolFontOf(' wingdings  2 ')).toBe('wingdings2');
    expect(symbolFontOf('SYMBOL')).toBe('symbol');
    expect(symbolFontOf('宋体')).toBe(undefined);
    expect(symbolFontOf(undefined)).toBe(undefined);
  });

  it('maps the bullets, boxes and check marks contracts use, by code or private-use alias', () => {
    expect(symbolToUnicode('wingdings', 0x6c)).toBe('●');
    expect(symbolToUnicode('wingdings', 0xf06c)).toBe('●');
    expect(symbolToUnicode('wingdings', 0xf0a7)).toBe('▪');
    expect(symbolToUnicode('wingdings', 0xf0d8)).toBe('➢');
    expect(symbolToUnicode('wingdings', 0xfe)).toBe('☑');
    expect(symbolToUnicode('wingdings2', 0x52)).toBe('☑');
    expect(symbolToUnicode('wingdings2', 0xa3)).toBe('□');
    expect(symbolToUnicode('symbol', 0xf0b7)).toBe('•');
    expect(symbolToUnicode('symbol', 0xb4)).toBe('×');
  });

  it('reads Symbol letters as Greek and keeps its digits and punctuation', () => {
    expect(symbolTextToUnicode('symbol', 'a+b=g (W)')).toBe('α+β=γ (Ω)');
  });

  it('shows U+FFFD for a code with no sign here, and keeps codes that are Unicode already', () => {
    expect(symbolToUnicode('wingdings', 0x21)).toBe('\ufffd');
    expect(symbolToUnicode('symbol', 0x3a9)).toBe('Ω');
  });

  it("guesses a private-use bullet of unknown font: Symbol's • first, else Wingdings", () => {
    expect(guessPrivateUseSymbol(0xf0b7)).toBe('•');
    expect(guessPrivateUseSymbol(0xf076)).toBe('❖');
    expect(guessPrivateUseSymbol(0xf021)).toBe('•');
  });
});

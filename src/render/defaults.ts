/**
 * Plain paragraph and run properties: everything off, single line spacing, no indents. The start
 * of Word's style resolution (ECMA-376 Part 1 §17.7.5: without docDefaults, 10 pt and nothing
 * else) and the base of generated content (HTML fragments, test documents).
 */
import type { ParagraphProps, RunProps } from './model.js';

export function plainRunProps(overrides: Partial<RunProps> = {}): RunProps {
  return {
    size: 10,
    bold: false,
    italic: false,
    strike: false,
    doubleStrike: false,
    caps: false,
    smallCaps: false,
    hidden: false,
    ...overrides,
  };
}

export function plainParagraphProps(
  markProps: RunProps,
  overrides: Partial<ParagraphProps> = {},
): ParagraphProps {
  return {
    align: 'left',
    indentLeft: 0,
    indentRight: 0,
    firstLine: 0,
    spaceBefore: 0,
    spaceAfter: 0,
    contextualSpacing: false,
    lineSpacing: { rule: 'auto', multiple: 1 },
    keepNext: false,
    keepLines: false,
    pageBreakBefore: false,
    widowControl: true,
    tabs: [],
    markProps,
    ...overrides,
  };
}

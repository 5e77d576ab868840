/**
 * Word numbering (ECMA-376 Part 1 §17.9) with Typst counters: one counter per abstract numbering
 * (instances of one abstract continue one sequence, §17.9.15), stepped where the paragraph is laid
 * out, so numbers stay right inside loops and conditions.
 */
import type { NumberingLevel, NumberingRef, ParagraphProps, RunProps } from '../model.js';
import type { CodegenContext } from './context.js';
import { arr, str } from './escape.js';
import { styled } from './inlines.js';
import { guessPrivateUseSymbol } from '../fonts/symbol-fonts.js';

export interface NumberLabel {
  statements: string[];
  /** Expression of the label content. */
  label: string;
  suffix: NumberingLevel['suffix'];
  indentLeft?: number;
  firstLine?: number;
}

/** A bullet level's text: the parser made symbol-font signs Unicode; older IR may still hold them. */
function bulletText(text: string): string {
  if (text === '') return '•';
  const cp = text.codePointAt(0)!;
  return cp >= 0xf000 && cp <= 0xf0ff ? guessPrivateUseSymbol(cp) : text;
}

export function emitNumberLabel(
  ctx: CodegenContext,
  props: ParagraphProps,
  ref: NumberingRef,
): NumberLabel | undefined {
  const def = ctx.doc.numbering[ref.numId];
  const lvl = def?.levels[ref.level];
  if (def === undefined || lvl === undefined) return undefined;
  const runProps: RunProps = {
    ...props.markProps,
    ...(lvl.runProps ?? {}),
    underline: undefined,
    highlight: undefined,
  } as RunProps;
  const base: Omit<NumberLabel, 'statements' | 'label'> = { suffix: lvl.suffix };
  if (lvl.indentLeft !== undefined) base.indentLeft = lvl.indentLeft;
  if (lvl.firstLine !== undefined) base.firstLine = lvl.firstLine;
  if (lvl.format === 'bullet')
    return { ...base, statements: [], label: styled(ctx, runProps, str(bulletText(lvl.text))) };
  if (lvl.format === 'none' && !/%\d/.test(lvl.text))
    return { ...base, statements: [], label: styled(ctx, runProps, str(lvl.text)) };

  const hasOverride = Object.keys(def.startOverrides).length > 0;
  const name = hasOverride ? `hxn-num-${ref.numId}` : `hxn-abs-${def.abstractId}`;
  const formats = def.levels.map((l) => str(l.format));
  const starts = def.levels.map((l, i) => String(def.startOverrides[i] ?? l.start));
  const spec = `(text: ${str(lvl.text)}, formats: ${arr(formats)}, starts: ${arr(starts)}, legal: ${lvl.legal}, level: ${ref.level})`;
  const label = (values: string) => styled(ctx, runProps, `context hx-num-label(${values}, ${spec})`);
  if (def.levels.every((l) => l.restartAfter === undefined)) {
    // Word's default (§17.9.10): a level restarts after any higher one, as Typst's levels do.
    const counter = `counter(${str(name)})`;
    return {
      ...base,
      statements: [`${counter}.step(level: ${ref.level + 1})`],
      label: label(`${counter}.get()`),
    };
  }
  // w:lvlRestart (§17.9.10) names the (1-based) level after which a level restarts, 0 never: one
  // counter per level, and stepping a level resets exactly the deeper levels that restart after it.
  const counter = (level: number) => `counter(${str(`${name}-${level}`)})`;
  const statements = [`${counter(ref.level)}.step()`];
  for (let d = ref.level + 1; d < def.levels.length; d++) {
    const after = def.levels[d]!.restartAfter;
    if (after === undefined || (after !== 0 && ref.level + 1 <= after))
      statements.push(`${counter(d)}.update(0)`);
  }
  const values = Array.from({ length: ref.level + 1 }, (_, i) => `${counter(i)}.get().first()`);
  return { ...base, statements, label: label(arr(values)) };
}

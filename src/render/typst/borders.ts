/** Word borders (ECMA-376 Part 1 §17.3.4 / §17.4.38) -> Typst strokes, theme-aware. */
import type { Border, BorderSet } from '../model.js';
import { hex, pt } from './escape.js';

export function stroke(b: Border | undefined): string {
  if (b === undefined) return 'none';
  const width = b.style === 'double' ? b.width * 2.5 : b.style === 'thick' ? Math.max(b.width, 1.5) : b.width;
  const dash = b.style === 'dashed' ? ', dash: "dashed"' : b.style === 'dotted' ? ', dash: "dotted"' : '';
  return `(paint: hx-border(${b.color ? hex(b.color) : 'none'}), thickness: ${pt(Math.max(width, 0.25))}${dash})`;
}

/** A Typst stroke dictionary of the named sides, or undefined when none is set. */
export function borderStroke(
  set: BorderSet,
  sides: ('top' | 'bottom' | 'left' | 'right')[],
): string | undefined {
  const parts = sides.filter((s) => set[s] !== undefined).map((s) => `${s}: ${stroke(set[s])}`);
  return parts.length === 0 ? undefined : `(${parts.join(', ')})`;
}

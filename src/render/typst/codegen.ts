/**
 * The Typst back end: a (tagged) template document -> one Typst program plus its assets. The
 * program reads the contract data at run time from `sys.inputs.data` (JSON), so a template is
 * compiled once per version and every contract only runs the program (DESIGN.md "Rendering").
 */
import type { Block, Inline, RenderWarning, TemplateDocument } from '../model.js';
import { emitInlines } from './inlines.js';
import { CodegenContext, type CodegenOptions } from './context.js';
import { emitBlocks } from './blocks.js';
import { emitSection, splitSections } from './page.js';
import { pt } from './escape.js';
import { PRELUDE } from './prelude.js';

export interface TypstProgram {
  /** Typst source of the main file. */
  program: string;
  /** Virtual path -> bytes (template images), mapped into the compiler as shadows. */
  assets: Record<string, Uint8Array>;
  warnings: RenderWarning[];
}

export function generateProgram(doc: TemplateDocument, options: CodegenOptions = {}): TypstProgram {
  const ctx = new CodegenContext(doc, options);
  const d = doc.defaultRunProps;
  const sections = splitSections(doc).map((chunk, i) =>
    emitSection(ctx, chunk, i, doc.settings.evenAndOddHeaders),
  );
  const baseFont = ctx.fontList(d);
  const head = [
    PRELUDE,
    ...ctx.defs,
    // Chinese typesetting: lang/region select Chinese line breaking and punctuation compression;
    // CJK–Latin auto spacing matches Word's w:autoSpaceDE default.
    `#set text(lang: "zh", region: "cn", font: ${baseFont}, size: ${pt(d.size)}, fill: hx-text-color, cjk-latin-spacing: auto)`,
    '#set par(spacing: 0pt, leading: 0pt)',
    '#set block(spacing: 0pt)',
    '#set table(gutter: 0pt)',
    '#let s = (hx-data,)',
  ];
  const program = `${head.join('\n')}\n${sections.map((s) => `#${s}`).join('\n')}\n`;
  return { program, assets: ctx.assets, warnings: [...doc.warnings, ...ctx.warnings] };
}

export interface FragmentCode {
  code: string;
  /** Virtual path -> bytes of the fragment's images (to be mapped for this render only). */
  assets: Record<string, Uint8Array>;
  warnings: RenderWarning[];
}

/**
 * Typst code (code mode) of generated blocks, for an HTML fragment `{~~x}` evaluated at run time
 * by `hx-html`; the same emitters as the template, so every text is an escaped string literal.
 */
export function generateFragment(
  blocks: readonly Block[],
  doc: Pick<TemplateDocument, 'numbering' | 'media' | 'settings'>,
  options: CodegenOptions = {},
): FragmentCode {
  const ctx = new CodegenContext(doc, { ...options, fragment: true });
  const stmts = emitBlocks(ctx, blocks, false);
  return { code: `{\n${stmts.join('\n')}\n}`, assets: ctx.assets, warnings: ctx.warnings };
}

/** Typst code of inline content, for `{~x}` inside a paragraph. */
export function generateInlineFragment(
  inlines: readonly Inline[],
  doc: Pick<TemplateDocument, 'numbering' | 'media' | 'settings'>,
  options: CodegenOptions = {},
): FragmentCode {
  const ctx = new CodegenContext(doc, { ...options, fragment: true });
  const parts = emitInlines(ctx, inlines, { tabs: [] });
  return { code: `{ ${parts.join('; ') || 'none'} }`, assets: ctx.assets, warnings: ctx.warnings };
}

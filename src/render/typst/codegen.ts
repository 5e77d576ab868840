/**
 * The Typst back end: a (tagged) template document -> one Typst program plus its assets. The
 * program reads the contract data at run time from `sys.inputs.data` (JSON), so a template is
 * compiled once per version and every contract only runs the program (DESIGN.md "Rendering").
 */
import type { Block, RenderWarning, RunProps, TemplateDocument } from '../model.js';
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

/**
 * Typst code (code mode) of generated blocks, for an HTML fragment evaluated at run time by
 * `hx-html`. `inline` joins paragraphs with line breaks for `{~x}` inside a paragraph.
 */
export function generateFragment(
  blocks: readonly Block[],
  doc: Pick<TemplateDocument, 'numbering' | 'media' | 'settings'>,
  options: CodegenOptions & { base?: RunProps } = {},
): { code: string; assets: Record<string, Uint8Array>; warnings: RenderWarning[] } {
  const ctx = new CodegenContext(doc, { ...options, fragment: true });
  const stmts = emitBlocks(ctx, blocks, false);
  return { code: `{\n${stmts.join('\n')}\n}`, assets: ctx.assets, warnings: ctx.warnings };
}

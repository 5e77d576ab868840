/**
 * The Typst back end: a (tagged) template document -> a Typst program plus its assets, compiled
 * once per template version (DESIGN.md "Rendering"). The program is two files: the static module
 * (prelude, font lists, and every run of top-level blocks that reads no data) and the main file,
 * which imports it, reads the contract data from DATA_FILE and lays out the sections. Typst
 * memoises the evaluation of an imported module that reads nothing that changed, and the layout
 * of content it has seen, so each contract costs the evaluation and layout of its data-bearing
 * blocks only. The data is a file, not `sys.inputs`: inputs are part of Typst's library, on which
 * every evaluation depends, so data there would make each contract evaluate the static module
 * again (`npm run bench -- render`, rows "data in sys.inputs"). The theme is a file too: one
 * mechanism for both.
 */
import type { Block, Inline, NoteNumbering, RenderWarning, TemplateDocument } from '../model.js';
import { emitInlines } from './inlines.js';
import { CodegenContext, type CodegenOptions } from './context.js';
import { emitBlocks, endnoteArgs } from './blocks.js';
import { emitSections, splitSections } from './page.js';
import { emitLoopedSections, hasLoopedSections } from './page-loop.js';
import { pt, str } from './escape.js';
import { documentInfo } from './properties.js';
import { DATA_FILE, PRELUDE } from './prelude.js';

/** File name of the static module, beside the main file. */
export const STATIC_MODULE = 'static.typ';

export interface TypstProgram {
  /** Typst source of the main file. */
  program: string;
  /** Source of the files the main file imports, by name relative to it. */
  modules: Record<string, string>;
  /** Virtual path -> bytes (template images), mapped into the compiler as shadows. */
  assets: Record<string, Uint8Array>;
  warnings: RenderWarning[];
}

/** w:footnotePr's format and first number (§17.11.17, §17.11.18) as the footnotes' numbering. */
function footnoteNumbering(n: NoteNumbering | undefined): string[] {
  if (n === undefined || (n.format === 'decimal' && n.start === 1)) return [];
  return [`#set footnote(numbering: n => hx-fmt(n + ${n.start - 1}, ${str(n.format)}))`];
}

export function generateProgram(doc: TemplateDocument, options: CodegenOptions = {}): TypstProgram {
  const ctx = new CodegenContext(doc, options);
  const d = doc.defaultRunProps;
  const looped = hasLoopedSections(doc.body);
  // NUMPAGES counts pages; the page counter's final value does when no section restarts it.
  const restarts =
    looped ||
    doc.finalSection.pageNumberStart !== undefined ||
    doc.body.some((b) => b.type === 'sectionBreak' && b.section.pageNumberStart !== undefined);
  if (restarts) ctx.numPages = 'locate(<hx-doc-end>).page()';
  // Endnotes follow the last block, inside the last section (its page settings).
  const tail = [
    ...(doc.endnotes !== undefined
      ? [`hx-endnote-list(${endnoteArgs(doc.settings.endnoteNumbering).slice(2)})`]
      : []),
    ...(restarts ? ['[#metadata(none)<hx-doc-end>]'] : []),
  ];
  const sections = looped
    ? emitLoopedSections(ctx, doc, doc.settings.evenAndOddHeaders, tail)
    : emitSections(ctx, splitSections(doc), doc.settings.evenAndOddHeaders, tail).map((s) => `#${s}`);
  const baseFont = ctx.fontList(d);
  const staticModule = [PRELUDE, ...ctx.defs, ...ctx.staticDefs].join('\n');
  const head = [
    `#import ${str(STATIC_MODULE)}: *`,
    `#let hx-data = json(${str(DATA_FILE)})`,
    // Chinese typesetting: lang/region select Chinese line breaking and punctuation compression;
    // CJK–Latin auto spacing matches Word's w:autoSpaceDE default.
    // No fallback to other fonts: typst-ts-node-compiler also loads the machine's fonts, and a
    // contract must look the same on every node (each font list ends in the symbol face).
    `#set text(lang: "zh", region: "cn", font: ${baseFont}, fallback: false, size: ${pt(d.size)}, fill: hx-text-color, cjk-latin-spacing: auto)`,
    '#set par(spacing: 0pt, leading: 0pt)',
    '#set block(spacing: 0pt)',
    '#set table(gutter: 0pt)',
    '#let s = (hx-data,)',
    // The PDF's Title, Author, Subject and Keywords from the core properties, tags filled.
    ...[documentInfo(ctx, doc)].filter((x): x is string => x !== undefined),
    // A footnote's text is blocks (its paragraphs): its number beside them (hx-note-entry), as
    // Word's reference mark starts the first line; Typst's default entry puts the number on a
    // line of its own before a block.
    ...(doc.footnotes !== undefined
      ? [
          '#show footnote.entry: it => hx-note-entry(numbering(it.note.numbering, ..counter(footnote).at(it.note.location())), it.note.body)',
          ...footnoteNumbering(doc.settings.footnoteNumbering),
        ]
      : []),
  ];
  const program = `${head.join('\n')}\n${sections.join('\n')}\n`;
  return {
    program,
    modules: { [STATIC_MODULE]: `${staticModule}\n` },
    assets: ctx.assets,
    warnings: [...doc.warnings, ...ctx.warnings],
  };
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

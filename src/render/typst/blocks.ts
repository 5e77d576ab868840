/** Block-level emission: paragraphs, tables, block sections (loops/conditions), HTML blocks. */
import type { Block, NoteNumbering, TextBoxRef } from '../model.js';
import { hex, pt, str } from './escape.js';
import type { CodegenContext } from './context.js';
import { emitParagraph } from './paragraph.js';
import { emitTable } from './table.js';

export interface BlocksEnv {
  pageFormat?: string;
  /** Integer expression of the page's number (PAGE fields); `counter(page)` by default. */
  pageNumber?: string;
  /** Integer expression of the section's page count (SECTIONPAGES fields). */
  sectionPages?: string;
  /**
   * Left and top page margins of the section, for images positioned relative to the page, and
   * the size of its text area (the page flow only), for floats that must keep off the text.
   */
  origin?: { left: number; top: number; width?: number; height?: number };
  /** Pitch of the section's line grid (SectionProps.lineGrid) where lines snap to it. */
  lineGrid?: number;
  /** The section's character grid (SectionProps.charSpace): snapping paragraphs keep it. */
  charSpace?: number;
  /** Width of a column of the page flow, for long words where no container sets ctx.lineWidth. */
  columnWidth?: number;
}

/**
 * The document grid is the page body's (ECMA-376 Part 1 §17.6.5): notes and text boxes keep
 * their own lines, and table cells keep theirs unless w:adjustLineHeightInTable (§17.15.3.1).
 */
function withoutLineGrid(env: BlocksEnv, keepCharGrid: boolean): BlocksEnv {
  const { lineGrid: _line, charSpace, ...rest } = env;
  return keepCharGrid && charSpace !== undefined ? { ...rest, charSpace } : rest;
}

type Recurse = (bs: readonly Block[], top: boolean) => string[];

/**
 * The content of a note or text box (doc.footnotes / endnotes / textBoxes): its blocks, reading the
 * top-level data in a scope chain of their own (as docxtemplater fills footnotes.xml) when they
 * read any. Undefined inside another one: the parser keeps notes and boxes out of each other, and
 * IR from elsewhere must not recurse either.
 */
function keyedContent(
  ctx: CodegenContext,
  blocks: readonly Block[] | undefined,
  recurse: Recurse,
  lead = '',
) {
  if (blocks === undefined || ctx.inNote) return undefined;
  const before = ctx.dataRefs;
  ctx.inNote = true;
  try {
    const body = recurse(blocks, false).join('; ') || 'none';
    return `{ ${lead}${ctx.dataRefs !== before ? 'let s = (hx-data,); ' : ''}${body} }`;
  } finally {
    ctx.inNote = false;
  }
}

/**
 * A footnote or endnote (ECMA-376 Part 1 §17.11). A footnote is Typst's footnote, numbered 1, 2, 3
 * as Word numbers them by default (or as w:footnotePr says: codegen.ts, page.ts), its text at the
 * foot of the page; an endnote is numbered i, ii, iii (Word's default, or w:endnotePr) and its text
 * collected for the end of the document (hx-endnote).
 */
function emitNote(ctx: CodegenContext, kind: 'footnote' | 'endnote', id: string, recurse: Recurse) {
  const content = keyedContent(
    ctx,
    (kind === 'footnote' ? ctx.doc.footnotes : ctx.doc.endnotes)?.[id],
    recurse,
  );
  if (content === undefined) return undefined;
  if (kind === 'footnote') return `footnote(${content})`;
  return `hx-endnote(${content}${endnoteArgs(ctx.doc.settings.endnoteNumbering)})`;
}

/** Arguments of hx-endnote and hx-endnote-list for the document's endnote numbering (§17.11.4). */
export function endnoteArgs(n: NoteNumbering | undefined): string {
  if (n === undefined || (n.format === 'lowerRoman' && n.start === 1)) return '';
  return `, fmt: ${str(n.format)}, start: ${n.start}`;
}

/**
 * A text box: a box of the shape's size (a block when it floats), its fill and outline in the
 * theme's colours, its insets, and its content.
 */
function emitTextBox(ctx: CodegenContext, box: TextBoxRef, inline: boolean, recurse: Recurse) {
  // The box may sit in align() (a right-aligned float): its paragraphs start from the left again.
  const i = box.insets;
  const content = ctx.withLineWidth(box.width - i.left - i.right, () =>
    keyedContent(ctx, ctx.doc.textBoxes?.[box.id], recurse, 'set align(left); '),
  );
  if (content === undefined) return undefined;
  const args = [
    // A box that fits its text (VML mso-fit-shape-to-text) takes the content's height, and its
    // width too when its lines do not wrap (mso-wrap-style:none).
    `width: ${box.fit === 'both' ? 'auto' : pt(box.width)}`,
    `height: ${box.fit !== undefined ? 'auto' : pt(box.height)}`,
    `inset: ${ctx.hoist(`(left: ${pt(i.left)}, top: ${pt(i.top)}, right: ${pt(i.right)}, bottom: ${pt(i.bottom)})`)}`,
  ];
  if (box.fill) args.push(`fill: ${ctx.hoist(`hx-fill(${hex(box.fill)})`)}`);
  if (box.line)
    args.push(`stroke: ${ctx.hoist(`${pt(box.line.width)} + hx-border(${hex(box.line.color)})`)}`);
  return `${inline || box.fit === 'both' ? 'box' : 'block'}(${args.join(', ')}, ${content})`;
}

/** Typst statements (one content expression each) for a block sequence. */
export function emitBlocks(
  ctx: CodegenContext,
  blocks: readonly Block[],
  topLevel: boolean,
  env: BlocksEnv = {},
): string[] {
  const out: string[] = [];
  const recurse: Recurse = (bs, top) => emitBlocks(ctx, bs, top, env);
  const own = env.lineGrid === undefined && env.charSpace === undefined ? env : withoutLineGrid(env, false);
  const recurseOwn: Recurse = (bs, top) => emitBlocks(ctx, bs, top, own);
  const cells =
    env.lineGrid === undefined || ctx.doc.settings.adjustLineHeightInTable ? env : withoutLineGrid(env, true);
  const recurseCells: Recurse = (bs, top) => emitBlocks(ctx, bs, top, cells);
  const note = (kind: 'footnote' | 'endnote', id: string) => emitNote(ctx, kind, id, recurseOwn);
  const textBox = (box: TextBoxRef, inline: boolean) => emitTextBox(ctx, box, inline, recurseOwn);
  for (const block of blocks) {
    switch (block.type) {
      case 'paragraph':
        out.push(...emitParagraph(ctx, block, { topLevel, ...env, note, textBox }));
        break;
      case 'table':
        out.push(emitTable(ctx, block, recurseCells));
        break;
      case 'section': {
        const body = recurse(block.children, topLevel).join('\n') || 'none';
        const get = ctx.dataRef(block.path);
        out.push(
          block.inverted
            ? `if not hx-truthy(${get}) {\n${body}\n}`
            : `for it in hx-items(${get}) {\nlet s = it + s\n${body}\n}`,
        );
        break;
      }
      case 'htmlBlock':
        out.push(`hx-html(${ctx.dataRef(block.path)}, s)`);
        break;
      case 'sectionBreak':
        // Top-level section breaks are split off by the page layer; nested ones cannot change pages.
        if (!topLevel) ctx.warn('SECTION_BREAK_NESTED', 'a section break inside a loop or table is ignored');
        break;
    }
  }
  return out;
}

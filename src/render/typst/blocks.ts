/** Block-level emission: paragraphs, tables, block sections (loops/conditions), HTML blocks. */
import type { Block } from '../model.js';
import type { CodegenContext } from './context.js';
import { emitParagraph } from './paragraph.js';
import { emitTable } from './table.js';

export interface BlocksEnv {
  pageFormat?: string;
  /** Left and top page margins of the section, for images positioned relative to the page. */
  origin?: { left: number; top: number };
}

/** Typst statements (one content expression each) for a block sequence. */
export function emitBlocks(
  ctx: CodegenContext,
  blocks: readonly Block[],
  topLevel: boolean,
  env: BlocksEnv = {},
): string[] {
  const out: string[] = [];
  const recurse = (bs: readonly Block[], top: boolean) => emitBlocks(ctx, bs, top, env);
  for (const block of blocks) {
    switch (block.type) {
      case 'paragraph':
        out.push(...emitParagraph(ctx, block, { topLevel, ...env }));
        break;
      case 'table':
        out.push(emitTable(ctx, block, recurse));
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

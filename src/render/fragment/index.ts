/**
 * HTML fragments (`{~x}` and `{~~x}` tags) as native IR content: the Typst and HTML back ends
 * typeset them like the rest of the document. See convert.ts for what is supported.
 */
import type { Block, Inline, MediaPart, ParagraphProps, RenderWarning, RunProps } from '../model.js';
import { FragmentConverter } from './convert.js';
import { parseHtml } from './dom.js';
import { plainParagraphProps } from '../defaults.js';

export interface FragmentBase {
  paragraph: ParagraphProps;
  run: RunProps;
  /** Width available to tables and images, points (default: A4 with 2.54 cm margins). */
  textWidth?: number;
}

export interface FragmentBlocks {
  blocks: Block[];
  media: Record<string, MediaPart>;
  warnings: RenderWarning[];
}

const DEFAULT_TEXT_WIDTH = 595.3 - 2 * 72;

function convert(html: string, base: FragmentBase): FragmentBlocks {
  const { root, dropped } = parseHtml(html);
  const converter = new FragmentConverter(base.textWidth ?? DEFAULT_TEXT_WIDTH);
  for (const name of new Set(dropped))
    converter.warn('HTML_ELEMENT_DROPPED', `<${name}> dropped from an HTML fragment`);
  // The fragment starts from the tag paragraph's formatting, but not its numbering or its borders.
  const paragraph: ParagraphProps = { ...base.paragraph, numbering: undefined, pageBreakBefore: false };
  delete paragraph.numbering;
  const blocks = converter.convert(root, { run: base.run, para: paragraph });
  return { blocks, media: converter.media, warnings: converter.warnings };
}

/** `{~~x}`: the fragment as blocks replacing the tag's paragraph. */
export function htmlToBlocks(html: string, base: FragmentBase): FragmentBlocks {
  return convert(html, base);
}

/**
 * `{~x}`: the fragment inside the tag's paragraph. Block boundaries become line breaks; tables are
 * flattened to their cell text (a paragraph cannot hold a table).
 */
export function htmlToInlines(
  html: string,
  baseRun: RunProps,
  base?: { paragraph?: ParagraphProps; textWidth?: number },
): { inlines: Inline[]; media: Record<string, MediaPart>; warnings: RenderWarning[] } {
  const paragraph = base?.paragraph ?? plainParagraphProps(baseRun);
  const result = convert(html, { paragraph, run: baseRun, textWidth: base?.textWidth });
  const inlines: Inline[] = [];
  const add = (blocks: Block[]): void => {
    for (const block of blocks) {
      if (block.type === 'paragraph') {
        if (inlines.length > 0) inlines.push({ type: 'break', kind: 'line' });
        if (block.props.listLabel)
          inlines.push({ type: 'text', text: `${block.props.listLabel} `, props: baseRun });
        inlines.push(...block.children);
      } else if (block.type === 'table') {
        for (const row of block.rows) {
          if (row.type !== 'row') continue;
          for (const cell of row.cells) if (cell.props.vMerge !== 'continue') add(cell.blocks);
        }
      }
    }
  };
  add(result.blocks);
  return { inlines, media: result.media, warnings: result.warnings };
}

/**
 * Where the HTML fields of a template stand, with the formatting their fragments start from: the
 * tag paragraph's properties for `{~~x}` (HtmlBlock) and the run's for `{~x}` (htmlValue).
 */
import type { Block, Inline, ParagraphProps, RowItem, RunProps } from '../model.js';

export interface HtmlBase {
  paragraph: ParagraphProps;
  run: RunProps;
}

export interface HtmlUse {
  block?: HtmlBase;
  inline?: HtmlBase;
}

/** Field name -> its first block and first inline use. */
export function collectHtmlBases(
  blocks: readonly Block[],
  out: Record<string, HtmlUse> = {},
): Record<string, HtmlUse> {
  const inlines = (items: readonly Inline[], paragraph: ParagraphProps) => {
    for (const i of items) {
      if (i.type === 'htmlValue') (out[i.name] ??= {}).inline ??= { paragraph, run: i.props };
      else if (i.type === 'section') inlines(i.children, paragraph);
    }
  };
  const rows = (items: readonly RowItem[]) => {
    for (const r of items) {
      if (r.type === 'rowSection') rows(r.rows);
      else for (const c of r.cells) collectHtmlBases(c.blocks, out);
    }
  };
  for (const b of blocks) {
    if (b.type === 'paragraph') inlines(b.children, b.props);
    else if (b.type === 'htmlBlock') (out[b.name] ??= {}).block ??= { paragraph: b.props, run: b.runProps };
    else if (b.type === 'section') collectHtmlBases(b.children, out);
    else if (b.type === 'table') rows(b.rows);
  }
  return out;
}

/**
 * Tags typed across paragraphs. docxtemplater lexes the text of a whole part, so a tag whose
 * opening delimiter is in one paragraph and whose closing one is in a later paragraph is still one
 * tag; the paragraph marks (`w:p`) and line breaks (`w:br`) inside it are dropped
 * (file-type-config.js `droppedTagsInsidePlaceholder`, without the `preserveNewlinesInTags` syntax
 * option), which joins those paragraphs into the first one. We do the same on the IR: a paragraph
 * whose text ends inside an open tag takes the following paragraphs' inlines until the tag closes;
 * the lexer drops line breaks inside a tag.
 */
import type { Block, Inline, Paragraph } from '../model.js';
import type { Delimiters } from './lexer.js';

/**
 * True when the text after the paragraph's last non-text inline holds a start delimiter that no
 * end delimiter follows (a tag is open at the end of the paragraph). A line break does not end
 * the text here: it is dropped when inside a tag.
 */
export function endsInsideTag(inlines: readonly Inline[], d: Delimiters): boolean {
  let tail = '';
  for (const inline of inlines) {
    if (inline.type === 'text') tail += inline.text;
    else if (!(inline.type === 'break' && inline.kind === 'line')) tail = '';
  }
  return isOpen(tail, d);
}

/** True when `text` ends inside a tag: its last start delimiter has no end delimiter after it. */
export function isOpen(text: string, d: Delimiters): boolean {
  const start = text.lastIndexOf(d.start);
  return start !== -1 && text.indexOf(d.end, start + d.start.length) === -1;
}

/**
 * The blocks with each run of paragraphs that a tag spans joined into its first paragraph (its
 * paragraph properties kept). `joined[i]` tells how many source paragraphs block i stands for, so
 * locations can still count the paragraphs of the .docx. The same array when nothing is joined.
 */
export function joinSplitTags(
  blocks: Block[],
  d: Delimiters,
): { blocks: Block[]; joined: Map<number, number> } {
  const joined = new Map<number, number>();
  let out: Block[] | undefined;
  for (let i = 0; i < blocks.length; i += 1) {
    const block = blocks[i]!;
    if (block.type !== 'paragraph' || !hasStart(block, d) || !endsInsideTag(block.children, d)) {
      out?.push(block);
      continue;
    }
    let paragraph: Paragraph = block;
    let j = i;
    while (endsInsideTag(paragraph.children, d)) {
      const next = blocks[j + 1];
      if (next?.type !== 'paragraph') break;
      paragraph = { ...paragraph, children: [...paragraph.children, ...next.children] };
      j += 1;
    }
    out ??= blocks.slice(0, i);
    if (j > i) joined.set(out.length, j - i + 1);
    out.push(paragraph);
    i = j;
  }
  return { blocks: out ?? blocks, joined };
}

function hasStart(p: Paragraph, d: Delimiters): boolean {
  for (const inline of p.children) if (inline.type === 'text' && inline.text.includes(d.start)) return true;
  return false;
}

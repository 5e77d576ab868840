/**
 * The second half of the structure pass: with every section tag paired and its level known,
 * rebuilds the blocks with BlockSection, RowSection, InlineSection, HtmlBlock and value nodes
 * (see structure.ts for the rules). Only called on templates without tag problems.
 */
import type {
  Block,
  BlockSection,
  Inline,
  InlineSection,
  Paragraph,
  RowItem,
  RowSection,
  Table,
  TableRow,
} from '../model.js';

export type TagInline = Extract<Inline, { type: 'tag' }>;
export type Level = 'inline' | 'block' | 'row';

export interface Pairing {
  /** Opening tag -> its closing tag. */
  close: Map<TagInline, TagInline>;
  /** Level of both tags of each pair. */
  level: Map<TagInline, Level>;
}

function isBlank(p: Paragraph): boolean {
  return p.children.every((i) => i.type === 'text' && i.text.trim() === '');
}

export class Transformer {
  constructor(private readonly pairing: Pairing) {}

  private opensAt(inline: Inline, level: Level): inline is TagInline {
    return (
      inline.type === 'tag' &&
      (inline.tag.kind === 'sectionOpen' || inline.tag.kind === 'invertedOpen') &&
      this.pairing.level.get(inline) === level
    );
  }

  blocks(input: Block[]): Block[] {
    const queue = [...input];
    const out: Block[] = [];
    let i = 0;
    while (i < queue.length) {
      const block = queue[i]!;
      if (block.type === 'paragraph') {
        const k = block.children.findIndex((inline) => this.opensAt(inline, 'block'));
        if (k === -1) {
          out.push(this.paragraph(block));
          i += 1;
          continue;
        }
        const open = block.children[k] as TagInline;
        const close = this.pairing.close.get(open)!;
        let j = i + 1;
        while (j < queue.length) {
          const candidate = queue[j]!;
          if (candidate.type === 'paragraph' && candidate.children.includes(close)) break;
          j += 1;
        }
        const last = queue[j] as Paragraph;
        const m = last.children.indexOf(close);
        const head: Paragraph = { ...block, children: block.children.slice(0, k) };
        const innerStart: Paragraph = { ...block, children: block.children.slice(k + 1) };
        const innerEnd: Paragraph = { ...last, children: last.children.slice(0, m) };
        const tail: Paragraph = { ...last, children: last.children.slice(m + 1) };
        if (!isBlank(head)) out.push(this.paragraph(head));
        const inner: Block[] = [];
        if (!isBlank(innerStart)) inner.push(innerStart);
        inner.push(...queue.slice(i + 1, j));
        if (!isBlank(innerEnd)) inner.push(innerEnd);
        // The closing paragraph's section break (its w:sectPr, ECMA-376 Part 1 §17.6.17) belongs
        // to the text of the loop before the tag, as in docxtemplater: each item repeats it.
        const sectionBreak = queue[j + 1];
        const closingBreak = sectionBreak?.type === 'sectionBreak' && !isBlank(innerEnd) && isBlank(tail);
        if (closingBreak) inner.push(sectionBreak);
        const section: BlockSection = {
          type: 'section',
          inverted: open.tag.kind === 'invertedOpen',
          path: open.tag.path,
          name: open.tag.name,
          where: open.tag.where,
          children: this.blocks(inner),
        };
        if (closingBreak) section.closingBreak = true;
        out.push(section);
        if (closingBreak) i = j + 2;
        else if (isBlank(tail)) i = j + 1;
        else {
          queue[j] = tail;
          i = j;
        }
        continue;
      }
      if (block.type === 'table') out.push(this.table(block));
      else if (block.type === 'section') out.push({ ...block, children: this.blocks(block.children) });
      else out.push(block);
      i += 1;
    }
    return out;
  }

  table(table: Table): Table {
    return { ...table, rows: this.rows(table.rows) };
  }

  private rowOpen(row: TableRow): TagInline | undefined {
    for (const cell of row.cells) {
      for (const block of cell.blocks) {
        if (block.type !== 'paragraph') continue;
        const found = block.children.find((inline) => this.opensAt(inline, 'row'));
        if (found) return found as TagInline;
      }
    }
    return undefined;
  }

  rows(input: RowItem[]): RowItem[] {
    const out: RowItem[] = [];
    let i = 0;
    while (i < input.length) {
      const row = input[i]!;
      if (row.type === 'rowSection') {
        out.push({ ...row, rows: this.rows(row.rows) });
        i += 1;
        continue;
      }
      const open = this.rowOpen(row);
      if (!open) {
        out.push({ ...row, cells: row.cells.map((cell) => ({ ...cell, blocks: this.blocks(cell.blocks) })) });
        i += 1;
        continue;
      }
      const close = this.pairing.close.get(open)!;
      let j = i;
      while (j < input.length && !rowHolds(input[j]!, close)) j += 1;
      const inner = input.slice(i, j + 1).map((r) => withoutTags(r, open, close));
      const section: RowSection = {
        type: 'rowSection',
        inverted: open.tag.kind === 'invertedOpen',
        path: open.tag.path,
        name: open.tag.name,
        where: open.tag.where,
        rows: this.rows(inner),
      };
      out.push(section);
      i = j + 1;
    }
    return out;
  }

  paragraph(p: Paragraph): Block {
    const html = p.children.find((i): i is TagInline => i.type === 'tag' && i.tag.kind === 'htmlBlock');
    if (html)
      return {
        type: 'htmlBlock',
        path: html.tag.path,
        name: html.tag.name,
        where: html.tag.where,
        props: p.props,
        runProps: html.props,
      };
    if (!p.children.some((i) => i.type === 'tag')) return p;
    return { ...p, children: inlines(p.children) };
  }
}

function rowHolds(row: RowItem, tag: TagInline): boolean {
  if (row.type !== 'row') return false;
  return row.cells.some((c) => c.blocks.some((b) => b.type === 'paragraph' && b.children.includes(tag)));
}

function withoutTags(row: RowItem, a: TagInline, b: TagInline): RowItem {
  if (row.type !== 'row') return row;
  return {
    ...row,
    cells: row.cells.map((cell) => ({
      ...cell,
      blocks: cell.blocks.map((block) =>
        block.type === 'paragraph' && (block.children.includes(a) || block.children.includes(b))
          ? { ...block, children: block.children.filter((i) => i !== a && i !== b) }
          : block,
      ),
    })),
  };
}

/** Inline tags -> value nodes; same-paragraph sections -> InlineSection (pairs are known valid). */
function inlines(input: Inline[]): Inline[] {
  const root: Inline[] = [];
  const stack: Inline[][] = [root];
  for (const inline of input) {
    const current = stack[stack.length - 1]!;
    if (inline.type !== 'tag') {
      current.push(inline);
      continue;
    }
    const { tag, props } = inline;
    const where = tag.where;
    switch (tag.kind) {
      case 'value':
        current.push({ type: 'value', path: tag.path, name: tag.name, props, where });
        break;
      case 'image':
        current.push({ type: 'imageValue', path: tag.path, name: tag.name, props, where });
        break;
      case 'html':
        current.push({ type: 'htmlValue', path: tag.path, name: tag.name, props, where });
        break;
      case 'sectionOpen':
      case 'invertedOpen': {
        const section: InlineSection = {
          type: 'section',
          inverted: tag.kind === 'invertedOpen',
          path: tag.path,
          name: tag.name,
          where,
          children: [],
        };
        current.push(section);
        stack.push(section.children);
        break;
      }
      case 'sectionClose':
        stack.pop();
        break;
      case 'htmlBlock':
        break;
    }
  }
  return root;
}

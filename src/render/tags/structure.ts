/**
 * The structure pass: lexes every paragraph, pairs section tags, and turns the flat tags into the
 * section nodes of the IR, with docxtemplater's rules (https://docxtemplater.com/docs/tag-types/):
 * the extent of a section is decided by the lowest common ancestor of its opening and closing tag.
 *
 * - same paragraph                      -> InlineSection
 * - different cells of one table row,
 *   or cells of different rows of a table -> RowSection over the rows from opening to closing row
 * - different blocks of one container    -> BlockSection over the blocks in between; the opening
 *   paragraph's text after the tag and the closing paragraph's text before it belong inside; a
 *   paragraph part that is blank once the tag is gone is dropped (docxtemplater `paragraphLoop`).
 *   Text before the opening tag and after the closing tag stays outside the loop as a paragraph of
 *   its own (docxtemplater without paragraphLoop would glue iterations into one paragraph instead).
 *
 * A tag whose delimiters stand in different paragraphs joins those paragraphs first (join.ts).
 */
import { HetongError } from '../../shared/errors.js';
import type { Block, Paragraph, RowItem, Tag, TemplateDocument } from '../model.js';
import { joinSplitTags } from './join.js';
import { lexInlines, type Delimiters, type TagProblem } from './lexer.js';
import { Transformer, type Level, type Pairing, type TagInline } from './transform.js';
import { cellLabel, containersOf, paragraphLabel, rebuild, tableLabel } from './walk.js';

interface Occurrence {
  inline: TagInline;
  /** [block, (row, cell, block)*, inline] indices in the container, before any transformation. */
  address: number[];
  /** The paragraph the tag stands in (lexed). */
  paragraph: Paragraph;
}

function tagText(tag: Tag, d: Delimiters): string {
  const prefix = {
    value: '',
    sectionOpen: '#',
    invertedOpen: '^',
    sectionClose: '/',
    image: '%',
    html: '~',
    htmlBlock: '~~',
  }[tag.kind];
  return `${d.start}${prefix}${tag.name}${d.end}`;
}

/** Lexes one container; returns the lexed blocks and the tags in document order. */
function lexContainer(
  blocks: Block[],
  label: string,
  inCell: boolean,
  prefix: number[],
  delimiters: Delimiters,
  problems: TagProblem[],
  occurrences: Occurrence[],
): Block[] {
  let paragraphNo = 0;
  let tableNo = 0;
  // A tag typed across paragraphs joins them (join.ts); labels still count the .docx paragraphs.
  const { blocks: joinedBlocks, joined } = joinSplitTags(blocks, delimiters);
  return joinedBlocks.map((block, b) => {
    if (block.type === 'paragraph') {
      paragraphNo += 1;
      const span = joined.get(b);
      const where = paragraphLabel(label, paragraphNo, inCell);
      if (span !== undefined) paragraphNo += span - 1;
      const children = lexInlines(block.children, delimiters, where, problems);
      if (children === block.children) return block;
      const paragraph: Paragraph = { ...block, children };
      children.forEach((inline, i) => {
        if (inline.type === 'tag') occurrences.push({ inline, address: [...prefix, b, i], paragraph });
      });
      return paragraph;
    }
    if (block.type === 'table') {
      tableNo += 1;
      const tLabel = tableLabel(label, tableNo, inCell);
      const rows = block.rows.map((row, r): RowItem => {
        if (row.type !== 'row') return row; // already structured: left as is
        return {
          ...row,
          cells: row.cells.map((cell, c) => ({
            ...cell,
            blocks: lexContainer(
              cell.blocks,
              cellLabel(tLabel, r + 1, c + 1),
              true,
              [...prefix, b, r, c],
              delimiters,
              problems,
              occurrences,
            ),
          })),
        };
      });
      return { ...block, rows };
    }
    return block;
  });
}

/** docxtemplater pairing: a stack of open sections; `{/}` closes the innermost. */
function pair(occurrences: Occurrence[], delimiters: Delimiters, problems: TagProblem[]): Pairing {
  const result: Pairing = { close: new Map(), level: new Map() };
  const stack: Occurrence[] = [];
  for (const occ of occurrences) {
    const { tag } = occ.inline;
    if (tag.kind === 'sectionOpen' || tag.kind === 'invertedOpen') {
      stack.push(occ);
      continue;
    }
    if (tag.kind !== 'sectionClose') continue;
    const open = stack[stack.length - 1];
    if (!open) {
      problems.push({
        where: tag.where,
        message: `${tagText(tag, delimiters)} closes a section that was never opened`,
      });
      continue;
    }
    if (tag.name !== '' && tag.name !== open.inline.tag.name) {
      const outer = stack.findIndex((o) => o.inline.tag.name === tag.name);
      problems.push({
        where: tag.where,
        message:
          outer === -1
            ? `${tagText(tag, delimiters)} does not match the open ${tagText(open.inline.tag, delimiters)} (opened in ${open.inline.tag.where})`
            : `${tagText(tag, delimiters)} crosses ${tagText(open.inline.tag, delimiters)} (opened in ${open.inline.tag.where}), which must be closed first`,
      });
      // Recover: when the name matches an outer section, close up to it; otherwise ignore the tag.
      if (outer !== -1) stack.length = outer;
      continue;
    }
    stack.pop();
    const level = levelOf(open, occ);
    if (level === undefined) {
      problems.push({
        where: open.inline.tag.where,
        message:
          `${tagText(open.inline.tag, delimiters)} opens and its closing tag (in ${occ.inline.tag.where}) is at another level: ` +
          'a section must open and close in one paragraph, in paragraphs of one body/cell/header, or in cells of one table',
      });
      continue;
    }
    result.close.set(open.inline, occ.inline);
    result.level.set(open.inline, level);
    result.level.set(occ.inline, level);
  }
  for (const open of stack) {
    problems.push({
      where: open.inline.tag.where,
      message: `${tagText(open.inline.tag, delimiters)} is never closed`,
    });
  }
  return result;
}

/**
 * Where the section of two tags lives, from their addresses [block, (row, cell, block)*, inline]:
 * index i < length-1 is a block index when i % 3 == 0, a row index when 1, a cell index when 2.
 */
function levelOf(open: Occurrence, close: Occurrence): Level | undefined {
  const a = open.address;
  const b = close.address;
  let l = 0;
  while (l < a.length && l < b.length && a[l] === b[l]) l += 1;
  if (a.length === b.length && l === a.length - 1) return 'inline';
  if (l % 3 === 0 && a.length === l + 2 && b.length === l + 2) return 'block';
  if (l % 3 === 1 && a.length === l + 4 && b.length === l + 4) return 'row';
  if (l % 3 === 2 && a.length === l + 3 && b.length === l + 3) return 'row';
  return undefined;
}

/** `{~~x}` replaces its paragraph: nothing else may share it but section tags that split it off. */
function checkHtmlBlocks(
  occurrences: Occurrence[],
  pairing: Pairing,
  delimiters: Delimiters,
  problems: TagProblem[],
): void {
  const seen = new Set<Paragraph>();
  for (const occ of occurrences) {
    if (occ.inline.tag.kind !== 'htmlBlock' || seen.has(occ.paragraph)) continue;
    seen.add(occ.paragraph);
    const others = occ.paragraph.children.filter((inline) => {
      if (inline === occ.inline) return false;
      if (inline.type === 'text') return inline.text.trim() !== '';
      if (inline.type === 'tag') {
        const level = pairing.level.get(inline);
        return !(level === 'block' || level === 'row');
      }
      return true;
    });
    if (others.length > 0) {
      problems.push({
        where: occ.inline.tag.where,
        message: `${tagText(occ.inline.tag, delimiters)} must stand alone in its paragraph (an HTML block replaces the whole paragraph)`,
      });
    }
  }
}

/** Lexes and structures every container; throws TEMPLATE_TAG_INVALID listing every problem. */
export function structureDocument(doc: TemplateDocument, delimiters: Delimiters): TemplateDocument {
  const problems: TagProblem[] = [];
  const containers = containersOf(doc);
  const lexed = containers.map((c) => {
    const occurrences: Occurrence[] = [];
    const blocks = lexContainer(c.blocks, c.label, false, [], delimiters, problems, occurrences);
    const pairing = pair(occurrences, delimiters, problems);
    checkHtmlBlocks(occurrences, pairing, delimiters, problems);
    return { blocks, pairing };
  });
  if (problems.length > 0) {
    throw new HetongError(
      'TEMPLATE_TAG_INVALID',
      422,
      `the template has ${problems.length} tag problem(s): ${problems[0]!.where}: ${problems[0]!.message}`,
      { problems },
    );
  }
  const results = lexed.map(({ blocks, pairing }) => new Transformer(pairing).blocks(blocks));
  return rebuild(doc, containers, results);
}

/**
 * The reference semantics of tags, in JavaScript (docxtemplater's, with a dotted-path parser):
 * - values: scope-chain lookup (scope.ts); null/undefined -> '', numbers/booleans -> String,
 *   '\n' -> a line break (docxtemplater `linebreaks: true`);
 * - sections: an array repeats its content once per item with the item as innermost scope (an
 *   empty array shows nothing); an object shows it once with the object as scope; any other truthy
 *   value shows it once in the same scope; falsy values show nothing. Inverted sections show their
 *   content once exactly when the normal section would show nothing;
 * - images -> `image` inlines with their media added to `doc.media`;
 * - HTML -> native blocks/inlines from the fragment converter.
 * The result holds no tag-derived nodes.
 */
import { createHash } from 'node:crypto';
import { htmlToBlocks, htmlToInlines } from '../fragment/index.js';
import type {
  Block,
  Inline,
  MediaPart,
  RenderWarning,
  RowItem,
  TableCell,
  TableProps,
  TableRow,
  TemplateDocument,
} from '../model.js';
import { decodeImageValue, imageSizePt } from './images.js';
import { lookup } from './scope.js';
import { KEYED_SETS } from './walk.js';

type Chain = readonly unknown[];

function scopesFor(value: unknown, chain: Chain, inverted: boolean): Chain[] {
  const empty = Array.isArray(value) ? value.length === 0 : !value;
  if (inverted) return empty ? [chain] : [];
  if (empty) return [];
  if (Array.isArray(value)) return value.map((item) => [...chain, item]);
  if (typeof value === 'object') return [[...chain, value]];
  return [chain];
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value);
}

class Expander {
  readonly media: Record<string, MediaPart>;
  readonly warnings: RenderWarning[] = [];
  private readonly imageKeys = new Map<Uint8Array, string>();

  constructor(
    doc: TemplateDocument,
    /** Width available to images and HTML tables here: the text width, or the cell's inside a table. */
    private textWidth: number,
  ) {
    this.media = doc.media;
  }

  private addMedia(part: MediaPart, prefix: string): string {
    const known = this.imageKeys.get(part.bytes);
    if (known) return known;
    const key = `${prefix}/${createHash('sha256').update(part.bytes).digest('hex').slice(0, 20)}.${part.contentType === 'image/png' ? 'png' : 'jpg'}`;
    this.media[key] = part;
    this.imageKeys.set(part.bytes, key);
    return key;
  }

  blocks(blocks: Block[], chain: Chain): Block[] {
    const out: Block[] = [];
    for (const block of blocks) {
      switch (block.type) {
        case 'paragraph':
          out.push({ ...block, children: this.inlines(block.children, chain) });
          break;
        case 'table':
          out.push({ ...block, rows: this.rows(block.rows, chain, block.props) });
          break;
        case 'section': {
          const value = lookup(chain, block.path)?.value;
          for (const scope of scopesFor(value, chain, block.inverted))
            out.push(...this.blocks(block.children, scope));
          break;
        }
        case 'htmlBlock': {
          const value = lookup(chain, block.path)?.value;
          if (typeof value !== 'string' || value === '') break;
          const result = htmlToBlocks(value, {
            paragraph: block.props,
            run: block.runProps,
            textWidth: this.textWidth,
          });
          Object.assign(this.media, result.media);
          this.warnings.push(...result.warnings);
          out.push(...result.blocks);
          break;
        }
        default:
          out.push(block);
      }
    }
    return out;
  }

  private rows(rows: RowItem[], chain: Chain, table: TableProps): TableRow[] {
    const out: TableRow[] = [];
    for (const row of rows) {
      if (row.type === 'rowSection') {
        const value = lookup(chain, row.path)?.value;
        for (const scope of scopesFor(value, chain, row.inverted))
          out.push(...this.rows(row.rows, scope, table));
        continue;
      }
      out.push({
        ...row,
        cells: row.cells.map((cell, i) => ({
          ...cell,
          blocks: this.inCell(table, row.cells, i, () => this.blocks(cell.blocks, chain)),
        })),
      });
    }
    return out;
  }

  /** Runs `fn` with the width of cell `i` (its grid columns minus the cell margins) as text width. */
  private inCell<T>(table: TableProps, cells: TableCell[], i: number, fn: () => T): T {
    let start = 0;
    for (let k = 0; k < i; k += 1) start += cells[k]!.props.gridSpan;
    const span = cells[i]!.props.gridSpan;
    const grid = table.grid.slice(start, start + span).reduce((a, b) => a + b, 0);
    const margins = { ...table.cellMargins, ...cells[i]!.props.margins };
    const saved = this.textWidth;
    this.textWidth = grid > 0 ? Math.max(1, Math.min(saved, grid - margins.left - margins.right)) : saved;
    try {
      return fn();
    } finally {
      this.textWidth = saved;
    }
  }

  private inlines(inlines: Inline[], chain: Chain): Inline[] {
    // Most paragraphs hold no tags: keep their array.
    if (
      !inlines.some(
        (i) =>
          i.type === 'value' || i.type === 'section' || i.type === 'imageValue' || i.type === 'htmlValue',
      )
    )
      return inlines;
    const out: Inline[] = [];
    for (const inline of inlines) {
      switch (inline.type) {
        case 'value': {
          const lines = text(lookup(chain, inline.path)?.value).split(/\r?\n/);
          lines.forEach((line, i) => {
            if (i > 0) out.push({ type: 'break', kind: 'line' });
            if (line !== '') out.push({ type: 'text', text: line, props: inline.props });
          });
          break;
        }
        case 'section': {
          const value = lookup(chain, inline.path)?.value;
          for (const scope of scopesFor(value, chain, inline.inverted))
            out.push(...this.inlines(inline.children, scope));
          break;
        }
        case 'imageValue': {
          const value = lookup(chain, inline.path)?.value;
          if (value === undefined || value === null || value === '') break;
          const decoded = decodeImageValue(value);
          if (typeof decoded === 'string') {
            this.warnings.push({
              code: 'IMAGE_DROPPED',
              message: `image ${inline.name}: ${decoded}`,
              where: inline.where,
            });
            break;
          }
          const size = imageSizePt(decoded, this.textWidth);
          out.push({
            type: 'image',
            image: {
              media: this.addMedia(decoded.part, 'tags'),
              width: size.width,
              height: size.height,
              alt: inline.name,
            },
          });
          break;
        }
        case 'htmlValue': {
          const value = lookup(chain, inline.path)?.value;
          if (typeof value !== 'string' || value === '') break;
          const result = htmlToInlines(value, inline.props, { textWidth: this.textWidth });
          Object.assign(this.media, result.media);
          this.warnings.push(...result.warnings);
          out.push(...result.inlines);
          break;
        }
        case 'tag':
          // applyTags leaves none; an unstructured tag is kept as its text rather than lost.
          out.push({ type: 'text', text: inline.tag.name, props: inline.props });
          break;
        default:
          out.push(inline);
      }
    }
    return out;
  }
}

/** Fills a structured template (from applyTags) with contract data. */
export function expandDocument(doc: TemplateDocument, data: unknown): TemplateDocument {
  const s = doc.finalSection;
  const textWidth = s.pageWidth - s.margins.left - s.margins.right;
  const expander = new Expander({ ...doc, media: { ...doc.media } }, textWidth);
  const chain: Chain = [data];
  const hf = (set: TemplateDocument['finalSection']['headers']): typeof set => {
    const out: typeof set = {};
    for (const kind of ['default', 'first', 'even'] as const) {
      const blocks = set[kind];
      if (blocks) out[kind] = expander.blocks(blocks, chain);
    }
    return out;
  };
  const keyedBlocks = (set: Record<string, Block[]>) =>
    Object.fromEntries(Object.entries(set).map(([id, blocks]) => [id, expander.blocks(blocks, chain)]));
  const body = expander.blocks(doc.body, chain).map((b): Block =>
    b.type === 'sectionBreak'
      ? {
          type: 'sectionBreak',
          section: { ...b.section, headers: hf(b.section.headers), footers: hf(b.section.footers) },
        }
      : b,
  );
  return {
    ...doc,
    body,
    finalSection: { ...s, headers: hf(s.headers), footers: hf(s.footers) },
    // Notes and text boxes take the top-level data, as headers do (docxtemplater fills
    // footnotes.xml so).
    ...Object.fromEntries(
      KEYED_SETS.filter((set) => doc[set] !== undefined).map((set) => [set, keyedBlocks(doc[set]!)]),
    ),
    media: expander.media,
    warnings: expander.warnings.length > 0 ? [...doc.warnings, ...expander.warnings] : doc.warnings,
  };
}

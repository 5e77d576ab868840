/**
 * The block containers of a document — the body and every header/footer block list (ECMA-376
 * Part 1 §17.10: each section carries its own header and footer references) — and readable
 * locations ("body paragraph 12", "table 1 row 3 cell 2", "header (default) paragraph 1").
 */
import type { Block, SectionProps, TemplateDocument } from '../model.js';

export interface Container {
  /** "body", "header (default)", "section 1 footer (first)". */
  label: string;
  blocks: Block[];
  /** Absent for the body; for headers/footers the (original) section that holds them. */
  owner?: { section: SectionProps; part: 'headers' | 'footers'; kind: 'default' | 'first' | 'even' };
  /** For a footnote's, endnote's or text box's content: which. */
  keyed?: { set: KeyedSet; id: string };
}

/** Block lists a document keeps by id, outside the body's flow; their tags take the top-level data. */
export const KEYED_SETS = ['footnotes', 'endnotes', 'textBoxes', 'properties'] as const;
export type KeyedSet = (typeof KEYED_SETS)[number];
const KEYED_LABEL: Record<KeyedSet, string> = {
  footnotes: 'footnote',
  endnotes: 'endnote',
  textBoxes: 'text box',
  properties: 'document property',
};

const KINDS = ['default', 'first', 'even'] as const;

/**
 * The body, then the headers and footers of every section break, then those of the final section,
 * then the footnotes, the endnotes, the text boxes and the document properties.
 */
export function containersOf(doc: TemplateDocument): Container[] {
  const out: Container[] = [{ label: 'body', blocks: doc.body }];
  const breaks = doc.body.filter((b) => b.type === 'sectionBreak');
  breaks.forEach((b, i) => addHeaderFooters(out, `section ${i + 1} `, b.section));
  addHeaderFooters(out, breaks.length > 0 ? `section ${breaks.length + 1} ` : '', doc.finalSection);
  for (const set of KEYED_SETS)
    for (const [id, blocks] of Object.entries(doc[set] ?? {}))
      out.push({ label: `${KEYED_LABEL[set]} ${id}`, blocks, keyed: { set, id } });
  return out;
}

function addHeaderFooters(out: Container[], prefix: string, section: SectionProps): void {
  for (const part of ['headers', 'footers'] as const) {
    for (const kind of KINDS) {
      const blocks = section[part][kind];
      if (!blocks) continue;
      const noun = part === 'headers' ? 'header' : 'footer';
      out.push({ label: `${prefix}${noun} (${kind})`, blocks, owner: { section, part, kind } });
    }
  }
}

/**
 * Rebuilds a document from transformed containers: the body, the final section's and every
 * section break's headers/footers (section breaks are looked up by their original properties).
 */
export function rebuild(
  doc: TemplateDocument,
  containers: Container[],
  results: Block[][],
): TemplateDocument {
  const updated = new Map<SectionProps, SectionProps>();
  let body = doc.body;
  const keyed: Partial<Record<KeyedSet, Record<string, Block[]>>> = {};
  containers.forEach((c, i) => {
    const blocks = results[i]!;
    if (c.keyed !== undefined) {
      (keyed[c.keyed.set] ??= {})[c.keyed.id] = blocks;
      return;
    }
    if (!c.owner) {
      body = blocks;
      return;
    }
    const { section, part, kind } = c.owner;
    const current = updated.get(section) ?? section;
    updated.set(section, { ...current, [part]: { ...current[part], [kind]: blocks } });
  });
  const fix = (blocks: Block[]): Block[] =>
    blocks.map((b) => {
      if (b.type === 'sectionBreak') {
        const s = updated.get(b.section);
        return s ? { type: 'sectionBreak', section: s } : b;
      }
      if (b.type === 'section') return { ...b, children: fix(b.children) };
      return b;
    });
  return {
    ...doc,
    body: updated.size > 0 ? fix(body) : body,
    finalSection: updated.get(doc.finalSection) ?? doc.finalSection,
    ...Object.fromEntries(
      KEYED_SETS.filter((set) => doc[set] !== undefined).map((set) => [set, keyed[set] ?? {}]),
    ),
  };
}

export function cellLabel(tableLabel: string, rowNo: number, cellNo: number): string {
  return `${tableLabel} row ${rowNo} cell ${cellNo}`;
}

/** "table 2" in the body, "header (default) table 1", "table 1 row 2 cell 1 > table 1" when nested. */
export function tableLabel(containerLabel: string, tableNo: number, inCell: boolean): string {
  if (inCell) return `${containerLabel} > table ${tableNo}`;
  return containerLabel === 'body' ? `table ${tableNo}` : `${containerLabel} table ${tableNo}`;
}

/** "body paragraph 3"; inside a cell the first paragraph is the cell itself ("table 1 row 2 cell 1"). */
export function paragraphLabel(containerLabel: string, paragraphNo: number, inCell: boolean): string {
  if (inCell && paragraphNo === 1) return containerLabel;
  return `${containerLabel} paragraph ${paragraphNo}`;
}

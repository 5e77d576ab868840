/**
 * Template analysis: the fields a template reads, each once, sub-fields of sections nested.
 *
 * Loop or condition? A Word template does not say whether `{#x}…{/x}` repeats or only shows, so we
 * decide from its content (documented heuristic):
 * - a section that repeats table rows (RowSection) is a `loop`;
 * - a section using `{.}` (the current item) is a `loop`;
 * - a section with inner fields none of which is also used in an enclosing scope is a `loop`
 *   (the inner names are looked up in the items);
 * - an inverted section `{^x}`, a section without inner fields, or one whose inner fields are all
 *   also used outside it, is a `condition`.
 * Data validation (validate.ts) follows docxtemplater's lookup rules rather than trusting the kind
 * blindly: a boolean for a "loop" is accepted when its inner fields resolve in the outer scopes.
 */
import type { Block, Inline, RowItem, TemplateDocument } from '../model.js';
import { KEYED_SETS } from './walk.js';

export interface FieldSpec {
  /** The tag expression as written: "partyA.name", "items", "." */
  name: string;
  path: string[];
  kind: 'text' | 'loop' | 'condition' | 'image' | 'html';
  fields?: FieldSpec[];
  /** Every place the field is used ("body paragraph 3", "table 1 row 2 cell 1"). */
  where: string[];
}

interface Scope {
  fields: Map<string, FieldSpec>;
  rowSection: boolean;
  inverted: boolean;
  usesDot: boolean;
}

function newScope(): Scope {
  return { fields: new Map(), rowSection: false, inverted: false, usesDot: false };
}

function add(
  scope: Scope,
  name: string,
  path: string[],
  kind: FieldSpec['kind'],
  where: string | undefined,
): FieldSpec {
  let spec = scope.fields.get(name);
  if (!spec) {
    spec = { name, path, kind, where: [] };
    scope.fields.set(name, spec);
  }
  // A field used thousands of times would make `where` (and the dedupe scan) grow without bound:
  // the first places are what an operator needs to find it.
  if (where && spec.where.length < MAX_WHERE && !spec.where.includes(where)) spec.where.push(where);
  return spec;
}

/** Places listed per field (FieldSpec.where). */
export const MAX_WHERE = 20;

class Analyzer {
  private readonly sectionScopes = new Map<FieldSpec, Scope>();

  blocks(blocks: Block[], scope: Scope): void {
    for (const block of blocks) {
      switch (block.type) {
        case 'paragraph':
          this.inlines(block.children, scope);
          break;
        case 'table':
          this.rows(block.rows, scope);
          break;
        case 'section':
          this.section(block.name, block.path, block.inverted, false, scope, block.where, (inner) =>
            this.blocks(block.children, inner),
          );
          break;
        case 'htmlBlock':
          this.leaf(block.name, block.path, 'html', scope, block.where);
          break;
        case 'sectionBreak':
          break;
      }
    }
  }

  private rows(rows: RowItem[], scope: Scope): void {
    for (const row of rows) {
      if (row.type === 'rowSection') {
        this.section(row.name, row.path, row.inverted, true, scope, row.where, (inner) =>
          this.rows(row.rows, inner),
        );
        continue;
      }
      for (const cell of row.cells) this.blocks(cell.blocks, scope);
    }
  }

  private inlines(inlines: Inline[], scope: Scope): void {
    for (const inline of inlines) {
      if (inline.type === 'value') this.leaf(inline.name, inline.path, 'text', scope, inline.where);
      else if (inline.type === 'imageValue')
        this.leaf(inline.name, inline.path, 'image', scope, inline.where);
      else if (inline.type === 'htmlValue') this.leaf(inline.name, inline.path, 'html', scope, inline.where);
      else if (inline.type === 'section')
        this.section(inline.name, inline.path, inline.inverted, false, scope, inline.where, (inner) =>
          this.inlines(inline.children, inner),
        );
    }
  }

  private leaf(
    name: string,
    path: string[],
    kind: FieldSpec['kind'],
    scope: Scope,
    where: string | undefined,
  ): void {
    if (path.length === 0) {
      scope.usesDot = true;
      return;
    }
    add(scope, name, path, kind, where);
  }

  private section(
    name: string,
    path: string[],
    inverted: boolean,
    rows: boolean,
    scope: Scope,
    where: string | undefined,
    walk: (inner: Scope) => void,
  ): void {
    const spec = add(scope, name, path, 'condition', where);
    let inner = this.sectionScopes.get(spec);
    if (!inner) {
      inner = newScope();
      this.sectionScopes.set(spec, inner);
    }
    if (rows) inner.rowSection = true;
    if (inverted) inner.inverted = true;
    walk(inner);
  }

  /** Turns scopes into FieldSpec trees, deciding loop/condition with the outer names in view. */
  finish(scope: Scope, outerNames: Set<string>): FieldSpec[] {
    const names = new Set([...outerNames, ...scope.fields.keys()]);
    return [...scope.fields.values()].map((spec) => {
      const inner = this.sectionScopes.get(spec);
      if (!inner) return spec;
      const fields = this.finish(inner, names);
      const ownInner = [...inner.fields.keys()].filter((n) => !names.has(n));
      const loop =
        !inner.inverted &&
        (inner.rowSection ||
          inner.usesDot ||
          (inner.fields.size > 0 && ownInner.length === inner.fields.size));
      const out: FieldSpec = { ...spec, kind: loop ? 'loop' : 'condition' };
      if (fields.length > 0) out.fields = fields;
      return out;
    });
  }
}

/** The field analysis of a structured document (after applyTags' structure pass). */
export function analyzeFields(doc: TemplateDocument): FieldSpec[] {
  const analyzer = new Analyzer();
  const root = newScope();
  analyzer.blocks(doc.body, root);
  const sections = [
    doc.finalSection,
    ...doc.body.flatMap((b) => (b.type === 'sectionBreak' ? [b.section] : [])),
  ];
  for (const section of sections) {
    for (const part of ['headers', 'footers'] as const) {
      for (const kind of ['default', 'first', 'even'] as const) {
        const blocks = section[part][kind];
        if (blocks) analyzer.blocks(blocks, root);
      }
    }
  }
  for (const set of KEYED_SETS)
    for (const blocks of Object.values(doc[set] ?? {})) analyzer.blocks(blocks, root);
  return analyzer.finish(root, new Set());
}

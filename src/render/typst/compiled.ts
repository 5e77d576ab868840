/**
 * A compiled template: everything creating a contract needs, produced once per template version
 * (DESIGN.md "Rendering"). JSON-serialisable so the service can keep it as a blob; byte arrays
 * are written as base64.
 */
import { createHash } from 'node:crypto';
import { HetongError } from '../../shared/errors.js';
import type { RenderWarning, TemplateDocument } from '../model.js';
import type { FieldSpec } from '../tags/index.js';
import type { HtmlUse } from './html-bases.js';

export interface CompiledTemplate {
  /** SHA-256 (hex) of the program and its assets: the cache key of workers. */
  id: string;
  /** Source of the main file. */
  program: string;
  /** Files the main file imports (the static module), by name relative to it. */
  modules: Record<string, string>;
  assets: Record<string, Uint8Array>;
  fields: FieldSpec[];
  warnings: RenderWarning[];
  /** The tagged IR, for the HTML preview and HTML fragments. */
  doc: TemplateDocument;
  htmlBases: Record<string, HtmlUse>;
  /** Width of the text area of the last section, points. */
  textWidth: number;
}

/**
 * Bumped whenever generated programs change, so that stored ones are generated again from their
 * IR (RenderEngine.loadCompiled). 2: a main file plus a static module, data read from a file.
 * 3: numbering labels, tab leaders and slanted italics on the baseline; the cells of a centred
 * table aligned left; font lists end in the symbol face and never fall back to machine fonts;
 * top-and-bottom pictures in the flow; footnotes, endnotes and text boxes. 4: the document grid
 * (line pitches, character spacing), Word's number formats in the prelude (number-format.ts),
 * note numbering and w:lvlRestart. 5: text beside square and tight floats (hx-wrap),
 * page-positioned floats and text boxes kept off the text, words wider than their line broken at
 * its edge (hx-brk). 6: a null value in an inner scope is looked up in the enclosing scopes
 * (docxtemplater); core properties set the PDF's document information.
 */
export const COMPILED_FORMAT = 'hetong-compiled-template/6';
const FORMAT_PREFIX = 'hetong-compiled-template/';

export function programId(
  program: string,
  modules: Record<string, string>,
  assets: Record<string, Uint8Array>,
): string {
  const h = createHash('sha256').update(program);
  for (const name of Object.keys(modules).sort()) h.update(`\u0000${name}\u0000`).update(modules[name]!);
  for (const path of Object.keys(assets).sort()) h.update(`\u0000${path}\u0000`).update(assets[path]!);
  return h.digest('hex');
}

export function serializeCompiledTemplate(t: CompiledTemplate): string {
  // JSON.stringify calls a Buffer's toJSON before the replacer sees the value, so look at the
  // holder's own property: any Uint8Array (Buffers included) is written as base64.
  return JSON.stringify(
    { format: COMPILED_FORMAT, ...t },
    function (this: Record<string, unknown>, key, value: unknown) {
      const raw = this[key];
      return raw instanceof Uint8Array
        ? { $bytes: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64') }
        : value;
    },
  );
}

/** JSON.parse that turns `{ $bytes: base64 }` back into byte arrays; undefined for bad JSON. */
function parseWithBytes(json: string): unknown {
  try {
    return JSON.parse(json, (_key, value: unknown) =>
      typeof value === 'object' &&
      value !== null &&
      typeof (value as { $bytes?: unknown }).$bytes === 'string'
        ? new Uint8Array(Buffer.from((value as { $bytes: string }).$bytes, 'base64'))
        : value,
    );
  } catch {
    return undefined;
  }
}

/** What an outdated compiled template still gives: its tagged IR and fields, to generate again. */
export interface OutdatedCompiledTemplate {
  format: string;
  doc: TemplateDocument;
  fields: FieldSpec[];
}

/**
 * The IR of a compiled template written by an earlier engine version (the IR's shape is older
 * than the program's), or undefined when `json` is not such a template.
 */
export function outdatedCompiledTemplate(json: string): OutdatedCompiledTemplate | undefined {
  const t = parseWithBytes(json) as { format?: unknown; doc?: unknown; fields?: unknown } | undefined;
  if (
    typeof t?.format !== 'string' ||
    !t.format.startsWith(FORMAT_PREFIX) ||
    t.format === COMPILED_FORMAT ||
    typeof t.doc !== 'object' ||
    t.doc === null ||
    !Array.isArray(t.fields)
  )
    return undefined;
  return { format: t.format, doc: t.doc as TemplateDocument, fields: t.fields as FieldSpec[] };
}

export function deserializeCompiledTemplate(json: string): CompiledTemplate {
  const t = parseWithBytes(json) as (CompiledTemplate & { format?: string }) | undefined;
  if (typeof t?.format === 'string' && t.format.startsWith(FORMAT_PREFIX) && t.format !== COMPILED_FORMAT) {
    // Written by an earlier version of the engine: the caller compiles the template again.
    throw new HetongError(
      'TEMPLATE_COMPILED_OUTDATED',
      500,
      `stored compiled template is of format ${t.format}, this engine runs ${COMPILED_FORMAT}`,
    );
  }
  if (
    t?.format !== COMPILED_FORMAT ||
    typeof t.program !== 'string' ||
    typeof t.id !== 'string' ||
    typeof t.modules !== 'object' ||
    t.modules === null
  ) {
    throw new HetongError(
      'TEMPLATE_COMPILED_INVALID',
      500,
      'stored compiled template is unreadable or of another format',
    );
  }
  const { format: _format, ...rest } = t;
  if (programId(rest.program, rest.modules, rest.assets) !== rest.id) {
    throw new HetongError('TEMPLATE_COMPILED_INVALID', 500, 'stored compiled template does not match its id');
  }
  return rest;
}

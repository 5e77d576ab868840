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
  program: string;
  assets: Record<string, Uint8Array>;
  fields: FieldSpec[];
  warnings: RenderWarning[];
  /** The tagged IR, for the HTML preview and HTML fragments. */
  doc: TemplateDocument;
  htmlBases: Record<string, HtmlUse>;
  /** Width of the text area of the last section, points. */
  textWidth: number;
}

const FORMAT = 'hetong-compiled-template/1';

export function programId(program: string, assets: Record<string, Uint8Array>): string {
  const h = createHash('sha256').update(program);
  for (const path of Object.keys(assets).sort()) h.update(`\u0000${path}\u0000`).update(assets[path]!);
  return h.digest('hex');
}

export function serializeCompiledTemplate(t: CompiledTemplate): string {
  // JSON.stringify calls a Buffer's toJSON before the replacer sees the value, so look at the
  // holder's own property: any Uint8Array (Buffers included) is written as base64.
  return JSON.stringify(
    { format: FORMAT, ...t },
    function (this: Record<string, unknown>, key, value: unknown) {
      const raw = this[key];
      return raw instanceof Uint8Array
        ? { $bytes: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64') }
        : value;
    },
  );
}

export function deserializeCompiledTemplate(json: string): CompiledTemplate {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json, (_key, value: unknown) =>
      typeof value === 'object' &&
      value !== null &&
      typeof (value as { $bytes?: unknown }).$bytes === 'string'
        ? new Uint8Array(Buffer.from((value as { $bytes: string }).$bytes, 'base64'))
        : value,
    );
  } catch {
    parsed = undefined;
  }
  const t = parsed as (CompiledTemplate & { format?: string }) | undefined;
  if (t?.format !== FORMAT || typeof t.program !== 'string' || typeof t.id !== 'string') {
    throw new HetongError(
      'TEMPLATE_COMPILED_INVALID',
      500,
      'stored compiled template is unreadable or of another format',
    );
  }
  const { format: _format, ...rest } = t;
  if (programId(rest.program, rest.assets) !== rest.id) {
    throw new HetongError('TEMPLATE_COMPILED_INVALID', 500, 'stored compiled template does not match its id');
  }
  return rest;
}

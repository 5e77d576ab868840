/**
 * Contract data validated against the field analysis, every problem at once. Lookups follow the
 * expansion's (and docxtemplater's) scope chain: a field inside a loop is looked up in the item,
 * then in the enclosing items, then in the root, so a problem is reported only when no scope has it.
 */
import { HetongError } from '../../shared/errors.js';
import type { FieldSpec } from './fields.js';
import { decodeImageValue } from './images.js';
import { lookup } from './scope.js';

export const MAX_HTML_CHARS = 256 * 1024;

export interface DataProblem {
  /** Where in the data: "items[2].price", "partyA.name", "" for the root. */
  path: string;
  message: string;
  expected: string;
}

interface Frame {
  value: unknown;
  path: string;
}

function join(base: string, path: string[]): string {
  return path.reduce((acc, p) => (acc === '' ? p : `${acc}.${p}`), base);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Validator {
  readonly problems: DataProblem[] = [];
  private readonly seen = new Set<string>();

  private report(path: string, message: string, expected: string): void {
    const key = `${path}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.problems.push({ path, message, expected });
  }

  fields(fields: FieldSpec[], chain: Frame[]): void {
    for (const field of fields) this.field(field, chain);
  }

  private field(field: FieldSpec, chain: Frame[]): void {
    const found = lookup(
      chain.map((f) => f.value),
      field.path,
    );
    const inner = chain[chain.length - 1]!;
    const path = found ? join(chain[found.depth]!.path, field.path) : join(inner.path, field.path);
    const value = found?.value;
    switch (field.kind) {
      case 'text':
        if (value === undefined) this.report(path, 'missing', 'a string or number');
        else if (typeof value === 'object' && value !== null)
          this.report(path, 'is an object or array, not text', 'a string or number');
        return;
      case 'image': {
        if (value === undefined || value === null) {
          this.report(path, 'missing', 'an image');
          return;
        }
        const decoded = decodeImageValue(value);
        if (typeof decoded === 'string')
          this.report(path, decoded, 'a PNG/JPEG image: base64, data: URL or { data, width?, height? }');
        return;
      }
      case 'html':
        if (value === undefined || value === null) this.report(path, 'missing', 'an HTML string');
        else if (typeof value !== 'string') this.report(path, 'is not a string', 'an HTML string');
        else if (value.length > MAX_HTML_CHARS)
          this.report(path, `HTML longer than ${MAX_HTML_CHARS} characters`, 'an HTML string');
        return;
      case 'loop':
      case 'condition':
        this.section(field, value, path, chain);
    }
  }

  private section(field: FieldSpec, value: unknown, path: string, chain: Frame[]): void {
    const inner = field.fields ?? [];
    if (field.kind === 'loop') {
      if (value === undefined) {
        this.report(path, 'missing', 'an array (this section repeats)');
        return;
      }
      if (typeof value === 'string' || typeof value === 'number') {
        this.report(path, `is a ${typeof value}`, 'an array (this section repeats)');
        return;
      }
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => this.fields(inner, [...chain, { value: item, path: `${path}[${i}]` }]));
      return;
    }
    if (isPlainObject(value)) {
      this.fields(inner, [...chain, { value, path }]);
      return;
    }
    // A truthy scalar shows the section once in the same scope; a falsy one hides it. Inverted
    // sections are always `condition`s; their content is checked only when it would be shown.
    if (value) this.fields(inner, chain);
  }
}

/** Every way `data` does not fit the template's fields; empty when it fits. */
export function validateData(fields: FieldSpec[], data: unknown): DataProblem[] {
  if (!isPlainObject(data))
    return [{ path: '', message: 'contract data must be a JSON object', expected: 'an object' }];
  const validator = new Validator();
  validator.fields(fields, [{ value: data, path: '' }]);
  return validator.problems;
}

/** Throws CONTRACT_DATA_INVALID (422) listing every problem when `data` does not fit. */
export function assertDataValid(fields: FieldSpec[], data: unknown): void {
  const problems = validateData(fields, data);
  if (problems.length > 0) {
    const first = problems[0]!;
    throw new HetongError(
      'CONTRACT_DATA_INVALID',
      422,
      `contract data does not fit the template (${problems.length} problem(s); first: ${first.path || 'data'} ${first.message})`,
      { problems },
    );
  }
}

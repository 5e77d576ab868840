/**
 * Contract data validated against the field analysis, every problem at once. Lookups follow the
 * expansion's (and docxtemplater's) scope chain: a field inside a loop is looked up in the item,
 * then in the enclosing items, then in the root, so a problem is reported only when no scope has it.
 */
import { HetongError } from '../../shared/errors.js';
import type { RenderWarning } from '../model.js';
import type { FieldSpec } from './fields.js';
import { decodeImageValue } from './images.js';
import { lookup } from './scope.js';

export const MAX_HTML_CHARS = 256 * 1024;
/**
 * A plain value ({name}) longer than this is refused: no contract clause needs more, and a
 * megabytes-long value held a render worker for seconds (issue 14). Long prose goes in as an HTML
 * fragment ({~clause}, MAX_HTML_CHARS) or as several values.
 */
export const MAX_TEXT_CHARS = 64 * 1024;

export interface DataProblem {
  /** Where in the data: "items[2].price", "partyA.name", "" for the root. */
  path: string;
  message: string;
  expected: string;
}

/**
 * What a missing plain value (text, image or HTML) does: `error` (the default: a contract must not
 * have blanks) or `empty` — shown as nothing, with a `VALUE_MISSING` warning, as docxtemplater's
 * `nullGetter: () => ""` does. Sections are never "missing": a missing section shows nothing.
 */
export type MissingPolicy = 'error' | 'empty';
export const MISSING_POLICIES: readonly MissingPolicy[] = ['error', 'empty'];

export interface DataCheck {
  problems: DataProblem[];
  /** Missing values shown empty under the `empty` policy. */
  warnings: RenderWarning[];
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
  readonly warnings: RenderWarning[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly missing: MissingPolicy) {}

  private report(path: string, message: string, expected: string, field?: FieldSpec): void {
    const key = `${path}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    if (message === 'missing' && this.missing === 'empty') {
      this.warnings.push({
        code: 'VALUE_MISSING',
        message: `${path} is missing and is shown empty (${expected} expected)`,
        ...(field?.where[0] !== undefined ? { where: field.where[0] } : {}),
      });
      return;
    }
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
        if (value === undefined) this.report(path, 'missing', 'a string or number', field);
        else if (typeof value === 'object' && value !== null)
          this.report(path, 'is an object or array, not text', 'a string or number');
        else if (typeof value === 'string' && value.length > MAX_TEXT_CHARS)
          this.report(path, `text longer than ${MAX_TEXT_CHARS} characters`, 'a string or number');
        return;
      case 'image': {
        if (value === undefined || value === null) {
          this.report(path, 'missing', 'an image', field);
          return;
        }
        const decoded = decodeImageValue(value);
        if (typeof decoded === 'string')
          this.report(path, decoded, 'a PNG/JPEG image: base64, data: URL or { data, width?, height? }');
        return;
      }
      case 'html':
        if (value === undefined || value === null) this.report(path, 'missing', 'an HTML string', field);
        else if (typeof value !== 'string') this.report(path, 'is not a string', 'an HTML string');
        else if (value.length > MAX_HTML_CHARS)
          this.report(path, `HTML longer than ${MAX_HTML_CHARS} characters`, 'an HTML string');
        return;
      case 'loop':
      case 'condition':
        this.section(field, value, path, chain);
    }
  }

  /**
   * docxtemplater's section rule (scope-manager.js `loopOverValue`): a falsy value (missing, null,
   * false, 0, "") or an empty array shows nothing — no problem, whatever the heuristic kind; an
   * array repeats with each item as scope; an object shows once with itself as scope; any other
   * truthy value once in the same scope. The sub-fields are those of the normal section (an
   * inverted one `{^x}` shares the spec of `x`), so they are checked only where it shows them.
   */
  private section(field: FieldSpec, value: unknown, path: string, chain: Frame[]): void {
    const inner = field.fields ?? [];
    if (inner.length === 0) return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => this.fields(inner, [...chain, { value: item, path: `${path}[${i}]` }]));
      return;
    }
    if (isPlainObject(value)) {
      this.fields(inner, [...chain, { value, path }]);
      return;
    }
    if (value) this.fields(inner, chain);
  }
}

/** Every way `data` does not fit the template's fields, and the warnings of the missing policy. */
export function checkData(fields: FieldSpec[], data: unknown, missing: MissingPolicy = 'error'): DataCheck {
  if (!isPlainObject(data))
    return {
      problems: [{ path: '', message: 'contract data must be a JSON object', expected: 'an object' }],
      warnings: [],
    };
  const validator = new Validator(missing);
  validator.fields(fields, [{ value: data, path: '' }]);
  return { problems: validator.problems, warnings: validator.warnings };
}

/** Every way `data` does not fit the template's fields (missing values included); empty when it fits. */
export function validateData(fields: FieldSpec[], data: unknown): DataProblem[] {
  return checkData(fields, data).problems;
}

/**
 * Throws CONTRACT_DATA_INVALID (422) listing every problem when `data` does not fit; returns the
 * warnings of the missing policy otherwise.
 */
export function assertDataValid(
  fields: FieldSpec[],
  data: unknown,
  missing: MissingPolicy = 'error',
): RenderWarning[] {
  const { problems, warnings } = checkData(fields, data, missing);
  if (problems.length > 0) {
    const first = problems[0]!;
    throw new HetongError(
      'CONTRACT_DATA_INVALID',
      422,
      `contract data does not fit the template (${problems.length} problem(s); first: ${first.path || 'data'} ${first.message})`,
      { problems },
    );
  }
  return warnings;
}

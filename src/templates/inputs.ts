/**
 * The fields of a template upload. They arrive as multipart text parts (RFC 7578), so JSON schema
 * validation of the route cannot see inside them; these parsers do, and list every problem at once
 * (TEMPLATE_INPUT_INVALID, 400).
 */
import { HetongError } from '../shared/errors.js';

/** A sign field (签署区): where a signer role's seal goes — page coordinates or a keyword anchor. */
export type TemplateSignField =
  | {
      role: string;
      page: number;
      x: number;
      y: number;
      width: number;
      height: number;
      origin?: 'bottom-left' | 'top-left';
      /** Also a cross-page seal (骑缝章) over the right edges of all pages. */
      crossPage?: boolean;
    }
  | {
      role: string;
      keyword: string;
      occurrence?: number;
      offsetX?: number;
      offsetY?: number;
      width: number;
      height: number;
      crossPage?: boolean;
    };

export interface TemplateUploadInput {
  name?: string;
  groupId: string | null;
  signerRoles: string[];
  signFields: TemplateSignField[];
  delimiters?: { start: string; end: string };
  /** What a missing plain value does in contracts of the version ('error' when not given). */
  missing?: 'error' | 'empty';
}

export interface InputProblem {
  field: string;
  message: string;
}

const KNOWN = new Set(['name', 'groupId', 'signerRoles', 'signFields', 'delimiters', 'missing']);
const MAX_ROLES = 20;
const MAX_SIGN_FIELDS = 100;

function json(fields: Record<string, string>, key: string, problems: InputProblem[]): unknown {
  const text = fields[key];
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    problems.push({ field: key, message: 'is not valid JSON' });
    return undefined;
  }
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isPos = (v: unknown): v is number => isNum(v) && v > 0;

function signField(
  v: unknown,
  i: number,
  roles: Set<string>,
  problems: InputProblem[],
): TemplateSignField | undefined {
  const at = `signFields[${i}]`;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    problems.push({ field: at, message: 'must be an object' });
    return undefined;
  }
  const o = v as Record<string, unknown>;
  const before = problems.length;
  const allowed = new Set([
    'role',
    'page',
    'x',
    'y',
    'width',
    'height',
    'origin',
    'keyword',
    'occurrence',
    'offsetX',
    'offsetY',
    'crossPage',
  ]);
  for (const k of Object.keys(o))
    if (!allowed.has(k)) problems.push({ field: `${at}.${k}`, message: 'unknown property' });
  if (typeof o.role !== 'string' || !roles.has(o.role))
    problems.push({ field: `${at}.role`, message: 'must name one of signerRoles' });
  if (!isPos(o.width) || !isPos(o.height))
    problems.push({ field: at, message: 'width and height must be positive numbers' });
  if (o.crossPage !== undefined && typeof o.crossPage !== 'boolean')
    problems.push({ field: `${at}.crossPage`, message: 'true or false' });
  if (typeof o.keyword === 'string') {
    if (o.keyword.length === 0 || o.keyword.length > 100)
      problems.push({ field: `${at}.keyword`, message: '1–100 characters' });
    if (o.occurrence !== undefined && !(Number.isInteger(o.occurrence) && (o.occurrence as number) >= 1))
      problems.push({ field: `${at}.occurrence`, message: 'a positive integer' });
    for (const k of ['offsetX', 'offsetY'] as const)
      if (o[k] !== undefined && !isNum(o[k])) problems.push({ field: `${at}.${k}`, message: 'a number' });
    for (const k of ['page', 'x', 'y', 'origin'])
      if (o[k] !== undefined) problems.push({ field: `${at}.${k}`, message: 'not with keyword' });
  } else {
    if (!(Number.isInteger(o.page) && (o.page as number) >= 1))
      problems.push({ field: `${at}.page`, message: 'a page number from 1' });
    if (!isNum(o.x) || !isNum(o.y))
      problems.push({ field: at, message: 'x and y must be numbers (or give a keyword)' });
    if (o.origin !== undefined && o.origin !== 'bottom-left' && o.origin !== 'top-left')
      problems.push({ field: `${at}.origin`, message: "'bottom-left' or 'top-left'" });
  }
  return problems.length === before ? (o as TemplateSignField) : undefined;
}

/** Parses and checks the text parts of a template upload (`requireName` for a new template). */
export function parseTemplateUpload(
  fields: Record<string, string>,
  requireName: boolean,
): TemplateUploadInput {
  const problems: InputProblem[] = [];
  for (const k of Object.keys(fields))
    if (!KNOWN.has(k)) problems.push({ field: k, message: 'unknown field' });
  const name = fields.name?.trim();
  if (requireName && !name) problems.push({ field: 'name', message: 'required' });
  if (name !== undefined && name.length > 200)
    problems.push({ field: 'name', message: 'at most 200 characters' });
  const groupId = fields.groupId?.trim() || null;

  const rolesRaw = json(fields, 'signerRoles', problems) ?? [];
  let signerRoles: string[] = [];
  if (
    !Array.isArray(rolesRaw) ||
    !rolesRaw.every((r) => typeof r === 'string' && r.trim() !== '' && r.length <= 64)
  )
    problems.push({ field: 'signerRoles', message: 'a JSON array of role names (1–64 characters)' });
  else if (new Set(rolesRaw).size !== rolesRaw.length)
    problems.push({ field: 'signerRoles', message: 'role names must be unique' });
  else if (rolesRaw.length > MAX_ROLES)
    problems.push({ field: 'signerRoles', message: `at most ${MAX_ROLES} roles` });
  else signerRoles = rolesRaw as string[];

  const fieldsRaw = json(fields, 'signFields', problems) ?? [];
  const signFields: TemplateSignField[] = [];
  if (!Array.isArray(fieldsRaw) || fieldsRaw.length > MAX_SIGN_FIELDS)
    problems.push({ field: 'signFields', message: `a JSON array of at most ${MAX_SIGN_FIELDS} sign fields` });
  else
    fieldsRaw.forEach((f, i) => {
      const parsed = signField(f, i, new Set(signerRoles), problems);
      if (parsed) signFields.push(parsed);
    });

  const d = json(fields, 'delimiters', problems);
  let delimiters: TemplateUploadInput['delimiters'];
  if (d !== undefined) {
    const o = d as { start?: unknown; end?: unknown };
    const ok = (s: unknown) => typeof s === 'string' && s.length >= 1 && s.length <= 4 && !/\s/.test(s);
    if (typeof d !== 'object' || d === null || !ok(o.start) || !ok(o.end) || Object.keys(d).length !== 2)
      problems.push({
        field: 'delimiters',
        message: '{ "start": "…", "end": "…" }, 1–4 non-space characters each',
      });
    else delimiters = { start: o.start as string, end: o.end as string };
  }

  const missing = fields.missing?.trim();
  if (missing !== undefined && missing !== 'error' && missing !== 'empty')
    problems.push({ field: 'missing', message: "'error' or 'empty'" });

  if (problems.length > 0)
    throw new HetongError(
      'TEMPLATE_INPUT_INVALID',
      400,
      `the template upload has ${problems.length} problem(s)`,
      { problems },
    );
  return {
    ...(name ? { name } : {}),
    groupId,
    signerRoles,
    signFields,
    ...(delimiters ? { delimiters } : {}),
    ...(missing === 'error' || missing === 'empty' ? { missing } : {}),
  };
}

/**
 * Whose seal it is, on the wire: the subject shape contracts use (`{kind: "person"|"organization",
 * idType, id, name}`), so one concept has one name and one spelling across the API
 * (shared/STYLE.md "One wire contract"). Seals once took `kind: "organisation"` and `idNumber`:
 * requests in that form are still accepted (deprecated, README "Seals") and rewritten before
 * validation; every answer uses the current names.
 */
import type { FastifyRequest } from 'fastify';
import type { SealSubject } from '../../seals/service.js';
import { HetongError } from '../../shared/errors.js';
import { SEAL_SUBJECT_SCHEMA } from '../wire/seals.js';

const LEGACY_KIND = 'organisation';
const LEGACY_ID = 'idNumber';

/**
 * The subject with the deprecated spellings replaced; anything else unchanged, for the schema to
 * judge. Both `id` and `idNumber` given is left alone, so the schema refuses it.
 */
export function upgradeSealSubject(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const s = { ...(value as Record<string, unknown>) };
  if (s.kind === LEGACY_KIND) s.kind = 'organization';
  if (LEGACY_ID in s && !('id' in s)) {
    s.id = s[LEGACY_ID];
    delete s[LEGACY_ID];
  }
  return s;
}

/** preValidation of a JSON body carrying `subject`: the deprecated spellings become the current ones. */
export async function upgradeBodySubject(request: FastifyRequest): Promise<void> {
  const body = request.body as Record<string, unknown> | null | undefined;
  if (body && typeof body === 'object' && !Array.isArray(body) && 'subject' in body)
    request.body = { ...body, subject: upgradeSealSubject(body.subject) };
}

const SUBJECT_PART = 'the "subject" part must be JSON {kind: "person"|"organization", idType, id, name}';

/** The `subject` part of a multipart seal upload, checked as SEAL_SUBJECT_SCHEMA would. */
export function sealSubjectFromPart(text: string | undefined): SealSubject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text ?? '');
  } catch {
    throw new HetongError('SEAL_INPUT_INVALID', 400, SUBJECT_PART);
  }
  const s = upgradeSealSubject(parsed) as Record<string, unknown> | null;
  const { properties } = SEAL_SUBJECT_SCHEMA;
  const ok =
    !!s &&
    typeof s === 'object' &&
    Object.keys(s).every((k) => k in properties) &&
    (properties.kind.enum as readonly unknown[]).includes(s.kind) &&
    (['idType', 'id', 'name'] as const).every((k) => {
      const v = s[k];
      return typeof v === 'string' && v.length >= 1 && v.length <= properties[k].maxLength;
    });
  if (!ok) throw new HetongError('SEAL_INPUT_INVALID', 400, SUBJECT_PART);
  const { kind, idType, id, name } = s as unknown as SealSubject;
  return { kind, idType, id, name };
}

/**
 * Whose seal it is, on the wire: the subject shape contracts use (`{kind: "person"|"organization",
 * idType, id, name}`), so one concept has one name and one spelling across the API
 * (shared/STYLE.md "One wire contract"). Seals once took `kind: "organisation"` and `idNumber`:
 * requests in that form are still accepted (deprecated, README "Seals") and rewritten before
 * validation; every answer uses the current names.
 */
import type { FastifyRequest } from 'fastify';
import type { SealSubject } from '../../seals/service.js';
import { parseJsonText } from '../body.js';

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

/**
 * The `subject` part of a multipart seal upload: parsed with the JSON body's rules (the same cap,
 * depth and prototype-key checks; MALFORMED_JSON when it is not JSON), the deprecated spellings
 * rewritten, then given to `validate` as `{ subject }` — the shape of the JSON route's body, so its
 * problems carry the JSON route's paths (`/subject/kind`; `/` for a missing part).
 */
export function sealSubjectFromPart(
  text: string | undefined,
  validate: (body: unknown) => void,
): SealSubject {
  const body =
    text === undefined ? {} : { subject: upgradeSealSubject(parseJsonText(text, '"subject" part')) };
  validate(body);
  const { kind, idType, id, name } = (body as { subject: SealSubject }).subject;
  return { kind, idType, id, name };
}

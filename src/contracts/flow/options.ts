/**
 * A signer's sign flow (签署流程) as the business system sets it when it creates the contract,
 * resolved with defaults and checked without I/O: signing order, signing method, intent checks,
 * forced reading, the seals it may use, its sign fields and a deadline.
 *
 * Defaults, where the request is silent (what e签宝 and 腾讯电子签 do):
 * - `signOrder` 1 (everyone in parallel), `method` `esign`.
 * - `intent`: for `esign` the channels the subject can be reached on (SMS when it has a mobile
 *   number, else e-mail when it has an address); none for `clickwrap`, where ticking the agreement
 *   is the act of will, and none when the subject has no contact (possession of the link is then
 *   the only proof, which the signing record says).
 * - `sealKinds`: organisations sign with their round seal or an uploaded one; people with their
 *   generated square name seal or a handwritten signature.
 * - `signFields`: the template version's sign fields of the signer's role; a document without a
 *   field for the signer still gets the signer's (invisible) signature, so that every document
 *   carries every signer's certificate.
 */
import type { SealKind } from '../../seals/seal.js';
import type { SignFieldPlacement } from '../../signing/index.js';
import type { SigningMethod } from '../../store/repositories/contracts.js';
import type { InputProblem, Subject } from '../inputs.js';

export type IntentMethod = 'sms' | 'email';

/** A sign field given per contract: a placement in one document (0-based position, default 0). */
export type SignFieldInput = SignFieldPlacement & { document?: number; crossPage?: boolean };

/** What the API accepts per signer besides role and subject. */
export interface SignerFlowInput {
  signOrder?: number;
  method?: SigningMethod;
  intent?: IntentMethod[];
  forcedReading?: { seconds?: number; toLastPage?: boolean };
  sealKinds?: SealKind[];
  signFields?: SignFieldInput[];
  deadline?: number | null;
}

/** Stored per signer (contract_signers.options_json). */
export interface SignerOptions {
  intent: IntentMethod[];
  readingSeconds: number;
  readToEnd: boolean;
  sealKinds: SealKind[];
  /** Per-contract sign fields; null: the template's fields of the role. */
  signFields: SignFieldInput[] | null;
  deadline: number | null;
}

export const MAX_READING_SECONDS = 600;
const ORGANIZATION_KINDS: readonly SealKind[] = ['round', 'uploaded'];
const PERSON_KINDS: readonly SealKind[] = ['square', 'handwritten', 'uploaded'];

export function defaultIntent(subject: Subject, method: SigningMethod): IntentMethod[] {
  if (method === 'clickwrap') return [];
  if (subject.mobile) return ['sms'];
  if (subject.email) return ['email'];
  return [];
}

/** Resolves one signer's flow; problems are pushed with paths under `at` (e.g. `signers[1]`). */
export function resolveSignerFlow(
  input: SignerFlowInput & { subject: Subject },
  at: string,
  context: { now: number; expiresAt: number | null; documentCount: number },
  problems: InputProblem[],
): { signOrder: number; method: SigningMethod; options: SignerOptions } {
  const method = input.method ?? 'esign';
  const subject = input.subject;
  const intent = input.intent ?? defaultIntent(subject, method);
  if (intent.includes('sms') && !subject.mobile)
    problems.push({ path: `${at}.intent`, message: 'an SMS check needs subject.mobile' });
  if (intent.includes('email') && !subject.email)
    problems.push({ path: `${at}.intent`, message: 'an e-mail check needs subject.email' });
  const allowed = subject.kind === 'organization' ? ORGANIZATION_KINDS : PERSON_KINDS;
  const sealKinds =
    input.sealKinds ?? (subject.kind === 'organization' ? ['round', 'uploaded'] : ['square', 'handwritten']);
  for (const k of sealKinds)
    if (!allowed.includes(k))
      problems.push({
        path: `${at}.sealKinds`,
        message: `${subject.kind === 'organization' ? 'an organization' : 'a person'} signs with ${allowed.join(', ')}, not ${k}`,
      });
  if (method === 'esign' && sealKinds.length === 0)
    problems.push({ path: `${at}.sealKinds`, message: 'an esign signer needs at least one seal kind' });
  (input.signFields ?? []).forEach((f, i) => {
    const doc = f.document ?? 0;
    if (doc >= context.documentCount)
      problems.push({
        path: `${at}.signFields[${i}].document`,
        message: `the contract has ${context.documentCount} document(s)`,
      });
    if (method === 'clickwrap')
      problems.push({ path: `${at}.signFields[${i}]`, message: 'a click-wrap signer has no sign fields' });
  });
  const seconds = input.forcedReading?.seconds ?? 0;
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_READING_SECONDS)
    problems.push({ path: `${at}.forcedReading.seconds`, message: `0–${MAX_READING_SECONDS} seconds` });
  (input.signFields ?? []).forEach((f, i) => {
    if (f.document !== undefined && (!Number.isInteger(f.document) || f.document < 0))
      problems.push({ path: `${at}.signFields[${i}].document`, message: 'a document position from 0' });
  });
  const deadline = input.deadline ?? null;
  if (deadline !== null && deadline <= context.now)
    problems.push({ path: `${at}.deadline`, message: 'must be in the future' });
  if (deadline !== null && context.expiresAt !== null && deadline > context.expiresAt)
    problems.push({ path: `${at}.deadline`, message: 'must not be after the contract expires' });
  return {
    signOrder: input.signOrder ?? 1,
    method,
    options: {
      intent: [...new Set(intent)],
      readingSeconds: seconds,
      readToEnd: input.forcedReading?.toLastPage ?? false,
      sealKinds: [...new Set(sealKinds)],
      signFields: input.signFields ?? null,
      deadline,
    },
  };
}

/** Reads stored options, tolerating rows written before sign flows (empty options). */
export function signerOptionsOf(stored: Record<string, unknown>): SignerOptions {
  const o = stored as Partial<SignerOptions>;
  return {
    intent: o.intent ?? [],
    readingSeconds: o.readingSeconds ?? 0,
    readToEnd: o.readToEnd ?? false,
    sealKinds: o.sealKinds ?? ['round', 'square', 'uploaded', 'handwritten'],
    signFields: o.signFields ?? null,
    deadline: o.deadline ?? null,
  };
}

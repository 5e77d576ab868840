/**
 * The rules of delegated signing (委托签约), pure: what a request for an authorization must say,
 * and whether an authorization may be used now for a set of templates.
 *
 * An authorization is usable when it is active, its period holds now (validFrom ≤ now < validTo),
 * it covers every template of the contract (an uploaded PDF has no template, so only an
 * authorization for all templates covers it), and its signed letter exists — the letter is the
 * organisation's recorded will, so an authorization without one (made before letters existed)
 * authorises nothing.
 */
import type { InputProblem, Subject } from '../inputs.js';
import type { Delegate } from './letter.js';

export type DelegateInput = { kind: 'platform' } | { kind: 'person'; subject: Subject };

export interface AuthorizationRequest {
  subject: Subject;
  /** Default: the platform (automatic signing). */
  delegate?: DelegateInput;
  templateIds?: string[] | null;
  validFrom?: number;
  validTo: number;
}

/** Problems of a request (paths as in the request body), none when it may be recorded. */
export function authorizationRequestProblems(input: AuthorizationRequest, now: number): InputProblem[] {
  const problems: InputProblem[] = [];
  const validFrom = input.validFrom ?? now;
  if (input.subject.kind !== 'organization')
    problems.push({ path: 'subject.kind', message: 'an authorization is given by an organization' });
  const delegate = input.delegate ?? { kind: 'platform' };
  if (delegate.kind === 'person') {
    if (delegate.subject.kind !== 'person')
      problems.push({ path: 'delegate.subject.kind', message: 'a delegate is a person' });
    // The delegate proves intent for every signing with a code sent to them: without a contact
    // nobody could tell the delegate from whoever holds the link.
    if (!delegate.subject.mobile && !delegate.subject.email)
      problems.push({
        path: 'delegate.subject',
        message: 'a delegate needs a mobile number or an e-mail address for the intent check',
      });
  }
  if (input.templateIds && new Set(input.templateIds).size !== input.templateIds.length)
    problems.push({ path: 'templateIds', message: 'a template is listed twice' });
  if (input.templateIds && input.templateIds.length === 0)
    problems.push({ path: 'templateIds', message: 'list at least one template, or null for all' });
  if (input.validTo <= validFrom) problems.push({ path: 'validTo', message: 'must be after validFrom' });
  if (input.validTo <= now) problems.push({ path: 'validTo', message: 'must be in the future' });
  return problems;
}

export const delegateOf = (d: DelegateInput | undefined): Delegate =>
  d?.kind === 'person' ? { kind: 'person', subject: { ...d.subject } } : { kind: 'platform' };

/** Why an authorization cannot be used now, in the order checked. */
export type UnusableReason =
  'revoked' | 'not_yet_valid' | 'expired' | 'templates_not_covered' | 'letter_missing' | 'letter_invalid';

export interface AuthorizationFacts {
  status: 'active' | 'revoked';
  validFrom: number;
  validTo: number;
  templateIds: string[] | null;
  letterSha256: string | null;
}

/**
 * The first reason `a` cannot sign documents of `templateIds` (null: an uploaded PDF) at `now`,
 * or null when it can (the letter's signature is checked by the caller: it needs I/O).
 */
export function unusableReason(
  a: AuthorizationFacts,
  now: number,
  templateIds: readonly (string | null)[],
): UnusableReason | null {
  if (a.status !== 'active') return 'revoked';
  if (now < a.validFrom) return 'not_yet_valid';
  if (now >= a.validTo) return 'expired';
  if (a.templateIds !== null && !templateIds.every((t) => t !== null && a.templateIds!.includes(t)))
    return 'templates_not_covered';
  if (a.letterSha256 === null) return 'letter_missing';
  return null;
}

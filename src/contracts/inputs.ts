/**
 * Checks of a create-contract request that JSON schema cannot express: signers against the
 * templates' signer roles, each signer's sign flow (flow/options.ts), the expiry in the future, at
 * least one document. Pure; every problem at once (CONTRACT_INPUT_INVALID, 422).
 */
import { HetongError } from '../shared/errors.js';
import type { SigningMethod } from '../store/repositories/contracts.js';
import { resolveSignerFlow, type SignerFlowInput, type SignerOptions } from './flow/options.js';

export interface Subject {
  kind: 'person' | 'organization';
  /** user id, merchant PIN, merchant no., shop id, delegator … */
  idType: string;
  id: string;
  name: string;
  mobile?: string;
  email?: string;
}

export interface SignerInput extends SignerFlowInput {
  role: string;
  subject: Subject;
}

/** A signer with its flow resolved (defaults applied). */
export interface ResolvedSigner {
  role: string;
  subject: Subject;
  signOrder: number;
  method: SigningMethod;
  options: SignerOptions;
}

export interface InputProblem {
  path: string;
  message: string;
}

export function checkContractInput(input: {
  signers: SignerInput[];
  /** Union of the signer roles of the template documents (empty: the templates name none). */
  roles: string[];
  documentCount: number;
  expiresAt?: number | null;
  now: number;
}): ResolvedSigner[] {
  const problems: InputProblem[] = [];
  if (input.documentCount === 0)
    problems.push({
      path: 'documents',
      message: 'a contract needs a templateId, documents or an uploaded PDF',
    });
  if (input.expiresAt != null && input.expiresAt <= input.now)
    problems.push({ path: 'expiresAt', message: 'must be in the future (milliseconds since the epoch)' });
  const roles = new Set(input.roles);
  const seen = new Set<string>();
  const context = { now: input.now, expiresAt: input.expiresAt ?? null, documentCount: input.documentCount };
  const resolved = input.signers.map((s, i) => ({
    role: s.role,
    subject: s.subject,
    ...resolveSignerFlow(s, `signers[${i}]`, context, problems),
  }));
  input.signers.forEach((s, i) => {
    if (roles.size > 0 && !roles.has(s.role))
      problems.push({
        path: `signers[${i}].role`,
        message: `not a signer role of the template (${[...roles].join(', ')})`,
      });
    const key = `${s.role}\u0000${s.subject.idType}\u0000${s.subject.id}`;
    if (seen.has(key))
      problems.push({ path: `signers[${i}]`, message: 'the same subject twice in the same role' });
    seen.add(key);
  });
  const filled = new Set(input.signers.map((s) => s.role));
  for (const r of roles)
    if (!filled.has(r)) problems.push({ path: 'signers', message: `no signer for the role ${r}` });
  if (problems.length > 0)
    throw new HetongError(
      'CONTRACT_INPUT_INVALID',
      422,
      `the contract request has ${problems.length} problem(s)`,
      {
        problems,
      },
    );
  return resolved;
}

/**
 * Whose turn it is (顺序签 / 并行签): signers sign by ascending `signOrder`; signers with equal
 * numbers sign in parallel. Pure, so the rule is tested apart from the database.
 */
import type { SignerStatus } from '../../store/repositories/contracts.js';

export interface TurnSigner {
  id: string;
  signOrder: number;
  status: SignerStatus;
}

/**
 * The `waiting` signers whose turn has come: those of the lowest order among signers that have
 * not signed. Empty when a signer rejected (the contract is over) or everyone signed.
 */
export function signersDue(signers: readonly TurnSigner[]): string[] {
  if (signers.some((s) => s.status === 'rejected')) return [];
  const open = signers.filter((s) => s.status !== 'signed');
  if (open.length === 0) return [];
  const lowest = Math.min(...open.map((s) => s.signOrder));
  return open.filter((s) => s.signOrder === lowest && s.status === 'waiting').map((s) => s.id);
}

/** The initial status of each signer of a new contract: the lowest order is `ready`. */
export function initialStatuses(signers: readonly { signOrder: number }[]): SignerStatus[] {
  if (signers.length === 0) return [];
  const lowest = Math.min(...signers.map((s) => s.signOrder));
  return signers.map((s) => (s.signOrder === lowest ? 'ready' : 'waiting'));
}

export function everyoneSigned(signers: readonly { status: SignerStatus }[]): boolean {
  return signers.length > 0 && signers.every((s) => s.status === 'signed');
}

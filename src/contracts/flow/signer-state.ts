/**
 * The signer state machine, without I/O (issue 9 "States"). A signer `waiting` for its turn
 * becomes `ready` when every signer of a lower `signOrder` has signed (equal orders sign in
 * parallel); it is `read` once the forced reading its flow asks for is done (at once when none is
 * asked); then it `signed`, or `rejected` the contract. `signed` and `rejected` are final; a
 * signer whose turn has not come can do nothing (NOT_YOUR_TURN).
 */
import { HetongError } from '../../shared/errors.js';
import type { SignerStatus } from '../../store/repositories/contracts.js';

export type SignerEvent = 'turn' | 'read' | 'sign' | 'reject';

const TRANSITIONS: Record<SignerStatus, Partial<Record<SignerEvent, SignerStatus>>> = {
  waiting: { turn: 'ready' },
  ready: { read: 'read', reject: 'rejected' },
  read: { sign: 'signed', reject: 'rejected' },
  signed: {},
  rejected: {},
};

/** The next status, or a 409 naming why the event is not allowed now. */
export function nextSignerStatus(current: SignerStatus, event: SignerEvent): SignerStatus {
  const to = TRANSITIONS[current][event];
  if (to) return to;
  if (current === 'waiting')
    throw new HetongError(
      'NOT_YOUR_TURN',
      409,
      'signers before this one in the signing order have not signed yet',
    );
  if (current === 'ready' && event === 'sign')
    throw new HetongError('READING_REQUIRED', 409, 'the signer has not finished reading the contract');
  throw new HetongError('SIGNER_STATE_CONFLICT', 409, `a ${current} signer cannot ${event}`, {
    status: current,
    event,
  });
}

export function isSignerFinal(status: SignerStatus): boolean {
  return Object.keys(TRANSITIONS[status]).length === 0;
}

/** Whether the signer may act now (its turn has come and it has not finished). */
export function isSignerActive(status: SignerStatus): boolean {
  return status === 'ready' || status === 'read';
}

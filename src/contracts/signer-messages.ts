/**
 * Messages to signers besides codes and reminders: an invitation (签署邀请) with a signing link
 * when a signer's turn comes, and word that the contract is complete (签署完成) to every signer.
 * Like reminders (./reminders.ts) they go to a signer's own mobile (SMS) or else e-mail, and
 * nowhere without one. They are queued in the transaction of the change (contract.signer.ready,
 * contract.completed: see `messagingEvents`), so a message is never lost with a crash nor sent
 * for a change that rolled back; the jobs are at-least-once and keyed per signer, so a retry after
 * a failed gateway sends the one message that failed.
 */
import type { Db } from '../store/database.js';
import { SYSTEM_ACTOR } from '../tenancy/context.js';
import type { ContractEventSink } from './flow/events.js';
import { isSignerActive } from './flow/signer-state.js';
import type { Subject } from './inputs.js';
import { contactOf, REMINDER_POLICY, sendSigningLink, type SignerMessageDeps } from './reminders.js';

export const SEND_INVITATION = 'notify.sign_invitation';
export const SEND_COMPLETION = 'notify.contract_completed';

export interface SignerMessagePayload {
  lineId: string;
  contractId: string;
  signerId: string;
}

export type Enqueue = (
  db: Db,
  type: string,
  payload: SignerMessagePayload,
  uniqueKey: string,
) => Promise<void>;

export type SignerMessageStatus = 'sent' | 'no_contact' | 'not_active' | 'too_soon';

/**
 * The contract event sink that also queues the signers' messages: an invitation per signer whose
 * turn comes, and on completion one message per signer with a contact. Keys are taken for good
 * (uniqueScope 'always'): one invitation and one completion message per signer, ever.
 */
export function messagingEvents(
  inner: ContractEventSink,
  enqueue: Enqueue,
  signersOf: (db: Db, contractId: string) => Promise<{ id: string; subject: Record<string, unknown> }[]>,
): ContractEventSink {
  return {
    async emit(db, lineId, type, data) {
      await inner.emit(db, lineId, type, data);
      if (type !== 'contract.signer.ready' && type !== 'contract.completed') return;
      const contractId = data.contractId as string;
      // Only signers with a contact get a job: most contracts of a busy line have none to send.
      const reachable = (await signersOf(db, contractId)).filter((s) =>
        contactOf(s.subject as unknown as Subject),
      );
      if (type === 'contract.signer.ready') {
        const signerId = data.signerId as string;
        if (reachable.some((s) => s.id === signerId))
          await enqueue(db, SEND_INVITATION, { lineId, contractId, signerId }, `invite:${signerId}`);
      } else
        for (const s of reachable)
          await enqueue(db, SEND_COMPLETION, { lineId, contractId, signerId: s.id }, `completed:${s.id}`);
    },
  };
}

export class SignerMessages {
  constructor(private readonly deps: SignerMessageDeps) {}

  /** The invitation with a fresh link, unless the signer's turn passed or a reminder just went. */
  async invite(p: SignerMessagePayload): Promise<SignerMessageStatus> {
    const repo = this.deps.flows.repository;
    const contract = await repo.contracts.get(p.lineId, p.contractId);
    const signer = (await repo.contracts.signers(p.contractId)).find((s) => s.id === p.signerId);
    if (!contract || !signer || contract.status !== 'pending_signing' || !isSignerActive(signer.status))
      return 'not_active';
    const subject = signer.subject as unknown as Subject;
    const contact = contactOf(subject);
    if (!contact) return 'no_contact';
    const now = (this.deps.now ?? Date.now)();
    // Counted as a reminder: the API's "remind" and the scheduled one keep their distance from it.
    if (!(await repo.markReminded(signer.id, now, now - REMINDER_POLICY.minIntervalMs))) return 'too_soon';
    await sendSigningLink(this.deps, {
      lineId: p.lineId,
      contract,
      signer,
      name: subject.name,
      contact,
      template: 'sign_invitation',
      remindedAt: now,
      actor: SYSTEM_ACTOR,
    });
    return 'sent';
  }

  /** Word of completion to one signer of a completed contract. */
  async completed(p: SignerMessagePayload): Promise<SignerMessageStatus> {
    const repo = this.deps.flows.repository;
    const contract = await repo.contracts.get(p.lineId, p.contractId);
    const signer = (await repo.contracts.signers(p.contractId)).find((s) => s.id === p.signerId);
    if (!contract || !signer || contract.status !== 'completed') return 'not_active';
    const subject = signer.subject as unknown as Subject;
    const contact = contactOf(subject);
    if (!contact) return 'no_contact';
    await this.deps.notifier[contact.channel].send({
      to: contact.to,
      template: 'contract_completed',
      businessLineId: p.lineId,
      params: {
        signerName: subject.name,
        contractTitle: contract.title,
        completedAt: new Date(contract.completedAt ?? Date.now()).toISOString(),
      },
    });
    return 'sent';
  }
}

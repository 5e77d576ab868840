/**
 * Reminders to sign (催签): a message with a fresh signing link to each signer whose turn it is,
 * by SMS when it has a mobile number, else by e-mail. Never closer than 10 minutes apart for one
 * signer, whoever asks (the business line by API, or the scheduled reminder).
 */
import type { Notifier } from '../notify/channels/channel.js';
import { HetongError } from '../shared/errors.js';
import { SYSTEM_ACTOR, type ActorContext } from '../tenancy/context.js';
import type { SignFlowService } from './flow/service.js';
import { isSignerActive } from './flow/signer-state.js';
import type { Subject } from './inputs.js';
import type { LinkService } from './links.js';

export const REMINDER_POLICY = {
  minIntervalMs: 10 * 60_000,
  /**
   * The scheduled reminder: a signer whose turn came a day ago and who has had no reminder for a
   * day gets one (so never within 30 minutes of the last one, however it was sent).
   */
  scheduledQuietMs: 24 * 3600_000,
  scheduledEveryMs: 10 * 60_000,
  /** The link a reminder carries. */
  linkTtlSeconds: 24 * 3600,
} as const;

/** What sends a signer a message: their flow, a fresh link, the line's channels, the clock. */
export interface SignerMessageDeps {
  flows: SignFlowService;
  links: LinkService;
  notifier: Notifier;
  now?: () => number;
}

/** Where a signer's messages go: the mobile by SMS, else the e-mail; nowhere without either. */
export function contactOf(subject: Subject): { channel: 'sms' | 'email'; to: string } | undefined {
  if (subject.mobile) return { channel: 'sms', to: subject.mobile };
  if (subject.email) return { channel: 'email', to: subject.email };
  return undefined;
}

/**
 * Sends one signer a fresh signing link in the line's wording of `template` (a reminder or an
 * invitation), after the caller counted it as a reminder (`markReminded`); a message that cannot
 * be sent takes that back, so the next reminder may go at once.
 */
export async function sendSigningLink(
  deps: SignerMessageDeps,
  m: {
    lineId: string;
    contract: { id: string; title: string };
    signer: { id: string; lastRemindedAt: number | null };
    name: string;
    contact: { channel: 'sms' | 'email'; to: string };
    template: 'sign_reminder' | 'sign_invitation';
    remindedAt: number;
    actor: ActorContext;
  },
): Promise<void> {
  try {
    const link = await deps.links.forSigner(
      m.lineId,
      m.contract.id,
      m.signer.id,
      { expiresIn: REMINDER_POLICY.linkTtlSeconds },
      m.actor,
    );
    await deps.notifier[m.contact.channel].send({
      to: m.contact.to,
      template: m.template,
      businessLineId: m.lineId,
      params: {
        signerName: m.name,
        contractTitle: m.contract.title,
        url: link.url,
        expiresAt: new Date(link.expiresAt).toISOString(),
      },
    });
  } catch (e) {
    await deps.flows.repository.unmarkReminded(m.signer.id, m.remindedAt, m.signer.lastRemindedAt);
    throw e;
  }
}

export interface ReminderResult {
  signerId: string;
  status: 'sent' | 'too_soon' | 'no_contact' | 'not_active';
  channel?: 'sms' | 'email';
}

export const REMIND_DUE = 'contracts.remind';

export class Reminders {
  constructor(private readonly deps: SignerMessageDeps) {}

  /** The scheduled reminder: one run sends at most `limit` reminders (the next run goes on). */
  async remindDue(limit = 500): Promise<number> {
    const now = (this.deps.now ?? Date.now)();
    const due = await this.deps.flows.repository.dueForReminder(now, REMINDER_POLICY.scheduledQuietMs, limit);
    let sent = 0;
    for (const d of due) {
      try {
        const [r] = await this.remind(d.businessLineId, d.contractId, [d.signerId], SYSTEM_ACTOR);
        if (r?.status === 'sent') sent++;
        // A signer without contact is marked too, so it does not come back every run.
        else await this.deps.flows.repository.markReminded(d.signerId, now, now);
      } catch {
        // One failed message (gateway down) must not stop the others; it is tried again next run.
      }
    }
    return sent;
  }

  async remind(
    lineId: string,
    contractId: string,
    signerIds: string[] | undefined,
    actor: ActorContext,
  ): Promise<ReminderResult[]> {
    const contract = await this.deps.flows.repository.contracts.get(lineId, contractId);
    if (!contract) throw new HetongError('CONTRACT_NOT_FOUND', 404, 'no such contract');
    const signers = (await this.deps.flows.repository.contracts.signers(contractId)).filter(
      (s) => !signerIds || signerIds.includes(s.id),
    );
    if (signerIds && signers.length !== new Set(signerIds).size)
      throw new HetongError('SIGNER_NOT_FOUND', 404, 'no such signer in this contract');
    const now = (this.deps.now ?? Date.now)();
    const out: ReminderResult[] = [];
    for (const s of signers) {
      const subject = s.subject as unknown as Subject;
      if (!isSignerActive(s.status) || contract.status !== 'pending_signing') {
        out.push({ signerId: s.id, status: 'not_active' });
        continue;
      }
      const contact = contactOf(subject);
      if (!contact) {
        out.push({ signerId: s.id, status: 'no_contact' });
        continue;
      }
      if (!(await this.deps.flows.repository.markReminded(s.id, now, now - REMINDER_POLICY.minIntervalMs))) {
        out.push({ signerId: s.id, status: 'too_soon' });
        continue;
      }
      await sendSigningLink(this.deps, {
        lineId,
        contract,
        signer: s,
        name: subject.name,
        contact,
        template: 'sign_reminder',
        remindedAt: now,
        actor,
      });
      out.push({ signerId: s.id, status: 'sent', channel: contact.channel });
    }
    return out;
  }
}

/**
 * Contract expiry (the `contracts.expire` job): a pending contract whose `expiresAt` has passed is
 * stored as `expired`, with an audit event by `system`. Reads already show such a contract as
 * expired (state.ts effectiveStatus); the job makes it so in the database too, for reports and
 * for whatever reacts to the change. Each contract moves in its own transaction by compare-and-set,
 * so a contract revoked or completed meanwhile is left alone, and a second run changes nothing.
 */
import type { AuditTrail } from '../evidence/audit.js';
import type { Db } from '../store/database.js';
import { ContractRepository } from '../store/repositories/contracts.js';
import type { JobRunner } from '../jobs/runner.js';
import { SYSTEM_ACTOR } from '../tenancy/context.js';
import { NO_EVENTS, type ContractEventSink } from './flow/events.js';
import { nextStatus } from './state.js';

export const EXPIRE_CONTRACTS = 'contracts.expire';

/** Contracts one run moves at most: the next run (a minute later) goes on. */
const PER_RUN = 5_000;
const BATCH = 500;
/** The state machine's own answer (state.ts): pending_signing --expire--> expired. */
const EXPIRED = nextStatus('pending_signing', 'expire');

export async function expireDueContracts(
  deps: { db: Db; audit: AuditTrail; events?: ContractEventSink },
  now: number,
  limit = PER_RUN,
): Promise<number> {
  const repo = new ContractRepository(deps.db);
  let expired = 0;
  while (expired < limit) {
    const due = await repo.dueToExpire(now, Math.min(BATCH, limit - expired));
    if (due.length === 0) break;
    let moved = 0;
    for (const c of due) {
      await deps.db.transaction().execute(async (trx) => {
        if (!(await repo.withDb(trx).transition(c.businessLineId, c.id, 'pending_signing', EXPIRED, now)))
          return;
        moved++;
        await deps.audit.recordBy(trx, SYSTEM_ACTOR, c.businessLineId, 'contract.expired', c.id, {
          expiresAt: c.expiresAt,
        });
        await (deps.events ?? NO_EVENTS).emit(trx, c.businessLineId, 'contract.expired', {
          contractId: c.id,
          expiresAt: c.expiresAt,
        });
      });
    }
    expired += moved;
    // Every row of the batch changed by someone else: nothing more is due.
    if (moved === 0) break;
  }
  return expired;
}

export function registerContractJobs(
  runner: JobRunner,
  deps: { db: Db; audit: AuditTrail; events?: ContractEventSink },
  everyMs = 60_000,
): void {
  runner.every(EXPIRE_CONTRACTS, everyMs, () => expireDueContracts(deps, Date.now()));
}

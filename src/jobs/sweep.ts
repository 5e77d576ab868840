/**
 * Housekeeping jobs. Each is idempotent: running it twice deletes nothing more than running it once.
 */
import type { BlobStore } from '../store/blobs/blob-store.js';
import type { Db } from '../store/database.js';
import { AdminAccountRepository } from '../store/repositories/admin-accounts.js';
import { ApiNonceRepository } from '../store/repositories/api-nonces.js';
import { IdempotencyKeyRepository } from '../store/repositories/idempotency-keys.js';
import { LoginThrottleRepository } from '../store/repositories/login-throttle.js';
import type { JobRunner } from './runner.js';

export const SWEEP_TEMP_BLOBS = 'blobs.sweep-temp';
export const SWEEP_EXPIRED_ROWS = 'store.sweep-expired';

/** Idempotency keys are kept one day (a retry later than that is a new request). */
export const IDEMPOTENCY_RETENTION_MS = 24 * 3_600_000;

export function registerSweepJobs(
  runner: JobRunner,
  deps: { db: Db; blobs: BlobStore },
  everyMs = 60_000,
): void {
  runner
    .every(SWEEP_TEMP_BLOBS, everyMs, () => deps.blobs.sweepTemp(Date.now()))
    .every(SWEEP_EXPIRED_ROWS, everyMs, async () => {
      const now = Date.now();
      await new ApiNonceRepository(deps.db).sweep(now);
      await new AdminAccountRepository(deps.db).sweepSessions(now);
      await new IdempotencyKeyRepository(deps.db).sweep(now - IDEMPOTENCY_RETENTION_MS);
      // Failure counters and send counters (logins, intent codes) older than two days.
      await new LoginThrottleRepository(deps.db).sweep(now - 2 * 86_400_000, now);
    });
}

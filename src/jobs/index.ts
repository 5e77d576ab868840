export type { EnqueueOptions, Job, JobQueue } from './queue.js';
export { backoffMs } from './queue.js';
export { DbJobQueue } from './db-queue.js';
export { JobRunner, type JobHandler, type Schedule } from './runner.js';
export { registerSweepJobs, SWEEP_TEMP_BLOBS, SWEEP_EXPIRED_ROWS } from './sweep.js';

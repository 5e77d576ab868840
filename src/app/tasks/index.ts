/**
 * Heavy work on strangers' input, off the event loop: the task pool and the offloaded calls the
 * composition root hands to the services and routes, each with its own error codes for a time
 * limit or a heap limit reached.
 */
import { PdfLimitError } from '../../pdf/limits.js';
import type { CompileJobInput } from '../../render/pool/index.js';
import type { NormalizedImage, SealImageJob } from '../../seals/upload.js';
import { HetongError } from '../../shared/errors.js';
import type { VerificationReport, VerifyOptions } from '../../signing/index.js';
import { TaskPool, type TaskPoolOptions } from './pool.js';
import type { Tasks } from './tasks.js';

export { TaskPool, type TaskPoolOptions, type TaskOptions } from './pool.js';

const runningTs = import.meta.url.endsWith('.ts');
const tasksModule = new URL(runningTs ? './tasks.ts' : './tasks.js', import.meta.url);

export class Offload {
  readonly pool: TaskPool<Tasks>;
  readonly #heapMb: number;

  /** Workers at nice 10 unless `options.nice` says otherwise (see TaskPool). */
  constructor(options: Omit<TaskPoolOptions, 'tasksModule'> = {}) {
    this.pool = new TaskPool<Tasks>({ nice: 10, ...options, tasksModule });
    this.#heapMb = this.pool.heapMb;
  }

  /** src/signing's verifier in a worker: VERIFY_TIMEOUT (503) past `timeoutMs` (default 10 s). */
  verify(
    pdf: Uint8Array,
    options: VerifyOptions,
    run: { tenant?: string | undefined; timeoutMs?: number } = {},
  ): Promise<VerificationReport> {
    return this.pool.run(
      'verify',
      { pdf, options },
      {
        ...(run.tenant !== undefined ? { tenant: run.tenant } : {}),
        ...(run.timeoutMs !== undefined ? { timeoutMs: run.timeoutMs } : {}),
        timeoutError: (ms) =>
          new HetongError('VERIFY_TIMEOUT', 503, `verifying the PDF took longer than ${ms} ms`, {
            timeoutMs: ms,
          }),
        memoryError: () =>
          new PdfLimitError(
            'worker-memory',
            this.#heapMb,
            `verifying it needs more than the verifier's ${this.#heapMb} MB of heap`,
          ),
      },
    );
  }

  /** An uploaded seal image or handwritten signature decoded and normalised in a worker. */
  sealImage(job: SealImageJob, tenant?: string): Promise<NormalizedImage> {
    return this.pool.run('sealImage', job, {
      ...(tenant !== undefined ? { tenant } : {}),
      // A 16 MP PNG takes seconds to decode, clean and trim on a busy core; 30 s leaves room.
      timeoutMs: 30_000,
      timeoutError: (ms) =>
        new HetongError('SEAL_IMAGE_TIMEOUT', 503, `decoding the image took longer than ${ms} ms`, {
          timeoutMs: ms,
        }),
      memoryError: () =>
        new HetongError('SEAL_IMAGE_TOO_LARGE', 413, 'decoding the image needs more memory than allowed'),
    });
  }

  /**
   * A Word template compiled in a worker (the text compileToJson writes): the compiler's own
   * bounds answer TEMPLATE_TOO_LARGE long before the worker's heap, which answers it too.
   */
  compileTemplate(job: CompileJobInput & { tenant?: string }): Promise<string> {
    const { tenant, ...input } = job;
    return this.pool.run('compileTemplate', input, {
      ...(tenant !== undefined ? { tenant } : {}),
      // As the render pool allowed a compile: a large legitimate template on a busy, low-priority core.
      timeoutMs: 30_000,
      timeoutError: (ms) =>
        new HetongError('RENDER_TIMEOUT', 504, `compiling the template took longer than ${ms} ms`, {
          timeoutMs: ms,
        }),
      memoryError: () =>
        new HetongError(
          'TEMPLATE_TOO_LARGE',
          413,
          `Compiling this template needs more than the ${this.#heapMb} MiB a compile may use; split it into smaller templates.`,
          { heapLimitMb: this.#heapMb },
        ),
    });
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

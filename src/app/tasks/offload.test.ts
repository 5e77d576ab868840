import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STANDARD_DOCX } from '../../../test/shared-bench.js';
import { compileTemplate } from '../../render/index.js';
import { deserializeCompiledTemplate } from '../../render/typst/compiled.js';
import { HetongError } from '../../shared/errors.js';
import { CATALOG_OBJECTS, classicPdf, nestedPdf } from '../../pdf/testing/hostile.js';
import { Offload } from './index.js';

async function rejection(p: Promise<unknown>): Promise<HetongError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(HetongError);
    return e as HetongError;
  }
  throw new Error('expected a rejection');
}

describe('Offload: the production tasks in the pool', () => {
  let offload: Offload;
  beforeAll(async () => {
    offload = new Offload({ workers: 1 });
    await offload.pool.ready();
  }, 30_000);
  afterAll(() => offload.close());

  it("verifies in a worker and answers the verifier's own errors", async () => {
    const unsigned = await rejection(offload.verify(classicPdf(CATALOG_OBJECTS), { trustAnchors: [] }));
    expect([unsigned.code, unsigned.status]).toEqual(['VERIFY_INVALID_PDF', 400]);
    const nested = await rejection(offload.verify(nestedPdf(100_000, 'dict'), { trustAnchors: [] }));
    expect([nested.code, nested.status, (nested.details as { limit: string }).limit]).toEqual([
      'PDF_LIMIT_EXCEEDED',
      400,
      'nesting-depth',
    ]);
  });

  it('answers VERIFY_TIMEOUT (503) when verification outlives its limit, and keeps serving', async () => {
    // Padding makes the file big enough that copying and scanning it outlasts 1 ms.
    const big = classicPdf(CATALOG_OBJECTS, { padding: 32 * 1024 * 1024 });
    const e = await rejection(offload.verify(big, { trustAnchors: [] }, { timeoutMs: 1 }));
    expect([e.code, e.status]).toEqual(['VERIFY_TIMEOUT', 503]);
    expect(e.details).toEqual({ timeoutMs: 1 });
    const after = await rejection(offload.verify(classicPdf(CATALOG_OBJECTS), { trustAnchors: [] }));
    expect(after.code).toBe('VERIFY_INVALID_PDF');
  }, 30_000);

  it('decodes seal images in a worker with the upload limits', async () => {
    const e = await rejection(offload.sealImage({ kind: 'uploaded', bytes: new Uint8Array([1, 2, 3]) }));
    expect([e.code, e.status]).toEqual(['SEAL_IMAGE_INVALID', 400]);
  });

  it('compiles templates in a worker at a lower CPU priority, as the service does, same result as in process', async () => {
    const docx = readFileSync(STANDARD_DOCX);
    const pooled = deserializeCompiledTemplate(await offload.compileTemplate({ docx, tenant: 'line-a' }));
    const local = await compileTemplate(docx);
    expect([pooled.id, pooled.fields]).toEqual([local.id, local.fields]);
    const e = await rejection(offload.compileTemplate({ docx: new TextEncoder().encode('not a zip') }));
    expect([e.code, e.status]).toEqual(['TEMPLATE_INVALID_DOCX', 400]);
    if (process.platform === 'linux') {
      // The workers' own threads carry nice 10 (/proc/self/task/<tid>/stat field 19); the main thread 0.
      const nices = readdirSync('/proc/self/task').map((tid) => {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      });
      const base = getPriority();
      expect(nices).toContain(Math.max(10, base));
      expect(getPriority()).toBe(base);
    }
  }, 60_000);
});

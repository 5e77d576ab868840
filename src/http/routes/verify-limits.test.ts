/**
 * POST /api/v1/verify against the hostile PDFs of issue #14, through the whole service: the
 * verifier runs in the task pool and the parser's bounds answer 400 PDF_LIMIT_EXCEEDED (naming
 * the limit) in well under two seconds, while the event loop keeps answering other requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HetongClient } from '../../client/index.js';
import {
  CATALOG_OBJECTS,
  classicPdf,
  manySignatures,
  nestedPdf,
  objectStreamBomb,
  xrefStreamBomb,
} from '../../pdf/testing/hostile.js';
import { makePdf } from '../../signing/testing/fixtures.js';
import { createTestApp, type TestApp } from '../testing.js';

const GiB = 1024 * 1024 * 1024;

const HOSTILE: [string, () => Buffer, string][] = [
  [
    'a 171 KB classic xref declaring 0 2000000000',
    () => classicPdf(CATALOG_OBJECTS, { padding: 170 * 1024, xrefSubsection: '0 2000000000' }),
    'xref-entries',
  ],
  ['an xref stream inflating to 1 GiB', () => xrefStreamBomb(GiB), 'stream-bytes'],
  ['an object stream inflating to 1 GiB', () => objectStreamBomb(GiB), 'stream-bytes'],
  [
    'an object stream inflating to 100× its file',
    () => objectStreamBomb(256 * 1024 * 1024),
    'inflated-bytes',
  ],
  ['100,000 nested arrays', () => nestedPdf(100_000, 'array'), 'nesting-depth'],
  ['100,000 nested dictionaries', () => nestedPdf(100_000, 'dict'), 'nesting-depth'],
  ['10,000 signature fields', () => manySignatures(10_000), 'signatures'],
];

describe('verification API: hostile PDFs', () => {
  let t: TestApp;
  let client: HetongClient;
  const post = (pdf: Uint8Array) =>
    client.raw('POST', '/api/v1/verify', { body: Buffer.from(pdf), contentType: 'application/pdf' });

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    client = (await t.newLine()).client;
    // Starts the task pool's worker, so the timings below are of the work, not of a thread start.
    const unsigned = await post(await makePdf(1));
    expect(JSON.parse(unsigned.body.toString()).error.code).toBe('VERIFY_INVALID_PDF');
  }, 60_000);
  afterAll(() => t.dispose());

  for (const [what, make, limit] of HOSTILE) {
    it(`refuses ${what}: 400 PDF_LIMIT_EXCEEDED (${limit}) in under 2 s`, async () => {
      const pdf = make();
      const t0 = performance.now();
      const res = await post(pdf);
      const ms = performance.now() - t0;
      const body = JSON.parse(res.body.toString()) as { error: { code: string; details: { limit: string } } };
      expect([res.status, body.error.code, body.error.details.limit]).toEqual([
        400,
        'PDF_LIMIT_EXCEEDED',
        limit,
      ]);
      expect(ms).toBeLessThan(2_000);
    });
  }

  it('keeps answering other requests while hostile files are verified', async () => {
    const hostile = HOSTILE.map(([, make]) => post(make()));
    const lags: number[] = [];
    let done = false;
    void Promise.all(hostile).then(() => (done = true));
    while (!done) {
      const t0 = performance.now();
      await new Promise((r) => setImmediate(r));
      lags.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 5));
    }
    for (const res of await Promise.all(hostile)) expect(res.status).toBe(400);
    // The queue is empty again, and /metrics says so.
    const metrics = await t.app.server.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/hetong_task_queue_depth 0/);
    // The event loop never waited on a parse: each turn came back within a few ms.
    expect(Math.max(...lags)).toBeLessThan(250);
  });
});

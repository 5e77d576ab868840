import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDocx, p, r } from '../docx/testing/build-docx.js';
import { RenderPool } from './index.js';

const program = `#set text(font: "Noto Serif SC")
#let d = json("/run/data.json")
合同编号：#d.no`;
// Millions of loop iterations: seconds of work, far beyond the 100 ms limit below.
const slowProgram = `#let x = 0
#for i in range(5000000) { x += 1 }
#x`;

describe('RenderPool', () => {
  let pool: RenderPool;
  beforeAll(async () => {
    pool = new RenderPool({ workers: 1, timeoutMs: 20_000 });
    await pool.ready();
  }, 30_000);
  afterAll(() => pool.close());

  it('renders a program with data in a worker', async () => {
    const r = await pool.run({
      programId: 'p1',
      program,
      assets: {},
      data: JSON.stringify({ no: 'HT-2026-001' }),
      format: 'pdf',
    });
    expect(r.pageCount).toBe(1);
    const dir = mkdtempSync(join(tmpdir(), 'pool-'));
    writeFileSync(join(dir, 'a.pdf'), r.pdf!);
    expect(execFileSync('pdftotext', [join(dir, 'a.pdf'), '-'], { encoding: 'utf8' })).toContain(
      '合同编号：HT-2026-001',
    );
    // Second run reuses the cached program (not sent again) with other data.
    const r2 = await pool.run({
      programId: 'p1',
      program: '',
      assets: {},
      data: JSON.stringify({ no: 'B-2' }),
      format: 'pdf',
    });
    writeFileSync(join(dir, 'b.pdf'), r2.pdf!);
    expect(execFileSync('pdftotext', [join(dir, 'b.pdf'), '-'], { encoding: 'utf8' })).toContain('B-2');
  }, 30_000);

  it('rasterises only the pages asked for in the worker (format png)', async () => {
    const r = await pool.run({
      programId: 'p3',
      program: `${program}\n#pagebreak()\n二\n#pagebreak()\n三`,
      assets: {},
      data: JSON.stringify({ no: 'PNG-1' }),
      format: 'png',
      png: { width: 200, pages: [3] },
    });
    expect(r.pageCount).toBe(3);
    expect(r.svg).toBeUndefined();
    expect(r.pngs).toHaveLength(1);
    const png = r.pngs![0]!;
    expect(Buffer.from(png.subarray(1, 4)).toString('latin1')).toBe('PNG');
    expect(new DataView(png.buffer, png.byteOffset).getUint32(16)).toBe(200);
  }, 30_000);

  it('rejects a failing program with RENDER_FAILED and Typst diagnostics', async () => {
    await expect(
      pool.run({ programId: 'bad', program: '#let x = (', assets: {}, data: '{}', format: 'pdf' }),
    ).rejects.toMatchObject({
      code: 'RENDER_FAILED',
      status: 500,
      details: { diagnostics: [expect.objectContaining({ message: expect.any(String) })] },
    });
  }, 30_000);

  it('times out a hanging render with RENDER_TIMEOUT, then keeps serving', async () => {
    const before = pool.respawns;
    await expect(
      pool.run({
        programId: 'slow',
        program: slowProgram,
        assets: {},
        data: '{}',
        format: 'pdf',
        timeoutMs: 100,
      }),
    ).rejects.toMatchObject({ code: 'RENDER_TIMEOUT', status: 504 });
    expect(pool.respawns).toBe(before + 1);
    const r = await pool.run({
      programId: 'p1',
      program,
      assets: {},
      data: JSON.stringify({ no: 'after-timeout' }),
      format: 'pdf',
    });
    expect(r.pageCount).toBe(1);
  }, 30_000);

  it('recovers after a worker crash', async () => {
    const before = pool.respawns;
    pool.crashOneWorker();
    const r = await pool.run({
      programId: 'p1',
      program,
      assets: {},
      data: JSON.stringify({ no: 'after-crash' }),
      format: 'pdf',
    });
    expect(r.pageCount).toBe(1);
    expect(pool.respawns).toBe(before + 1);
  }, 30_000);

  it('replaces a worker after recycleAfter documents, without failing requests', async () => {
    const small = new RenderPool({ workers: 1, recycleAfter: 2 });
    try {
      const outs = [];
      for (let i = 0; i < 4; i++) {
        outs.push(
          await small.run({
            programId: 'p1',
            program,
            assets: {},
            data: JSON.stringify({ no: `R${i}` }),
            format: 'pdf',
          }),
        );
      }
      expect(outs.map((o) => o.pageCount)).toEqual([1, 1, 1, 1]);
      await vi.waitFor(() => expect(small.recycled).toBeGreaterThanOrEqual(1), {
        timeout: 30_000,
        interval: 100,
      });
      expect(small.respawns).toBe(0);
    } finally {
      await small.close();
    }
  }, 60_000);

  it('refuses a compile that outgrows the worker heap with TEMPLATE_TOO_LARGE 413, then keeps serving', async () => {
    // 20,000 tagged paragraphs need far more than 40 MiB of JavaScript heap to compile.
    const tight = new RenderPool({ workers: 1, heapLimitMb: 40 });
    try {
      await tight.ready();
      const body = Array.from({ length: 20_000 }, (_, i) => p([r(`条款 ${i}：{v${i % 50}}`)])).join('');
      await expect(tight.compile({ docx: buildDocx({ body }) })).rejects.toMatchObject({
        code: 'TEMPLATE_TOO_LARGE',
        status: 413,
        details: { heapLimitMb: 40 },
      });
      const after = await tight.run({
        programId: 'p1',
        program,
        assets: {},
        data: JSON.stringify({ no: 'after-oom' }),
        format: 'pdf',
      });
      expect(after.pageCount).toBe(1);
      expect(tight.respawns).toBe(1);
    } finally {
      await tight.close();
    }
  }, 120_000);
});

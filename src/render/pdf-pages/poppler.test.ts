/** pdftoppm, the picture engine of PDFs: a real page, bad input, a missing binary, its priority. */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { makePdf } from '../../signing/testing/fixtures.js';
import { PopplerRasterizer, findPdftoppm } from './poppler.js';

describe.skipIf(!findPdftoppm())('PopplerRasterizer', () => {
  const r = new PopplerRasterizer();

  it('draws the asked page at the asked width, in the page proportions', async () => {
    const pdf = await makePdf(2);
    const png = PNG.sync.read(Buffer.from(await r.pagePng(pdf, { page: 2, width: 300 })));
    expect(png.width).toBe(300);
    expect(png.height).toBeCloseTo((300 * 842) / 595, -0.5);
    // Some dark pixels: the page's text was drawn, not a blank sheet.
    let dark = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 200) dark++;
    expect(dark).toBeGreaterThan(20);
  });

  it('refuses bad options and unreadable files with stable codes', async () => {
    const pdf = await makePdf(1);
    await expect(r.pagePng(pdf, { page: 1, width: 5 })).rejects.toMatchObject({
      code: 'RENDER_OPTIONS_INVALID',
    });
    await expect(r.pagePng(pdf, { page: 0, width: 100 })).rejects.toMatchObject({
      code: 'RENDER_OPTIONS_INVALID',
    });
    await expect(r.pagePng(pdf, { page: 9, width: 100 })).rejects.toMatchObject({
      code: 'RENDER_FAILED',
      status: 422,
    });
    await expect(r.pagePng(Buffer.from('not a pdf'), { page: 1, width: 100 })).rejects.toMatchObject({
      code: 'RENDER_FAILED',
    });
  });
});

describe('PopplerRasterizer without pdftoppm', () => {
  it('answers RENDER_ENGINE_UNAVAILABLE (503) and says what to install', async () => {
    const r = new PopplerRasterizer(null);
    await expect(r.pagePng(new Uint8Array(10), { page: 1, width: 100 })).rejects.toMatchObject({
      code: 'RENDER_ENGINE_UNAVAILABLE',
      status: 503,
      message: expect.stringContaining('poppler-utils'),
    });
  });

  it('answers 503 when the configured binary cannot start', async () => {
    const r = new PopplerRasterizer('/nonexistent/pdftoppm');
    await expect(r.pagePng(new Uint8Array(10), { page: 1, width: 100 })).rejects.toMatchObject({
      code: 'RENDER_ENGINE_UNAVAILABLE',
    });
  });
});

describe('PopplerRasterizer children', () => {
  it("run at nice 10, below the service (strangers' PDFs take spare CPU)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hetong-nice-'));
    try {
      // A stand-in for pdftoppm that notes its own niceness (inherited from the spawner at the fork).
      const binary = join(dir, 'pdftoppm');
      writeFileSync(binary, `#!/bin/sh\nnice > '${dir}/nice'\nprintf 'PNG-ish bytes'\n`);
      chmodSync(binary, 0o755);
      const png = await new PopplerRasterizer(binary).pagePng(new Uint8Array(10), { page: 1, width: 100 });
      expect(Buffer.from(png).toString()).toBe('PNG-ish bytes');
      // A service already nicer than 10 cannot raise a child's priority: the child keeps its own.
      expect(Number(readFileSync(join(dir, 'nice'), 'utf8'))).toBe(Math.max(10, getPriority()));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

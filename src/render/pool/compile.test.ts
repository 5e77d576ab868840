import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STANDARD_DOCX } from '../../../test/shared-bench.js';
import { buildDocx, p, r } from '../docx/testing/build-docx.js';
import { compileTemplate, RenderEngine } from '../index.js';

describe('RenderEngine.compileTemplate (in a pool worker)', () => {
  let engine: RenderEngine;
  beforeAll(async () => {
    engine = new RenderEngine({ workers: 1 });
    await engine.ready();
  }, 60_000);
  afterAll(() => engine.close());

  it('gives the same compiled template (program id) as in-process compilation', async () => {
    const docx = readFileSync(STANDARD_DOCX);
    const local = await compileTemplate(docx);
    const pooled = await engine.compileTemplate(docx);
    expect(pooled.id).toBe(local.id);
    expect(pooled.program).toBe(local.program);
    expect(pooled.modules).toEqual(local.modules);
    expect(pooled.fields).toEqual(local.fields);
    expect(pooled.warnings).toEqual(local.warnings);
    expect(pooled.textWidth).toBe(local.textWidth);
    expect(Object.keys(pooled.assets).sort()).toEqual(Object.keys(local.assets).sort());
    // The pooled template renders.
    const pdf = await engine.templatePreview(pooled, { mode: 'sample' });
    expect(pdf.pageCount).toBeGreaterThan(0);
  }, 60_000);

  it('passes custom delimiters to the worker', async () => {
    const docx = buildDocx({ body: p([r('甲方：'), r('[[partyA]]')]) });
    const local = await compileTemplate(docx, { delimiters: { start: '[[', end: ']]' } });
    const pooled = await engine.compileTemplate(docx, { delimiters: { start: '[[', end: ']]' } });
    expect(pooled.id).toBe(local.id);
    expect(pooled.fields.map((f) => f.name)).toEqual(['partyA']);
  }, 60_000);

  it('refuses a hostile .docx (not a zip) with TEMPLATE_INVALID_DOCX 400, as in-process', async () => {
    const garbage = new TextEncoder().encode('this is not a zip file at all');
    const local = await compileTemplate(garbage).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(local).toMatchObject({ code: 'TEMPLATE_INVALID_DOCX', status: 400 });
    const pooled = await engine.compileTemplate(garbage).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(pooled).toMatchObject({ name: 'HetongError', code: 'TEMPLATE_INVALID_DOCX', status: 400 });
    const l = local as { message: string; details: unknown };
    expect(pooled).toMatchObject({ message: l.message, details: l.details });
  }, 60_000);

  it('keeps a tag error’s code, status and details across the thread boundary', async () => {
    const docx = buildDocx({ body: p([r('{#items}'), r('未闭合')]) });
    const local = await compileTemplate(docx).then(
      () => undefined,
      (e: unknown) => e as { code: string; status: number; message: string; details: unknown },
    );
    expect(local).toBeDefined();
    expect(local!.code).toBe('TEMPLATE_TAG_INVALID');
    expect(local!.status).toBe(422);
    expect(local!.details).toBeDefined();
    await expect(engine.compileTemplate(docx)).rejects.toMatchObject({
      code: local!.code,
      status: local!.status,
      message: local!.message,
      details: local!.details,
    });
  }, 60_000);

  it('serves renders and compilations from the same workers afterwards', async () => {
    const compiled = await engine.compileTemplate(buildDocx({ body: p('合同 {no}') }));
    const pdf = await engine.renderPdf(compiled, { no: 'HT-1' });
    expect(pdf.pageCount).toBe(1);
  }, 60_000);
});

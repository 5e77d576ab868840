import { describe, expect, it } from 'vitest';
import { buildDocx, p } from '../docx/testing/build-docx.js';
import { compileTemplate } from '../engine.js';
import {
  deserializeCompiledTemplate,
  outdatedCompiledTemplate,
  programId,
  serializeCompiledTemplate,
} from './compiled.js';

describe('serializeCompiledTemplate', () => {
  it('round-trips Buffer assets (Buffer.toJSON must not reach the output)', async () => {
    const base = await compileTemplate(buildDocx({ body: p('合同 {no}') }));
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255]);
    // A Buffer that is a view into a larger pool, plus a plain Uint8Array.
    const pooled = Buffer.concat([Buffer.from('xxxx'), bytes]).subarray(4);
    const assets = { ...base.assets, 'a.bin': pooled, 'b.bin': new Uint8Array([9, 8, 7]) };
    const t = { ...base, assets, id: programId(base.program, base.modules, assets) };
    const json = serializeCompiledTemplate(t);
    expect(json).not.toContain('"type":"Buffer"');
    const back = deserializeCompiledTemplate(json);
    expect(back.id).toBe(t.id);
    expect(back.assets['a.bin']).toBeInstanceOf(Uint8Array);
    expect([...back.assets['a.bin']!]).toEqual([...bytes]);
    expect([...back.assets['b.bin']!]).toEqual([9, 8, 7]);
  });

  it('tells a template of an earlier format apart and still gives its IR', async () => {
    const base = await compileTemplate(buildDocx({ body: p('合同 {no}') }));
    const v1 = JSON.stringify({
      ...JSON.parse(serializeCompiledTemplate(base)),
      format: 'hetong-compiled-template/1',
    });
    expect(() => deserializeCompiledTemplate(v1)).toThrow(
      expect.objectContaining({ code: 'TEMPLATE_COMPILED_OUTDATED' }),
    );
    const old = outdatedCompiledTemplate(v1)!;
    expect(old.fields.map((f) => f.name)).toEqual(['no']);
    expect(old.doc.body.length).toBe(base.doc.body.length);
    // A current template, or garbage, is not "outdated".
    expect(outdatedCompiledTemplate(serializeCompiledTemplate(base))).toBeUndefined();
    expect(outdatedCompiledTemplate('{')).toBeUndefined();
  });
});

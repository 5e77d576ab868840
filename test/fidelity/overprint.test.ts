/**
 * No text printed over text (issue 13): every document of the fidelity suite (cases.ts: the
 * fixtures, the documents other producers wrote, the standard contract) is rendered by our engine
 * and the boxes of its words are checked pairwise (src/render/typst/testing/overlap.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileTemplate, RenderEngine } from '../../src/render/index.js';
import { describeOverprints, pdfOverprints } from '../../src/render/typst/testing/overlap.js';
import { CASES } from './cases.js';

describe('no word is printed over another', () => {
  const engine = new RenderEngine({ workers: 1 });
  beforeAll(() => engine.ready(), 120_000);
  afterAll(() => engine.close());

  for (const f of CASES) {
    it(f.name, async () => {
      const { docx, data, delimiters } = f.load();
      const compiled = await compileTemplate(docx, delimiters ? { delimiters } : {});
      const out = await engine.renderPdf(compiled, data, {});
      const overprints = pdfOverprints(out.pdf);
      expect(overprints, describeOverprints(overprints)).toEqual([]);
    }, 120_000);
  }
});

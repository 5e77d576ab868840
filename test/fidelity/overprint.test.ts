/**
 * No text printed over text (issue 13): every document of the fidelity suite (cases.ts: the
 * fixtures, the documents other producers wrote, the standard contract) is rendered by our engine
 * and the boxes of its words are checked pairwise, and against the pictures on its pages
 * (src/render/typst/testing/overlap.ts). Only a picture the document itself puts over its text
 * (Fixture.picturesOverText: a seal, a watermark) may cover words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileTemplate, RenderEngine } from '../../src/render/index.js';
import { describeOverprints, pdfOverprints } from '../../src/render/typst/testing/overlap.js';
import { CASES } from './cases.js';

describe('no word is printed over another, no picture over a word', () => {
  const engine = new RenderEngine({ workers: 1 });
  beforeAll(() => engine.ready(), 120_000);
  afterAll(() => engine.close());

  for (const f of CASES) {
    it(
      f.name,
      async () => {
        const { docx, data, delimiters } = f.load();
        const compiled = await compileTemplate(docx, delimiters ? { delimiters } : {});
        const out = await engine.renderPdf(compiled, data, {});
        const exempt = f.picturesOverText ?? [];
        const overprints = pdfOverprints(out.pdf).filter(
          ({ b }) =>
            'text' in b ||
            !exempt.some(
              (e) => Math.abs(b.xMax - b.xMin - e.width) < 0.5 && Math.abs(b.yMax - b.yMin - e.height) < 0.5,
            ),
        );
        expect(overprints, describeOverprints(overprints)).toEqual([]);
      },
      120_000,
    );
  }
});

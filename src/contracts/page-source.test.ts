import { describe, expect, it } from 'vitest';
import { pageSource } from './page-source.js';

const template = (pages: number, revision = 0) => ({ templateVersionId: 'tplv_1', pages, revision });
const policy = { pdfAbovePages: 40, typstPageLimit: 200 };

describe('pageSource', () => {
  it('draws an uploaded PDF from its current revision, seals signed so far included', () => {
    expect(pageSource({ templateVersionId: null, pages: 3, revision: 2 }, policy, true)).toEqual({
      from: 'pdf',
      revision: 2,
    });
  });

  it('runs Typst up to pdfAbovePages, then draws the PDF as created (whatever its revision)', () => {
    expect(pageSource(template(40), policy, true)).toEqual({ from: 'typst' });
    expect(pageSource(template(41, 3), policy, true)).toEqual({ from: 'pdf', revision: null });
    expect(pageSource(template(5_000), policy, true)).toEqual({ from: 'pdf', revision: null });
  });

  it('without pdftoppm runs Typst up to typstPageLimit and refuses longer documents with 413', () => {
    expect(pageSource(template(41), policy, false)).toEqual({ from: 'typst' });
    expect(pageSource(template(200), policy, false)).toEqual({ from: 'typst' });
    expect(() => pageSource(template(201), policy, false)).toThrow(
      expect.objectContaining({
        code: 'PREVIEW_TOO_LARGE',
        status: 413,
        details: { pages: 201, limit: 200 },
      }),
    );
  });
});

/**
 * The documents of the fidelity comparison: the hand-written WordprocessingML fixtures
 * (test/fixtures/docx, one Word feature area each; 15-vml and 16-wps in the shapes older Word and
 * WPS Office write), documents written by other producers —
 * LibreOffice Writer's Word export (test/fixtures/docx/authored) — and the standard benchmark
 * contract (../shared/bench).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FIXTURES } from '../fixtures/docx/index.js';
import { STANDARD_DATA, STANDARD_DOCX } from '../shared-bench.js';

export interface FidelityCase {
  name: string;
  /** Pages of the LibreOffice reference; ours must match unless `pageNote` says why not. */
  pages: number;
  pageNote?: string;
  /** Pictures allowed over words (Fixture.picturesOverText). */
  picturesOverText?: Array<{ width: number; height: number; why: string }>;
  /** A lower token similarity than the suite's MIN_RATIO, and why (Fixture.minRatio). */
  minRatio?: { ratio: number; why: string };
  load(): { docx: Uint8Array; data: unknown; delimiters?: { start: string; end: string } };
}

const fixtureDir = fileURLToPath(new URL('../fixtures/docx/', import.meta.url));

function fromFixtureDir(name: string, delimiters?: { start: string; end: string }): FidelityCase['load'] {
  return () => ({
    docx: new Uint8Array(readFileSync(`${fixtureDir}${name}.docx`)),
    data: JSON.parse(readFileSync(`${fixtureDir}${name}.data.json`, 'utf8')) as unknown,
    ...(delimiters ? { delimiters } : {}),
  });
}

export const CASES: FidelityCase[] = [
  ...FIXTURES.map((f) => ({
    name: f.name,
    pages: f.pages,
    ...(f.pageNote !== undefined ? { pageNote: f.pageNote } : {}),
    ...(f.picturesOverText !== undefined ? { picturesOverText: f.picturesOverText } : {}),
    ...(f.minRatio !== undefined ? { minRatio: f.minRatio } : {}),
    load: fromFixtureDir(f.name),
  })),
  // Writer's export: its own style names (TextBody, TableContents), direct w:jc over a style's,
  // outline numbering "第%1条" on Heading 1, a (%1) list in taiwaneseCountingThousand with a tab
  // suffix, header rows with vMerge/gridSpan, a centred table, a dotted right tab stop, a tag
  // split by a bold run, italics, PAGE/NUMPAGES fields, a page break inside a paragraph, a
  // footnote with a tag.
  { name: '10-writer-authored', pages: 3, load: fromFixtureDir('10-writer-authored') },
  // Writer again, tags in {{ }}: first-page and left/right headers, a landscape page between
  // portrait ones, at-least and 1.5 line spacing, paragraph border and shading around a floating
  // picture (mc:AlternateContent, top-and-bottom wrap), strike, super/subscript, highlight, an
  // inline picture, a nested table, Wingdings bullets, a loop over several paragraphs whose
  // closing paragraph carries the section break, an image tag, an HTML tag, a condition and a
  // text box with tags.
  {
    name: '11-writer-features',
    pages: 6,
    load: fromFixtureDir('11-writer-features', { start: '{{', end: '}}' }),
  },
  {
    name: 'standard-contract',
    pages: 3,
    load: () => ({
      docx: new Uint8Array(readFileSync(STANDARD_DOCX)),
      data: (JSON.parse(readFileSync(STANDARD_DATA, 'utf8')) as unknown[])[0],
    }),
  },
];

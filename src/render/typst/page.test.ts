import { beforeAll, describe, expect, it } from 'vitest';
import type { Block, Inline, SectionProps, TemplateDocument } from '../model.js';
import { shippedFonts } from '../fonts/index.js';
import { generateProgram } from './codegen.js';
import { TypstRunner } from './runner.js';
import * as ir from './testing/ir.js';
import { pdfText, pdfWords } from './testing/pdf-tools.js';

let runner: TypstRunner;
let n = 0;
beforeAll(() => {
  runner = new TypstRunner(shippedFonts().map((f) => f.bytes));
}, 60_000);

/** The text of each page, whitespace removed. */
function pages(doc: TemplateDocument, data: unknown = {}): string[] {
  const { program, modules, assets } = generateProgram(doc);
  const r = runner.run({
    programId: `p${++n}`,
    program,
    modules,
    assets,
    data: JSON.stringify(data),
    format: 'pdf',
  });
  return pdfText(r.pdf!)
    .split('\f')
    .slice(0, r.pageCount)
    .map((t) => t.replace(/\s+/g, ''));
}

const header = (t: string): SectionProps['headers'] => ({ default: [ir.para(t)] });
const pageField: Block = ir.para([ir.text('p'), { type: 'field', field: 'page', props: ir.runProps() }]);
const brk = (section: SectionProps): Block => ({ type: 'sectionBreak', section });
const loop = (name: string, children: Block[], closingBreak = false): Block => ({
  type: 'section',
  inverted: false,
  path: [name],
  name,
  children,
  ...(closingBreak ? { closingBreak } : {}),
});

describe('sections repeated by a loop (docxtemplater)', () => {
  const item = ir.sectionProps({
    headers: header('ITEM'),
    footers: { default: [pageField] },
    pageNumberStart: 1,
  });
  const last = ir.sectionProps({ headers: header('LAST'), footers: { default: [pageField] } });
  const body = (closing: boolean) => [
    ir.para('cover'),
    brk(ir.sectionProps({ headers: header('COVER') })),
    loop('items', [ir.para([ir.text('item '), ir.value('name')]), brk(item)], closing),
    ir.para('end'),
  ];

  it('gives each item its section: header, footer and page numbers restarting at 1', () => {
    const out = pages(ir.doc(body(false), { finalSection: last }), { items: [{ name: 'A' }, { name: 'B' }] });
    expect(out).toEqual(['COVERcover', 'ITEMitemAp1', 'ITEMitemBp1', 'LASTendp2']);
  });

  it('drops the break when the loop shows nothing, unless it came with the closing tag', () => {
    expect(pages(ir.doc(body(false), { finalSection: last }), { items: [] })).toEqual([
      'COVERcover',
      'LASTendp2',
    ]);
    // The kept break ends a section holding one empty paragraph, as docxtemplater writes it.
    expect(pages(ir.doc(body(true), { finalSection: last }), { items: [] })).toEqual([
      'COVERcover',
      'ITEMp1',
      'LASTendp2',
    ]);
  });
});

describe('section breaks', () => {
  it('odd and even page starts go by the page number, with a blank page where the parity needs one', () => {
    const restart = ir.sectionProps({ footers: { default: [pageField] }, pageNumberStart: 1 });
    const odd = ir.sectionProps({ footers: { default: [pageField] }, start: 'oddPage' });
    const even = ir.sectionProps({ footers: { default: [pageField] }, start: 'evenPage' });
    const doc = ir.doc(
      [
        ir.para('one'),
        brk(ir.sectionProps()),
        ir.para('two'),
        brk(restart),
        ir.para('three'),
        brk(odd),
        ir.para('four'),
      ],
      {
        finalSection: even,
      },
    );
    // "two" restarts at 1; "three" needs an odd number, so number 2 is a blank page (with the
    // odd section's footer); "four" then starts on number 4, even: no blank page.
    expect(pages(doc)).toEqual(['one', 'twop1', 'p2', 'threep3', 'fourp4']);
  });

  it('SECTIONPAGES counts the pages of the section, NUMPAGES those of the document', () => {
    const field = (f: 'page' | 'sectionpages' | 'numpages'): Inline => ({
      type: 'field',
      field: f,
      props: ir.runProps(),
    });
    const slash = ir.text('/');
    const footer = [ir.para([field('page'), slash, field('sectionpages'), slash, field('numpages')])];
    const s = ir.sectionProps({ footers: { default: footer }, pageNumberStart: 1 });
    const twoPages = ir.para([ir.text('a'), { type: 'break', kind: 'page' }, ir.text('b')]);
    const doc = ir.doc([twoPages, brk(s), ir.para('c')], { finalSection: s });
    expect(pages(doc)).toEqual(['a1/2/3', 'b2/2/3', 'c1/1/3']);
  });

  it('a continuous break with the same page keeps the page and changes the columns', () => {
    const twoCols = ir.sectionProps({
      start: 'continuous',
      columns: 2,
      columnGap: 20,
      columnSeparator: true,
    });
    const doc = ir.doc(
      [
        ir.para('Before'),
        brk(ir.sectionProps({ headers: header('HEAD') })),
        ir.para('Left'),
        ir.para([ir.text('x'), { type: 'break', kind: 'column' }, ir.text('Right')]),
        brk(twoCols),
        ir.para('After'),
      ],
      { finalSection: ir.sectionProps({ start: 'continuous', headers: header('HEAD') }) },
    );
    // One page, whose header is the one of the section the page starts in.
    const [page, ...more] = pages(doc);
    expect(more).toEqual([]);
    expect(page).toMatch(/^HEADBefore/);
    const { program, modules, assets } = generateProgram(doc);
    const r = runner.run({ programId: `p${++n}`, program, modules, assets, data: '{}', format: 'pdf' });
    const w = (t: string) => pdfWords(r.pdf!).find((x) => x.text === t)!;
    // The column break sends "Right" to the second column, level with "Left"; "After" is below both.
    expect(w('Right').xMin).toBeGreaterThan(w('Left').xMin + 200);
    expect(Math.abs(w('Right').yMin - w('Left').yMin)).toBeLessThan(2);
    expect(w('After').yMin).toBeGreaterThan(w('x').yMin);
    expect(w('After').xMin).toBeCloseTo(w('Left').xMin, 0);
  });
  it('lays columns of different widths out equal, with a warning and the mean gap', () => {
    const s = ir.sectionProps({
      columns: 2,
      columnGap: 21,
      columnWidths: [
        { width: 150, space: 30 },
        { width: 265, space: 0 },
      ],
    });
    const { program, warnings } = generateProgram(ir.doc([ir.para('x')], { finalSection: s }));
    expect(program).toContain('columns(2, gutter: 30pt');
    expect(warnings.map((w) => w.code)).toContain('SECTION_COLUMNS_UNEQUAL');
  });
  it('balances the columns of a section that a continuous break ends, as Word does', () => {
    const twoCols = ir.sectionProps({ start: 'continuous', columns: 2, columnGap: 20 });
    const long = Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ');
    const doc = ir.doc(
      [ir.para('Before'), brk(ir.sectionProps()), ir.para(long), brk(twoCols), ir.para('After')],
      {
        finalSection: ir.sectionProps({ start: 'continuous' }),
      },
    );
    const { program, modules, assets } = generateProgram(doc);
    const r = runner.run({ programId: `p${++n}`, program, modules, assets, data: '{}', format: 'pdf' });
    expect(r.pageCount).toBe(1);
    const words = pdfWords(r.pdf!);
    const mid = (words.find((w) => w.text === 'w0')!.xMin + 595.3) / 2;
    const bottom = (left: boolean) =>
      Math.max(...words.filter((w) => /^w\d/.test(w.text) && w.xMin < mid === left).map((w) => w.yMax));
    const line = 12 * 1.3;
    // Both columns end within two lines of each other, and the text after them follows at once.
    expect(Math.abs(bottom(true) - bottom(false))).toBeLessThanOrEqual(2 * line + 1);
    const after = words.find((w) => w.text === 'After')!;
    expect(after.yMin).toBeGreaterThan(Math.max(bottom(true), bottom(false)) - 1);
    expect(after.yMin - Math.max(bottom(true), bottom(false))).toBeLessThan(3 * line);
  });
});

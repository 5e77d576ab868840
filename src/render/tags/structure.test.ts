import { describe, expect, it } from 'vitest';
import { HetongError } from '../../shared/errors.js';
import type { Block, Table } from '../model.js';
import { applyTags } from './index.js';
import { docOf, irBlocks, para, tableOf, SECTION, type SpecBlock } from './testing/ir.js';

function structure(spec: SpecBlock[]): Block[] {
  return applyTags(docOf(irBlocks(spec))).doc.body;
}

function problemsOf(spec: SpecBlock[], delimiters?: { start: string; end: string }) {
  try {
    applyTags(docOf(irBlocks(spec)), delimiters ? { delimiters } : undefined);
  } catch (e) {
    expect(e).toBeInstanceOf(HetongError);
    const err = e as HetongError;
    expect(err.code).toBe('TEMPLATE_TAG_INVALID');
    expect(err.status).toBe(422);
    return (err.details as { problems: { where: string; message: string }[] }).problems;
  }
  throw new Error('expected TEMPLATE_TAG_INVALID');
}

describe('applyTags structure', () => {
  it('turns value, image and html tags into their nodes', () => {
    const [p] = structure([['{a} {%seal} {~clause}']]);
    expect(p).toMatchObject({
      type: 'paragraph',
      children: [
        { type: 'value', name: 'a', path: ['a'], where: 'body paragraph 1' },
        { type: 'text', text: ' ' },
        { type: 'imageValue', name: 'seal' },
        { type: 'text', text: ' ' },
        { type: 'htmlValue', name: 'clause' },
      ],
    });
  });

  it('makes an InlineSection for open and close in one paragraph, nested, with {/} closing the innermost', () => {
    const [p] = structure([['x{#a}y{^b}z{/}w{/a}v']]);
    expect(p).toMatchObject({
      children: [
        { type: 'text', text: 'x' },
        {
          type: 'section',
          name: 'a',
          inverted: false,
          children: [
            { text: 'y' },
            { type: 'section', name: 'b', inverted: true, children: [{ text: 'z' }] },
            { text: 'w' },
          ],
        },
        { type: 'text', text: 'v' },
      ],
    });
  });

  it('makes a BlockSection over paragraphs, dropping tag-only paragraphs and keeping text around the tags', () => {
    const body = structure([
      ['before'],
      ['{#items}'],
      ['{name}'],
      ['{/items}'],
      ['head {#more}first'],
      ['mid'],
      ['last{/more} tail'],
    ]);
    expect(body.map((b) => b.type)).toEqual(['paragraph', 'section', 'paragraph', 'section', 'paragraph']);
    expect(body[1]).toMatchObject({
      type: 'section',
      name: 'items',
      children: [{ type: 'paragraph', children: [{ type: 'value', name: 'name' }] }],
    });
    expect((body[1] as { children: Block[] }).children).toHaveLength(1);
    expect(body[2]).toMatchObject({ children: [{ text: 'head ' }] });
    expect(body[3]).toMatchObject({
      children: [
        { children: [{ text: 'first' }] },
        { children: [{ text: 'mid' }] },
        { children: [{ text: 'last' }] },
      ],
    });
    expect(body[4]).toMatchObject({ children: [{ text: ' tail' }] });
  });

  it('nests block sections and a closing paragraph that opens the next section', () => {
    const body = structure([['{#a}'], ['{#b}'], ['x'], ['{/b}{/a}{#c}'], ['y'], ['{/c}']]);
    expect(body).toMatchObject([
      {
        type: 'section',
        name: 'a',
        children: [{ type: 'section', name: 'b', children: [{ type: 'paragraph' }] }],
      },
      { type: 'section', name: 'c', children: [{ type: 'paragraph', children: [{ text: 'y' }] }] },
    ]);
  });

  it('makes a RowSection for the fee table, below a header row with merged cells', () => {
    const t = tableOf([
      [[para('fees')]],
      [[para('{#items}{idx}')], [para('{name}')], [para('{total}{/items}')]],
      [[para('sum')], [para('')], [para('{amount}')]],
    ]);
    const header = t.rows[0];
    if (header?.type === 'row') header.cells[0]!.props = { ...header.cells[0]!.props, gridSpan: 3 };
    const [table] = applyTags(docOf([t])).doc.body as [Table];
    expect(table.rows.map((r) => r.type)).toEqual(['row', 'rowSection', 'row']);
    expect(table.rows[0]).toMatchObject({ cells: [{ props: { gridSpan: 3 } }] });
    const section = table.rows[1]!;
    expect(section).toMatchObject({ type: 'rowSection', name: 'items', where: 'table 1 row 2 cell 1' });
    expect(section.type === 'rowSection' && section.rows).toMatchObject([
      {
        type: 'row',
        cells: [
          { blocks: [{ children: [{ type: 'value', name: 'idx' }] }] },
          {},
          { blocks: [{ children: [{ type: 'value', name: 'total' }] }] },
        ],
      },
    ]);
  });

  it('makes a RowSection over several rows, and nested row sections over the same rows', () => {
    const [table] = structure([
      {
        table: [
          [[['{#a}{#b}x']], [['y']]],
          [[['z']], [['{/b}{/a}']]],
        ],
      },
    ]) as [Table];
    expect(table.rows).toMatchObject([
      {
        type: 'rowSection',
        name: 'a',
        rows: [{ type: 'rowSection', name: 'b', rows: [{ type: 'row' }, { type: 'row' }] }],
      },
    ]);
  });

  it('structures tags in headers and footers', () => {
    const doc = docOf([para('{body}')], {
      headers: { default: [para('{#h}'), para('{title}'), para('{/h}')] },
      footers: { first: [para('{no}')] },
    });
    const { doc: out, fields } = applyTags(doc);
    expect(out.finalSection.headers.default).toMatchObject([{ type: 'section', name: 'h' }]);
    expect(out.finalSection.footers.first).toMatchObject([
      { children: [{ type: 'value', name: 'no', where: 'footer (first) paragraph 1' }] },
    ]);
    expect(fields.map((f) => f.name)).toEqual(['body', 'h', 'no']);
  });

  it('turns a lone {~~x} into an HtmlBlock with the paragraph props', () => {
    const body = structure([['  {~~clause} '], ['{#a}{~~inner}'], ['{/a}']]);
    expect(body).toMatchObject([
      { type: 'htmlBlock', name: 'clause', props: { align: 'left' } },
      { type: 'section', children: [{ type: 'htmlBlock', name: 'inner' }] },
    ]);
  });

  it('applies custom delimiters', () => {
    const { doc } = applyTags(docOf([para('{{name}} {not a tag} ${x}')]), {
      delimiters: { start: '{{', end: '}}' },
    });
    expect(doc.body[0]).toMatchObject({
      children: [
        { type: 'value', name: 'name' },
        { type: 'text', text: ' {not a tag} ${x}' },
      ],
    });
  });

  it('lists every tag problem at once, with readable places', () => {
    const problems = problemsOf([
      ['{#open}'], // never closed
      ['{/nothing}'], // closes a section that was never opened… (after open: mismatch)
      ['{}', '{@x}'],
      ['text {~~html}'],
      ['{#a}{#b}{/a}{/b}'],
      { table: [[[['{#cross}']], [['{x']]]] },
      ['{/cross}'],
    ]);
    const summary = problems.map((p) => `${p.where}: ${p.message}`);
    expect(summary).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^body paragraph 1: \{#open\} is never closed/),
        expect.stringMatching(/^body paragraph 2: \{\/nothing\} does not match the open \{#open\}/),
        expect.stringMatching(/^body paragraph 3: tag "" has no name/),
        expect.stringMatching(/^body paragraph 3: unknown tag prefix "@"/),
        expect.stringMatching(/^body paragraph 4: \{~~html\} must stand alone/),
        expect.stringMatching(/^body paragraph 5: \{\/a\} crosses \{#b\}/),
        expect.stringMatching(/^table 1 row 1 cell 2: tag opened near "\{x" is not closed/),
        expect.stringMatching(
          /^table 1 row 1 cell 1: \{#cross\} opens and its closing tag \(in body paragraph 6\) is at another level/,
        ),
      ]),
    );
    expect(problems.length).toBeGreaterThanOrEqual(8);
  });

  it('names tags with their own delimiters in problems', () => {
    const problems = problemsOf([['${#a}'], { table: [[[['${/a}']]]] }], { start: '${', end: '}' });
    expect(problems).toEqual([
      {
        where: 'body paragraph 1',
        message: expect.stringMatching(
          /^\$\{#a\} opens and its closing tag \(in table 1 row 1 cell 1\) is at another level/,
        ),
      },
    ]);
  });

  it('refuses bad delimiters', () => {
    expect(() => applyTags(docOf([]), { delimiters: { start: '', end: '}' } })).toThrow(/delimiters/);
  });
  it('puts the section break of the closing paragraph inside the loop when loop text precedes the tag', () => {
    const brk: Block = { type: 'sectionBreak', section: SECTION };
    const withText = applyTags(
      docOf([para('{#items}'), para('item'), para('end{/items}'), brk, para('after')]),
    ).doc.body;
    expect(withText.map((b) => b.type)).toEqual(['section', 'paragraph']);
    expect(withText[0]).toMatchObject({ closingBreak: true });
    expect((withText[0] as { children: Block[] }).children.map((b) => b.type)).toEqual([
      'paragraph',
      'paragraph',
      'sectionBreak',
    ]);
    // A closing paragraph holding nothing but the tag is dropped; its break stays after the loop.
    const tagOnly = applyTags(docOf([para('{#items}'), para('item'), para('{/items}'), brk, para('after')]))
      .doc.body;
    expect(tagOnly.map((b) => b.type)).toEqual(['section', 'sectionBreak', 'paragraph']);
    expect(tagOnly[0]).not.toHaveProperty('closingBreak');
  });
});

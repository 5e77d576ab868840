import { describe, expect, it } from 'vitest';
import { HetongError } from '../../shared/errors.js';
import type { Block, Inline } from '../model.js';
import { applyTags, expandDocument } from './index.js';
import { endsInsideTag, isOpen, joinSplitTags } from './join.js';
import { DEFAULT_DELIMITERS } from './lexer.js';
import { docOf, irBlocks, irText, para, RUN, tableOf, text } from './testing/ir.js';

const D = DEFAULT_DELIMITERS;
const br: Inline = { type: 'break', kind: 'line' };

describe('tags across paragraphs (docxtemplater droppedTagsInsidePlaceholder)', () => {
  it('knows when a paragraph ends inside a tag', () => {
    expect(isOpen('a {b} {c', D)).toBe(true);
    expect(isOpen('a {b} c}', D)).toBe(false);
    expect(isOpen('no tag', D)).toBe(false);
    expect(isOpen('{{a}} {{b', { start: '{{', end: '}}' })).toBe(true);
    expect(endsInsideTag([text('{na'), br], D)).toBe(true);
    expect(endsInsideTag([text('{na'), { type: 'tab', props: RUN }], D)).toBe(false);
  });

  it('joins the paragraphs a tag spans into the first, keeping others as they are', () => {
    const blocks = irBlocks([['before'], ['甲方：{part'], ['y'], ['A}，签约'], ['after {x}']]);
    const { blocks: out, joined } = joinSplitTags(blocks, D);
    expect(out).toHaveLength(3);
    expect(out[0]).toBe(blocks[0]);
    expect(out[2]).toBe(blocks[4]);
    expect(joined).toEqual(new Map([[1, 3]]));
    expect(joinSplitTags(irBlocks([['{a}'], ['b']]), D).joined.size).toBe(0);
  });

  it('fills a value tag split over paragraphs and line breaks, in the body and in cells', () => {
    const { doc } = applyTags(
      docOf([
        para('合同编号：{contract'),
        para(text('N'), br, text('o}。')),
        tableOf([[[para('{#ite'), para('ms}[{.}]{/items}')]]]),
      ]),
    );
    const out = expandDocument(doc, { contractNo: 'HT-1', items: ['x', 'y'] });
    expect(irText(out.body)).toBe('合同编号：HT-1。\n[x][y]\n|/');
  });

  it('counts the paragraphs of the .docx in locations after a join', () => {
    try {
      applyTags(docOf(irBlocks([['{a'], ['b}'], ['ok'], ['{@bad}']])));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HetongError);
      const problems = (e as HetongError).details as { problems: { where: string }[] };
      expect(problems.problems.map((p) => p.where)).toEqual(['body paragraph 4']);
    }
  });

  it('still refuses a tag that never closes', () => {
    const blocks: Block[] = irBlocks([['{a'], ['b']]);
    expect(() => applyTags(docOf(blocks))).toThrow(/not closed/);
  });
});

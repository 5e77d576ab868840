import fc from 'fast-check';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildDocx, p } from '../docx/testing/build-docx.js';
import { fillTemplate } from './fill.js';
import { keepSectionBreaks } from './section-breaks.js';

const landscape = '<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/></w:sectPr>';
const withBreak = (text: string) => p(text, { pPr: landscape });

describe('section breaks on loop-tag paragraphs (docxtemplater route)', () => {
  it('moves the sectPr of a tags-only paragraph into an empty paragraph after it', () => {
    const xml = p('{#items}') + p('{name}') + withBreak('{/items}') + p('附件');
    const out = keepSectionBreaks(xml, { start: '{', end: '}' });
    expect(out).toBe(
      p('{#items}') +
        p('{name}') +
        withBreak('{/items}').replace(landscape, '') +
        `<w:p><w:pPr>${landscape}</w:pPr></w:p>` +
        p('附件'),
    );
  });

  it('leaves the sectPr of a paragraph with text, and honours other delimiters', () => {
    for (const t of ['第{n}部分{/items}', '{#a}甲方{/a}', '{^x}乙{name}']) {
      const text = withBreak(t);
      expect(keepSectionBreaks(text, { start: '{', end: '}' })).toBe(text);
    }
    const curly = withBreak('{{/items}}');
    expect(keepSectionBreaks(curly, { start: '{', end: '}' })).toBe(curly);
    expect(keepSectionBreaks(curly, { start: '{{', end: '}}' })).not.toBe(curly);
  });

  it('keeps the section of a loop whose closing paragraph ends it, through docxtemplater', () => {
    const docx = buildDocx({ body: p('{#items}') + p('{name}') + withBreak('{/items}') + p('附件') });
    const filled = unzipSync(fillTemplate(docx, { items: [{ name: '甲' }, { name: '乙' }] }));
    const doc = strFromU8(filled['word/document.xml']!);
    expect(doc.match(/w:orient="landscape"/g)).toHaveLength(1);
    expect(doc.indexOf('乙')).toBeLessThan(doc.indexOf('landscape'));
    expect(doc.indexOf('landscape')).toBeLessThan(doc.indexOf('附件'));
  });
});

describe('keepSectionBreaks (property)', () => {
  it('keeps every sectPr and every text, whatever the paragraphs hold', () => {
    const texts = [
      '{#items}',
      '{/items}',
      '{^x}',
      '{name}',
      '第{n}部分',
      '  {/x} ',
      '',
      '{#a}{/a}',
      '甲方',
      '{#a}甲方{/a}',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.record({ text: fc.constantFrom(...texts), sect: fc.boolean() }), { maxLength: 12 }),
        (paras) => {
          const xml = paras.map((x) => (x.sect ? withBreak(x.text) : p(x.text))).join('');
          const out = keepSectionBreaks(xml, { start: '{', end: '}' });
          const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;
          expect(count(out, /<w:sectPr\b/g)).toBe(count(xml, /<w:sectPr\b/g));
          const text = (s: string) =>
            [...s.matchAll(/<w:t\b[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('|');
          expect(text(out)).toBe(text(xml));
          // No sectPr is left in a paragraph that holds only section tags.
          for (const para of out.match(/<w:p\b[\s\S]*?<\/w:p>/g) ?? []) {
            const t = text(para).replace(/\|/g, '');
            if (/^\s*(\{[#/^][^}]*\}\s*)+$/.test(t)) expect(para).not.toContain('<w:sectPr');
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

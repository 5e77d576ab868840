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
    const text = withBreak('第{n}部分{/items}');
    expect(keepSectionBreaks(text, { start: '{', end: '}' })).toBe(text);
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

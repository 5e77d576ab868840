import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlToBlocks, htmlToRuns } from './html-to-wml.js';
import { mergeRunProps } from './run-props.js';
import { escapeXml } from './wml.js';

const noImages = () => '';
/** The visible text of WordprocessingML: w:t contents, w:br as newline, entities decoded. */
function textOf(xml: string): string {
  return [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>|<w:br\/>/g)]
    .map((m) => (m[1] === undefined ? '\n' : m[1]))
    .join('')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

describe('htmlToRuns', () => {
  it('maps b/i/u/s/span colour and size to run properties on top of the tag run style', () => {
    const xml = htmlToRuns(
      'a<b>B</b><i>I</i><u>U</u><s>S</s><span style="color:#c00;font-size:14pt">C</span>',
      '<w:rFonts w:eastAsia="宋体"/><w:sz w:val="24"/>',
      noImages,
    );
    expect(textOf(xml)).toBe('aBIUSC');
    expect(xml).toContain(
      '<w:rPr><w:rFonts w:eastAsia="宋体"/><w:b/><w:bCs/><w:sz w:val="24"/></w:rPr><w:t xml:space="preserve">B</w:t>',
    );
    expect(xml).toContain('<w:i/><w:iCs/>');
    expect(xml).toContain('<w:u w:val="single"/>');
    expect(xml).toContain('<w:strike/>');
    expect(xml).toContain('<w:color w:val="CC0000"/><w:sz w:val="28"/><w:szCs w:val="28"/>');
  });

  it('turns block boundaries and <br> into line breaks', () => {
    expect(textOf(htmlToRuns('<p>one</p><p>two<br>three</p>', '', noImages))).toBe('one\ntwo\nthree');
  });

  it('keeps any text verbatim (escaped once)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }).filter((s) => !/[\r\n]/.test(s)),
        (s) => {
          expect(textOf(htmlToRuns(escapeXml(s), '', noImages))).toBe(s);
        },
      ),
    );
  });
});

describe('htmlToBlocks', () => {
  it('writes one paragraph per block with the tag paragraph properties', () => {
    const xml = htmlToBlocks('<p>一</p><p>二</p>', '<w:pStyle w:val="Body"/>', '', noImages);
    expect(xml.match(/<w:p>/g)).toHaveLength(2);
    expect(xml.match(/<w:pStyle w:val="Body"\/>/g)).toHaveLength(2);
  });

  it('writes lists as labelled, indented paragraphs (nested lists one level deeper)', () => {
    const xml = htmlToBlocks('<ol><li>a</li><li>b<ul><li>c</li></ul></li></ol>', '', '', noImages);
    const paras = xml.split('</w:p>').filter(Boolean).map(textOf);
    expect(paras).toEqual(['1. a', '2. b', '• c']);
    expect(xml).toContain('w:left="420"');
    expect(xml).toContain('w:left="840"');
  });

  it('writes tables with colspan as gridSpan', () => {
    const xml = htmlToBlocks(
      '<table><tr><th>h1</th><th>h2</th></tr><tr><td colspan="2">x</td></tr></table>',
      '',
      '',
      noImages,
    );
    expect(xml).toContain('<w:tblGrid><w:gridCol w:w="4252"/><w:gridCol w:w="4252"/></w:tblGrid>');
    expect(xml).toContain('<w:gridSpan w:val="2"/>');
    expect(xml.match(/<w:tc>/g)).toHaveLength(3);
    expect(xml).toContain('<w:b/>'); // th is bold
  });

  it('hands <img> to the image placer and never produces an empty body', () => {
    const seen: string[] = [];
    const xml = htmlToBlocks('<p><img src="data:x" width="40"></p>', '', '', (src, w) => {
      seen.push(`${src}:${w}`);
      return '<w:r><w:drawing/></w:r>';
    });
    expect(seen).toEqual(['data:x:40']);
    expect(xml).toContain('<w:drawing/>');
    expect(htmlToBlocks('', '', '', noImages)).toBe('<w:p></w:p>');
  });
});

describe('mergeRunProps', () => {
  it('emits properties in CT_RPr schema order whatever the input order', () => {
    const merged = mergeRunProps('<w:sz w:val="21"/><w:rFonts w:ascii="Arial"/>', {
      bold: true,
      color: 'FF0000',
    });
    expect(merged).toBe(
      '<w:rFonts w:ascii="Arial"/><w:b/><w:bCs/><w:color w:val="FF0000"/><w:sz w:val="21"/>',
    );
  });
});

import { strFromU8, unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { buildDocx, p, r } from '../docx/testing/build-docx.js';
import { fillTemplate } from './fill.js';

function pngBase64(w: number, h: number): string {
  const img = new PNG({ width: w, height: h });
  img.data.fill(200);
  return PNG.sync.write(img).toString('base64');
}

function unpack(docx: Uint8Array): Record<string, string> {
  const files = unzipSync(docx);
  return Object.fromEntries(
    Object.entries(files).map(([k, v]) => [k, k.includes('media/') ? `<${v.length} bytes>` : strFromU8(v)]),
  );
}

/** A table whose body row repeats over `items` (tags in the first and last cell). */
const rowLoopTable =
  '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>' +
  `<w:tr><w:tc>${p('名称')}</w:tc><w:tc>${p('金额')}</w:tc></w:tr>` +
  `<w:tr><w:tc>${p('{#items}{name}')}</w:tc><w:tc>${p('{price}{/items}')}</w:tc></w:tr></w:tbl>`;

describe('fillTemplate (docxtemplater route)', () => {
  it('fills text, dotted paths and tags split over runs; missing values become empty', () => {
    const docx = buildDocx({
      body:
        p([
          r('甲方：{'),
          '<w:proofErr w:type="spellStart"/>',
          r('party'),
          r('A.na'),
          '<w:proofErr w:type="spellEnd"/>',
          r('me}'),
        ]) + p('传真：{fax}。'),
    });
    const doc = unpack(fillTemplate(docx, { partyA: { name: '上海浦江' } }))['word/document.xml']!;
    expect(doc).toContain('甲方：上海浦江');
    expect(doc).toContain('传真：。');
    expect(doc).not.toContain('{');
  });

  it('repeats table rows and paragraphs (paragraphLoop drops the tag-only paragraphs)', () => {
    const docx = buildDocx({ body: rowLoopTable + p('{#parts}') + p('第{n}部分') + p('{/parts}') });
    const doc = unpack(
      fillTemplate(docx, {
        items: [
          { name: '开发', price: '10' },
          { name: '测试', price: '20' },
          { name: '部署', price: '30' },
        ],
        parts: [{ n: '一' }, { n: '二' }],
      }),
    )['word/document.xml']!;
    expect(doc.match(/<w:tr>/g)).toHaveLength(4);
    expect(doc).toMatch(/开发[\s\S]*10[\s\S]*测试[\s\S]*20[\s\S]*部署[\s\S]*30/);
    expect(doc.match(/<w:p>/g)).toHaveLength(2 + 8); // two filled paragraphs, 4 rows x 2 cell paragraphs
    expect(doc).toContain('第一部分');
    expect(doc).toContain('第二部分');
  });

  it('places {%x} as an inline picture with its media part, relationship and content type', () => {
    const docx = buildDocx({
      body: p([r('盖章：', { bold: true }), r('{%seal}', { bold: true }), r('（完）')]),
    });
    const files = unpack(fillTemplate(docx, { seal: { data: pngBase64(80, 40), width: 60 } }));
    const doc = files['word/document.xml']!;
    // 60 CSS px = 45 pt wide, 22.5 pt high (2:1 kept), in EMU (12700 per pt).
    expect(doc).toContain('<wp:extent cx="571500" cy="285750"/>');
    expect(doc).toContain('r:embed="rIdHetongImage1"');
    // The picture run keeps the tag run's properties; the text after the tag stays in the document.
    expect(doc).toMatch(/盖章：<\/w:t><\/w:r>.*<w:r><w:rPr><w:b\/><\/w:rPr><w:drawing><wp:inline .*（完）/);
    expect(files['word/_rels/document.xml.rels']).toContain('Id="rIdHetongImage1"');
    expect(files['word/_rels/document.xml.rels']).toContain('Target="media/hetong-image1.png"');
    expect(files['word/media/hetong-image1.png']).toMatch(/bytes/);
    expect(files['[Content_Types].xml']).toContain('Extension="png"');
  });

  it('renders {~x} as runs and {~~x} as paragraphs replacing its own', () => {
    const docx = buildDocx({ body: p('约定：{~remark}。') + p('{~~terms}', { jc: 'both' }) });
    const doc = unpack(
      fillTemplate(docx, { remark: '<b>五日</b>内', terms: '<p>一</p><ul><li>二</li></ul>' }),
    )['word/document.xml']!;
    expect(doc).toContain('<w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">五日</w:t>');
    expect(doc).not.toContain('~~terms');
    expect(doc.match(/<w:jc w:val="both"\/>/g)).toHaveLength(2);
    expect(doc).toContain('• ');
  });

  it('accepts other delimiters', () => {
    const docx = buildDocx({ body: p('编号：{{no}}，{保留}') });
    const doc = unpack(fillTemplate(docx, { no: 'HT-1' }, { delimiters: { start: '{{', end: '}}' } }))[
      'word/document.xml'
    ]!;
    expect(doc).toContain('编号：HT-1，{保留}');
  });

  it('reports every tag problem at once with TEMPLATE_TAG_INVALID, and unreadable files with TEMPLATE_INVALID_DOCX', () => {
    const docx = buildDocx({ body: p('{#items}无结束') + p('{a') });
    let error: unknown;
    try {
      fillTemplate(docx, {});
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'TEMPLATE_TAG_INVALID', status: 400 });
    expect((error as { details: { problems: unknown[] } }).details.problems.length).toBeGreaterThanOrEqual(2);
    expect(() => fillTemplate(new TextEncoder().encode('not a zip'), {})).toThrow(
      expect.objectContaining({ code: 'TEMPLATE_INVALID_DOCX' }),
    );
  });
});

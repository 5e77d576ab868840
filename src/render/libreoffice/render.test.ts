/**
 * The docxtemplater + soffice route end to end. Needs LibreOffice: skipped only where soffice is
 * missing and CI is not 'true' (CI installs libreoffice-writer-nogui, so there it must run).
 */
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { pdfCharFonts, pdfImages, pdfPageCount, pdfText } from '../../../test/fidelity/pdf-tools.js';
import { buildDocx, p, r } from '../docx/testing/build-docx.js';
import { findSoffice, isLibreOfficeAvailable, renderWithLibreOffice, SofficeConverter } from './index.js';

const runLibreOffice = (await isLibreOfficeAvailable()) || process.env.CI === 'true';

function sealBase64(): string {
  const img = new PNG({ width: 64, height: 64 });
  for (let i = 0; i < img.data.length; i += 4) img.data.set([220, 20, 30, 255], i);
  return PNG.sync.write(img).toString('base64');
}

const song = { font: 'Times New Roman', eastAsiaFont: '宋体' };
const hei = { font: 'Arial', eastAsiaFont: '黑体', bold: true };
const template = buildDocx({
  body:
    p([r('技术服务合同', hei)], { jc: 'center' }) +
    p([r('甲方：{partyA.name}，乙方：{partyB}。', song)]) +
    '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>' +
    `<w:tr><w:tc>${p([r('{#items}{name}', song)])}</w:tc><w:tc>${p([r('{price}元{/items}', song)])}</w:tc></w:tr></w:tbl>` +
    p([r('盖章：', song), r('{%seal}', song)]),
});
const data = {
  partyA: { name: '上海浦江数字科技有限公司' },
  partyB: '北京云契信息技术有限公司',
  items: [
    { name: '需求调研', price: '10,000' },
    { name: '系统开发', price: '98,000' },
    { name: '驻场支持', price: '8,600' },
  ],
  seal: { data: sealBase64(), width: 72 },
};

describe.runIf(runLibreOffice)('renderWithLibreOffice', () => {
  let pdf: Uint8Array;

  it('fills the template and converts it: text, repeated rows, the seal image, Noto CJK fonts', async () => {
    pdf = await renderWithLibreOffice(template, data);
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
    const text = (await pdfText(pdf)).replace(/\s+/g, '');
    expect(text).toContain('甲方：上海浦江数字科技有限公司，乙方：北京云契信息技术有限公司。');
    // One table row per item, in order (pdftotext may read the tall seal line into the last row).
    expect(text).toMatch(/需求调研10,000元.*系统开发98,000元.*驻场支持/);
    expect(text).toContain('8,600元');
    expect(text).not.toContain('{');
    expect(await pdfPageCount(pdf)).toBe(1);
    const images = await pdfImages(pdf);
    expect(images).toHaveLength(1);
    expect(images[0]).toMatchObject({ page: 1, width: 64, height: 64 });
    // fonts.conf: 宋体 -> Noto Serif CJK, 黑体 -> Noto Sans CJK, for every Chinese character (never
    // a fallback such as DejaVu, no missing glyph). Latin text may take whatever metric face the
    // machine has for Times New Roman (LiberationSerif where fonts-liberation is installed).
    const chars = await pdfCharFonts(pdf);
    const han = chars.filter((c) => /\p{Script=Han}/u.test(c.char));
    const title = han.slice(0, 6);
    expect(title.map((c) => c.char).join('')).toBe('技术服务合同');
    for (const c of title) expect(c.font).toMatch(/^NotoSansCJK.*Bold/);
    const body = han.slice(6);
    expect(body.length).toBeGreaterThan(30);
    expect(body.filter((c) => !c.font.startsWith('NotoSerifCJK'))).toEqual([]);
    expect(chars.filter((c) => c.char === '\ufffd')).toEqual([]);
  });

  it('gives RENDER_TIMEOUT when soffice does not finish in time, and recovers', async () => {
    const converter = new SofficeConverter();
    await expect(converter.convert([template], 1)).rejects.toMatchObject({
      code: 'RENDER_TIMEOUT',
      status: 504,
    });
    await converter.close();
  });
});

describe('LibreOffice missing', () => {
  it('findSoffice returns null when nothing is on PATH', () => {
    expect(findSoffice({ PATH: '/nonexistent-dir' })).toBeNull();
  });

  it('a converter whose binary cannot start fails with RENDER_ENGINE_UNAVAILABLE (503)', async () => {
    const converter = new SofficeConverter({ binary: '/nonexistent-dir/soffice' });
    await expect(converter.convert([template])).rejects.toMatchObject({
      code: 'RENDER_ENGINE_UNAVAILABLE',
      status: 503,
    });
    await converter.close();
  });
});

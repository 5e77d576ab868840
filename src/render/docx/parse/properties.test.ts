import { describe, expect, it } from 'vitest';
import { buildDocx, p } from '../testing/build-docx.js';
import { parseDocx } from '../index.js';
import { parseXml } from '../intake/xml.js';
import { irText } from '../../tags/testing/ir.js';
import { boundText, contentOf, readCoreProperties, type BoundStores } from './properties.js';

const CORE = '{6C3C8BC8-F283-45AE-878A-BAB7291924A1}';
const xml = (s: string) => parseXml(s, 'test.xml', 64);
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

const core = xml(
  '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>合同 {no}</dc:title><dc:creator>甲</dc:creator>' +
    '<dc:subject> </dc:subject><cp:lastModifiedBy>x</cp:lastModifiedBy></cp:coreProperties>',
);
const stores: BoundStores = { byId: new Map([[CORE, core]]) };
const binding = (xpath: string, store = CORE) =>
  xml(`<w:dataBinding ${W} w:xpath="${xpath}" w:storeItemID="${store}"/>`);

describe('document properties (docProps/core.xml)', () => {
  it('reads the non-empty title, subject, creator, keywords and description', () => {
    expect(readCoreProperties(core)).toEqual({ title: '合同 {no}', creator: '甲' });
    expect(readCoreProperties(undefined)).toEqual({});
  });

  it('resolves bound paths by local name and position, by store id or by root element', () => {
    expect(boundText(stores, binding('/ns1:coreProperties[1]/ns0:title[1]'))).toBe('合同 {no}');
    expect(
      boundText(
        stores,
        binding('/ns1:coreProperties[1]/ns0:creator[1]', '{00000000-0000-0000-0000-000000000000}'),
      ),
    ).toBe('甲');
    for (const bad of [
      '/ns1:coreProperties[1]/ns0:title[2]',
      'ns0:title',
      '/ns1:coreProperties[1]/@x',
      '/other[1]/title[1]',
    ])
      expect(boundText(stores, binding(bad)), bad).toBeUndefined();
  });

  it('shows the bound text in a control instead of its cached runs; other controls keep theirs', () => {
    const sdt = (pr: string) =>
      xml(
        `<w:sdt ${W}><w:sdtPr>${pr}</w:sdtPr><w:sdtContent><w:r><w:rPr><w:b/></w:rPr><w:t>旧</w:t></w:r></w:sdtContent></w:sdt>`,
      );
    const bind = `<w:dataBinding w:xpath="/ns1:coreProperties[1]/ns0:title[1]" w:storeItemID="${CORE}"/>`;
    const shown = contentOf(sdt(bind), stores);
    expect(shown.children).toMatchObject([
      { name: 'w:r', children: [{ name: 'w:rPr' }, { name: 'w:t', children: ['合同 {no}'] }] },
    ]);
    for (const pr of ['', `${bind}<w:picture/>`, bind.replace('title', 'nothing')])
      expect(contentOf(sdt(pr), stores).children).toMatchObject([
        { name: 'w:r', children: [{}, { children: ['旧'] }] },
      ]);
    expect(contentOf(sdt(bind), undefined).children).toHaveLength(1);
  });

  it("parses a package: properties as containers, bound controls with the properties' text", () => {
    const doc = parseDocx(
      buildDocx({
        coreProperties: '<dc:title>合同 {no}</dc:title>',
        body:
          `<w:sdt><w:sdtPr><w:dataBinding w:xpath="/ns1:coreProperties[1]/ns0:title[1]" w:storeItemID="${CORE}"/></w:sdtPr>` +
          `<w:sdtContent>${p('旧标题')}</w:sdtContent></w:sdt>`,
      }),
    );
    expect(irText(doc.properties!.title!)).toBe('合同 {no}\n');
    expect(irText(doc.body).split('\n')[0]).toBe('合同 {no}');
  });
});

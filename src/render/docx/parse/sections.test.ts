import { describe, expect, it } from 'vitest';
import type { Block, Paragraph, SectionBreak } from '../../model.js';
import { parseDocx } from '../index.js';
import { buildDocx, field, inlineImage, p, r } from '../testing/build-docx.js';
import { pngImage } from '../testing/images.js';

const text = (blocks: Block[] | undefined): string =>
  (blocks ?? [])
    .map((b) =>
      (b as Paragraph).children
        .map((c) => (c.type === 'text' ? c.text : c.type === 'field' ? `[${c.field}]` : ''))
        .join(''),
    )
    .join('/');

describe('sections and headers (§17.6, §17.10)', () => {
  it('reads page setup, header/footer kinds and settings', () => {
    const doc = parseDocx(
      buildDocx({
        body: p('x'),
        headers: { default: p('H'), first: p('H1'), even: p('HE') },
        footers: { default: p([r('第 '), field('PAGE'), r(' 页 共 '), field('NUMPAGES'), r(' 页')]) },
        settings: '<w:evenAndOddHeaders/><w:defaultTabStop w:val="420"/>',
      }),
    );
    const s = doc.finalSection;
    expect(s).toMatchObject({
      pageWidth: 595.3,
      pageHeight: 841.9,
      orientation: 'portrait',
      margins: { top: 72, bottom: 72, left: 72, right: 72, header: 36, footer: 36, gutter: 0 },
      titlePage: true,
      start: 'nextPage',
      columns: 1,
    });
    expect([text(s.headers.default), text(s.headers.first), text(s.headers.even)]).toEqual(['H', 'H1', 'HE']);
    expect(text(s.footers.default)).toBe('第 [page] 页 共 [numpages] 页');
    expect(doc.settings).toEqual({ evenAndOddHeaders: true, defaultTabStop: 21 });
  });

  it('ends sections at paragraph sectPr and inherits missing header references from the previous section', () => {
    const sect1 =
      '<w:sectPr><w:headerReference w:type="default" r:id="rIdHdrDefault"/><w:footerReference w:type="default" r:id="rIdFtrDefault"/>' +
      '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="720" w:right="720" w:bottom="720" w:left="720" w:header="0" w:footer="0" w:gutter="0"/>' +
      '<w:pgNumType w:start="5" w:fmt="upperRoman"/><w:cols w:num="2"/><w:docGrid w:type="lines" w:linePitch="312"/></w:sectPr>';
    const sect2 =
      '<w:sectPr><w:footerReference w:type="default" r:id="rIdFtrFirst"/><w:type w:val="continuous"/><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>';
    const doc = parseDocx(
      buildDocx({
        body: `<w:p><w:pPr>${sect1}</w:pPr><w:r><w:t>one</w:t></w:r></w:p>` + p('two'),
        headers: { default: p('HEAD') },
        footers: { default: p('FOOT1'), first: p('FOOT2') },
        sectPr: sect2,
      }),
    );
    expect(doc.body.map((b) => b.type)).toEqual(['paragraph', 'sectionBreak', 'paragraph']);
    const first = (doc.body[1] as SectionBreak).section;
    expect(first).toMatchObject({
      orientation: 'landscape',
      pageWidth: 841.9,
      pageNumberStart: 5,
      pageNumberFormat: 'upperRoman',
      columns: 2,
      lineGrid: 15.6,
    });
    expect([text(first.headers.default), text(first.footers.default)]).toEqual(['HEAD', 'FOOT1']);
    const last = doc.finalSection;
    expect(last.start).toBe('continuous');
    expect(last.lineGrid).toBeUndefined();
    // No header reference in the last section: it keeps the previous one (§17.10.5).
    expect([text(last.headers.default), text(last.footers.default)]).toEqual(['HEAD', 'FOOT2']);
  });
});

describe('columns (§17.6.4)', () => {
  const cols = (xml: string) =>
    parseDocx(
      buildDocx({ body: p('x'), sectPr: `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>${xml}</w:sectPr>` }),
    ).finalSection;

  it('reads the number, the gap (720 twips by default) and the separator line', () => {
    expect(cols('<w:cols w:num="2" w:space="425" w:sep="1"/>')).toMatchObject({
      columns: 2,
      columnGap: 21.25,
      columnSeparator: true,
    });
    const plain = cols('<w:cols w:num="3"/>');
    expect(plain).toMatchObject({ columns: 3, columnGap: 36 });
    expect(plain.columnSeparator).toBeUndefined();
    // One column: nothing more; a hostile count is capped at Word's 45.
    expect(cols('<w:cols w:space="425"/>')).toEqual(expect.objectContaining({ columns: 1 }));
    expect(cols('<w:cols w:space="425"/>').columnGap).toBeUndefined();
    expect(cols('<w:cols w:num="100000"/>').columns).toBe(45);
  });

  it('reads columns of their own widths (w:equalWidth="0")', () => {
    const s = cols(
      '<w:cols w:num="2" w:space="425" w:equalWidth="0"><w:col w:w="3000" w:space="600"/><w:col w:w="5000"/></w:cols>',
    );
    expect(s).toMatchObject({
      columns: 2,
      columnWidths: [
        { width: 150, space: 30 },
        { width: 250, space: 0 },
      ],
    });
  });
});

describe('header and footer parts', () => {
  it('resolve their pictures through their own relationships part', () => {
    const doc = parseDocx(
      buildDocx({
        body: p('x'),
        headers: { default: p([inlineImage('hdrLogo', 127000, 127000)]) },
        extraParts: {
          'word/_rels/header1.xml.rels':
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="hdrLogo" ' +
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/logo.png"/></Relationships>',
          'word/media/logo.png': pngImage(3, 3),
        },
      }),
    );
    const img = (doc.finalSection.headers.default![0] as Paragraph).children[0];
    expect(img).toMatchObject({
      type: 'image',
      image: { media: 'word/media/logo.png', width: 10, height: 10 },
    });
    expect(doc.media['word/media/logo.png']?.pixelWidth).toBe(3);
  });
});

describe('numbering (§17.9)', () => {
  const numbering =
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1条"/><w:suff w:val="space"/>' +
    '<w:pPr><w:ind w:left="420" w:hanging="420"/></w:pPr><w:rPr><w:b/></w:rPr></w:lvl>' +
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/><w:isLgl/><w:lvlRestart w:val="0"/></w:lvl>' +
    '<w:lvl w:ilvl="2"><mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice><mc:Fallback><w:numFmt w:val="decimalZero"/></mc:Fallback></mc:AlternateContent><w:lvlText w:val="%3"/></w:lvl>' +
    '<w:lvl w:ilvl="3"><w:numFmt w:val="hebrew1"/><w:lvlText w:val="%4"/></w:lvl></w:abstractNum>' +
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>' +
    '<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>';
  const styles =
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>' +
    '<w:style w:type="paragraph" w:styleId="Article"><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>';

  it('reads bullets of symbol fonts as the Unicode sign (Writer and Word write Wingdings/Symbol codes)', () => {
    const level = (id: number, text: string, font: string) =>
      `<w:abstractNum w:abstractNumId="${id}"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="${text}"/>` +
      `<w:rPr><w:rFonts w:ascii="${font}" w:hAnsi="${font}" w:hint="default"/><w:sz w:val="18"/></w:rPr></w:lvl></w:abstractNum>` +
      `<w:num w:numId="${id}"><w:abstractNumId w:val="${id}"/></w:num>`;
    const doc = parseDocx(
      buildDocx({
        body: p('x'),
        numbering:
          level(1, '\uf06c', 'Wingdings') + level(2, '\uf0b7', 'Symbol') + level(3, '\uf0a7', 'Wingdings'),
      }),
    );
    expect(['1', '2', '3'].map((id) => doc.numbering[id]!.levels[0]!.text)).toEqual(['●', '•', '▪']);
    // The symbol font is gone from the label's run properties; the rest stays.
    expect(doc.numbering['1']!.levels[0]!.runProps).toEqual({ size: 9 });
  });

  it('reads levels, overrides, and paragraph numbering from direct formatting or the style', () => {
    const doc = parseDocx(
      buildDocx({
        body:
          p('a', { pStyle: 'Article' }) +
          p('b', { pPr: '<w:numPr><w:ilvl w:val="1"/><w:numId w:val="2"/></w:numPr>' }) +
          p('c', { pStyle: 'Article', pPr: '<w:numPr><w:numId w:val="0"/></w:numPr>' }) +
          p('d', { pStyle: 'Article', pPr: '<w:ind w:left="0" w:firstLine="0"/>' }),
        numbering,
        styles,
      }),
    );
    const def = doc.numbering['1']!;
    expect(def.levels[0]).toEqual({
      format: 'chineseCounting',
      text: '第%1条',
      start: 1,
      suffix: 'space',
      legal: false,
      indentLeft: 21,
      firstLine: -21,
      runProps: { bold: true },
    });
    expect(def.levels[1]).toMatchObject({ format: 'decimal', text: '%1.%2', legal: true, restartAfter: 0 });
    expect(def.levels[2]!.format).toBe('decimalZero');
    expect(def.levels[3]!.format).toBe('decimal');
    expect(doc.numbering['2']!.startOverrides).toEqual({ 0: 5 });
    expect(doc.warnings.map((w) => w.code)).toContain('NUMBERING_FORMAT_MAPPED');
    const [a, b, c, d] = doc.body as Paragraph[];
    expect(a!.props.numbering).toEqual({ numId: '1', level: 0 });
    // The level's indents apply under direct formatting.
    expect([a!.props.indentLeft, a!.props.firstLine]).toEqual([21, -21]);
    expect(b!.props.numbering).toEqual({ numId: '2', level: 1 });
    expect(c!.props.numbering).toBeUndefined();
    expect([d!.props.indentLeft, d!.props.firstLine]).toEqual([0, 0]);
  });

  it('lets a numbered style’s own indents win, and a direct numPr’s level indents win over the style', () => {
    const indented =
      styles +
      '<w:style w:type="paragraph" w:styleId="Clause"><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:ind w:left="840" w:firstLine="0"/></w:pPr></w:style>' +
      '<w:style w:type="paragraph" w:styleId="Body"><w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="840" w:firstLine="0"/></w:pPr></w:style>';
    const doc = parseDocx(
      buildDocx({
        body:
          p('a', { pStyle: 'Clause' }) +
          p('b', { pStyle: 'Body', pPr: '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>' }),
        numbering,
        styles: indented,
      }),
    );
    const [a, b] = doc.body as Paragraph[];
    expect([a!.props.indentLeft, a!.props.firstLine]).toEqual([42, 0]);
    expect([b!.props.indentLeft, b!.props.firstLine]).toEqual([21, -21]);
  });
});

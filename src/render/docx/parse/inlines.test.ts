import { describe, expect, it } from 'vitest';
import type { Inline, Paragraph, TemplateDocument } from '../../model.js';
import { parseDocx } from '../index.js';
import { buildDocx, field, inlineImage, p, r } from '../testing/build-docx.js';
import { emfHeader, pngImage } from '../testing/images.js';

function parse(body: string, media?: Record<string, Uint8Array>): TemplateDocument {
  return parseDocx(buildDocx({ body, ...(media ? { media } : {}) }));
}
function inlines(body: string): Inline[] {
  return (parse(body).body[0] as Paragraph).children;
}
const simplify = (xs: Inline[]): unknown[] =>
  xs.map((i) =>
    i.type === 'text'
      ? i.text
      : i.type === 'field'
        ? `[${i.field}]`
        : i.type === 'break'
          ? `<${i.kind}>`
          : i.type === 'tab'
            ? '\t'
            : i.type,
  );

describe('paragraph content', () => {
  it('merges runs Word split (rsid, spell-check, revisions) so a tag sits in one text inline', () => {
    const body =
      '<w:p><w:r w:rsidR="00A1"><w:t>甲方：{</w:t></w:r><w:proofErr w:type="spellStart"/>' +
      '<w:r w:rsidR="00B2"><w:t>party</w:t></w:r><w:proofErr w:type="spellEnd"/><w:bookmarkStart w:id="0" w:name="x"/>' +
      '<w:ins w:id="1" w:author="a"><w:r><w:t>A</w:t></w:r></w:ins><w:del w:id="2" w:author="a"><w:r><w:delText>B</w:delText></w:r></w:del>' +
      '<w:r><w:t>}</w:t></w:r><w:bookmarkEnd w:id="0"/></w:p>';
    const xs = inlines(body);
    expect(xs).toHaveLength(1);
    expect(xs[0]).toMatchObject({ type: 'text', text: '甲方：{partyA}' });
  });

  it('keeps differently formatted runs apart', () => {
    expect(simplify(inlines(p([r('a'), r('b', { bold: true }), r('c', { bold: true })])))).toEqual([
      'a',
      'bc',
    ]);
  });

  it('unwraps hyperlinks, smart tags, content controls and custom XML', () => {
    const body =
      '<w:p><w:hyperlink r:id="x"><w:r><w:t>a</w:t></w:r></w:hyperlink><w:smartTag w:element="x"><w:r><w:t>b</w:t></w:r></w:smartTag>' +
      '<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>c</w:t></w:r></w:sdtContent></w:sdt><w:customXml><w:r><w:t>d</w:t></w:r></w:customXml></w:p>';
    expect(simplify(inlines(body))).toEqual(['abcd']);
  });

  it('turns PAGE / NUMPAGES complex fields into field inlines and keeps other fields’ results', () => {
    const body = p([
      r('第 '),
      field('PAGE', '3'),
      r(' 页 共 '),
      field('NUMPAGES \\* Arabic', '9'),
      r(' 页 '),
      field('DATE \\@ "yyyy"', '2024'),
    ]);
    const doc = parse(body);
    expect(simplify((doc.body[0] as Paragraph).children)).toEqual([
      '第 ',
      '[page]',
      ' 页 共 ',
      '[numpages]',
      ' 页 2024',
    ]);
    expect(doc.warnings.map((w) => w.code)).toContain('UNSUPPORTED_FIELD');
  });

  it('handles instructions split across runs, nested fields and fields without a separator', () => {
    const nested =
      '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>IF </w:instrText></w:r>' +
      '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PA</w:instrText></w:r><w:r><w:instrText>GE</w:instrText></w:r>' +
      '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>' +
      '<w:r><w:instrText> = 1 "one" "many"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>' +
      '<w:r><w:t>one</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>' +
      '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> SECTIONPAGES </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>';
    // The inner PAGE sits in the IF's instruction: it is not shown; the IF shows its result.
    expect(simplify(inlines(nested))).toEqual(['one', '[sectionpages]']);
  });

  it('reads simple fields', () => {
    const body =
      '<w:p><w:fldSimple w:instr=" PAGE "><w:r><w:rPr><w:b/></w:rPr><w:t>1</w:t></w:r></w:fldSimple><w:fldSimple w:instr="AUTHOR"><w:r><w:t>Li</w:t></w:r></w:fldSimple></w:p>';
    const xs = inlines(body);
    expect(xs[0]).toMatchObject({ type: 'field', field: 'page', props: { bold: true } });
    expect(xs[1]).toMatchObject({ type: 'text', text: 'Li' });
  });

  it('reads tabs, breaks, symbols and special hyphens', () => {
    const body =
      '<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:br w:type="page"/><w:br w:type="column"/><w:cr/>' +
      '<w:sym w:font="Wingdings" w:char="F0FC"/><w:sym w:font="Symbol" w:char="03A9"/><w:noBreakHyphen/><w:softHyphen/></w:r></w:p>';
    expect(simplify(inlines(body))).toEqual([
      'a',
      '\t',
      'b',
      '<line>',
      'c',
      '<page>',
      '<column>',
      '<line>',
      // Wingdings' 0xFC is a check mark (fonts/symbol-fonts.ts); a Unicode code stays itself.
      '✓Ω\u2011\u00ad',
    ]);
  });

  it('keeps equation text with a warning, and warns for comments, VML WordArt and a missing footnote', () => {
    const body =
      '<w:p><m:oMath><m:r><m:t>x+1</m:t></m:r></m:oMath><w:commentRangeStart w:id="1"/><w:r><w:footnoteReference w:id="2"/></w:r>' +
      '<w:r><w:pict><v:shape type="#_x0000_t136"><v:textpath string="WordArt"/></v:shape></w:pict></w:r></w:p>';
    const doc = parse(body);
    expect(simplify((doc.body[0] as Paragraph).children)).toEqual(['x+1']);
    expect(doc.warnings.map((w) => w.code).sort()).toEqual([
      'NOTE_MISSING',
      'UNSUPPORTED_COMMENT',
      'UNSUPPORTED_EQUATION',
      'UNSUPPORTED_SHAPE',
    ]);
    expect(doc.warnings[0]!.where).toBe('body paragraph 1');
  });

  it('reads a DrawingML text box: size, place, fill, outline, insets, and its content apart', () => {
    const wsp = (inner: string) =>
      '<wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">' +
      '<wps:spPr><a:solidFill><a:srgbClr val="fff2cc"/></a:solidFill><a:ln w="12700"><a:solidFill><a:srgbClr val="C00000"/></a:solidFill></a:ln></wps:spPr>' +
      `<wps:txbx><w:txbxContent>${inner}</w:txbxContent></wps:txbx><wps:bodyPr lIns="0" tIns="0"/></wps:wsp>`;
    const drawing = (inner: string) =>
      '<w:r><w:drawing><wp:anchor behindDoc="0"><wp:positionH relativeFrom="column"><wp:posOffset>127000</wp:posOffset></wp:positionH>' +
      '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV><wp:extent cx="1270000" cy="635000"/><wp:wrapSquare/>' +
      '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">' +
      `${wsp(inner)}</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>`;
    const doc = parse(
      `<w:p><w:r><w:t>正文</w:t></w:r>${drawing(p('框内{partyA}') + `<w:p>${drawing(p('套框'))}</w:p>`)}</w:p>`,
    );
    const box = (doc.body[0] as Paragraph).children[1];
    expect(box).toEqual({
      type: 'textBox',
      box: {
        id: '1',
        width: 100,
        height: 50,
        fill: 'FFF2CC',
        line: { color: 'C00000', width: 1 },
        insets: { left: 0, top: 0, right: 7.2, bottom: 3.6 },
        anchor: expect.objectContaining({ x: 10, y: 0, relativeFromH: 'column', wrap: 'square' }),
      },
    });
    expect(simplify((doc.textBoxes!['1']![0] as Paragraph).children)).toEqual(['框内{partyA}']);
    // A box inside a box is left out (a hostile package could nest them without end).
    expect(Object.keys(doc.textBoxes!)).toEqual(['1']);
    expect(doc.warnings.map((w) => w.code)).toEqual(['TEXTBOX_NESTED']);
  });

  it('reads footnotes: the reference where it stands, the text (without its number mark) apart', () => {
    const doc = parseDocx(
      buildDocx({
        body: '<w:p><w:r><w:t>正文</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="2"/></w:r></w:p>',
        footnotes:
          '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>' +
          '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>' +
          '<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> 注：{city}</w:t></w:r></w:p></w:footnote>',
      }),
    );
    expect(simplify((doc.body[0] as Paragraph).children)).toEqual(['正文', 'footnote']);
    expect((doc.body[0] as Paragraph).children[1]).toEqual({ type: 'footnote', id: '2' });
    expect(Object.keys(doc.footnotes ?? {})).toEqual(['2']);
    expect(simplify((doc.footnotes!['2']![0] as Paragraph).children)).toEqual([' 注：{city}']);
    expect(doc.warnings).toEqual([]);
  });

  it('leaves out a footnote in a text box, with a warning', () => {
    const doc = parseDocx(
      buildDocx({
        body:
          '<w:p><w:r><w:drawing><wp:inline><wp:extent cx="12700" cy="12700"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">' +
          '<wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:txbx><w:txbxContent>' +
          '<w:p><w:r><w:t>框</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp>' +
          '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>',
        footnotes: '<w:footnote w:id="1"><w:p><w:r><w:t>注</w:t></w:r></w:p></w:footnote>',
      }),
    );
    expect(simplify((doc.textBoxes!['1']![0] as Paragraph).children)).toEqual(['框']);
    expect(doc.warnings.map((w) => w.code)).toEqual(['NOTE_MISPLACED']);
  });

  it('leaves out a footnote inside a footnote (it would be endless) or in a header', () => {
    const ref = '<w:r><w:footnoteReference w:id="1"/></w:r>';
    const doc = parseDocx(
      buildDocx({
        body: `<w:p><w:r><w:t>正文</w:t></w:r>${ref}</w:p>`,
        headers: { default: `<w:p><w:r><w:t>页眉</w:t></w:r>${ref}</w:p>` },
        footnotes: `<w:footnote w:id="1"><w:p><w:r><w:t>注</w:t></w:r>${ref}</w:p></w:footnote>`,
      }),
    );
    expect(simplify((doc.footnotes!['1']![0] as Paragraph).children)).toEqual(['注']);
    expect(simplify((doc.finalSection.headers.default![0] as Paragraph).children)).toEqual(['页眉']);
    expect(doc.warnings.map((w) => w.code)).toEqual(['NOTE_MISPLACED', 'NOTE_MISPLACED']);
  });

  it('reads endnotes as footnotes are read', () => {
    const doc = parseDocx(
      buildDocx({
        body: '<w:p><w:r><w:t>正文</w:t></w:r><w:r><w:endnoteReference w:id="3"/></w:r></w:p>',
        endnotes:
          '<w:endnote w:type="separator" w:id="-1"><w:p/></w:endnote>' +
          '<w:endnote w:id="3"><w:p><w:r><w:endnoteRef/></w:r><w:r><w:t>尾注{city}</w:t></w:r></w:p></w:endnote>',
      }),
    );
    expect((doc.body[0] as Paragraph).children[1]).toEqual({ type: 'endnote', id: '3' });
    expect(simplify((doc.endnotes!['3']![0] as Paragraph).children)).toEqual(['尾注{city}']);
    expect(doc.warnings).toEqual([]);
  });

  it('warns for text frames and keeps their text', () => {
    const doc = parse(p('框', { pPr: '<w:framePr w:w="2000" w:hAnchor="page"/>' }));
    expect(simplify((doc.body[0] as Paragraph).children)).toEqual(['框']);
    expect(doc.warnings.map((w) => w.code)).toEqual(['UNSUPPORTED_FRAME']);
  });

  it('takes the Fallback of mc:AlternateContent unless the Choice needs only what the reader knows', () => {
    const alt = (requires: string) =>
      `<w:p><w:r><mc:AlternateContent><mc:Choice Requires="${requires}"><w:t>new</w:t></mc:Choice><mc:Fallback><w:t>old</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>`;
    expect(simplify(inlines(alt('w14')))).toEqual(['old']);
    expect(simplify(inlines(alt('wps w14')))).toEqual(['old']);
    // Writer and Word float pictures in a wps Choice; the VML Fallback loses the position.
    expect(simplify(inlines(alt('wps')))).toEqual(['new']);
  });

  it("turns text in a symbol font into the signs it shows, in the run's other fonts", () => {
    const sym = (font: string, text: string) =>
      `<w:r><w:rPr><w:rFonts w:ascii="${font}" w:hAnsi="${font}" w:eastAsia="宋体"/></w:rPr><w:t>${text}</w:t></w:r>`;
    const [box, greek, check] = inlines(
      `<w:p>${sym('Wingdings 2', 'R')}${r('同意 ')}${sym('Symbol', 'ab')}${r(' ')}${sym('Wingdings', '\uf0fc')}</w:p>`,
    ).filter((i) => i.type === 'text' && i.text.trim() !== '' && !i.text.includes('同意'));
    expect([box, greek, check].map((i) => (i as { text: string }).text)).toEqual(['☑', 'αβ', '✓']);
    for (const i of [box, greek, check])
      expect((i as { props: { fontLatin?: string } }).props.fontLatin).toBe(undefined);
  });

  it('converts a w:sym once, also in a run whose own font is a symbol font', () => {
    const run = (font: string, char: string) =>
      `<w:r><w:rPr><w:rFonts w:ascii="${font}" w:hAnsi="${font}"/></w:rPr><w:sym w:font="${font}" w:char="${char}"/></w:r>`;
    const doc = parse(`<w:p>${run('Symbol', 'F0B4')}${run('Wingdings', 'F09E')}</w:p>`);
    expect(simplify((doc.body[0] as Paragraph).children)).toEqual(['×·']);
    expect(doc.warnings).toEqual([]);
  });

  it('warns where a symbol-font sign has no Unicode equivalent', () => {
    const doc = parse('<w:p><w:r><w:sym w:font="Wingdings" w:char="F021"/></w:r></w:p>');
    expect(simplify((doc.body[0] as Paragraph).children)).toEqual(['\ufffd']);
    expect(doc.warnings.map((w) => w.code)).toEqual(['SYMBOL_NOT_CARRIED']);
  });
});

describe('pictures', () => {
  const png = pngImage(40, 20);

  it('reads inline pictures with size and alt text, and admits their media', () => {
    const doc = parse(p([inlineImage('rIdImg1', 952500, 476250, '公章')]), { 'image1.png': png });
    const img = (doc.body[0] as Paragraph).children[0];
    expect(img).toEqual({
      type: 'image',
      image: { media: 'word/media/image1.png', width: 75, height: 37.5, alt: '公章' },
    });
    expect(doc.media['word/media/image1.png']).toMatchObject({
      contentType: 'image/png',
      pixelWidth: 40,
      pixelHeight: 20,
    });
  });

  it('reads floating pictures (wp:anchor): offsets, alignment, wrap, behind text', () => {
    const anchor =
      '<w:p><w:r><w:drawing><wp:anchor behindDoc="1" distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" locked="0" layoutInCell="1" allowOverlap="1">' +
      '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="page"><wp:posOffset>127000</wp:posOffset></wp:positionH>' +
      '<wp:positionV relativeFrom="paragraph"><wp:align>center</wp:align></wp:positionV><wp:extent cx="254000" cy="127000"/><wp:wrapSquare wrapText="bothSides"/>' +
      '<wp:docPr id="3" name="seal"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:blipFill><a:blip r:embed="rIdImg1"/></pic:blipFill></pic:pic></a:graphicData></a:graphic>' +
      '</wp:anchor></w:drawing></w:r></w:p>';
    const doc = parse(anchor, { 'image1.png': png });
    expect((doc.body[0] as Paragraph).children[0]).toMatchObject({
      type: 'image',
      image: {
        width: 20,
        height: 10,
        anchor: {
          x: 10,
          y: 0,
          relativeFromH: 'page',
          relativeFromV: 'paragraph',
          alignV: 'center',
          wrap: 'square',
          behindText: true,
        },
      },
    });
  });

  it('reads VML pictures (w:pict)', () => {
    const vml =
      '<w:p><w:r><w:pict><v:shape id="s" style="width:72pt;height:36pt"><v:imagedata r:id="rIdImg1" o:title="logo" xmlns:o="urn:schemas-microsoft-com:office:office"/></v:shape></w:pict></w:r></w:p>';
    const doc = parse(vml, { 'image1.png': png });
    expect((doc.body[0] as Paragraph).children[0]).toEqual({
      type: 'image',
      image: { media: 'word/media/image1.png', width: 72, height: 36, alt: 'logo' },
    });
  });

  it('drops EMF pictures and dangling references with warnings', () => {
    const doc = parse(p([inlineImage('rIdImg1', 12700, 12700), inlineImage('rIdNope', 12700, 12700)]), {
      'image1.emf': emfHeader(),
    });
    expect((doc.body[0] as Paragraph).children).toEqual([]);
    expect(doc.warnings.map((w) => w.code)).toEqual(['UNSUPPORTED_IMAGE_FORMAT', 'IMAGE_MISSING']);
    expect(doc.media).toEqual({});
  });
});

import { describe, expect, it } from 'vitest';
import type { Paragraph, RunProps } from '../../model.js';
import { parseDocx } from '../index.js';
import { buildDocx, p, r } from '../testing/build-docx.js';

const STYLES =
  '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="宋体" w:hAnsi="Times New Roman"/><w:sz w:val="21"/></w:rPr></w:rPrDefault>' +
  '<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="360" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>' +
  '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:jc w:val="both"/></w:pPr></w:style>' +
  '<w:style w:type="paragraph" w:styleId="Strong"><w:name w:val="Strong Para"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:firstLineChars="200"/></w:pPr><w:rPr><w:b/><w:color w:val="FF0000"/></w:rPr></w:style>' +
  '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Strong"/><w:pPr><w:keepNext/><w:spacing w:before="240"/></w:pPr><w:rPr><w:sz w:val="32"/></w:rPr></w:style>' +
  '<w:style w:type="character" w:styleId="Emph"><w:name w:val="Emph"/><w:rPr><w:b/><w:i/></w:rPr></w:style>' +
  '<w:style w:type="paragraph" w:styleId="Loop1"><w:basedOn w:val="Loop2"/></w:style><w:style w:type="paragraph" w:styleId="Loop2"><w:basedOn w:val="Loop1"/></w:style>';

function paras(
  body: string,
  extra: { styles?: string; extraParts?: Record<string, string> } = {},
): Paragraph[] {
  const doc = parseDocx(
    buildDocx({
      body,
      styles: extra.styles ?? STYLES,
      ...(extra.extraParts ? { extraParts: extra.extraParts } : {}),
    }),
  );
  return doc.body.filter((b): b is Paragraph => b.type === 'paragraph');
}
const textProps = (para: Paragraph, i = 0): RunProps => {
  const c = para.children[i];
  if (!c || c.type !== 'text') throw new Error('not text');
  return c.props;
};

describe('style resolution (§17.7.2)', () => {
  it('layers docDefaults, the paragraph style chain and direct formatting', () => {
    const [a, b] = paras(
      p('x', { pStyle: 'Heading1' }) +
        p([r('y', { size: 28, color: '00FF00' })], { pStyle: 'Heading1', jc: 'center' }),
    );
    expect(a!.props).toMatchObject({
      styleId: 'Heading1',
      align: 'justify',
      keepNext: true,
      spaceBefore: 12,
      spaceAfter: 6,
      lineSpacing: { rule: 'auto', multiple: 1.5 },
      outlineLevel: 0,
    });
    // firstLineChars="200" = two characters of the paragraph's 16 pt font.
    expect(a!.props.firstLine).toBe(32);
    expect(textProps(a!)).toMatchObject({
      size: 16,
      bold: true,
      color: 'FF0000',
      fontLatin: 'Times New Roman',
      fontEastAsia: '宋体',
    });
    expect(b!.props.align).toBe('center');
    expect(textProps(b!)).toMatchObject({ size: 14, color: '00FF00', bold: true });
  });

  it('applies the default paragraph style to paragraphs without a style', () => {
    const [a] = paras(p('plain'));
    expect(a!.props.styleId).toBe('Normal');
    expect(a!.props.align).toBe('justify');
    expect(textProps(a!).size).toBe(10.5);
  });

  it('XORs toggle properties across paragraph and character styles (§17.7.3)', () => {
    // Paragraph style bold + character style bold = not bold; italic only from the character style.
    const [a] = paras(p([r('t', { style: 'Emph' })], { pStyle: 'Strong' }));
    expect(textProps(a!)).toMatchObject({ bold: false, italic: true });
    // Direct formatting sets the value whatever the styles say.
    const [b] = paras(p([r('t', { style: 'Emph', bold: true })], { pStyle: 'Strong' }));
    expect(textProps(b!).bold).toBe(true);
    const [c] = paras(p([r('t', { rPr: '<w:b w:val="0"/>' })], { pStyle: 'Strong' }));
    expect(textProps(c!).bold).toBe(false);
  });

  it('survives basedOn cycles and unknown styles', () => {
    const [a, b] = paras(p('a', { pStyle: 'Loop1' }) + p('b', { pStyle: 'Nope' }));
    expect(a!.props.styleId).toBe('Loop1');
    expect(b!.props.styleId).toBe('Normal');
  });

  it('resolves theme fonts through theme1.xml', () => {
    const theme =
      '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:themeElements><a:fontScheme name="x">' +
      '<a:majorFont><a:latin typeface="Calibri Light"/><a:ea typeface=""/><a:font script="Hans" typeface="等线 Light"/></a:majorFont>' +
      '<a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:font script="Hans" typeface="等线"/></a:minorFont>' +
      '</a:fontScheme></a:themeElements></a:theme>';
    const rels =
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="s" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
      '<Relationship Id="t" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/></Relationships>';
    const [a] = paras(
      p([
        r('x', {
          rPr: '<w:rFonts w:asciiTheme="minorHAnsi" w:eastAsiaTheme="majorEastAsia" w:ascii="Arial"/>',
        }),
      ]),
      {
        extraParts: { 'word/theme/theme1.xml': theme, 'word/_rels/document.xml.rels': rels },
      },
    );
    expect(textProps(a!)).toMatchObject({ fontLatin: 'Calibri', fontEastAsia: '等线 Light' });
  });

  it('reads run formatting: underline, strike, highlight, shading, super/subscript, caps, spacing, hidden', () => {
    const [a] = paras(
      p([
        r('a', {
          underline: 'wavyHeavy',
          strike: true,
          vertAlign: 'superscript',
          rPr: '<w:highlight w:val="yellow"/><w:caps/><w:spacing w:val="20"/>',
        }),
        r('b', {
          rPr: '<w:shd w:val="clear" w:fill="ccddee"/><w:dstrike/><w:smallCaps/><w:vanish/>',
          underline: 'none',
        }),
      ]),
    );
    expect(textProps(a!, 0)).toMatchObject({
      underline: 'wave',
      strike: true,
      verticalAlign: 'superscript',
      highlight: 'FFFF00',
      caps: true,
      letterSpacing: 1,
    });
    const b = textProps(a!, 1);
    expect(b).toMatchObject({ highlight: 'CCDDEE', doubleStrike: true, smallCaps: true, hidden: true });
    expect(b.underline).toBeUndefined();
  });

  it('reads paragraph formatting: indents, hanging, exact spacing, tabs, borders, shading, flags', () => {
    const pPr =
      '<w:keepLines/><w:pageBreakBefore/><w:widowControl/><w:contextualSpacing/>' +
      '<w:ind w:left="720" w:right="360" w:hanging="360"/><w:spacing w:before="0" w:after="0" w:line="400" w:lineRule="exact"/>' +
      '<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9000"/><w:tab w:val="center" w:pos="4500"/></w:tabs>' +
      '<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="1" w:color="FF0000"/></w:pBdr><w:shd w:val="clear" w:fill="EEEEEE"/>';
    const [a] = paras(p('x', { pPr, jc: 'distribute' }));
    expect(a!.props).toMatchObject({
      align: 'distribute',
      indentLeft: 36,
      indentRight: 18,
      firstLine: -18,
      lineSpacing: { rule: 'exact', value: 20 },
      keepLines: true,
      pageBreakBefore: true,
      widowControl: true,
      contextualSpacing: true,
      shading: 'EEEEEE',
      borders: { bottom: { style: 'single', width: 1.5, color: 'FF0000', space: 1 } },
      tabs: [
        { position: 225, align: 'center' },
        { position: 450, align: 'right', leader: 'dot' },
      ],
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { Inline, Paragraph, TemplateDocument } from '../../model.js';
import { parseDocx } from '../index.js';
import { buildDocx, p, r } from '../testing/build-docx.js';
import { pngImage } from '../testing/images.js';

const NS =
  'xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w10="urn:schemas-microsoft-com:office:word"';
function parse(
  body: string,
  parts: { media?: Record<string, Uint8Array>; footer?: string } = {},
): TemplateDocument {
  return parseDocx(
    buildDocx({
      body,
      rootAttributes: NS,
      ...(parts.media ? { media: parts.media } : {}),
      ...(parts.footer ? { footers: { default: parts.footer } } : {}),
    }),
  );
}
const pict = (xml: string) => `<w:p><w:r><w:pict>${xml}</w:pict></w:r></w:p>`;
function inlines(doc: TemplateDocument, i = 0): Inline[] {
  return (doc.body[i] as Paragraph).children;
}

describe('VML (w:pict)', () => {
  it("reads Word's standard horizontal line and a 50 % centred unshaded one", () => {
    const doc = parse(
      pict(
        '<v:rect style="width:0;height:1.5pt" o:hralign="center" o:hrstd="t" o:hr="t" fillcolor="#a0a0a0" stroked="f"/>',
      ) +
        pict(
          '<v:rect style="width:207.6pt;height:3pt" o:hralign="right" o:hrpct="500" o:hrnoshade="t" o:hr="t" fillcolor="red [3213]" stroked="f"/>',
        ) +
        pict('<v:rect style="width:2in;height:90pt" o:hr="t"/>'),
    );
    expect(inlines(doc, 0)).toEqual([
      { type: 'rule', rule: { height: 1.5, align: 'center', color: 'A0A0A0' } },
    ]);
    expect(inlines(doc, 1)).toEqual([
      { type: 'rule', rule: { height: 3, align: 'right', widthShare: 0.5, color: 'FF0000' } },
    ]);
    // A fixed width where no share is given; a height past an inch is cut to one.
    expect(inlines(doc, 2)).toEqual([{ type: 'rule', rule: { height: 72, align: 'left', width: 144 } }]);
    expect(doc.warnings).toEqual([]);
  });

  it('reads a positioned text box: size from style units, insets, paint, wrap, and its content', () => {
    const doc = parse(
      pict(
        '<v:shape type="#_x0000_t202" style="position:absolute;margin-left:1in;margin-top:12pt;width:5cm;height:40px;z-index:2;mso-position-horizontal-relative:margin;mso-position-vertical-relative:text" fillcolor="#fff2cc" strokecolor="#C00000" strokeweight="2pt">' +
          '<w10:wrap type="topAndBottom"/><v:textbox inset="0,1pt,2mm,"><w:txbxContent>' +
          p([r('甲方：{partyA}')]) +
          '</w:txbxContent></v:textbox></v:shape>',
      ),
    );
    const [box] = inlines(doc);
    expect(box).toEqual({
      type: 'textBox',
      box: {
        id: '1',
        width: (5 * 72) / 2.54,
        height: 30,
        insets: { left: 0, top: 1, right: (2 * 72) / 25.4, bottom: 3.6 },
        fill: 'FFF2CC',
        line: { color: 'C00000', width: 2 },
        anchor: {
          x: 72,
          y: 12,
          relativeFromH: 'margin',
          relativeFromV: 'paragraph',
          wrap: 'topAndBottom',
          behindText: false,
        },
      },
    });
    expect(doc.textBoxes?.['1']).toHaveLength(1);
    expect(doc.warnings).toEqual([]);
  });

  it('keeps the place Word gives a box in front of the text: offsets, alignments, z-index behind', () => {
    const doc = parse(
      pict(
        '<v:shape style="position:absolute;margin-left:300pt;margin-top:-18pt;width:100pt;height:20pt;z-index:-5;mso-position-horizontal:right;mso-position-vertical:top;mso-position-vertical-relative:page" filled="f" stroked="f">' +
          `<v:textbox><w:txbxContent>${p('编号')}</w:txbxContent></v:textbox></v:shape>`,
      ),
    );
    const [box] = inlines(doc);
    expect(box).toMatchObject({
      type: 'textBox',
      box: {
        anchor: {
          x: 300,
          y: -18,
          relativeFromH: 'column',
          relativeFromV: 'page',
          alignH: 'right',
          alignV: 'top',
          wrap: 'none',
          behindText: true,
        },
      },
    });
    expect(box).not.toHaveProperty('box.fill');
    expect(box).not.toHaveProperty('box.line');
  });

  it("reads WPS's footer page number box: fitted to its text, centred on the margin", () => {
    const footer =
      '<w:p><w:r><w:pict><v:shape id="_x0000_s4097" o:spt="202" type="#_x0000_t202" style="position:absolute;left:0pt;margin-top:0pt;height:144pt;width:144pt;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-wrap-style:none;z-index:251659264;mso-width-relative:page;mso-height-relative:page;" filled="f" stroked="f" coordsize="21600,21600">' +
      '<v:path/><v:fill on="f" focussize="0,0"/><v:stroke on="f"/><v:imagedata o:title=""/><o:lock v:ext="edit" aspectratio="f"/>' +
      '<v:textbox inset="0.00pt,0.00pt,0.00pt,0.00pt" style="mso-fit-shape-to-text:t;"><w:txbxContent><w:p><w:r><w:t>1</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>';
    const doc = parse(p('正文'), { footer });
    const [box] = (doc.finalSection.footers.default![0] as Paragraph).children;
    expect(box).toMatchObject({
      type: 'textBox',
      box: {
        fit: 'both',
        insets: { left: 0, top: 0, right: 0, bottom: 0 },
        anchor: { alignH: 'center', relativeFromH: 'margin', wrap: 'none' },
      },
    });
    expect(box).not.toHaveProperty('box.fill');
    expect(doc.warnings).toEqual([]);
  });

  it('reads a positioned picture with its size from style, and a picture fill', () => {
    const png = pngImage(4, 4);
    const doc = parse(
      pict(
        '<v:shape type="#_x0000_t75" style="position:absolute;margin-left:0;margin-top:6pt;width:2.5cm;height:96px;z-index:-1;mso-position-horizontal:center;mso-position-horizontal-relative:margin" filled="f" stroked="f">' +
          '<v:imagedata r:id="rIdImg1" o:title="seal"/><w10:wrap type="square"/></v:shape>',
      ) + pict('<v:rect style="width:36pt;height:18pt"><v:fill r:id="rIdImg1" type="frame"/></v:rect>'),
      { media: { 'image1.png': png } },
    );
    expect(inlines(doc, 0)).toEqual([
      {
        type: 'image',
        image: {
          media: 'word/media/image1.png',
          width: (2.5 * 72) / 2.54,
          height: 72,
          alt: 'seal',
          anchor: {
            x: 0,
            y: 6,
            relativeFromH: 'margin',
            relativeFromV: 'paragraph',
            alignH: 'center',
            wrap: 'square',
            behindText: true,
          },
        },
      },
    ]);
    expect(inlines(doc, 1)).toEqual([
      { type: 'image', image: { media: 'word/media/image1.png', width: 36, height: 18 } },
    ]);
  });

  it('reads simple shapes with their paint, and VML defaults (white fill, black 0.75 pt outline)', () => {
    const doc = parse(
      pict(
        '<v:rect style="width:60pt;height:24pt" fillcolor="#d9e2f3" strokecolor="#2f5496" strokeweight="1.5pt"/>',
      ) +
        pict('<v:roundrect style="width:60pt;height:20pt" arcsize="10923f"/>') +
        pict(
          '<v:oval style="width:40pt;height:24pt" filled="f"><v:stroke color="red" dashstyle="dot"/></v:oval>',
        ) +
        pict(
          '<v:shape type="#_x0000_t32" style="width:50pt;height:10pt;flip:y" o:connectortype="straight"><v:stroke dashstyle="longDash"/></v:shape>',
        ),
    );
    expect(inlines(doc, 0)).toEqual([
      {
        type: 'shape',
        shape: { kind: 'rect', width: 60, height: 24, fill: 'D9E2F3', line: { color: '2F5496', width: 1.5 } },
      },
    ]);
    expect(inlines(doc, 1)[0]).toMatchObject({
      shape: { kind: 'roundRect', fill: 'FFFFFF', line: { color: '000000', width: 0.75 } },
    });
    expect((inlines(doc, 1)[0] as { shape: { radius: number } }).shape.radius).toBeCloseTo(
      (10923 / 65536) * 10,
    );
    expect(inlines(doc, 2)).toEqual([
      {
        type: 'shape',
        shape: {
          kind: 'ellipse',
          width: 40,
          height: 24,
          line: { color: 'FF0000', width: 0.75, dash: 'dotted' },
        },
      },
    ]);
    expect(inlines(doc, 3)[0]).toMatchObject({
      shape: { kind: 'line', width: 50, height: 10, flipV: true, line: { dash: 'dashed' } },
    });
    expect(inlines(doc, 3)[0]).not.toHaveProperty('shape.fill');
    expect(doc.warnings).toEqual([]);
  });

  it('reads a positioned line from its ends: the box between them and its offset', () => {
    const doc = parse(
      pict(
        '<v:line style="position:absolute;z-index:1;mso-position-horizontal-relative:text;mso-position-vertical-relative:text" from="260pt,-4pt" to="84pt,20pt" strokeweight="1pt"><w10:wrap type="none"/></v:line>',
      ),
    );
    expect(inlines(doc)).toEqual([
      {
        type: 'shape',
        shape: {
          kind: 'line',
          width: 176,
          height: 24,
          flipH: true,
          line: { color: '000000', width: 1 },
          anchor: {
            x: 84,
            y: -4,
            relativeFromH: 'column',
            relativeFromV: 'paragraph',
            wrap: 'none',
            behindText: false,
          },
        },
      },
    ]);
  });

  it('runs a line without ends across the box of its style, as WPS writes some', () => {
    const doc = parse(pict('<v:line style="width:100pt;height:0pt" strokecolor="#00b050"/>'));
    expect(inlines(doc)).toEqual([
      {
        type: 'shape',
        shape: { kind: 'line', width: 100, height: 0, line: { color: '00B050', width: 0.75 } },
      },
    ]);
  });

  it('leaves out hidden shapes and warns for groups and free-form paths', () => {
    const doc = parse(
      pict('<v:rect style="width:10pt;height:10pt;visibility:hidden"/>') +
        pict(
          '<v:group style="width:100pt;height:100pt" coordsize="100,100"><v:rect style="width:10;height:10"/></v:group>',
        ) +
        pict('<v:shape style="width:10pt;height:10pt" path="m0,0l10,10xe"/>'),
    );
    expect(doc.body.map((b) => (b as Paragraph).children)).toEqual([[], [], []]);
    expect(doc.warnings.map((w) => w.code)).toEqual(['UNSUPPORTED_SHAPE', 'UNSUPPORTED_SHAPE']);
    expect(doc.warnings[0]!.message).toMatch(/group/);
  });

  it('keeps a text box inside a text box out, with a warning, as for DrawingML boxes', () => {
    const inner = `<w:r><w:pict><v:shape><v:textbox><w:txbxContent>${p('内')}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>`;
    const doc = parse(
      pict(`<v:shape><v:textbox><w:txbxContent><w:p>${inner}</w:p></w:txbxContent></v:textbox></v:shape>`),
    );
    expect(inlines(doc)).toHaveLength(1);
    expect(doc.warnings.map((w) => w.code)).toEqual(['TEXTBOX_NESTED']);
  });
});

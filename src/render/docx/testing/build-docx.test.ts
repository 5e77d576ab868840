import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { buildDocx, field, p, r } from './build-docx.js';

describe('buildDocx', () => {
  it('writes the OPC parts, the relationship-id scheme and a default A4 sectPr', () => {
    const zip = unzipSync(
      buildDocx({
        body: p([r('a', { bold: true }), field('PAGE')]),
        headers: { default: p('H'), first: p('F') },
        footers: { even: p('E') },
        media: { 'image1.png': new Uint8Array([1]), 'seal.jpeg': new Uint8Array([2]) },
      }),
    );
    expect(Object.keys(zip)[0]).toBe('[Content_Types].xml');
    const doc = strFromU8(zip['word/document.xml']!);
    expect(doc).toContain('<w:pgSz w:w="11906" w:h="16838"/>');
    expect(doc).toContain('<w:headerReference w:type="first" r:id="rIdHdrFirst"/>');
    expect(doc).toContain('<w:footerReference w:type="even" r:id="rIdFtrEven"/>');
    expect(doc).toContain('<w:titlePg/>');
    const rels = strFromU8(zip['word/_rels/document.xml.rels']!);
    expect(rels).toContain(
      'Id="rIdImg2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/seal.jpeg"',
    );
    expect(strFromU8(zip['word/header2.xml']!)).toContain('<w:hdr ');
    expect(strFromU8(zip['[Content_Types].xml']!)).toContain('Extension="jpeg"');
    expect(zip['word/media/image1.png']).toEqual(new Uint8Array([1]));
  });
});

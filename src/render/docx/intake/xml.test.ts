import { describe, expect, it } from 'vitest';
import { expectHetongError } from '../testing/expect-error.js';
import { child, parseXml, textOf } from './xml.js';

describe('parseXml', () => {
  it('normalises namespace prefixes by URI and keeps text', () => {
    const root = parseXml(
      '<?xml version="1.0"?><x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
        'xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
        '<x:body><x:t x:space="1" rel:id="r1">a &amp; b<![CDATA[<c>]]></x:t></x:body></x:document>',
      'doc',
      64,
    );
    expect(root.name).toBe('w:document');
    const t = child(child(root, 'w:body'), 'w:t')!;
    expect(t.attrs).toEqual({ 'w:space': '1', 'r:id': 'r1' });
    expect(textOf(t)).toBe('a & b<c>');
  });

  it('maps Strict OOXML namespaces to the same prefixes', () => {
    const root = parseXml('<w:p xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"/>', 'p', 8);
    expect(root.name).toBe('w:p');
  });

  it('refuses XXE with an external entity', () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
      '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:t>&xxe;</w:t></w:document>';
    const err = expectHetongError(() => parseXml(xxe, 'word/document.xml', 64), 'TEMPLATE_INVALID_DOCX');
    expect(err.message).toContain('XML with a DTD is not accepted');
  });

  it('refuses billion laughs', () => {
    const lol =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
      Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join(
        '',
      ) +
      ']><lolz>&lol9;</lolz>';
    expectHetongError(() => parseXml(new TextEncoder().encode(lol), 'x', 64), 'TEMPLATE_INVALID_DOCX');
  });

  it('refuses too deep nesting and malformed XML', () => {
    const deep = '<a>'.repeat(300) + '</a>'.repeat(300);
    expect(expectHetongError(() => parseXml(deep, 'x', 256), 'TEMPLATE_INVALID_DOCX').message).toMatch(
      /deeper/,
    );
    expectHetongError(() => parseXml('<a><b></a>', 'x', 256), 'TEMPLATE_INVALID_DOCX');
    expectHetongError(() => parseXml('<a>&undefined;</a>', 'x', 256), 'TEMPLATE_INVALID_DOCX');
    expectHetongError(() => parseXml('', 'x', 256), 'TEMPLATE_INVALID_DOCX');
  });

  it('decodes UTF-16 with a byte-order mark', () => {
    const s = '<a>合同</a>';
    const bytes = new Uint8Array(2 + s.length * 2);
    bytes[0] = 0xff;
    bytes[1] = 0xfe;
    for (let i = 0; i < s.length; i++) new DataView(bytes.buffer).setUint16(2 + i * 2, s.charCodeAt(i), true);
    expect(textOf(parseXml(bytes, 'x', 8))).toBe('合同');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fileNameOf } from './content-disposition.js';

describe('fileNameOf', () => {
  it('prefers the UTF-8 filename* over the ASCII fallback (RFC 6266 §4.3)', () => {
    const name = '技术服务合同 HT-2025-100000.pdf';
    const header = `attachment; filename="______ HT-2025-100000.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`;
    expect(fileNameOf(header)).toBe(name);
  });

  it('reads a quoted or token filename when there is no filename*', () => {
    expect(fileNameOf('attachment; filename="evidence-ct_1.zip"')).toBe('evidence-ct_1.zip');
    expect(fileNameOf('attachment; filename="a \\"b\\".pdf"')).toBe('a "b".pdf');
    expect(fileNameOf('attachment; filename=plain.pdf')).toBe('plain.pdf');
  });

  it('falls back when filename* is not UTF-8 or badly encoded', () => {
    expect(fileNameOf(`attachment; filename="x.pdf"; filename*=ISO-8859-1''%E9.pdf`)).toBe('x.pdf');
    expect(fileNameOf(`attachment; filename="x.pdf"; filename*=UTF-8''%E9%ZZ.pdf`)).toBe('x.pdf');
  });

  it('answers null without a header or a file name', () => {
    expect(fileNameOf(null)).toBeNull();
    expect(fileNameOf('inline')).toBeNull();
  });

  it('gives back any name the server encodes, and never throws on stranger headers', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (name) => {
        const header = `attachment; filename="x"; filename*=UTF-8''${encodeURIComponent(name)}`;
        expect(fileNameOf(header)).toBe(name);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (header) => {
        const r = fileNameOf(header);
        expect(r === null || typeof r === 'string').toBe(true);
      }),
    );
  });
});

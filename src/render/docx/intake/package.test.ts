import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { buildDocx, p } from '../testing/build-docx.js';
import { expectHetongError } from '../testing/expect-error.js';
import { writeRawZip } from '../testing/raw-zip.js';
import { resolveLimits } from './limits.js';
import { openDocxPackage } from './package.js';

const limits = resolveLimits();

describe('openDocxPackage', () => {
  it('finds the main part through the package relationship, whatever its name', () => {
    const files = {
      '[Content_Types].xml': strToU8(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/doc/main.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
      '_rels/.rels': strToU8(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/doc/main.xml"/></Relationships>',
      ),
      'doc/main.xml': strToU8(
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>',
      ),
    };
    const pkg = openDocxPackage(zipSync(files), limits);
    expect(pkg.mainPart).toBe('doc/main.xml');
    expect(pkg.xml('doc/main.xml').name).toBe('w:document');
  });

  it('resolves relationship targets relative to the source part', () => {
    const pkg = openDocxPackage(buildDocx({ body: p('x'), headers: { default: p('h') } }), limits);
    expect(pkg.relationships('word/document.xml').find((r) => r.id === 'rIdHdrDefault')).toMatchObject({
      type: 'header',
      target: 'word/header1.xml',
      external: false,
    });
  });

  it('refuses old .doc and password-protected files (OLE2) with a readable message', () => {
    const ole = new Uint8Array(512);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const err = expectHetongError(() => openDocxPackage(ole, limits), 'TEMPLATE_INVALID_DOCX');
    expect(err.message).toMatch(/\.doc.*password/);
    expect(err.status).toBe(400);
  });

  it('refuses a plain zip without a Word document, and non-zip files', () => {
    const zip = zipSync({ 'readme.txt': strToU8('hi') });
    expectHetongError(() => openDocxPackage(zip, limits), 'TEMPLATE_INVALID_DOCX');
    const noMain = zipSync({
      '[Content_Types].xml': strToU8(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
      ),
    });
    expect(expectHetongError(() => openDocxPackage(noMain, limits), 'TEMPLATE_INVALID_DOCX').message).toMatch(
      /document\.xml/,
    );
    expectHetongError(() => openDocxPackage(strToU8('%PDF-1.7 ...'), limits), 'TEMPLATE_INVALID_DOCX');
  });

  it('refuses a .docm (macro-enabled content type) and any vbaProject.bin', () => {
    const docm = buildDocx({ body: p('x') });
    const files = zipSync({
      '[Content_Types].xml': strToU8(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
      ),
      'word/document.xml': strToU8(
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
      ),
    });
    expect(
      expectHetongError(() => openDocxPackage(files, limits), 'TEMPLATE_MACROS_NOT_ALLOWED').status,
    ).toBe(400);
    const vba = buildDocx({ body: p('x'), extraParts: { 'word/vbaProject.bin': new Uint8Array([1, 2, 3]) } });
    expectHetongError(() => openDocxPackage(vba, limits), 'TEMPLATE_MACROS_NOT_ALLOWED');
    expect(openDocxPackage(docm, limits).mainPart).toBe('word/document.xml');
  });

  it('refuses relationships that climb out of the package', () => {
    const bytes = buildDocx({
      body: p('x'),
      extraParts: {
        'word/_rels/document.xml.rels':
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="a" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="../../../etc/passwd"/></Relationships>',
      },
    });
    const pkg = openDocxPackage(bytes, limits);
    expectHetongError(() => pkg.relationships('word/document.xml'), 'TEMPLATE_INVALID_DOCX');
  });

  it('refuses a DTD in [Content_Types].xml', () => {
    const z = writeRawZip([
      {
        name: '[Content_Types].xml',
        data: strToU8('<!DOCTYPE t [<!ENTITY e SYSTEM "file:///etc/passwd">]><Types>&e;</Types>'),
      },
    ]);
    expectHetongError(() => openDocxPackage(z, limits), 'TEMPLATE_INVALID_DOCX');
  });
});

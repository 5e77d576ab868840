import { describe, expect, it } from 'vitest';
import { pdfPageCount, pdfText } from '../../../test/fidelity/pdf-tools.js';
import { buildDocx, p } from '../docx/testing/build-docx.js';
import { basicModuleXml, withModuleListed } from './basic-server.js';
import { isLibreOfficeAvailable, WarmLibreOffice } from './index.js';

const runLibreOffice = (await isLibreOfficeAvailable()) || process.env.CI === 'true';

describe('the StarBasic spool loop', () => {
  it('is listed once in the Standard library next to LibreOffice’s own module', () => {
    const xlb =
      '<?xml version="1.0" encoding="UTF-8"?>\n<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard">\n' +
      ' <library:element library:name="Module1"/>\n</library:library>\n';
    const once = withModuleListed(xlb);
    expect(once).toContain('<library:element library:name="Module1"/>');
    expect(once.match(/library:name="Hetong"/g)).toHaveLength(1);
    expect(withModuleListed(once)).toBe(once);
    expect(withModuleListed('<library:library xmlns:library="x" library:name="Standard"/>')).toContain(
      '<library:element library:name="Hetong"/>\n</library:library>',
    );
  });

  it('is stored as an escaped StarBasic module with the Serve entry point', () => {
    const xml = basicModuleXml();
    expect(xml).toContain('script:name="Hetong" script:language="StarBasic"');
    expect(xml).toContain('Sub Serve');
    expect(xml).toContain('Environ(&quot;HETONG_SPOOL&quot;)');
    expect(xml).not.toMatch(/Dir\(spool & "/); // quotes are escaped inside the XML text
  });
});

describe.runIf(runLibreOffice)('WarmLibreOffice', () => {
  it('converts several documents through one running soffice, then stops it', async () => {
    const lo = new WarmLibreOffice();
    try {
      const template = buildDocx({ body: p('合同编号：{no}') + p('{#rows}') + p('第{n}行') + p('{/rows}') });
      const first = await lo.render(template, { no: 'HT-1', rows: [{ n: '一' }, { n: '二' }] });
      const second = await lo.render(template, { no: 'HT-2', rows: [] });
      expect((await pdfText(first)).replace(/\s+/g, '')).toBe('合同编号：HT-1第一行第二行');
      expect((await pdfText(second)).replace(/\s+/g, '')).toBe('合同编号：HT-2');
      expect(await pdfPageCount(second)).toBe(1);
      // A conversion over its time limit kills the instance; the next one starts a fresh one.
      await expect(lo.render(template, { no: 'HT-slow' }, { timeoutMs: 1 })).rejects.toMatchObject({
        code: 'RENDER_TIMEOUT',
      });
      expect((await pdfText(await lo.render(template, { no: 'HT-3' }))).replace(/\s+/g, '')).toBe(
        '合同编号：HT-3',
      );
    } finally {
      await lo.close();
    }
  }, 240_000); // two soffice start-ups: a few seconds each on an idle machine, far more on a busy one
});

/**
 * The standard contract end to end through the JS pipeline: parse -> applyTags -> validate ->
 * expand -> HTML preview, rendered in headless Chromium at a phone's 390-px width.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocx } from '../docx/index.js';
import { applyTags, expandDocument, validateData } from '../tags/index.js';
import { renderHtmlPreview } from './index.js';
import { STANDARD_DOCX, STANDARD_DATA } from '../../../test/shared-bench.js';

const DOCX = STANDARD_DOCX;
const DATA = STANDARD_DATA;
const OUT = process.env.HETONG_PREVIEW_OUT; // set to a folder to keep the screenshots

const ready = existsSync(DOCX) && existsSync('/usr/bin/chromium');

describe.runIf(ready)('standard contract HTML preview', () => {
  let browser: Browser;
  const data = (JSON.parse(readFileSync(DATA, 'utf8')) as unknown[])[0];
  const template = applyTags(parseDocx(new Uint8Array(readFileSync(DOCX))));

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('finds the fields of the standard contract and the data fits', () => {
    const names = template.fields.map((f) => `${f.name}:${f.kind}`);
    expect(names).toEqual(
      expect.arrayContaining(['contractNo:text', 'partyA:text', 'amountCN:text', 'items:loop']),
    );
    const items = template.fields.find((f) => f.name === 'items')!;
    expect(items.fields!.map((f) => f.name)).toEqual(['idx', 'name', 'spec', 'price', 'qty', 'total']);
    expect(validateData(template.fields, data)).toEqual([]);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`reads on a 390-px phone without horizontal overflow (${theme})`, async () => {
      const html = renderHtmlPreview(expandDocument(template.doc, data), { theme, title: '技术服务合同' });
      expect(html).not.toMatch(/<script/i);
      expect(html).toContain('HT-2025-100000');
      expect(html).not.toContain('{contractNo}');
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 1,
        javaScriptEnabled: true,
      });
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('data:')) requests.push(r.url());
      });
      await page.setContent(html, { waitUntil: 'load' });
      // Evaluated in the page (the project's TypeScript has no DOM types, hence the string).
      const m = (await page.evaluate(`(() => {
        const article = document.querySelector('article');
        const wide = [...article.querySelectorAll('p')].filter((p) => !p.closest('.table-wrap') && p.getBoundingClientRect().right > window.innerWidth + 0.5).length;
        const tablesOverflowing = [...document.querySelectorAll('.table-wrap')].filter((w) => w.scrollWidth > w.clientWidth + 1).length;
        return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, wide, tablesOverflowing, rows: document.querySelectorAll('tr').length, bg: getComputedStyle(document.body).backgroundColor };
      })()`)) as {
        scrollWidth: number;
        innerWidth: number;
        wide: number;
        tablesOverflowing: number;
        rows: number;
        bg: string;
      };
      expect(m.scrollWidth).toBeLessThanOrEqual(m.innerWidth);
      expect(m.wide).toBe(0);
      // The fee table (6 columns) and the signature block fit a phone without sideways scrolling.
      expect(m.tablesOverflowing).toBe(0);
      expect(m.rows).toBeGreaterThan(15);
      expect(requests).toEqual([]);
      expect(m.bg).toBe(theme === 'dark' ? 'rgb(18, 18, 18)' : 'rgb(242, 242, 242)');
      if (OUT) {
        mkdirSync(OUT, { recursive: true });
        writeFileSync(`${OUT}/standard-${theme}.html`, html);
        await page.screenshot({ path: `${OUT}/standard-${theme}.png`, fullPage: true });
      }
      await context.close();
    });
  }
});

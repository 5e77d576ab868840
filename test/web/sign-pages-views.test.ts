/**
 * How a signer looks at the contract and draws, in Chromium: a phone pinching the page images and
 * going back to 100 %, the HTML reading mode in light and dark (its end counts as the last page for
 * forced reading), and drawing full-screen in landscape (refusing a tiny drawing; the saved picture
 * reads left to right). Screenshots are kept in test/web/screenshots/ (views-*.png).
 */
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsRun, shot } from './browser.js';
import { eventually, firstPageShown, PHONE, startSignPages, type SignPagesHarness } from './sign-harness.js';

type Point = { x: number; y: number };

/** Two fingers from `from` apart to `to` apart around the middle of the screen. */
async function pinch(cdp: CDPSession, centre: Point, from: number, to: number) {
  const at = (d: number) => [
    { x: centre.x - d / 2, y: centre.y, id: 1 },
    { x: centre.x + d / 2, y: centre.y, id: 2 },
  ];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(from) });
  for (let i = 1; i <= 12; i++)
    await cdp.send('Input.dispatchTouchEvent', {
      type: 'touchMove',
      touchPoints: at(from + ((to - from) * i) / 12),
    });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

/** One stroke of touch points (screen coordinates). */
async function stroke(cdp: CDPSession, points: Point[]) {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [points[0]!] });
  for (const p of points.slice(1))
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [p] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await new Promise((r) => setTimeout(r, 100));
}

const zoomOf = (page: Page) =>
  page
    .locator('.zoom-box')
    .evaluate((el) =>
      Number(
        (el as { style: { getPropertyValue(n: string): string } }).style.getPropertyValue('--zoom') || 1,
      ),
    );

describe.skipIf(!browserTestsRun)('signing pages: zoom, reading mode, landscape drawing, in Chromium', () => {
  let h: SignPagesHarness;
  beforeAll(async () => {
    h = await startSignPages();
  }, 120_000);
  afterAll(async () => {
    await h?.dispose();
  });

  it('phone: pinch to zoom and back, the HTML reading mode light and dark read to its end, a landscape drawing', async () => {
    const { id, signerId } = await h.contractForPerson(
      {
        subject: { kind: 'person', idType: 'user_id', id: 'U-8501', name: '冯阅' },
        forcedReading: { toLastPage: true },
      },
      '技术服务合同 HT-2025-451',
    );
    const { context, page, problems } = await h.context(PHONE);
    const cdp = await context.newCDPSession(page);
    try {
      await page.goto(h.pageLink((await h.client.signUrl(id, signerId, { client: 'h5' })).url));
      await firstPageShown(page);
      const figure = page.locator('[data-page="1"]');
      const before = (await figure.boundingBox())!.width;
      await pinch(cdp, { x: 195, y: 420 }, 80, 240);
      await eventually(() => zoomOf(page)).toBeGreaterThanOrEqual(2.5);
      expect((await figure.boundingBox())!.width).toBeGreaterThan(before * 2.4);
      const reset = page.getByRole('button', { name: /^还原为 100%/ });
      await eventually(() => reset.isVisible()).toBe(true);
      // The pinched page is sharper: its image is asked for at twice the width.
      await eventually(() => figure.locator('img').getAttribute('src')).toMatch(/width=1600/);
      await shot(page, 'views-1-pinched');
      await reset.tap();
      await eventually(() => zoomOf(page)).toBe(1);
      expect(Math.abs((await figure.boundingBox())!.width - before)).toBeLessThan(2);
      expect(await reset.count()).toBe(0);

      // The reading mode: the text of the document, light, then dark; its end is the last page.
      expect(await page.getByRole('button', { name: '去签署' }).isDisabled()).toBe(true);
      await page.getByRole('radio', { name: '阅读模式' }).tap();
      const frame = page.locator('iframe.html-frame');
      await frame.waitFor();
      await eventually(() => page.locator('.html-end').getAttribute('data-ready')).toBe('true');
      expect((await frame.boundingBox())!.height).toBeGreaterThan(1500);
      const text = await page.frameLocator('iframe.html-frame').locator('body').textContent();
      expect(text).toContain('技术服务合同');
      await shot(page, 'views-2-reading-light');
      const bodyColour = () =>
        page
          .frameLocator('iframe.html-frame')
          .locator('body')
          .evaluate(
            (b) =>
              (
                globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }
              ).getComputedStyle(b).backgroundColor,
          );
      const light = await bodyColour();
      await page.getByRole('radio', { name: '深色' }).tap();
      await eventually(() => page.locator('.html-reader').getAttribute('data-theme')).toBe('dark');
      await eventually(() => page.locator('.html-end').getAttribute('data-ready')).toBe('true');
      await eventually(bodyColour).not.toBe(light);
      await shot(page, 'views-3-reading-dark');
      await page.locator('.html-end').scrollIntoViewIfNeeded();
      await eventually(() => page.locator('.action-bar .why').textContent()).toBe('已阅读完毕');
      await shot(page, 'views-4-reading-end');
      await page.getByRole('radio', { name: '原文' }).tap();
      await firstPageShown(page);

      // Drawing: full-screen; the phone is upright, so the area is turned to landscape.
      await page.getByRole('button', { name: '去签署' }).tap();
      await page.getByRole('button', { name: '✍ 手写签名' }).tap();
      const pad = page.getByTestId('signature-pad');
      await pad.waitFor();
      await page.waitForTimeout(400); // the sheet slides in
      expect(await page.locator('.drawer-turned').count()).toBe(1);
      await eventually(() => page.getByText('请将手机横过来，在空白处书写签名').isVisible()).toBe(true);
      const box = (await pad.boundingBox())!;
      expect(box.height).toBeGreaterThan(box.width);
      // A tick of a few pixels is refused.
      await stroke(cdp, [
        { x: box.x + 100, y: box.y + 300 },
        { x: box.x + 104, y: box.y + 306 },
        { x: box.x + 108, y: box.y + 310 },
      ]);
      await page.getByRole('button', { name: '完成' }).tap();
      await eventually(() => page.getByText('签名太小，请写大一些').isVisible()).toBe(true);
      await page.getByRole('button', { name: '清除' }).tap();
      // A signature written along the long side (down the upright screen).
      const wave: Point[] = [];
      for (let i = 0; i <= 40; i++)
        wave.push({
          x: box.x + box.width * (0.5 + 0.15 * Math.sin((i / 40) * Math.PI * 4)),
          y: box.y + box.height * (0.15 + (0.7 * i) / 40),
        });
      await stroke(cdp, wave);
      await shot(page, 'views-5-landscape-drawn');
      await page.getByRole('button', { name: '完成' }).tap();
      await eventually(() => page.locator('.seal-on').getAttribute('data-kind')).toBe('handwritten');
      // Saved turned back: wider than tall, as written.
      const size = await page
        .locator('.seal-on img')
        .evaluate((i) => [
          (i as { naturalWidth: number }).naturalWidth,
          (i as { naturalHeight: number }).naturalHeight,
        ]);
      expect(size[0]!).toBeGreaterThan(size[1]! * 2);
      await shot(page, 'views-6-landscape-saved');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 150_000);
});

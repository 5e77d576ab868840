/**
 * The signing page on a PC with the keyboard only, in Chromium: Tab reaches every control in the
 * order it is shown, Enter presses, Escape closes a dialog and gives focus back, the code is typed,
 * the contract is signed; every control has a name; a light scene colour gets dark text on it that
 * reaches WCAG 2.1's 4.5:1. Screenshots are kept in test/web/screenshots/ (keyboard-*.png).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contrastRatio, MIN_TEXT_CONTRAST } from '../../web/sign/src/contrast.js';
import { browserTestsRun, shot } from './browser.js';
import { eventually, firstPageShown, PC, startSignPages, type SignPagesHarness } from './sign-harness.js';

/** The focused element's accessible name, as simply as the page gives it (label, aria-*, text). */
const NAME_OF = `(el) => {
  if (!el) return '';
  const label = el.getAttribute('aria-label');
  if (label) return label;
  const by = el.getAttribute('aria-labelledby');
  if (by) return by.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();
  if (el.id) {
    const l = document.querySelector('label[for="' + el.id + '"]');
    if (l) return l.textContent.trim();
  }
  const wrap = el.closest('label');
  if (wrap) return wrap.textContent.trim();
  return (el.textContent || el.getAttribute('title') || '').trim();
}`;

const focused = (page: Page) => page.evaluate(`(${NAME_OF})(document.activeElement)`) as Promise<string>;

/** Presses Tab until the focused control's name matches (at most `max` times); returns the names passed. */
async function tabTo(page: Page, name: RegExp, max = 40): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    seen.push(now);
    if (name.test(now)) return seen;
  }
  throw new Error(`Tab never reached ${name}: ${seen.join(' | ')}`);
}

const hex = (rgb: string) =>
  `#${(rgb.match(/\d+/g) ?? [])
    .slice(0, 3)
    .map((n) => Number(n).toString(16).padStart(2, '0'))
    .join('')}`;

describe.skipIf(!browserTestsRun)('signing pages with the keyboard only, in Chromium', () => {
  let h: SignPagesHarness;
  beforeAll(async () => {
    h = await startSignPages();
  }, 120_000);
  afterAll(async () => {
    await h?.dispose();
  });

  it('PC: Tab, Enter and Escape through the whole flow; every control named; the light theme readable', async () => {
    const mobile = '13500135009';
    const scene = await h.client.createScene({
      name: '明黄',
      settings: { themeColor: '#ffd400', allowReject: true },
    });
    const { id, signerId } = await h.contractForPerson(
      { subject: { kind: 'person', idType: 'user_id', id: 'U-8601', name: '陈键', mobile } },
      '技术服务合同 HT-2025-461',
    );
    const link = await h.client.signUrl(id, signerId, { client: 'pc', sceneId: scene.id });
    const { context, page, problems } = await h.context(PC);
    try {
      await page.goto(h.pageLink(link.url));
      await firstPageShown(page);
      await page.getByRole('radio', { name: '个人名章' }).waitFor();

      // Every control has a name.
      const unnamed = (await page.evaluate(`[...document.querySelectorAll(
        'button, input:not([type=hidden]), textarea, [role=radio], [role=button], iframe, canvas, [tabindex]')]
        .filter((el) => el.getClientRects().length > 0 && !(${NAME_OF})(el))
        .map((el) => el.outerHTML.slice(0, 120))`)) as string[];
      expect(unnamed).toEqual([]);

      // The order of Tab: the pages (to scroll them), their zoom, the field, the code, the seals, reject.
      const order = await tabTo(page, /^拒签$/);
      const at = (re: RegExp) => order.findIndex((n) => re.test(n));
      const stops = [
        /^技术服务合同 HT-2025-461$/,
        /^还原为 100%/,
        /^放大$/,
        /^第 3 页$/,
        /^获取验证码$/,
        /^个人名章$/,
        /^拒签$/,
      ];
      const positions = stops.map(at);
      expect(
        positions.every((p) => p >= 0),
        order.join(' | '),
      ).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      // A disabled control is not a stop.
      expect(order).not.toContain('立即签署');

      // Reject opens with Enter, the reason field has focus, Escape closes it and focus comes back.
      await page.keyboard.press('Enter');
      await eventually(() => focused(page)).toBe('请填写拒签原因（必填）');
      await shot(page, 'keyboard-1-reject-open');
      await page.keyboard.press('Escape');
      await eventually(() => page.getByRole('dialog').count()).toBe(0);
      await eventually(() => focused(page)).toBe('拒签');

      // Zoom with the keyboard.
      await page.keyboard.press('Shift+Tab');
      await tabTo(page, /^放大$/);
      await page.keyboard.press('Enter');
      await eventually(() => page.locator('.zoom-value').textContent()).toBe('125%');
      await page.keyboard.press('Shift+Tab');
      await eventually(() => focused(page)).toMatch(/^还原为 100%（当前 125%）$/);
      await page.keyboard.press('Enter');
      await eventually(() => page.locator('.zoom-value').textContent()).toBe('100%');

      // The pages scroll from the keyboard (forced reading works without a mouse).
      await tabTo(page, /^技术服务合同 HT-2025-461$/);
      const top = () => page.locator('.doc-pane').evaluate((el) => (el as { scrollTop: number }).scrollTop);
      await page.keyboard.press('PageDown');
      await eventually(top).toBeGreaterThan(100);

      // The code: Enter sends it, focus goes to the field, the digits are typed.
      await tabTo(page, /^获取验证码$/);
      await page.keyboard.press('Enter');
      await eventually(() => h.gateway.messages.filter((m) => m.to === mobile).length).toBe(1);
      await eventually(() => focused(page)).toBe('请输入 6 位验证码');
      await page.keyboard.type(h.gateway.lastCode(mobile), { delay: 30 });
      await eventually(() => page.getByText('验证通过').isVisible()).toBe(true);

      // Sign: Enter opens the confirmation, Escape closes it, Enter again, Tab to confirm, Enter.
      await page.locator('body').focus();
      await tabTo(page, /^立即签署$/);
      await shot(page, 'keyboard-2-sign-focused');
      await page.keyboard.press('Enter');
      await page.getByRole('dialog').waitFor();
      await eventually(() => focused(page)).toBe('取消');
      await page.keyboard.press('Escape');
      await eventually(() => page.getByRole('dialog').count()).toBe(0);
      await eventually(() => focused(page)).toBe('立即签署');
      await page.keyboard.press('Enter');
      await page.getByRole('dialog').waitFor();
      await eventually(() => focused(page)).toBe('取消');
      // Tab stays inside the dialog.
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('确认签署');
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('取消');
      await page.keyboard.press('Shift+Tab');
      expect(await focused(page)).toBe('确认签署');
      await shot(page, 'keyboard-3-confirm');
      await page.keyboard.press('Enter');
      await page.getByText('签署成功').waitFor({ timeout: 30_000 });
      await shot(page, 'keyboard-4-signed');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
    expect((await h.client.contract(id)).status).toBe('completed');
  }, 150_000);

  it('the scene colour as the page shows it: dark text on a light theme, ≥ 4.5:1', async () => {
    const scene = await h.client.createScene({ name: '明黄 2', settings: { themeColor: '#ffd400' } });
    const { id, signerId } = await h.contractForPerson(
      { subject: { kind: 'person', idType: 'user_id', id: 'U-8602', name: '林色' }, method: 'clickwrap' },
      '技术服务合同 HT-2025-462',
    );
    const link = await h.client.signUrl(id, signerId, { client: 'pc', sceneId: scene.id });
    const { context, page } = await h.context(PC);
    try {
      await page.goto(h.pageLink(link.url));
      await firstPageShown(page);
      await page.getByText('我已阅读并同意以上内容').click();
      const sign = page.getByRole('button', { name: '同意并签署' });
      await eventually(() => sign.isEnabled()).toBe(true);
      const [fg, bg] = (await sign.evaluate((el) => {
        const s = (
          globalThis as unknown as {
            getComputedStyle(e: unknown): { color: string; backgroundColor: string };
          }
        ).getComputedStyle(el);
        return [s.color, s.backgroundColor];
      })) as [string, string];
      expect(hex(bg)).toBe('#ffd400');
      expect(hex(fg)).toBe('#1f2329');
      expect(contrastRatio(hex(fg), hex(bg))).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
      await shot(page, 'keyboard-5-light-theme');
    } finally {
      await context.close();
    }
  }, 90_000);
});

/**
 * The console's template pages in Chromium (issue 11): an operator makes a group, uploads the
 * standard contract by drag and drop, reads the field analysis and a page preview, draws two sign
 * fields on the page and saves a new version; legal compares old and new and approves — the
 * active version then carries the two fields in PDF points — and rejects another with a reason.
 * Screenshots: test/web/screenshots/console-templates-*.png.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STANDARD_DOCX } from '../e2e/helpers.js';
import { browserTestsRun, shot } from './browser.js';
import { eventually, startConsole, type ConsoleHarness } from './console-harness.js';

/** A4 in points, and the sign canvas's shown width in CSS pixels (SignersTab CANVAS_WIDTH). */
const A4 = { width: 595.28, height: 841.89 };
const CANVAS = 560;

/** The server's tsconfig has no DOM types: an <img> as far as the test reads it. */
type Img = { complete: boolean; naturalWidth: number };
const imageLoaded = (img: Locator) =>
  eventually(() =>
    img.evaluate((i) => (i as unknown as Img).complete && (i as unknown as Img).naturalWidth > 0),
  ).toBe(true);

/** Drags with the mouse from one point of the element to another (offsets in CSS pixels). */
async function drag(page: Page, target: Locator, from: [number, number], to: [number, number]) {
  const box = (await target.boundingBox())!;
  await page.mouse.move(box.x + from[0], box.y + from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + (from[0] + to[0]) / 2, box.y + (from[1] + to[1]) / 2, { steps: 4 });
  await page.mouse.move(box.x + to[0], box.y + to[1], { steps: 4 });
  await page.mouse.up();
}

describe.skipIf(!browserTestsRun)('console in Chromium: templates and approvals', () => {
  let h: ConsoleHarness;
  let templateId = '';
  beforeAll(async () => {
    h = await startConsole();
  }, 120_000);
  afterAll(async () => h?.close());

  it(
    'an operator uploads the standard contract, sees fields and pages, draws two sign fields, saves',
    { timeout: 180_000 },
    async () => {
      const { context, page, problems } = await h.loggedIn('operator');
      await page.getByRole('menuitem', { name: '模板管理' }).click();
      // A group, then the upload goes into it (the modal takes the chosen group).
      await page.getByTestId('group-create').click();
      await page.getByLabel('名称').fill('采购类');
      await page.getByRole('button', { name: /确\s*定/ }).click();
      await page.getByTestId('group-tree').getByText('采购类').waitFor();
      await page.getByTestId('upload-template').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('将 .docx 文件拖到此处，或点击选择').waitFor();
      await dialog.getByLabel('名称').fill('标准采购合同');
      await shot(page, 'console-templates-upload');
      await dialog.locator('input[type=file]').setInputFiles({
        name: 'standard-contract.docx',
        mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        buffer: Buffer.from(STANDARD_DOCX),
      });
      // Upload compiles the template (a second or two; much longer on a machine under load).
      await expect
        .poll(() => new URL(page.url()).pathname, { timeout: 90_000, interval: 200 })
        .toMatch(/^\/console\/templates\/tpl_/);
      templateId = new URL(page.url()).pathname.split('/').at(-1)!;
      await eventually(() => page.getByTestId('template-name').textContent()).toBe('标准采购合同');
      const uploaded = await h.line.client.template(templateId);
      expect(uploaded).toMatchObject({ signerRoles: ['甲方', '乙方'], activeVersionId: null });
      expect(uploaded.groupId).toEqual(expect.stringMatching(/^tg/));

      // (a) the field analysis: the tags of the file, loops with their inner fields.
      const fields = page.getByTestId('field-table');
      await eventually(() => fields.locator('tbody tr').count()).toBeGreaterThan(5);
      await expect(fields.getByText('循环').count()).resolves.toBeGreaterThan(0);
      await shot(page, 'console-templates-fields');

      // (b) a page preview, with sample data and with tag names.
      await page.getByRole('tab', { name: '页面预览' }).click();
      await imageLoaded(page.getByTestId('page-image'));
      await shot(page, 'console-templates-preview');
      await page.getByTestId('preview-mode').getByText('占位符名称').click();
      await eventually(() => page.getByTestId('page-image').getAttribute('src')).toContain('mode=tags');
      await imageLoaded(page.getByTestId('page-image'));

      // (c) two sign fields drawn with the mouse, one per role, on page 1.
      // Tall enough for the whole page: page.mouse does not scroll.
      await page.setViewportSize({ width: 1280, height: 1300 });
      await page.getByRole('tab', { name: '签署方与签署区' }).click();
      const canvas = page.getByTestId('sign-canvas');
      await canvas.waitFor();
      await imageLoaded(page.getByTestId('page-image').last());
      await drag(page, canvas, [60, 600], [180, 720]);
      await page.getByTestId('draw-role').getByText('乙方').click();
      await drag(page, canvas, [340, 600], [460, 720]);
      await eventually(() => page.getByTestId('sign-box').count()).toBe(2);
      // Moved a little, and a stray click draws nothing.
      await drag(page, page.locator('[data-testid=sign-box][data-role=乙方]'), [60, 60], [70, 50]);
      await canvas.click({ position: { x: 300, y: 300 } });
      await expect(page.getByTestId('sign-box').count()).resolves.toBe(2);
      await shot(page, 'console-templates-sign-fields');
      await page.getByTestId('save-signers').click();
      await page.getByText('已保存为 v2，等待法务审批').waitFor();
      const saved = await h.line.client.template(templateId);
      expect(saved.versions.map((v) => v.status)).toEqual(['pending_approval', 'pending_approval']);
      expect(problems).toEqual([]);
      await context.close();
    },
  );

  it('legal sees the diff and the pages side by side, and approves; the fields are in points', async () => {
    const { context, page, problems } = await h.loggedIn('legal');
    // Version 1 first (oldest first in the queue): approved without looking further.
    const first = (await h.line.client.template(templateId)).versions[0]!;
    await page.getByRole('menuitem', { name: '模板审批' }).click();
    const pending = page.getByTestId('pending-table');
    await eventually(() => pending.locator('tbody tr').count()).toBe(2);
    await page.getByTestId('text-diff').waitFor();
    await page.getByTestId('approve').click();
    await eventually(async () => (await h.line.client.template(templateId)).activeVersionId).toBe(first.id);
    // Version 2 against the active version 1: the same text, new sign fields.
    await eventually(() => pending.locator('tbody tr').count()).toBe(1);
    await page.getByText('当前生效 v1').first().waitFor();
    await eventually(() => page.getByTestId('text-diff').getByText('两个版本的文本相同').count()).toBe(1);
    await expect(page.locator('[data-diff=equal]').count()).resolves.toBeGreaterThan(10);
    await shot(page, 'console-templates-approval-diff');
    await page.getByRole('tab', { name: '页面对比' }).click();
    await imageLoaded(page.getByTestId('old-page'));
    await imageLoaded(page.getByTestId('new-page'));
    // The new sign fields are drawn on the new version's page only.
    await expect(page.getByTestId('field-box').count()).resolves.toBe(2);
    await page.setViewportSize({ width: 1280, height: 1400 });
    await shot(page, 'console-templates-approval-pages');
    await page.getByTestId('approve').click();
    await eventually(() => page.getByText('没有待审批的版本').count()).toBe(1);

    const active = (await h.line.client.template(templateId)).activeVersion!;
    expect(active.version).toBe(2);
    const [a, b] = active.signFields as {
      role: string;
      page: number;
      x: number;
      y: number;
      width: number;
      height: number;
    }[];
    const pt = (px: number) => (px * A4.width) / CANVAS;
    // 甲方: drawn from (60, 600) to (180, 720) px; y counts up from the bottom of the page.
    expect(a).toMatchObject({ role: '甲方', page: 1 });
    expect(a!.x).toBeCloseTo(pt(60), 0);
    expect(a!.width).toBeCloseTo(pt(120), 0);
    expect(a!.height).toBeCloseTo(pt(120), 0);
    expect(a!.y).toBeCloseTo(A4.height - pt(720), 0);
    // 乙方: drawn at (340, 600), then moved 10 px right and 10 px up.
    expect(b).toMatchObject({ role: '乙方', page: 1 });
    expect(b!.x).toBeCloseTo(pt(350), 0);
    expect(b!.y).toBeCloseTo(A4.height - pt(710), 0);
    expect(b!.width).toBeCloseTo(pt(120), 0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('legal rejects a version with a reason; the operator sees it in the versions', async () => {
    await h.line.client.addTemplateVersion(templateId, { signerRoles: ['甲方'], signFields: [] });
    const legal = await h.loggedIn('legal');
    await legal.page.getByRole('menuitem', { name: '模板审批' }).click();
    await legal.page.getByTestId('reject').click();
    const dialog = legal.page.getByRole('dialog');
    // No reason, no rejection.
    await dialog.getByRole('button', { name: /驳\s*回/ }).click();
    await dialog.getByText('请填写驳回理由').waitFor();
    await legal.page.getByTestId('reject-reason').fill('删去乙方后合同无法成立，请恢复乙方。');
    await shot(legal.page, 'console-templates-reject');
    await dialog.getByRole('button', { name: /驳\s*回/ }).click();
    await eventually(() => legal.page.getByText('没有待审批的版本').count()).toBe(1);
    const tpl = await h.line.client.template(templateId);
    expect(tpl.versions.at(-1)).toMatchObject({
      status: 'rejected',
      reviewReason: '删去乙方后合同无法成立，请恢复乙方。',
    });
    expect(tpl.activeVersion!.version).toBe(2);
    expect(legal.problems).toEqual([]);
    await legal.context.close();

    const operator = await h.loggedIn('operator');
    await operator.page.goto(`${h.base}/console/templates/${templateId}`);
    await operator.page.getByRole('tab', { name: /版本/ }).click();
    const table = operator.page.getByTestId('version-table');
    await eventually(() => table.getByText('已驳回').count()).toBe(1);
    await expect(table.getByText('删去乙方后合同无法成立，请恢复乙方。').count()).resolves.toBe(1);
    await operator.page.getByTestId('text-diff').waitFor();
    await shot(operator.page, 'console-templates-versions');
    await operator.page.getByRole('menuitem', { name: '模板管理' }).click();
    await operator.page.getByRole('link', { name: '标准采购合同' }).waitFor();
    await shot(operator.page, 'console-templates-list');
    expect(operator.problems).toEqual([]);
    await operator.context.close();
  });
});

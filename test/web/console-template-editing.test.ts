/**
 * Editing templates in Chromium (issue 11), as an operator does it with the mouse: a sign-field
 * box resized by its corner handle, a keyword field drawn where the keyword is found (offsets
 * applied), and a template moved to another group by dragging its row onto the group tree and
 * with the "move to group" action (both audited). Screenshots:
 * test/web/screenshots/console-template-edit-*.png.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STANDARD_DOCX } from '../e2e/helpers.js';
import { browserTestsRun, shot } from './browser.js';
import { eventually, startConsole, type ConsoleHarness } from './console-harness.js';

const imageLoaded = (img: Locator) =>
  eventually(() =>
    img.evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth),
  ).toBeGreaterThan(0);

async function drag(page: Page, el: Locator, from: [number, number], to: [number, number]) {
  const box = (await el.boundingBox())!;
  await page.mouse.move(box.x + from[0], box.y + from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + (from[0] + to[0]) / 2, box.y + (from[1] + to[1]) / 2, { steps: 4 });
  await page.mouse.move(box.x + to[0], box.y + to[1], { steps: 4 });
  await page.mouse.up();
}

describe.skipIf(!browserTestsRun)('console in Chromium: editing templates', () => {
  let h: ConsoleHarness;
  let templateId: string;
  let keywordPage: number;
  beforeAll(async () => {
    h = await startConsole({ autoApprove: true });
    const tpl = await h.line.client.createTemplate({
      docx: STANDARD_DOCX,
      name: '技术服务合同',
      signerRoles: ['甲方', '乙方'],
      signFields: [
        { role: '甲方', page: 1, x: 72, y: 100, width: 100, height: 60 },
        { role: '乙方', keyword: '乙方（盖章）', offsetX: 40, offsetY: -10, width: 110, height: 70 },
      ],
    });
    templateId = tpl.id;
    const at = await h.line.client.request<{ boxes: { page: number }[] }>(
      'GET',
      `/api/v1/templates/${templateId}/keyword-boxes?keyword=${encodeURIComponent('乙方（盖章）')}&mode=tags`,
    );
    keywordPage = at.boxes[0]!.page;
  }, 120_000);
  afterAll(async () => h?.close());

  it('resizes a sign field by its corner handle and draws the keyword field where the keyword is', async () => {
    const { context, page, problems } = await h.loggedIn('operator');
    await page.setViewportSize({ width: 1280, height: 1300 });
    await page.goto(`${h.base}/console/templates/${templateId}`);
    await page.getByRole('tab', { name: '签署方与签署区' }).click();
    const canvas = page.getByTestId('sign-canvas');
    await canvas.waitFor();
    await imageLoaded(page.getByTestId('page-image').last());

    const box = page.locator('[data-testid=sign-box][data-role=甲方]');
    const before = (await box.boundingBox())!;
    // The south-east handle dragged 60 px right and 40 px down: the north-west corner stays.
    await drag(page, box.locator('[data-corner=se]'), [4, 4], [64, 44]);
    const after = (await box.boundingBox())!;
    expect(after.x).toBeCloseTo(before.x, 0);
    expect(after.y).toBeCloseTo(before.y, 0);
    expect(after.width).toBeCloseTo(before.width + 60, -0.5);
    expect(after.height).toBeCloseTo(before.height + 40, -0.5);
    // The north-west handle dragged 20 px in each way: that corner moves, the box shrinks.
    await drag(page, box.locator('[data-corner=nw]'), [4, 4], [24, 24]);
    const shrunk = (await box.boundingBox())!;
    expect(shrunk.x).toBeCloseTo(after.x + 20, -0.5);
    expect(shrunk.width).toBeCloseTo(after.width - 20, -0.5);
    await shot(page, 'console-template-edit-resized');

    // The keyword field's page: its box is drawn on the keyword, in the role's colour, dashed.
    const nav = page.getByTestId('page-nav');
    for (let p = 1; p < keywordPage; p++) await nav.locator('.ant-pagination-next').click();
    const kw = page.getByTestId('keyword-box');
    await eventually(() => kw.count()).toBe(1);
    expect(await kw.getAttribute('data-role')).toBe('乙方');
    const kwBox = (await kw.boundingBox())!;
    // 110×70 points at 560 px for a page of about 595 points.
    expect(kwBox.width).toBeGreaterThan(95);
    expect(kwBox.width).toBeLessThan(110);
    await kw.scrollIntoViewIfNeeded();
    await shot(page, 'console-template-edit-keyword');

    // Saved as a new version: the resized box in points, 60 and 40 px wider and taller, less 20.
    await page.getByTestId('save-signers').click();
    await eventually(async () => (await h.line.client.template(templateId)).versions?.length).toBe(2);
    const saved = (await h.line.client.template(templateId)).versions!.at(-1)!.signFields as {
      role: string;
      width: number;
      height: number;
    }[];
    const a = saved.find((f) => f.role === '甲方')!;
    const scale = 560 / 595.28; // px per point, within a point of the page's real width
    expect(a.width).toBeCloseTo(100 + 40 / scale, -1);
    expect(a.height).toBeCloseTo(60 + 20 / scale, -1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('moves a template to another group: by dragging its row onto the tree, and by the action', async () => {
    const group = await h.line.client.createTemplateGroup({ name: '采购类' });
    const { context, page, problems } = await h.loggedIn('operator');
    await page.getByRole('menuitem', { name: '模板管理' }).click();
    const row = page.getByRole('row', { name: /技术服务合同/ });
    await row.waitFor();
    const target = page.locator(`[data-testid=group-drop][data-group="${group.id}"]`);
    await target.waitFor();
    await row.dragTo(target);
    await eventually(async () => (await h.line.client.template(templateId)).groupId).toBe(group.id);
    await eventually(() => row.textContent()).toContain('采购类');
    await shot(page, 'console-template-edit-dragged');

    // Back to no group with the row's action.
    await row.getByTestId('template-move').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('move-target').click();
    await page.locator('.ant-select-tree-node-content-wrapper', { hasText: '不分组' }).click();
    await shot(page, 'console-template-edit-move-dialog');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await eventually(async () => (await h.line.client.template(templateId)).groupId).toBe(null);
    const moves = (await h.line.client.templateAudit(templateId)).filter(
      (e) => e.action === 'template.moved',
    );
    expect(moves.map((e) => (e.details as { groupId: string | null }).groupId)).toEqual([group.id, null]);
    expect(problems).toEqual([]);
    await context.close();
  });
});

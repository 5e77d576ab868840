/**
 * The console's dictionaries (字典管理) in Chromium (issue 11): an operator adds a value to the
 * built-in seal types, which becomes the line's own list and is offered by the seal form; a new
 * dictionary is created; legal reads without editing. Screenshots: console-dictionaries*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsRun, shot } from './browser.js';
import { eventually, openPage, startConsole, type ConsoleHarness } from './console-harness.js';

describe.skipIf(!browserTestsRun)('console in Chromium: dictionaries', () => {
  let h: ConsoleHarness;
  beforeAll(async () => {
    h = await startConsole();
  }, 120_000);
  afterAll(async () => h?.close());

  it('an operator extends the seal types; the seal form offers the new one', async () => {
    const { context, page, problems } = await h.loggedIn('operator');
    await openPage(page, '字典管理');
    await page.getByTestId('dictionary-seal_types').click();
    await page.getByText('印章类型 · seal_types').waitFor();
    await page.getByRole('button', { name: '添加一项' }).click();
    await page.getByLabel('取值').last().fill('tax');
    await page.getByLabel('显示名称').last().fill('税务专用章');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('字典“印章类型”已保存').waitFor();
    await eventually(() => page.getByTestId('dictionary-seal_types').textContent()).not.toContain('内置');
    await shot(page, 'console-dictionaries');
    expect((await h.line.client.dictionary('seal_types')).items.map((i) => i.label)).toContain('税务专用章');

    // A new list of the line's own.
    await page.getByRole('button', { name: /新建字典/ }).click();
    await page.getByRole('dialog').getByLabel('编码').fill('shop_regions');
    await page.getByRole('dialog').getByLabel('名称').fill('门店区域');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await page.getByTestId('dictionary-shop_regions').waitFor();

    // The seal form offers the line's seal types as purposes.
    await openPage(page, '印章管理');
    await page.getByRole('button', { name: '生成印章' }).click();
    const purpose = page.getByRole('dialog').getByLabel('印章用途（五角星下方）');
    await purpose.fill('');
    await purpose.click();
    await page.getByTitle('税务专用章').waitFor();
    await shot(page, 'console-dictionaries-seal-form');
    await page.getByTitle('税务专用章').click();
    expect(await purpose.inputValue()).toBe('税务专用章');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('legal reads the lists but cannot change them', async () => {
    const { context, page, problems } = await h.loggedIn('legal');
    await openPage(page, '字典管理');
    await page.getByTestId('dictionary-person_id_types').click();
    await page.getByText('个人证件类型 · person_id_types').waitFor();
    expect(await page.getByRole('button', { name: /新建字典/ }).count()).toBe(0);
    expect(await page.getByLabel('取值').first().isDisabled()).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });
});

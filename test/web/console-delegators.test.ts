/**
 * The console's delegators page (委托方, issue 11) in Chromium: an operator sees the organisations
 * that delegate signing grouped from their authorizations, opens one, finds its seal and its
 * authorizations (letter link, revoke), revokes one with a reason and starts a new authorization
 * with the organisation filled in; legal reads without buttons.
 * Screenshots: test/web/screenshots/console-delegators.png, console-delegator-drawer.png,
 * console-delegators-en.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsRun, shot } from './browser.js';
import { eventually, openPage, startConsole, type ConsoleHarness } from './console-harness.js';

const ORG_A = {
  kind: 'organization' as const,
  idType: 'USCC',
  id: '91310000MA1FL0A01X',
  name: '上海浦江数字科技有限公司',
};
const ORG_B = {
  kind: 'organization' as const,
  idType: 'USCC',
  id: '91310000MA1FL0B02X',
  name: '杭州西湖物流有限公司',
};
const AGENT = {
  kind: 'person' as const,
  idType: 'ID_CARD',
  id: '110105199003071239',
  name: '李四',
  mobile: '13800138000',
};

describe.skipIf(!browserTestsRun)('console in Chromium: delegators', () => {
  let h: ConsoleHarness;
  beforeAll(async () => {
    h = await startConsole();
    const validTo = Date.now() + 30 * 86_400_000;
    await h.line.client.createAuthorization({ subject: ORG_A, validTo });
    await h.line.client.createAuthorization({
      subject: ORG_A,
      delegate: { kind: 'person', subject: AGENT },
      validTo,
    });
    await h.line.client.createAuthorization({ subject: ORG_B, validTo });
  }, 120_000);
  afterAll(async () => h?.close());

  it('an operator opens a delegator, sees its authorizations, revokes one and starts a new one', async () => {
    const { context, page, problems } = await h.loggedIn('operator');
    await openPage(page, '委托方');
    const row = page.getByRole('row', { name: /上海浦江数字科技有限公司/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('2 / 2');
    await page.getByRole('row', { name: /杭州西湖物流有限公司/ }).waitFor();
    await shot(page, 'console-delegators');

    await row.getByTestId('delegator-name').click();
    const drawer = page.getByTestId('delegator-drawer');
    await drawer.getByRole('heading', { name: '授权记录' }).waitFor();
    const rows = drawer.getByTestId('delegator-authorizations').locator('tbody tr');
    await eventually(() => rows.count()).toBe(2);
    await drawer.getByRole('row', { name: /李四/ }).waitFor();
    expect(await drawer.getByRole('row', { name: /李四/ }).textContent()).toContain('138****8000');
    await eventually(() => drawer.getByRole('link', { name: '授权书' }).count()).toBe(2);
    const href = await drawer.getByRole('link', { name: '授权书' }).first().getAttribute('href');
    const letter = await context.request.get(new URL(href!, h.base).toString());
    expect(letter.status()).toBe(200);
    expect((await letter.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await eventually(() => drawer.getByTestId('delegator-seal').count()).toBeGreaterThanOrEqual(1);
    await shot(page, 'console-delegator-drawer');

    // Revoke the person's authorization: the row says so, and the list counts one active.
    await drawer
      .getByRole('row', { name: /李四/ })
      .getByRole('button', { name: /撤\s*销/ })
      .click();
    await page.getByLabel('撤销原因').fill('经办人离职');
    await page.getByRole('button', { name: /确\s*定/ }).click();
    await drawer.getByRole('row', { name: /李四/ }).getByText('已撤销').waitFor();

    // A new authorization for this organisation: its name and number are filled in and fixed.
    await page.getByTestId('delegator-new-authorization').click();
    const dialog = page.getByRole('dialog', { name: /为「上海浦江数字科技有限公司」新建授权/ });
    await dialog.waitFor();
    await expect(dialog.getByLabel('企业名称').inputValue()).resolves.toBe(ORG_A.name);
    await expect(dialog.getByLabel('企业名称').isDisabled()).resolves.toBe(true);
    await expect(dialog.getByLabel('证件号码').inputValue()).resolves.toBe(ORG_A.id);
    await dialog.getByRole('button', { name: /取\s*消/ }).click();

    await page.locator('.ant-drawer-close').click();
    await eventually(async () => (await row.textContent()) ?? '').toContain('1 / 2');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('legal reads delegators and their authorizations without buttons', async () => {
    const { context, page, problems } = await h.loggedIn('legal');
    await openPage(page, '委托方');
    await page
      .getByRole('row', { name: /杭州西湖物流有限公司/ })
      .getByTestId('delegator-name')
      .click();
    const drawer = page.getByTestId('delegator-drawer');
    await eventually(() => drawer.getByTestId('delegator-authorizations').locator('tbody tr').count()).toBe(
      1,
    );
    expect(await drawer.getByRole('button', { name: /撤\s*销/ }).count()).toBe(0);
    expect(await page.getByTestId('delegator-new-authorization').count()).toBe(0);
    expect(await page.getByRole('button', { name: '新建授权' }).count()).toBe(0);

    // The same page in English.
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Delegators', exact: true }).waitFor();
    await page.getByRole('columnheader', { name: 'Active / all' }).waitFor();
    await shot(page, 'console-delegators-en');
    expect(problems).toEqual([]);
    await context.close();
  });
});

/**
 * The console's real-name page in Chromium (issue 12): an operator finds a pending manual request
 * with the ID number and phone masked, approves it, and it is verified; legal reads the same list
 * without approve buttons. Screenshot: test/web/screenshots/console-real-name.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsRun, shot } from './browser.js';
import { eventually, openPage, startConsole, type ConsoleHarness } from './console-harness.js';

describe.skipIf(!browserTestsRun)('console in Chromium: real-name verification', () => {
  let h: ConsoleHarness;
  let pendingId: string;
  beforeAll(async () => {
    h = await startConsole();
    pendingId = (
      await h.line.client.verifyPerson({
        subject: { idType: 'user_id', id: 'U-501' },
        name: '周八',
        idNumber: '11010519491231002X',
        mobile: '13812345678',
      })
    ).id;
    await h.line.client.verifyOrganization({
      subject: { idType: 'merchant_no', id: 'M-501' },
      name: '福州闽江科技有限公司',
      creditCode: '91350100M000100Y43',
      legalRepresentative: { name: '陈六' },
    });
  }, 120_000);
  afterAll(async () => h?.close());

  it('an operator approves a pending request; numbers stay masked', async () => {
    const { context, page, problems } = await h.loggedIn('operator');
    await openPage(page, '实名认证');
    const row = page.getByRole('row', { name: /周八/ });
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('110***********002X');
    expect(text).toContain('138****5678');
    expect(await page.content()).not.toContain('11010519491231002X');
    await page.getByRole('row', { name: /福州闽江科技有限公司/ }).waitFor();
    await shot(page, 'console-real-name');
    await row.getByRole('button', { name: /通\s*过/ }).click();
    await page.getByLabel('备注').fill('已核对身份证原件');
    await page.getByRole('button', { name: /确\s*定/ }).click();
    // The pending list no longer holds it; the record is verified.
    await eventually(() => page.getByRole('row', { name: /周八/ }).count()).toBe(0);
    expect((await h.line.client.realName(pendingId)).status).toBe('verified');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('legal reads the list but cannot decide', async () => {
    const { context, page, problems } = await h.loggedIn('legal');
    await openPage(page, '实名认证');
    const row = page.getByRole('row', { name: /福州闽江科技有限公司/ });
    await row.waitFor();
    await expect(row.getByRole('button').count()).resolves.toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});

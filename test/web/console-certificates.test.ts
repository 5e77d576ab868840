/**
 * The console's certificate page in Chromium (issue 11): an operator finds a certificate by the
 * subject's name (ID-card number masked) and may download it but not revoke; an admin revokes one
 * with a reason and it shows as revoked, and the CRL the page links lists it.
 * Screenshots: test/web/screenshots/console-certificates*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openssl, scratch } from '../../src/pki/test-support/openssl.js';
import { browserTestsRun, shot } from './browser.js';
import { chooseOption, eventually, openPage, startConsole, type ConsoleHarness } from './console-harness.js';

describe.skipIf(!browserTestsRun)('console in Chromium: certificates', () => {
  let h: ConsoleHarness;
  const serials: string[] = [];
  beforeAll(async () => {
    h = await startConsole();
    const ca = await h.t.app.services.ca();
    for (const subject of [
      { kind: 'person' as const, name: '周八', idType: 'ID_CARD', idNumber: '11010519491231002X' },
      {
        kind: 'organisation' as const,
        name: '福州闽江科技有限公司',
        idType: 'USCC',
        idNumber: '91350100M000100Y43',
      },
    ])
      serials.push((await ca.issueEventKey(subject, 'ECDSA-P256')).serialNumber!);
  }, 120_000);
  afterAll(async () => h?.close());

  it('an operator searches and sees masked numbers, without a revoke button', async () => {
    const { context, page, problems } = await h.loggedIn('operator');
    await openPage(page, '证书管理');
    const row = page.getByRole('row', { name: /周八/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('110***********002X');
    expect(await page.content()).not.toContain('11010519491231002X');
    await page.getByRole('row', { name: /福州闽江科技有限公司/ }).waitFor();
    await shot(page, 'console-certificates');
    expect(await row.getByRole('button', { name: /吊\s*销/ }).count()).toBe(0);
    await page.getByPlaceholder('序列号或主体名称').fill('闽江');
    await page.getByRole('button', { name: /搜\s*索/ }).click();
    await eventually(() => page.getByRole('row', { name: /周八/ }).count()).toBe(0);
    await page.getByRole('row', { name: /福州闽江科技有限公司/ }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('an admin revokes with a reason; the row says so and the CRL lists it', async () => {
    const { context, page, problems } = await h.loggedIn('admin');
    await openPage(page, '证书管理');
    const row = page.getByRole('row', { name: /周八/ });
    await row.getByRole('button', { name: /吊\s*销/ }).click();
    await page.getByRole('dialog').waitFor();
    await page.getByLabel('说明（记入审计日志）').fill('员工离职');
    await page.getByRole('dialog').getByLabel('吊销原因').click();
    await chooseOption(page, '隶属关系变更');
    await shot(page, 'console-certificates-revoke');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /吊\s*销/ })
      .click();
    await eventually(async () => (await row.textContent()) ?? '').toContain('已吊销');
    expect(await row.textContent()).toContain('隶属关系变更');
    await shot(page, 'console-certificates-revoked');
    const crlHref = await page.getByRole('link', { name: /证书吊销列表/ }).getAttribute('href');
    const crl = await context.request.get(`${h.base}${crlHref}`);
    const s = scratch();
    const text = openssl(
      'crl',
      '-inform',
      'DER',
      '-in',
      s.file('c.crl', await crl.body()),
      '-noout',
      '-text',
    ).out;
    expect(text.toLowerCase()).toContain(serials[0]!.replace(/^0+/, ''));
    expect(text).toContain('Affiliation Changed');
    expect(problems).toEqual([]);
    await context.close();
  });
});

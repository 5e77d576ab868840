/**
 * The admin console in Chromium (issue 11), the frame and the admin pages: logging in and out,
 * what each role sees and is refused, the dashboard, business lines (the secret shown once),
 * accounts and the audit log. Screenshots are kept in test/web/screenshots/console-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf } from '../../src/signing/testing/fixtures.js';
import { SIGNERS } from '../e2e/helpers.js';
import { browserTestsRun, shot } from './browser.js';
import {
  eventually,
  login,
  openPage,
  startConsole,
  watchProblems,
  type ConsoleHarness,
} from './console-harness.js';

describe.skipIf(!browserTestsRun)('console in Chromium: frame and admin pages', () => {
  let h: ConsoleHarness;
  beforeAll(async () => {
    h = await startConsole();
    const pdf = await makePdf(1);
    for (let i = 0; i < 2; i++)
      await h.line.client.createContract(
        { title: `设备采购合同 ${i + 1}`, signers: SIGNERS },
        { pdfs: [{ filename: 'a.pdf', data: pdf }] },
      );
    // One contract its organisation signed automatically: a signing record.
    const org = {
      kind: 'organization' as const,
      idType: 'USCC',
      id: '91310000MA1FL0001X',
      name: '上海浦江数字科技有限公司',
    };
    await h.line.client.createAuthorization({ subject: org, validTo: Date.now() + 86_400_000 });
    const signedOne = await h.line.client.createContract(
      { title: '年度框架协议', signers: [{ role: '甲方', subject: org }] },
      { pdfs: [{ filename: 'a.pdf', data: pdf }] },
    );
    const detail = await h.line.client.contract(signedOne.id);
    await h.line.client.autoSign(signedOne.id, detail.signers![0]!.id);
  }, 120_000);
  afterAll(async () => h?.close());

  it('logs in with the form, shows the dashboard, and logs out', async () => {
    const { username, password } = await h.account('operator');
    const context = await h.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${h.base}/console/signing-records`);
    await page.getByLabel('用户名').waitFor();
    await shot(page, 'console-login');
    await login(page, username, 'wrong-password-000');
    await eventually(() => page.getByTestId('error').textContent()).toContain('AUTH_LOGIN_FAILED');
    await login(page, username, password);
    // Back where the person was going.
    await page.getByTestId('account').waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/signing-records');
    await openPage(page, '概览');
    await eventually(() => page.getByTestId('stat-pending_signing').textContent()).toContain('2');
    await eventually(() => page.getByTestId('stat-completed').textContent()).toContain('1');
    await shot(page, 'console-dashboard');
    // On a phone the menu folds away (antd's lg breakpoint) and the cards stack.
    await page.setViewportSize({ width: 390, height: 844 });
    await eventually(() => page.getByRole('menuitem', { name: '概览' }).isVisible()).toBe(false);
    await shot(page, 'console-dashboard-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('logout').click();
    await page.getByLabel('用户名').waitFor();
    // The session is gone on the server too.
    const me = await context.request.get(`${h.base}/admin/api/me`);
    expect(me.status()).toBe(401);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('an operator sees no admin menu and is refused an admin page', async () => {
    const { context, page, problems } = await h.loggedIn('operator');
    await expect(page.getByRole('menuitem', { name: '账号管理' }).count()).resolves.toBe(0);
    await expect(page.getByRole('menuitem', { name: '模板审批' }).count()).resolves.toBe(0);
    await page.goto(`${h.base}/console/accounts`);
    await eventually(() => page.getByText('当前角色无权访问此页面。').count()).toBe(1);
    await shot(page, 'console-forbidden');
    // The server refuses it too, whatever the page shows.
    const res = await context.request.get(`${h.base}/admin/api/accounts`);
    expect(res.status()).toBe(403);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('an admin creates a business line and sees its secret once; rotates; disables', async () => {
    const { context, page, problems } = await h.loggedIn('admin');
    await openPage(page, '业务线');
    await page.getByRole('button', { name: /新\s*建/ }).click();
    await page.getByLabel('名称').fill('人力业务线');
    await page.getByRole('button', { name: /确\s*定/ }).click();
    const secret = page.getByTestId('app-secret');
    await secret.waitFor();
    const shown = (await secret.textContent())!.trim();
    expect(shown).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    await shot(page, 'console-line-secret');
    await page.getByRole('button', { name: '我已保存' }).click();
    await expect(secret.count()).resolves.toBe(0);
    const row = page.getByRole('row', { name: /人力业务线/ });
    await row.waitFor();
    // Nowhere on the page any more.
    expect(await page.content()).not.toContain(shown);
    await row.getByRole('button', { name: /停\s*用/ }).click();
    await page.getByRole('button', { name: /确\s*定/ }).click();
    await eventually(() => row.textContent()).toContain('已停用');
    await shot(page, 'console-business-lines');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('an admin creates an account; legal searches the audit log', async () => {
    const admin = await h.loggedIn('admin');
    await openPage(admin.page, '账号管理');
    await admin.page.getByRole('button', { name: /新\s*建/ }).click();
    await admin.page.getByLabel('用户名').fill('wang.fawu');
    await admin.page.getByLabel('初始密码').fill('short');
    await admin.page.getByRole('button', { name: /确\s*定/ }).click();
    // The server's rule, shown on the field.
    await eventually(() => admin.page.getByText(/must NOT have fewer than 10 characters/).count()).toBe(1);
    await admin.page.getByLabel('初始密码').fill('wang-fawu-2026-pass');
    await admin.page.getByRole('button', { name: /确\s*定/ }).click();
    await admin.page.getByRole('row', { name: /wang\.fawu/ }).waitFor();
    await shot(admin.page, 'console-accounts');
    expect(admin.problems).toEqual([]);
    await admin.context.close();

    const legal = await h.loggedIn('legal');
    await openPage(legal.page, '审计日志');
    await legal.page.getByPlaceholder('动作前缀').fill('admin_account.');
    await legal.page.getByRole('button', { name: /搜\s*索/ }).click();
    await eventually(() =>
      legal.page.getByRole('row', { name: /admin_account\.created/ }).count(),
    ).toBeGreaterThan(0);
    await shot(legal.page, 'console-audit');
    expect(legal.problems).toEqual([]);
    await legal.context.close();
  });

  it('lists signing records and exports them as CSV', async () => {
    const { context, page, problems } = await h.loggedIn('legal');
    await openPage(page, '签约明细');
    const row = page.getByRole('row', { name: /年度框架协议/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('授权自动签署');
    await shot(page, 'console-signing-records');
    const href = await page.getByTestId('export-csv').getAttribute('href');
    const csv = await context.request.get(`${h.base}${href}`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain('年度框架协议');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('an operator creates a signing scene beside its live preview, and revokes an authorization', async () => {
    const { page, context, problems } = await h.loggedIn('operator');
    await openPage(page, '签约场景');
    await page.getByRole('button', { name: /新\s*建/ }).click();
    await page.getByLabel('名称').fill('员工入职');
    await page.getByLabel('强制阅读（秒）').fill('15');
    await page.getByLabel('点击同意文案').fill('我已阅读并同意《入职协议》');
    const preview = page.getByTestId('scene-preview');
    await eventually(() => preview.textContent()).toContain('请阅读 15 秒');
    expect(await preview.textContent()).toContain('我已阅读并同意《入职协议》');
    await shot(page, 'console-scene-edit');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByRole('row', { name: /员工入职/ }).waitFor();
    const scenes = await h.line.client.request<{
      items: { name: string; settings: Record<string, unknown> }[];
    }>('GET', '/api/v1/scenes');
    expect(scenes.items.find((x) => x.name === '员工入职')?.settings).toMatchObject({
      forcedReading: { seconds: 15, toLastPage: false },
      clickwrapText: '我已阅读并同意《入职协议》',
      allowReject: true,
    });

    await openPage(page, '自动签授权');
    // A person (经办人) authorised through the form: the letter is signed and linked in the list.
    await page.getByRole('button', { name: /新\s*建/ }).click();
    await page.getByLabel('企业名称').fill('上海浦江贸易有限公司');
    await page.getByLabel('证件号码', { exact: true }).fill('91310000MA1FL0002Y');
    await page.getByLabel('经办人', { exact: true }).check();
    await page.getByLabel('经办人姓名').fill('王五');
    await page.getByLabel('经办人证件号码').fill('110101199003071234');
    await page.getByLabel('经办人手机号').fill('13700000007');
    await page.getByLabel('授权期限').first().click();
    await page.getByPlaceholder(/开始日期|Start date/).fill(new Date().toISOString().slice(0, 10));
    await page
      .getByPlaceholder(/结束日期|End date/)
      .fill(new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
    await page.getByPlaceholder(/结束日期|End date/).press('Enter');
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    const personRow = page.getByRole('row', { name: /上海浦江贸易有限公司/ });
    await eventually(() => personRow.textContent()).toContain('王五');
    expect(await personRow.textContent()).toContain('137****0007');
    const href = await personRow.getByRole('link', { name: '授权书' }).getAttribute('href');
    const letter = await page.request.get(new URL(href!, page.url()).toString());
    expect(letter.headers()['content-type']).toBe('application/pdf');
    const row = page.getByRole('row', { name: /上海浦江数字科技有限公司/ });
    expect(await row.textContent()).toContain('平台自动签');
    await row.getByRole('button', { name: /撤\s*销/ }).click();
    await page.getByLabel('撤销原因').fill('合作结束');
    await page.getByRole('button', { name: /确\s*定/ }).click();
    await eventually(() => row.textContent()).toContain('已撤销');
    await shot(page, 'console-authorizations');
    expect(problems).toEqual([]);
    await context.close();
  });
});

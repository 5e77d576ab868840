/**
 * The console's notification settings (通知配置) in Chromium (issue 11): an operator words the
 * SMS intent code with a placeholder button, sees the preview filled, sends a test that the SMS
 * gateway receives in that wording, and goes back to the built-in wording.
 * Screenshot: test/web/screenshots/console-notifications.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmsGateway, type SmsGateway } from '../e2e/signing.js';
import { browserTestsRun, shot } from './browser.js';
import { eventually, openPage, startConsole, type ConsoleHarness } from './console-harness.js';

describe.skipIf(!browserTestsRun)('console in Chromium: notification settings', () => {
  let h: ConsoleHarness;
  let gateway: SmsGateway;
  beforeAll(async () => {
    gateway = await startSmsGateway();
    h = await startConsole({
      env: { HETONG_SMS_GATEWAY_URL: gateway.url, HETONG_SMS_GATEWAY_SECRET: gateway.secret },
    });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await gateway?.close();
  });

  it('an operator words the SMS code, previews it, sends a test, and restores the built-in wording', async () => {
    const { context, page, problems } = await h.loggedIn('operator');
    await openPage(page, '通知配置');
    const sms = page.getByTestId('text-intent_code-sms');
    await sms.getByText('内置文案').waitFor();
    expect(await sms.getByTestId('preview').textContent()).toContain('您的签署验证码为 386512');
    await sms.getByLabel('文案').fill('【采购中心】验证码 ');
    await sms.getByRole('button', { name: '{code} *' }).click();
    await sms.getByLabel('文案').press('End');
    await sms.getByLabel('文案').pressSequentially('，{minutes} 分钟内有效。');
    await sms.getByRole('button', { name: /保\s*存/ }).click();
    await eventually(() => sms.getByTestId('preview').textContent()).toBe(
      '【采购中心】验证码 386512，5 分钟内有效。',
    );
    await sms.getByText('业务线文案', { exact: false }).waitFor();
    await sms.getByLabel('测试接收方').fill('13700137000');
    await sms.getByRole('button', { name: '发送测试' }).click();
    await page.getByText('测试消息已发送').waitFor();
    expect(gateway.messages.at(-1)).toMatchObject({
      to: '13700137000',
      text: '【采购中心】验证码 386512，5 分钟内有效。',
    });
    await shot(page, 'console-notifications');

    // A text without {code} is refused by the server, on the field.
    await sms.getByLabel('文案').fill('没有验证码的文案');
    await sms.getByRole('button', { name: /保\s*存/ }).click();
    await sms.getByText('the text must hold {code}').waitFor();

    await sms.getByRole('button', { name: '恢复内置文案' }).click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await sms.getByText('内置文案').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the four messages with when each is sent; the invitation and the completion are worded and tried', async () => {
    const { context, page, problems } = await h.loggedIn('operator');
    await openPage(page, '通知配置');
    for (const title of ['意愿认证验证码', '签署邀请', '催签通知', '签署完成通知'])
      await page.getByText(title, { exact: true }).waitFor();

    const invitation = page.getByTestId('text-sign_invitation-sms');
    await page
      .getByTestId('template-sign_invitation')
      .getByText('轮到签署人签署时', { exact: false })
      .waitFor();
    expect(await invitation.getByTestId('preview').textContent()).toContain('您有一份《技术服务合同》待签署');
    await invitation.getByLabel('测试接收方').fill('13700137001');
    await invitation.getByRole('button', { name: '发送测试' }).click();
    await eventually(() => gateway.messages.at(-1)?.to).toBe('13700137001');
    expect(gateway.messages.at(-1)).toMatchObject({
      template: 'sign_invitation',
      params: { url: 'https://contracts.example.com/sign/#token=example' },
    });

    // Completion by e-mail: a subject and a text of the line's own.
    const card = page.getByTestId('template-contract_completed');
    await card.getByRole('tab', { name: '邮件' }).click();
    const email = page.getByTestId('text-contract_completed-email');
    await email.getByLabel('邮件主题').fill('《{contractTitle}》已签署完成');
    await email
      .getByLabel('文案')
      .fill('{signerName}，您好：《{contractTitle}》已于 {completedAt} 完成签署。');
    await email.getByRole('button', { name: /保\s*存/ }).click();
    await eventually(() => email.getByTestId('preview').textContent()).toBe(
      '《技术服务合同》已签署完成张三，您好：《技术服务合同》已于 2026-12-31 18:00 完成签署。',
    );
    await email.getByText('业务线文案', { exact: false }).waitFor();
    // {url} is not a placeholder of a completion message: the server says so on the field.
    await email.getByLabel('文案').fill('请下载 {url}');
    await email.getByRole('button', { name: /保\s*存/ }).click();
    await email.getByText(/\{url\} is not a placeholder of this message/).waitFor();
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'console-notifications-kinds');
    expect(problems).toEqual([]);
    await context.close();
  });
});

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
});

/**
 * Notification settings (通知配置, issue 11) on both databases: a line's own SMS wording of the
 * intent code is checked (placeholders), previewed, tried by a test send, and then used for the
 * code a signer asks for — the gateway gets it filled; another line keeps the built-in wording;
 * deleting it brings the built-in back; in the console operators change it, legal reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HetongClient } from '../../src/client/index.js';
import { createTestApp, type TestApp } from '../../src/http/testing.js';
import { testDialects } from '../../src/store/testing.js';
import { adminSession, BENCH_DATA, STANDARD_DOCX } from './helpers.js';
import { SignerBrowser, startSmsGateway, type SmsGateway } from './signing.js';

const dialects = await testDialects();
const TEXT = '【采购中心】您的验证码 {code}，{minutes} 分钟内有效，用于签署《{contractTitle}》。';

describe.each(dialects)('notification texts on %s', (dialect) => {
  let t: TestApp;
  let gateway: SmsGateway;
  let client: HetongClient;
  let appId: string;

  beforeAll(async () => {
    gateway = await startSmsGateway();
    t = await createTestApp(dialect, {
      env: { HETONG_SMS_GATEWAY_URL: gateway.url, HETONG_SMS_GATEWAY_SECRET: gateway.secret },
    });
    const issued = await t.app.services.businessLines.create(
      { name: '通知业务线', autoApprove: true },
      { actor: 'cli' },
    );
    appId = issued.appId;
    client = t.clientFor(issued.appId, issued.appSecret);
  }, 60_000);
  afterAll(async () => {
    await t?.dispose();
    await gateway?.close();
  });

  type Text = {
    template: string;
    channel: string;
    custom: { text: string } | null;
    preview: { text: string };
  };
  const texts = async () =>
    (await client.request<{ items: Text[] }>('GET', '/api/v1/notification-texts')).items;
  const smsCode = async () =>
    (await texts()).find((x) => x.template === 'intent_code' && x.channel === 'sms')!;

  it('checks a text, previews it, and sends a test in the line’s wording', async () => {
    expect((await texts()).map((x) => `${x.template}/${x.channel}`)).toEqual([
      'intent_code/sms',
      'intent_code/email',
      'sign_invitation/sms',
      'sign_invitation/email',
      'sign_reminder/sms',
      'sign_reminder/email',
      'contract_completed/sms',
      'contract_completed/email',
    ]);
    expect((await smsCode()).custom).toBeNull();
    expect((await smsCode()).preview.text).toMatch(/^您的签署验证码为 386512/);
    await expect(
      client.request('PUT', '/api/v1/notification-texts/intent_code/sms', {
        body: { text: '验证码 {kode}', subject: 'x' },
      }),
    ).rejects.toMatchObject({
      status: 422,
      code: 'NOTIFICATION_TEXT_INVALID',
      details: {
        problems: [
          { path: 'text', message: expect.stringMatching(/^\{kode\} is not a placeholder/) },
          { path: 'text', message: 'the text must hold {code}' },
          { path: 'subject', message: 'an SMS has no subject' },
        ],
      },
    });
    await expect(
      client.request('PUT', '/api/v1/notification-texts/welcome/sms', { body: { text: 'x' } }),
    ).rejects.toMatchObject({ status: 404, code: 'NOTIFICATION_TEXT_UNKNOWN' });
    await client.request('PUT', '/api/v1/notification-texts/intent_code/sms', { body: { text: TEXT } });
    expect(await smsCode()).toMatchObject({
      custom: { text: TEXT },
      preview: { text: '【采购中心】您的验证码 386512，5 分钟内有效，用于签署《技术服务合同》。' },
    });
    await client.request('POST', '/api/v1/notification-texts/intent_code/sms/test', {
      body: { to: '13700137000' },
    });
    expect(gateway.messages.at(-1)).toMatchObject({
      to: '13700137000',
      template: 'intent_code',
      text: '【采购中心】您的验证码 386512，5 分钟内有效，用于签署《技术服务合同》。',
    });
    await expect(
      client.request('POST', '/api/v1/notification-texts/intent_code/sms/test', {
        body: { to: 'not a phone' },
      }),
    ).rejects.toMatchObject({ status: 400, code: 'NOTIFY_RECIPIENT_INVALID' });
    const events = await t.app.services.audit.forTarget('intent_code/sms');
    expect(events.map((e) => e.action)).toEqual(['notification_text.saved', 'notification_text.tested']);
    expect(events[1]!.details).toEqual({ to: '137****7000' });
  });

  it('a signer’s code goes out in the line’s wording; another line keeps the built-in one', async () => {
    const template = await client.createTemplate({
      docx: STANDARD_DOCX,
      name: '技术服务合同',
      signerRoles: ['甲方', '乙方'],
    });
    const me = { kind: 'person' as const, idType: 'user_id', id: 'N-1', name: '张三', mobile: '13800138123' };
    const other = { kind: 'person' as const, idType: 'user_id', id: 'N-2', name: '李四' };
    const signCode = async (c: HetongClient, templateId: string) => {
      const { id } = await c.request<{ id: string }>('POST', '/api/v1/contracts', {
        body: {
          templateId,
          title: '设备采购合同',
          data: BENCH_DATA[0],
          signers: [
            { role: '甲方', subject: me },
            { role: '乙方', subject: other, method: 'clickwrap' },
          ],
        },
      });
      const signer = (await c.contract(id)).signers!.find((s) => s.role === '甲方')!;
      const b = new SignerBrowser(t);
      expect((await b.open((await c.signUrl(id, signer.id, { client: 'pc' })).url)).statusCode).toBe(201);
      expect((await b.post('/intent/code', { method: 'sms' })).statusCode).toBe(200);
      return gateway.messages.filter((m) => m.to === me.mobile).at(-1)!;
    };
    const mine = await signCode(client, template.id);
    expect(mine.text).toBe(
      `【采购中心】您的验证码 ${mine.params.code}，5 分钟内有效，用于签署《设备采购合同》。`,
    );

    const second = await t.app.services.businessLines.create(
      { name: '另一业务线', autoApprove: true },
      { actor: 'cli' },
    );
    const otherClient = t.clientFor(second.appId, second.appSecret);
    const otherTemplate = await otherClient.createTemplate({
      docx: STANDARD_DOCX,
      name: '技术服务合同',
      signerRoles: ['甲方', '乙方'],
    });
    const theirs = await signCode(otherClient, otherTemplate.id);
    expect(theirs.text).toBeUndefined();

    await client.request('DELETE', '/api/v1/notification-texts/intent_code/sms');
    expect((await smsCode()).custom).toBeNull();
    const again = await signCode(client, template.id);
    expect(again.text).toBeUndefined();
  }, 120_000);

  it('in the console: operators change the wording, legal reads', async () => {
    const [operator, legal] = await Promise.all([adminSession(t, 'operator'), adminSession(t, 'legal')]);
    const url = `/admin/api/lines/${appId}/notification-texts/sign_reminder/email`;
    const payload = {
      subject: '请签署《{contractTitle}》',
      text: '{signerName}，请在 {expiresAt} 前签署：{url}',
    };
    expect(
      (await t.app.server.inject({ method: 'PUT', url, headers: legal.headers, payload })).statusCode,
    ).toBe(403);
    const saved = await t.app.server.inject({ method: 'PUT', url, headers: operator.headers, payload });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().preview).toEqual({
      subject: '请签署《技术服务合同》',
      text: '张三，请在 2026-12-31 18:00 前签署：https://contracts.example.com/sign/#token=example',
    });
    const list = await t.app.server.inject({
      method: 'GET',
      url: `/admin/api/lines/${appId}/notification-texts`,
      headers: legal.headers,
    });
    expect(list.statusCode).toBe(200);
  });
});

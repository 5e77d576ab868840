import { describe, expect, it } from 'vitest';
import { createNotifier, LogChannel, SmsGatewayChannel, SmtpChannel } from './index.js';

function recorder() {
  const entries: { obj: object; msg: string }[] = [];
  return { entries, log: (obj: object, msg: string) => void entries.push({ obj, msg }) };
}

describe('createNotifier', () => {
  it('uses the log channel for both kinds when nothing is configured, and says so once', () => {
    const { entries, log } = recorder();
    const n = createNotifier({}, log);
    expect(n.email).toBeInstanceOf(LogChannel);
    expect(n.sms).toBeInstanceOf(LogChannel);
    expect([n.email.kind, n.sms.kind]).toEqual(['email', 'sms']);
    expect(n.usesLogChannel).toBe(true);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.msg).toMatch(/^NOT FOR PRODUCTION: email and sms messages/);
  });

  it('uses SMTP and the SMS gateway when configured, and logs nothing', () => {
    const { entries, log } = recorder();
    const n = createNotifier(
      {
        smtp: { url: 'smtp://mail.example.com:587', from: 'Hetong <no-reply@example.com>' },
        smsGateway: { url: 'https://sms.example.com/send', secret: 'k' },
      },
      log,
    );
    expect(n.email).toBeInstanceOf(SmtpChannel);
    expect(n.sms).toBeInstanceOf(SmsGatewayChannel);
    expect(n.usesLogChannel).toBe(false);
    expect(entries).toEqual([]);
  });

  it('chooses per kind', () => {
    const { entries, log } = recorder();
    const n = createNotifier({ smsGateway: { url: 'https://sms.example.com/send', secret: 'k' } }, log);
    expect(n.sms).toBeInstanceOf(SmsGatewayChannel);
    expect(n.email).toBeInstanceOf(LogChannel);
    expect(n.usesLogChannel).toBe(true);
    expect(entries.map((e) => e.msg)).toEqual([expect.stringMatching(/^NOT FOR PRODUCTION: email messages/)]);
  });

  it('delivers through the log channel to the given logger', async () => {
    const { entries, log } = recorder();
    const n = createNotifier({}, log);
    await n.sms.send({
      to: '13812345678',
      template: 'intent_code',
      params: { code: '555111', minutes: '5' },
    });
    expect(entries.at(-1)!.obj).toMatchObject({ kind: 'sms', params: { code: '555111' } });
  });
});

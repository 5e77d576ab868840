import { describe, expect, it } from 'vitest';
import { messageChannelContract, type Delivered } from './channel.contract.js';
import { LogChannel } from './log.js';

function logHarness(kind: 'sms' | 'email') {
  const entries: { obj: Record<string, unknown>; msg: string }[] = [];
  const channel = new LogChannel(kind, (obj, msg) =>
    entries.push({ obj: obj as Record<string, unknown>, msg }),
  );
  return {
    entries,
    harness: {
      channel,
      recipient: kind === 'sms' ? '13812345678' : 'zhangsan@example.com',
      rendered: true,
      delivered: (): Delivered[] => entries.map((e) => ({ to: String(e.obj.to), text: String(e.obj.text) })),
      dispose: async () => undefined,
    },
  };
}

messageChannelContract('log (email)', async () => logHarness('email').harness);
messageChannelContract('log (sms)', async () => logHarness('sms').harness);

describe('LogChannel', () => {
  it('writes the code where a tester can find it and says it is not for production', async () => {
    const { entries, harness } = logHarness('sms');
    await harness.channel.send({
      to: '13812345678',
      template: 'intent_code',
      params: { code: '246810', minutes: '10' },
    });
    expect(entries).toHaveLength(1);
    const [{ obj, msg }] = entries as [(typeof entries)[0]];
    expect(msg).toMatch(/^NOT FOR PRODUCTION/);
    expect(msg).toContain('HETONG_SMS_GATEWAY_URL');
    expect(obj).toMatchObject({
      channel: 'log',
      notForProduction: true,
      kind: 'sms',
      to: '13812345678',
      template: 'intent_code',
      params: { code: '246810', minutes: '10' },
    });
    expect(String(obj.text)).toContain('您的签署验证码为 246810，10 分钟内有效');
    expect(String(obj.text)).toContain('Your signing verification code is 246810, valid for 10 minutes');
  });
});

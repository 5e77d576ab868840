/**
 * The one behavioural test suite every MessageChannel passes (SMTP, SMS gateway, log): what the
 * far end receives, what is refused before sending, and that a failure never shows the code.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isHetongError, type HetongError } from '../../shared/errors.js';
import type { MessageChannel, OutboundMessage } from './channel.js';

/** One message as the far end received it. */
export interface Delivered {
  to: string;
  /** Everything a person would read (subject and decoded bodies, or the JSON params). */
  text: string;
}

export interface ChannelHarness {
  channel: MessageChannel;
  /** A valid recipient for this kind of channel. */
  recipient: string;
  /** The far end gets the words (e-mail, log), not only template and params (SMS gateway). */
  rendered: boolean;
  /** What the far end has accepted so far, oldest first. */
  delivered(): Delivered[];
  /** A channel of the same kind whose far end refuses every message (none for the log channel). */
  refusing?: MessageChannel;
  dispose(): Promise<void>;
}

const INVALID_RECIPIENTS = {
  email: [
    '',
    'zhangsan',
    'a@example.com, b@example.com',
    'Evil <a@example.com>',
    'a@example.com\r\nBcc: b@x.cn',
  ],
  sms: ['', '138 1234 5678', '1381234567x', '13812345678,13912345678', '+'],
};

export async function rejection(p: Promise<unknown>): Promise<HetongError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isHetongError(e)) throw new Error(`expected a HetongError, got ${String(e)}`);
  return e;
}

export function messageChannelContract(name: string, make: () => Promise<ChannelHarness>) {
  describe(`MessageChannel: ${name}`, () => {
    let h: ChannelHarness;
    let before = 0;
    beforeAll(async () => {
      h = await make();
    });
    afterAll(async () => h?.dispose());
    beforeEach(() => {
      before = h.delivered().length;
    });
    const fresh = () => h.delivered().slice(before);

    it('delivers an intent code with its validity, zh-CN first and English second', async () => {
      await h.channel.send({
        to: h.recipient,
        template: 'intent_code',
        params: { code: '482913', minutes: '5', contractTitle: '房屋租赁合同' },
      });
      const [m, ...more] = fresh();
      expect(more).toEqual([]);
      expect(m!.to).toBe(h.recipient);
      expect(m!.text).toContain('482913');
      expect(m!.text).toContain('5');
      if (h.rendered) {
        expect(m!.text).toContain('验证码');
        expect(m!.text).toContain('房屋租赁合同');
        expect(m!.text.indexOf('验证码')).toBeLessThan(m!.text.indexOf('verification code'));
      }
    });

    it('delivers a reminder with the signer, title, link and deadline', async () => {
      const params = {
        signerName: '张三',
        contractTitle: '劳动合同 2025',
        url: 'https://hetong.example.com/sign/abc?x=1&y=2',
        expiresAt: '2025-07-01 18:00',
      };
      await h.channel.send({ to: h.recipient, template: 'sign_reminder', params });
      const [m] = fresh();
      for (const value of Object.values(params)) expect(m!.text).toContain(value);
    });

    it('refuses recipients that are not one plain address, before sending anything', async () => {
      for (const to of INVALID_RECIPIENTS[h.channel.kind]) {
        const e = await rejection(
          h.channel.send({ to, template: 'intent_code', params: { code: '123456', minutes: '5' } }),
        );
        expect([e.code, e.status]).toEqual(['NOTIFY_RECIPIENT_INVALID', 400]);
      }
      expect(fresh()).toEqual([]);
    });

    it('refuses params that do not fit the template, naming the param and not the code', async () => {
      const bad: OutboundMessage[] = [
        { to: h.recipient, template: 'intent_code', params: { minutes: '5' } },
        { to: h.recipient, template: 'intent_code', params: { code: '12 3456', minutes: '5' } },
        { to: h.recipient, template: 'intent_code', params: { code: '123456' } },
        { to: h.recipient, template: 'sign_reminder', params: { signerName: '张三' } },
        {
          to: h.recipient,
          template: 'sign_reminder',
          params: { signerName: '张三', contractTitle: 't', url: 'javascript:alert(1)', expiresAt: 'x' },
        },
        { to: h.recipient, template: 'nope' as never, params: {} },
      ];
      for (const message of bad) {
        const e = await rejection(h.channel.send(message));
        expect(e.code).toBe('NOTIFY_MESSAGE_INVALID');
        expect(e.message).not.toContain('3456');
      }
      expect(fresh()).toEqual([]);
    });

    it('reports a refusing far end as NOTIFY_DELIVERY_FAILED without the code', async (ctx) => {
      if (!h.refusing) return ctx.skip();
      const e = await rejection(
        h.refusing.send({
          to: h.recipient,
          template: 'intent_code',
          params: { code: '975310', minutes: '5' },
        }),
      );
      expect([e.code, e.status]).toEqual(['NOTIFY_DELIVERY_FAILED', 502]);
      expect(e.message.length).toBeGreaterThan(20);
      const shown = JSON.stringify({ message: e.message, details: e.details, stack: e.stack });
      expect(shown).not.toContain('975310');
      // the recipient appears masked only
      expect(shown).not.toContain(h.recipient);
    });
  });
}

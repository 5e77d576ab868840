/**
 * A business line's own wording of the messages Hetong sends for it (通知配置): per message
 * (intent code, invitation, reminder, completion) and channel (SMS, e-mail), a text with `{placeholder}`s filled from the
 * message's params. Without one, the built-in bilingual wording applies (channels/templates.ts).
 * Pure: the rules of a text and its filling.
 */
import { HetongError } from '../../shared/errors.js';
import type { MessageChannel, MessageTemplate, OutboundMessage } from '../channels/channel.js';

export type Channel = MessageChannel['kind'];

export interface LineText {
  /** E-mail only: the subject line (one line). */
  subject?: string;
  text: string;
}

/** The placeholders each message knows, and those its text must hold. */
export const PLACEHOLDERS: Record<MessageTemplate, { all: string[]; required: string[] }> = {
  intent_code: { all: ['code', 'minutes', 'contractTitle'], required: ['code'] },
  sign_invitation: { all: ['signerName', 'contractTitle', 'url', 'expiresAt'], required: ['url'] },
  sign_reminder: { all: ['signerName', 'contractTitle', 'url', 'expiresAt'], required: ['url'] },
  contract_completed: { all: ['signerName', 'contractTitle', 'completedAt'], required: ['contractTitle'] },
};

export const MESSAGE_TEMPLATES = Object.keys(PLACEHOLDERS) as MessageTemplate[];
export const CHANNELS: Channel[] = ['sms', 'email'];

/** Carriers split SMS beyond 70 characters and cap a message at a few parts: 300 is generous. */
const MAX_TEXT = { sms: 300, email: 5000 } as const;

/** What a test send and a preview fill the placeholders with. */
export const SAMPLE_PARAMS: Record<MessageTemplate, Record<string, string>> = {
  intent_code: { code: '386512', minutes: '5', contractTitle: '技术服务合同' },
  sign_invitation: {
    signerName: '张三',
    contractTitle: '技术服务合同',
    url: 'https://contracts.example.com/sign/#token=example',
    expiresAt: '2026-12-31 18:00',
  },
  sign_reminder: {
    signerName: '张三',
    contractTitle: '技术服务合同',
    url: 'https://contracts.example.com/sign/#token=example',
    expiresAt: '2026-12-31 18:00',
  },
  contract_completed: { signerName: '张三', contractTitle: '技术服务合同', completedAt: '2026-12-31 18:00' },
};

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

export function checkTemplateAndChannel(
  template: string,
  channel: string,
): {
  template: MessageTemplate;
  channel: Channel;
} {
  if (!(template in PLACEHOLDERS))
    throw new HetongError(
      'NOTIFICATION_TEXT_UNKNOWN',
      404,
      `no message ${template}: ${MESSAGE_TEMPLATES.join(', ')}`,
    );
  if (!CHANNELS.includes(channel as Channel))
    throw new HetongError('NOTIFICATION_TEXT_UNKNOWN', 404, `no channel ${channel}: sms or email`);
  return { template: template as MessageTemplate, channel: channel as Channel };
}

/** Every problem of a text at once (422 NOTIFICATION_TEXT_INVALID), or the text as stored. */
export function checkLineText(template: MessageTemplate, channel: Channel, input: LineText): LineText {
  const problems: { path: string; message: string }[] = [];
  const text = input.text.replace(/\r\n?/g, '\n').trim();
  const { all, required } = PLACEHOLDERS[template];
  if (!text) problems.push({ path: 'text', message: 'the text is empty' });
  if (text.length > MAX_TEXT[channel])
    problems.push({ path: 'text', message: `at most ${MAX_TEXT[channel]} characters for ${channel}` });
  const used = [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  for (const u of new Set(used))
    if (!all.includes(u))
      problems.push({
        path: 'text',
        message: `{${u}} is not a placeholder of this message (${all.map((a) => `{${a}}`).join(' ')})`,
      });
  for (const r of required)
    if (!used.includes(r)) problems.push({ path: 'text', message: `the text must hold {${r}}` });
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(text))
    problems.push({ path: 'text', message: 'no control characters (a line break is fine)' });
  let subject: string | undefined;
  if (channel === 'email' && input.subject !== undefined) {
    subject = input.subject.trim();
    if (!subject || subject.length > 200 || /[\r\n]/.test(subject))
      problems.push({ path: 'subject', message: 'a subject is one line of 1–200 characters' });
    for (const u of [...subject.matchAll(PLACEHOLDER)].map((m) => m[1]!))
      if (!all.includes(u))
        problems.push({ path: 'subject', message: `{${u}} is not a placeholder of this message` });
  } else if (channel === 'sms' && input.subject !== undefined)
    problems.push({ path: 'subject', message: 'an SMS has no subject' });
  if (problems.length)
    throw new HetongError('NOTIFICATION_TEXT_INVALID', 422, 'the text has problems', { problems });
  return { ...(subject ? { subject } : {}), text };
}

/** The text with its placeholders filled (a param the message lacks becomes empty). */
export function fillText(text: string, params: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (_, name: string) => params[name] ?? '');
}

/** The message with the line's wording attached, filled with its params. */
export function withText(message: OutboundMessage, text: LineText): OutboundMessage {
  return {
    ...message,
    custom: {
      ...(text.subject ? { subject: fillText(text.subject, message.params) } : {}),
      text: fillText(text.text, message.params),
    },
  };
}

import { HetongError } from '../../shared/errors.js';
import type { MessageChannel, OutboundMessage } from './channel.js';

/**
 * The words of each message template, zh-CN first and English second, written once and rendered
 * as plain text (SMS, log, the text part of an e-mail) or as a small HTML part. Params are checked
 * here, before any channel sends anything; errors name the param, never its value.
 */

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

interface Format {
  value(s: string): string;
  code(s: string): string;
  link(url: string): string;
}

const PLAIN: Format = { value: (s) => s, code: (s) => s, link: (u) => u };

const HTML: Format = {
  value: escapeHtml,
  code: (s) => `<strong style="font-size:20px;letter-spacing:2px">${escapeHtml(s)}</strong>`,
  link: (u) => `<a href="${escapeHtml(u)}">${escapeHtml(u)}</a>`,
};

interface Words {
  subject: string;
  zh: (f: Format) => string;
  en: (f: Format) => string;
}

function words(message: OutboundMessage): Words {
  const p = message.params;
  switch (message.template) {
    case 'intent_code': {
      const code = required(message, 'code', /^[0-9A-Za-z]{4,12}$/, '4 to 12 letters or digits');
      const minutes = required(message, 'minutes', /^[1-9][0-9]{0,3}$/, 'a whole number of minutes');
      const title = p.contractTitle === undefined ? undefined : oneLine(p.contractTitle);
      return {
        subject: `【合同签署】验证码 ${code}`,
        zh: (f) =>
          `您的签署验证码为 ${f.code(code)}，${minutes} 分钟内有效` +
          (title ? `，用于签署《${f.value(title)}》` : '') +
          '。请勿告诉他人；如非本人操作，请忽略。',
        en: (f) =>
          `Your signing verification code is ${f.code(code)}, valid for ${minutes} minutes` +
          (title ? ` to sign “${f.value(title)}”` : '') +
          '. Do not share it with anyone; if you did not ask for it, ignore this message.',
      };
    }
    case 'sign_reminder': {
      const name = oneLine(required(message, 'signerName', /\S/, 'the signer’s name'));
      const title = oneLine(required(message, 'contractTitle', /\S/, 'the contract’s title'));
      const expiresAt = oneLine(required(message, 'expiresAt', /\S/, 'when the link expires'));
      const url = required(message, 'url', /^https?:\/\/\S+$/, 'an http(s) URL');
      return {
        subject: `【合同签署】请签署《${title}》`,
        zh: (f) =>
          `${f.value(name)}，您好：《${f.value(title)}》正等待您签署，请于 ${f.value(expiresAt)} ` +
          `前打开以下链接完成签署：\n${f.link(url)}`,
        en: (f) =>
          `Dear ${f.value(name)}, “${f.value(title)}” is waiting for your signature. ` +
          `Please sign it before ${f.value(expiresAt)}:\n${f.link(url)}`,
      };
    }
    case 'sign_invitation': {
      const name = oneLine(required(message, 'signerName', /\S/, 'the signer’s name'));
      const title = oneLine(required(message, 'contractTitle', /\S/, 'the contract’s title'));
      const expiresAt = oneLine(required(message, 'expiresAt', /\S/, 'when the link expires'));
      const url = required(message, 'url', /^https?:\/\/\S+$/, 'an http(s) URL');
      return {
        subject: `【合同签署】《${title}》待您签署`,
        zh: (f) =>
          `${f.value(name)}，您好：您有一份《${f.value(title)}》待签署，请于 ${f.value(expiresAt)} ` +
          `前打开以下链接查看并签署：\n${f.link(url)}`,
        en: (f) =>
          `Dear ${f.value(name)}, “${f.value(title)}” is ready for your signature. ` +
          `Open this link before ${f.value(expiresAt)} to read and sign it:\n${f.link(url)}`,
      };
    }
    case 'contract_completed': {
      const name = oneLine(required(message, 'signerName', /\S/, 'the signer’s name'));
      const title = oneLine(required(message, 'contractTitle', /\S/, 'the contract’s title'));
      const at = oneLine(required(message, 'completedAt', /\S/, 'when the contract was completed'));
      return {
        subject: `【合同签署】《${title}》已签署完成`,
        zh: (f) =>
          `${f.value(name)}，您好：《${f.value(title)}》已于 ${f.value(at)} 由各方签署完成，` +
          '如需合同文件请联系发起方。',
        en: (f) =>
          `Dear ${f.value(name)}, every party has signed “${f.value(title)}” (completed ${f.value(at)}). ` +
          'Ask the sender for the signed document.',
      };
    }
    default:
      throw new HetongError(
        'NOTIFY_MESSAGE_INVALID',
        500,
        `unknown message template ${JSON.stringify(String(message.template))}`,
      );
  }
}

/** The message as text: the zh-CN sentence, then the English one (SMS and the log channel). */
export function renderText(message: OutboundMessage): string {
  if (message.custom) return message.custom.text;
  const w = words(message);
  return `${w.zh(PLAIN)}\n${w.en(PLAIN)}`;
}

/** Subject, text part and HTML part of the e-mail for a message. */
export function renderEmail(message: OutboundMessage): RenderedEmail {
  const w = words(message);
  const paragraph = (s: string, style: string, lang: string) =>
    `<p lang="${lang}" style="${style}">${s.replace(/\n/g, '<br>')}</p>`;
  if (message.custom)
    // The line's own wording (通知配置): one language, as written, escaped.
    return {
      subject: oneLine(message.custom.subject ?? w.subject),
      text: `${message.custom.text}\n`,
      html:
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head>' +
        '<body style="font-family:sans-serif;line-height:1.6;color:#222">' +
        paragraph(escapeHtml(message.custom.text), 'margin:0', 'zh-CN') +
        '</body></html>',
    };
  return {
    subject: w.subject,
    text: `${w.zh(PLAIN)}\n\n${w.en(PLAIN)}\n`,
    html:
      '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head>' +
      '<body style="font-family:sans-serif;line-height:1.6;color:#222">' +
      paragraph(w.zh(HTML), 'margin:0 0 12px', 'zh-CN') +
      paragraph(w.en(HTML), 'margin:0;color:#666', 'en') +
      '</body></html>',
  };
}

/** Refuses a recipient that is not one plain phone number or e-mail address for the channel. */
export function checkRecipient(kind: MessageChannel['kind'], to: string): void {
  const ok =
    kind === 'sms'
      ? // E.164 has at most 15 digits; the gateway gets the number as given.
        /^\+?[0-9]{5,15}$/.test(to)
      : // One addr-spec, nothing a mailer would read as a second recipient or a display name.
        to.length <= 254 && /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]+$/.test(to);
  if (!ok)
    throw new HetongError(
      'NOTIFY_RECIPIENT_INVALID',
      400,
      kind === 'sms'
        ? 'the phone number must be digits only, with an optional leading + (5 to 15 digits)'
        : 'the e-mail address must be one plain address such as name@example.com',
    );
}

/** Checks recipient and params without sending: what every channel does first. */
export function checkMessage(kind: MessageChannel['kind'], message: OutboundMessage): void {
  checkRecipient(kind, message.to);
  words(message);
}

function required(message: OutboundMessage, name: string, pattern: RegExp, what: string): string {
  const value = message.params[name];
  if (typeof value !== 'string' || !pattern.test(value))
    throw new HetongError(
      'NOTIFY_MESSAGE_INVALID',
      500,
      `a ${message.template} message needs params.${name}: ${what}`,
    );
  return value;
}

/** Control characters (a line break in a subject would start a new header) become spaces. */
function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/**
 * The lines' own wording of messages (通知配置): read, saved, deleted (back to the built-in
 * wording), tried by a test send; and `withLineTexts`, which puts a line's wording on every message
 * sent for it. One primary-key read per message — codes and reminders are few — so every node
 * sends a change at once, without a cache to go stale.
 */
import type { AuditTrail } from '../../evidence/audit.js';
import type { Db } from '../../store/database.js';
import {
  NotificationTextRepository,
  type StoredLineText,
} from '../../store/repositories/notification-texts.js';
import type { ActorContext } from '../../tenancy/context.js';
import type { MessageChannel, MessageTemplate, Notifier, OutboundMessage } from '../channels/channel.js';
import { renderEmail, renderText } from '../channels/templates.js';
import { maskEmail, maskPhone } from '../mask.js';
import {
  CHANNELS,
  checkLineText,
  checkTemplateAndChannel,
  MESSAGE_TEMPLATES,
  PLACEHOLDERS,
  SAMPLE_PARAMS,
  withText,
  type Channel,
  type LineText,
} from './line-texts.js';

export interface NotificationTextView {
  template: MessageTemplate;
  channel: Channel;
  placeholders: string[];
  required: string[];
  /** The line's own wording, or null: the built-in one applies. */
  custom: (LineText & { updatedBy: string; updatedAt: number }) | null;
  /** What is sent now, filled with sample values. */
  preview: { subject?: string; text: string };
}

export class NotificationTexts {
  readonly #repo: NotificationTextRepository;

  constructor(private readonly deps: { db: Db; audit: AuditTrail; notifier: Notifier; now?: () => number }) {
    this.#repo = new NotificationTextRepository(deps.db);
  }

  async list(lineId: string): Promise<NotificationTextView[]> {
    const own = await this.#repo.list(lineId);
    return MESSAGE_TEMPLATES.flatMap((template) =>
      CHANNELS.map((channel) => {
        const custom = own.find((t) => t.template === template && t.channel === channel);
        return view(template, channel, custom);
      }),
    );
  }

  async save(
    lineId: string,
    template: string,
    channel: string,
    input: LineText,
    actor: ActorContext,
  ): Promise<NotificationTextView> {
    const key = checkTemplateAndChannel(template, channel);
    const text = checkLineText(key.template, key.channel, input);
    const stored: StoredLineText = {
      ...key,
      ...text,
      updatedBy: actor.actor,
      updatedAt: (this.deps.now ?? Date.now)(),
    };
    await this.deps.db.transaction().execute(async (trx) => {
      await new NotificationTextRepository(trx).put(lineId, stored);
      await this.deps.audit.recordBy(
        trx,
        actor,
        lineId,
        'notification_text.saved',
        `${template}/${channel}`,
        {
          ...(text.subject ? { subject: text.subject } : {}),
          text: text.text,
        },
      );
    });
    return view(key.template, key.channel, stored);
  }

  /** Back to the built-in wording. */
  async delete(lineId: string, template: string, channel: string, actor: ActorContext): Promise<void> {
    const key = checkTemplateAndChannel(template, channel);
    await this.deps.db.transaction().execute(async (trx) => {
      if (await new NotificationTextRepository(trx).delete(lineId, key.template, key.channel))
        await this.deps.audit.recordBy(
          trx,
          actor,
          lineId,
          'notification_text.deleted',
          `${template}/${channel}`,
          {},
        );
    });
  }

  /** Sends the message with sample values to `to` through the real channel, in the line's wording. */
  async testSend(
    lineId: string,
    template: string,
    channel: string,
    to: string,
    actor: ActorContext,
  ): Promise<void> {
    const key = checkTemplateAndChannel(template, channel);
    await withLineTexts(this.deps.notifier, this)[key.channel].send({
      to,
      template: key.template,
      params: SAMPLE_PARAMS[key.template],
      businessLineId: lineId,
    });
    await this.deps.audit.recordBy(
      this.deps.db,
      actor,
      lineId,
      'notification_text.tested',
      `${template}/${channel}`,
      {
        to: key.channel === 'sms' ? maskPhone(to) : maskEmail(to),
      },
    );
  }

  /** The line's wording of one message on one channel, if it set one. */
  async textFor(lineId: string, template: MessageTemplate, channel: Channel): Promise<LineText | undefined> {
    return (await this.#repo.list(lineId)).find((t) => t.template === template && t.channel === channel);
  }
}

function view(
  template: MessageTemplate,
  channel: Channel,
  custom: StoredLineText | undefined,
): NotificationTextView {
  const sample: OutboundMessage = { to: '', template, params: SAMPLE_PARAMS[template] };
  const message = custom ? withText(sample, custom) : sample;
  const email = channel === 'email' ? renderEmail(message) : undefined;
  return {
    template,
    channel,
    placeholders: PLACEHOLDERS[template].all,
    required: PLACEHOLDERS[template].required,
    custom: custom
      ? {
          ...(custom.subject ? { subject: custom.subject } : {}),
          text: custom.text,
          updatedBy: custom.updatedBy,
          updatedAt: custom.updatedAt,
        }
      : null,
    preview: email ? { subject: email.subject, text: email.text.trimEnd() } : { text: renderText(message) },
  };
}

/** The notifier whose channels put each message's line wording on it before sending. */
export function withLineTexts(notifier: Notifier, texts: Pick<NotificationTexts, 'textFor'>): Notifier {
  const wrap = (channel: MessageChannel): MessageChannel => ({
    kind: channel.kind,
    async send(message) {
      const text = message.businessLineId
        ? await texts.textFor(message.businessLineId, message.template, channel.kind)
        : undefined;
      return channel.send(text ? withText(message, text) : message);
    },
  });
  return { sms: wrap(notifier.sms), email: wrap(notifier.email), usesLogChannel: notifier.usesLogChannel };
}

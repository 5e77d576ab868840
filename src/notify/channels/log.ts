import type { MessageChannel, OutboundMessage } from './channel.js';
import { checkMessage, renderText } from './templates.js';

export type LogFunction = (obj: object, msg: string) => void;

/**
 * NOT FOR PRODUCTION. Writes each message — intent code included, that is its purpose — to the
 * log instead of sending it, so the product can be tried without an SMS gateway or SMTP server.
 * Anyone who can read the log can then pass anyone's intent check: the composition root reports
 * it (`Notifier.usesLogChannel`) and every entry says so.
 */
export class LogChannel implements MessageChannel {
  constructor(
    readonly kind: 'sms' | 'email',
    private readonly log: LogFunction,
  ) {}

  async send(message: OutboundMessage): Promise<void> {
    checkMessage(this.kind, message);
    this.log(
      {
        channel: 'log',
        notForProduction: true,
        kind: this.kind,
        to: message.to,
        template: message.template,
        params: message.params,
        text: renderText(message),
      },
      `NOT FOR PRODUCTION: ${this.kind} message written to the log instead of sent — ` +
        `configure ${this.kind === 'sms' ? 'HETONG_SMS_GATEWAY_URL' : 'HETONG_SMTP_URL'} to deliver it`,
    );
  }
}

import type { Config } from '../../app/config.js';
import type { Notifier } from './channel.js';
import { LogChannel, type LogFunction } from './log.js';
import { SmsGatewayChannel } from './sms-gateway.js';
import { SmtpChannel } from './smtp.js';

export type { MessageChannel, MessageTemplate, Notifier, OutboundMessage } from './channel.js';
export type { LogFunction } from './log.js';
export { LogChannel } from './log.js';
export { SmsGatewayChannel, type SmsGatewayOptions } from './sms-gateway.js';
export { SmtpChannel, type SmtpChannelOptions } from './smtp.js';
export { maskEmail, maskPhone } from '../mask.js';

/**
 * The channels for this configuration: SMTP for e-mail when `config.smtp` is set, the SMS gateway
 * when `config.smsGateway` is, and otherwise the log channel for that kind — which is announced
 * once through `log` (give it a warn-level function) and reported by `usesLogChannel`.
 */
export function createNotifier(config: Pick<Config, 'smtp' | 'smsGateway'>, log: LogFunction): Notifier {
  const email = config.smtp ? new SmtpChannel(config.smtp) : new LogChannel('email', log);
  const sms = config.smsGateway ? new SmsGatewayChannel(config.smsGateway) : new LogChannel('sms', log);
  const logged = [email, sms].filter((c) => c instanceof LogChannel).map((c) => c.kind);
  if (logged.length > 0)
    log(
      { channel: 'log', kinds: logged },
      `NOT FOR PRODUCTION: ${logged.join(' and ')} messages (intent codes included) go to the log; ` +
        'set HETONG_SMTP_URL / HETONG_SMS_GATEWAY_URL to deliver them',
    );
  return { email, sms, usesLogChannel: logged.length > 0 };
}

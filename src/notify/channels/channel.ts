/**
 * The port through which Hetong sends a person a message: an intent code (意愿验证, SMS or e-mail
 * code), an invitation or a reminder to sign, or word that a contract is complete. Each kind has one real adapter (SMTP, an HTTP SMS gateway) and a
 * log channel for trying the product; the composition root picks one per kind.
 */

export type MessageTemplate = 'intent_code' | 'sign_invitation' | 'sign_reminder' | 'contract_completed';

export interface OutboundMessage {
  /** phone number (sms) or e-mail address (email) */
  to: string;
  template: MessageTemplate;
  /**
   * intent_code: { code, minutes, contractTitle? } ; sign_invitation and sign_reminder:
   * { signerName, contractTitle, url, expiresAt } ; contract_completed: { signerName,
   * contractTitle, completedAt } (all strings)
   */
  params: Record<string, string>;
  /** The business line the message is sent for: its own wording applies (src/notify/texts). */
  businessLineId?: string;
  /** The line's own wording, already filled with `params` (set by withLineTexts). */
  custom?: { subject?: string; text: string };
}

export interface MessageChannel {
  readonly kind: 'sms' | 'email';
  /**
   * Resolves when the message was accepted by the gateway / SMTP server; throws
   * HetongError('NOTIFY_DELIVERY_FAILED', 502, …) otherwise, with a message that says what went
   * wrong and never contains the intent code. A message whose recipient or params do not fit its
   * template is refused before anything is sent (NOTIFY_RECIPIENT_INVALID 400,
   * NOTIFY_MESSAGE_INVALID 500).
   */
  send(message: OutboundMessage): Promise<void>;
}

export interface Notifier {
  sms: MessageChannel;
  email: MessageChannel;
  /** true when at least one channel is the log channel */
  readonly usesLogChannel: boolean;
}

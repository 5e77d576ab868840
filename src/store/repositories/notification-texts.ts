import type { Kysely } from 'kysely';
import type { MessageTemplate } from '../../notify/channels/channel.js';
import type { Channel, LineText } from '../../notify/texts/line-texts.js';
import type { Db } from '../database.js';

/** `notification_texts` (migration 0014): a business line's own wording per message and channel. */
export interface NotificationTextsTable {
  notification_texts: {
    business_line_id: string;
    template: string;
    channel: string;
    subject: string | null;
    text: string;
    updated_by: string;
    updated_at: number;
  };
}

export interface StoredLineText extends LineText {
  template: MessageTemplate;
  channel: Channel;
  updatedBy: string;
  updatedAt: number;
}

export class NotificationTextRepository {
  private readonly db: Kysely<NotificationTextsTable>;

  constructor(db: Db) {
    // Declared beside its only user rather than in the shared schema.ts.
    this.db = db as unknown as Kysely<NotificationTextsTable>;
  }

  async list(lineId: string): Promise<StoredLineText[]> {
    const rows = await this.db
      .selectFrom('notification_texts')
      .selectAll()
      .where('business_line_id', '=', lineId)
      .execute();
    return rows.map((r) => ({
      template: r.template as MessageTemplate,
      channel: r.channel as Channel,
      ...(r.subject ? { subject: r.subject } : {}),
      text: r.text,
      updatedBy: r.updated_by,
      updatedAt: Number(r.updated_at),
    }));
  }

  async put(lineId: string, t: StoredLineText): Promise<void> {
    const values = {
      subject: t.subject ?? null,
      text: t.text,
      updated_by: t.updatedBy,
      updated_at: t.updatedAt,
    };
    await this.db
      .insertInto('notification_texts')
      .values({ business_line_id: lineId, template: t.template, channel: t.channel, ...values })
      .onConflict((oc) => oc.columns(['business_line_id', 'template', 'channel']).doUpdateSet(values))
      .execute();
  }

  async delete(lineId: string, template: string, channel: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('notification_texts')
      .where('business_line_id', '=', lineId)
      .where('template', '=', template)
      .where('channel', '=', channel)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}

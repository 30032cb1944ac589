import type { WebhookDeliveryStore } from '../stores.js';
import type { PgDatabase } from './pg-database.js';

/** Webhook delivery ids in one table; expired rows go as new ones come in. */
export class PgWebhookDeliveryStore implements WebhookDeliveryStore {
  constructor(private readonly database: PgDatabase) {}

  async seen(path: string, deliveryId: string, now: Date): Promise<string | undefined> {
    const row = (await this.database.query<{ run_id: string }>('SELECT run_id FROM webhook_deliveries WHERE path = $1 AND delivery_id = $2 AND expires_at > $3', [path, deliveryId, now.toISOString()])).rows[0];
    return row?.run_id;
  }

  async remember(path: string, deliveryId: string, run: string, now: Date, until: Date): Promise<void> {
    await this.database.transaction(async (client) => {
      await client.query('DELETE FROM webhook_deliveries WHERE expires_at <= $1', [now.toISOString()]);
      await client.query(
        'INSERT INTO webhook_deliveries (path, delivery_id, run_id, expires_at) VALUES ($1, $2, $3, $4) ON CONFLICT (path, delivery_id) DO UPDATE SET run_id = excluded.run_id, expires_at = excluded.expires_at',
        [path, deliveryId, run, until.toISOString()],
      );
    });
  }
}

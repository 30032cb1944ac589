import type { WebhookDeliveryStore } from '../stores.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** Webhook delivery ids in one small table; expired rows go as new ones come in. */
export class SqliteWebhookDeliveryStore implements WebhookDeliveryStore {
  constructor(private readonly database: SqliteDatabase) {}

  async seen(path: string, deliveryId: string, now: Date): Promise<string | undefined> {
    const row = this.database
      .statement('SELECT run_id FROM webhook_deliveries WHERE path = ? AND delivery_id = ? AND expires_at > ?')
      .get(path, deliveryId, now.toISOString()) as { run_id: string } | undefined;
    return row?.run_id;
  }

  async remember(path: string, deliveryId: string, run: string, now: Date, until: Date): Promise<void> {
    // Durable: a restart right after the 202 must still know the delivery.
    this.database.write('durable', () => {
      this.database.statement('DELETE FROM webhook_deliveries WHERE expires_at <= ?').run(now.toISOString());
      this.database
        .statement('INSERT OR REPLACE INTO webhook_deliveries (path, delivery_id, run_id, expires_at) VALUES (?, ?, ?, ?)')
        .run(path, deliveryId, run, until.toISOString());
    });
  }
}

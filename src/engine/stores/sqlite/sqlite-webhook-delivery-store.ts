import type { DeliveryClaim, WebhookDeliveryStore } from '../stores.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** Webhook delivery ids in one small table; expired rows go as new ones come in. */
export class SqliteWebhookDeliveryStore implements WebhookDeliveryStore {
  constructor(private readonly database: SqliteDatabase) {}

  async claim(path: string, deliveryId: string, run: string, now: Date, until: Date): Promise<DeliveryClaim | undefined> {
    // Durable: a restart right after the 202 must still know the delivery.
    return this.database.write('durable', () => {
      this.database.statement('DELETE FROM webhook_deliveries WHERE expires_at <= ?').run(now.toISOString());
      const held = this.database.statement('SELECT run_id, claimed_at FROM webhook_deliveries WHERE path = ? AND delivery_id = ?').get(path, deliveryId) as { run_id: string; claimed_at: string | null } | undefined;
      if (held) return { run: held.run_id, claimedAt: new Date(held.claimed_at ?? 0) };
      this.database
        .statement('INSERT INTO webhook_deliveries (path, delivery_id, run_id, expires_at, claimed_at) VALUES (?, ?, ?, ?, ?)')
        .run(path, deliveryId, run, until.toISOString(), now.toISOString());
      return undefined;
    });
  }

  async takeOver(path: string, deliveryId: string, from: string, run: string, now: Date, until: Date): Promise<boolean> {
    return this.database.write('durable', () =>
      this.database
        .statement('UPDATE webhook_deliveries SET run_id = ?, expires_at = ?, claimed_at = ? WHERE path = ? AND delivery_id = ? AND run_id = ?')
        .run(run, until.toISOString(), now.toISOString(), path, deliveryId, from).changes === 1,
    );
  }

  async forget(path: string, deliveryId: string, run: string): Promise<void> {
    this.database.write('durable', () => this.database.statement('DELETE FROM webhook_deliveries WHERE path = ? AND delivery_id = ? AND run_id = ?').run(path, deliveryId, run));
  }
}

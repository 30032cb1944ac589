import type { DeliveryClaim, WebhookDeliveryStore } from '../stores.js';
import type { PgDatabase } from './pg-database.js';

/** Webhook delivery ids in one table; expired rows go as new ones come in. */
export class PgWebhookDeliveryStore implements WebhookDeliveryStore {
  constructor(private readonly database: PgDatabase) {}

  async claim(path: string, deliveryId: string, run: string, now: Date, until: Date): Promise<DeliveryClaim | undefined> {
    return this.database.transaction(async (client) => {
      await client.query('DELETE FROM webhook_deliveries WHERE expires_at <= $1', [now.toISOString()]);
      // One statement decides between two processes claiming at once: the second waits on the
      // first's row, then sees it (an expired row is claimed again).
      const claimed = await client.query(
        `INSERT INTO webhook_deliveries (path, delivery_id, run_id, expires_at, claimed_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (path, delivery_id) DO UPDATE SET run_id = excluded.run_id, expires_at = excluded.expires_at, claimed_at = excluded.claimed_at
         WHERE webhook_deliveries.expires_at <= $5`,
        [path, deliveryId, run, until.toISOString(), now.toISOString()],
      );
      if (claimed.rowCount === 1) return undefined;
      const held = (await client.query<{ run_id: string; claimed_at: string | null }>('SELECT run_id, claimed_at FROM webhook_deliveries WHERE path = $1 AND delivery_id = $2', [path, deliveryId])).rows[0]!;
      return { run: held.run_id, claimedAt: new Date(held.claimed_at ?? 0) };
    });
  }

  async takeOver(path: string, deliveryId: string, from: string, run: string, now: Date, until: Date): Promise<boolean> {
    const moved = await this.database.query('UPDATE webhook_deliveries SET run_id = $1, expires_at = $2, claimed_at = $3 WHERE path = $4 AND delivery_id = $5 AND run_id = $6', [
      run,
      until.toISOString(),
      now.toISOString(),
      path,
      deliveryId,
      from,
    ]);
    return moved.rowCount === 1;
  }

  async forget(path: string, deliveryId: string, run: string): Promise<void> {
    await this.database.query('DELETE FROM webhook_deliveries WHERE path = $1 AND delivery_id = $2 AND run_id = $3', [path, deliveryId, run]);
  }
}

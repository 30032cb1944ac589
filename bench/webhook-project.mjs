// The project both sides of the webhook intake bench work from: a signed webhook flow that
// shapes a Shopify-like order with JSONata, and the orders a sender posts.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const webhookExpression = `{
  "externalId": $string(id),
  "number": name,
  "email": $lowercase(email),
  "total": $number(total_price),
  "currency": currency,
  "lines": line_items.{ "sku": sku, "quantity": quantity, "amount": $number(price) * quantity },
  "paid": financial_status = 'paid'
}`;

/** Writes the webhook project into `directory`. */
export async function writeWebhookProject(directory) {
  await mkdir(path.join(directory, 'flows'), { recursive: true });
  await writeFile(path.join(directory, 'weft.yaml'), 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: webhook-bench }\n');
  await writeFile(
    path.join(directory, 'flows', 'orders.yaml'),
    `apiVersion: weft/v1
kind: Flow
metadata: { name: order-intake }
spec:
  concurrency: 50
  trigger:
    webhook:
      path: shop/orders
      hmac: { header: X-Signature, secret: "\${secret:shop/webhook}", encoding: hex }
  steps:
    - id: shape
      map: |
${webhookExpression.split('\n').map((line) => `        ${line}`).join('\n')}
`,
  );
}

/** A realistic order payload (about 1.5 KB), different per index. */
export function orderPayload(index) {
  return JSON.stringify({
    id: 820982911946154508 + index,
    name: `#${1000 + index}`,
    email: `Customer.${index}@Example.com`,
    created_at: '2026-12-06T10:00:00-05:00',
    updated_at: '2026-12-06T10:00:00-05:00',
    financial_status: index % 3 === 0 ? 'pending' : 'paid',
    currency: 'GBP',
    total_price: (19.99 + (index % 50)).toFixed(2),
    subtotal_price: (17.99 + (index % 50)).toFixed(2),
    total_tax: '2.00',
    customer: { id: 115310627314723954 + index, first_name: 'Sam', last_name: 'Rivera', email: `customer.${index}@example.com`, tags: 'vip,newsletter' },
    shipping_address: { address1: '12 Market Street', city: 'Leeds', zip: 'LS1 6DT', country_code: 'GB', phone: '+44 113 496 0000' },
    line_items: Array.from({ length: 3 }, (_, line) => ({ id: 466157049 + line, sku: `SKU-${(index + line) % 97}`, title: `Product ${line}`, quantity: 1 + (line % 2), price: (5.5 + line).toFixed(2), vendor: 'Acme', requires_shipping: true })),
    note_attributes: [{ name: 'gift', value: index % 2 === 0 ? 'yes' : 'no' }],
  });
}

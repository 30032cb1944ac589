import { createHmac, randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Shopify-like store on 127.0.0.1, behaving like the Admin REST API where weft meets it:
 * - `GET /<shop>/admin/api/2024-01/orders.json` (and `products.json`): bearer access token per
 *   shop (or X-Shopify-Access-Token), `limit` (default 50, at most 250), `status`,
 *   `updated_at_min`; records in id order; cursor pagination by `page_info` in a Link header
 *   (rel="next" and rel="previous"). A page_info request may carry only `limit` besides, as in
 *   the real API: filters live in the cursor.
 * - A leaky bucket per shop (40 requests, leaking 2 per second, as a standard plan): a request
 *   into a full bucket gets 429 with `Retry-After` (Shopify sends "2.0"); every answer carries
 *   X-Shopify-Shop-Api-Call-Limit.
 * - `deliverShopifyWebhook` (below) posts a topic's payload to a URL as Shopify's webhook sender
 *   does: raw JSON body signed with HMAC-SHA256 of the body, base64, in X-Shopify-Hmac-Sha256.
 * The shop is the first path segment, standing for the `<shop>.myshopify.com` host.
 */
export interface ShopifyOptions {
  /** Access token per shop: `{ 'acme-uk': 'shpat_…' }`. */
  tokens: Record<string, string>;
  bucketSize?: number;
  leakPerSecond?: number;
  /** The Retry-After a throttled request gets, in seconds (Shopify: 2.0). */
  retryAfterSeconds?: number;
}

export interface ShopifyOrder {
  id: number;
  name: string;
  email: string;
  financial_status: 'pending' | 'paid' | 'refunded' | 'voided';
  currency: string;
  total_price: string;
  created_at: string;
  updated_at: string;
  cancelled_at: string | null;
  line_items: { sku: string; quantity: number; price: string }[];
  shipping_address: { country_code: string; city: string; zip: string };
  [field: string]: unknown;
}

export interface ShopifyRequest {
  shop: string;
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

const apiPrefix = /^\/([a-z0-9-]+)\/admin\/api\/2024-01\/([a-z_]+)\.json$/;

export class ShopifySimulator {
  /** Every request that reached a shop's API, in order, with the status it got. */
  readonly requests: ShopifyRequest[] = [];
  private readonly collections = new Map<string, { orders: ShopifyOrder[]; products: Record<string, unknown>[] }>();
  private readonly buckets = new Map<string, { level: number; at: number }>();
  private readonly crowded = new Set<string>();
  private nextId = 450789469;

  private constructor(
    private readonly server: Server,
    private readonly options: Required<ShopifyOptions>,
  ) {}

  static async start(options: ShopifyOptions): Promise<ShopifySimulator> {
    const server = createServer();
    const simulator = new ShopifySimulator(server, { bucketSize: 40, leakPerSecond: 2, retryAfterSeconds: 2, ...options });
    server.on('request', (request, response) => simulator.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return simulator;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** What stands for `https://<shop>.myshopify.com`. */
  shopUrl(shop: string): string {
    return `${this.origin}/${shop}`;
  }

  /** Adds orders to a shop (ids assigned in order when absent); returns them as stored. */
  addOrders(shop: string, orders: Partial<ShopifyOrder>[]): ShopifyOrder[] {
    const stored = orders.map((order) => {
      const now = new Date().toISOString();
      const id = order.id ?? this.nextId++;
      return {
        id,
        name: `#${1000 + (id % 100000)}`,
        email: `customer${id}@example.com`,
        financial_status: 'paid' as const,
        currency: 'GBP',
        total_price: '10.00',
        created_at: now,
        updated_at: now,
        cancelled_at: null,
        line_items: [{ sku: `SKU-${id % 7}`, quantity: 1, price: '10.00' }],
        shipping_address: { country_code: 'GB', city: 'Leeds', zip: 'LS1 4AP' },
        ...order,
      };
    });
    this.collection(shop).orders.push(...stored);
    this.collection(shop).orders.sort((a, b) => a.id - b.id);
    return stored;
  }

  orders(shop: string): readonly ShopifyOrder[] {
    return this.collection(shop).orders;
  }

  /** A burst of the app's other calls fills the shop's bucket just before its next request: that one is throttled. */
  fillBucket(shop: string): void {
    this.crowded.add(shop);
  }

  /** How many requests were throttled (429). */
  get throttled(): number {
    return this.requests.filter((entry) => entry.status === 429).length;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private collection(shop: string) {
    let found = this.collections.get(shop);
    if (!found) this.collections.set(shop, (found = { orders: [], products: [] }));
    return found;
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', this.origin);
    const match = apiPrefix.exec(url.pathname);
    const query = Object.fromEntries(url.searchParams);
    const answer = (shop: string, status: number, body: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ shop, method: request.method ?? '', path: url.pathname, query, status });
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      response.end(JSON.stringify(body));
    };
    request.resume();
    if (!match) return answer('', 404, { errors: 'Not Found' });
    const [, shop, resource] = match as unknown as [string, string, string];
    const expected = this.options.tokens[shop];
    const presented = request.headers['x-shopify-access-token'] ?? request.headers.authorization?.replace(/^Bearer /, '');
    if (!expected || presented !== expected) return answer(shop, 401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });

    const level = this.fill(shop);
    const callLimit = { 'x-shopify-shop-api-call-limit': `${Math.ceil(level)}/${this.options.bucketSize}` };
    if (level > this.options.bucketSize) {
      this.drain(shop);
      return answer(shop, 429, { errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' }, {
        ...callLimit,
        'retry-after': this.options.retryAfterSeconds.toFixed(1),
      });
    }
    if (request.method !== 'GET') return answer(shop, 406, { errors: 'Not Acceptable' }, callLimit);
    if (resource !== 'orders' && resource !== 'products') return answer(shop, 404, { errors: 'Not Found' }, callLimit);

    const limit = Number(query.limit ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 250) return answer(shop, 400, { errors: { limit: 'Limit must be between 1 and 250' } }, callLimit);
    let filters: { status?: string; updated_at_min?: string; after: number; before?: number };
    if (query.page_info !== undefined) {
      const extra = Object.keys(query).filter((name) => name !== 'page_info' && name !== 'limit' && name !== 'fields');
      if (extra.length > 0) return answer(shop, 400, { errors: { page_info: `${extra.join(', ')} cannot be passed with page_info` } }, callLimit);
      try {
        filters = JSON.parse(Buffer.from(query.page_info, 'base64url').toString('utf8'));
      } catch {
        return answer(shop, 400, { errors: { page_info: 'Invalid value.' } }, callLimit);
      }
    } else {
      if (query.updated_at_min && Number.isNaN(Date.parse(query.updated_at_min))) return answer(shop, 400, { errors: { updated_at_min: 'Invalid date' } }, callLimit);
      filters = { status: query.status, updated_at_min: query.updated_at_min || undefined, after: 0 };
    }
    const all = (resource === 'orders' ? this.collection(shop).orders : this.collection(shop).products) as { id: number; updated_at?: string; cancelled_at?: string | null }[];
    const matching = all.filter(
      (record) =>
        (!filters.updated_at_min || Date.parse(record.updated_at ?? '') >= Date.parse(filters.updated_at_min)) &&
        (resource !== 'orders' || filters.status === 'any' || (filters.status === 'cancelled' ? record.cancelled_at : !record.cancelled_at)),
    );
    // A cursor reads forwards after a record, or backwards (rel="previous") before one.
    const startAt = filters.before !== undefined ? Math.max(0, matching.findIndex((record) => record.id >= filters.before!) - limit) : matching.findIndex((record) => record.id > filters.after);
    const page = startAt < 0 ? [] : matching.slice(startAt, startAt + limit);
    const links: string[] = [];
    const pageUrl = (cursor: object) => `${this.origin}${url.pathname}?limit=${limit}&page_info=${Buffer.from(JSON.stringify(cursor)).toString('base64url')}`;
    const [first, last] = [page[0], page.at(-1)];
    const cursor = { status: filters.status, updated_at_min: filters.updated_at_min };
    if (first && matching[0] !== first) links.push(`<${pageUrl({ ...cursor, after: 0, before: first.id })}>; rel="previous"`);
    if (last && matching.at(-1) !== last) links.push(`<${pageUrl({ ...cursor, after: last.id })}>; rel="next"`);
    answer(shop, 200, { [resource]: page }, { ...callLimit, ...(links.length > 0 && { link: links.join(', ') }) });
  }

  /** Adds a request to the shop's bucket after leaking what time has drained; the new level. */
  private fill(shop: string): number {
    const now = Date.now();
    const bucket = this.buckets.get(shop) ?? { level: 0, at: now };
    bucket.level = Math.max(0, bucket.level - ((now - bucket.at) / 1000) * this.options.leakPerSecond) + 1;
    if (this.crowded.delete(shop)) bucket.level = this.options.bucketSize + 1;
    bucket.at = now;
    this.buckets.set(shop, bucket);
    return bucket.level;
  }

  /** A throttled request does not count. */
  private drain(shop: string): void {
    this.buckets.get(shop)!.level -= 1;
  }
}

export interface ShopifyWebhook {
  topic: string;
  shop: string;
  payload: unknown;
  /** The app's signing secret. */
  secret: string;
  /** Signs with another secret. */
  signWith?: string;
  /** Sends this X-Shopify-Hmac-Sha256 as given (null: none). */
  signature?: string | null;
  /** Changes the body after it was signed. */
  tamper?: (body: string) => string;
}

/**
 * Delivers a webhook as Shopify does: the payload as the raw JSON body, signed with HMAC-SHA256
 * of the body under the app's secret, base64, in X-Shopify-Hmac-Sha256, with the topic and shop
 * headers. Resolves to the status and body the receiver answered.
 */
export function deliverShopifyWebhook(url: string, webhook: ShopifyWebhook): Promise<{ status: number; body: string }> {
  const body = JSON.stringify(webhook.payload);
  const signature = webhook.signature === undefined ? createHmac('sha256', webhook.signWith ?? webhook.secret).update(body, 'utf8').digest('base64') : webhook.signature;
  const sent = webhook.tamper ? webhook.tamper(body) : body;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(sent)),
    'x-shopify-topic': webhook.topic,
    'x-shopify-shop-domain': `${webhook.shop}.myshopify.com`,
    'x-shopify-api-version': '2024-01',
    'x-shopify-webhook-id': randomUUID(),
    'x-shopify-triggered-at': new Date().toISOString(),
  };
  if (signature !== null) headers['x-shopify-hmac-sha256'] = signature;
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method: 'POST', headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    outgoing.on('error', reject);
    outgoing.end(sent);
  });
}

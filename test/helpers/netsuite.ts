import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mulberry32 } from './fuzz-seed.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A NetSuite-like ERP on 127.0.0.1, behaving like SuiteTalk REST where weft meets it:
 * - `POST /<account>/services/rest/auth/oauth2/v1/token`: OAuth2 client credentials (client id
 *   and secret in HTTP Basic, form body) → a bearer token that expires after `tokenLifetimeSeconds`
 *   (short, as NetSuite's are); an expired or unknown token gets 401 INVALID_LOGIN.
 * - `POST /<account>/services/rest/record/v1/salesOrder`: creates a sales order; 204 with a
 *   Location header. `externalId` is unique: a second order with one already used is refused
 *   (400 DUP_RCRD), as NetSuite does, so a duplicate shows instead of passing silently.
 * - Concurrency governance: more than `concurrencyLimit` requests at once get 429
 *   CONCURRENCY_LIMIT_EXCEEDED.
 * - `X-NetSuite-Idempotency-Key`: a request with a key seen before gets the first answer again
 *   and creates nothing, as NetSuite does.
 * - Occasional 503: a seeded share of API requests (`unavailableRate`) answer 503 before doing
 *   anything, as during NetSuite's maintenance windows.
 * The account is the first path segment, standing for the `<account>.suitetalk.api.netsuite.com` host.
 */
export interface NetSuiteOptions {
  account: string;
  clientId: string;
  clientSecret: string;
  tokenLifetimeSeconds?: number;
  concurrencyLimit?: number;
  unavailableRate?: number;
  /** Seeds the 503s, so a test sees the same ones every run. */
  seed?: number;
  /** Work each API request takes, in milliseconds. */
  latencyMs?: number;
  /** Refuses an order this returns a message for (a business rule: 400 USER_ERROR). */
  refuse?: (order: Record<string, unknown>) => string | undefined;
}

export interface SalesOrder {
  internalId: number;
  externalId: string;
  body: Record<string, unknown>;
  createdAt: string;
}

export class NetSuiteSimulator {
  readonly salesOrders: SalesOrder[] = [];
  /** Every API request (not token requests) with the status it got, and its idempotency key if it had one. */
  readonly requests: { method: string; path: string; status: number; externalId?: string; replayed?: boolean; idempotencyKey?: string }[] = [];
  /** Idempotency keys (X-NetSuite-Idempotency-Key) and the sales order each created. */
  private readonly idempotent = new Map<string, number>();
  tokensIssued = 0;
  peakConcurrency = 0;
  private readonly tokens = new Map<string, number>();
  private inFlight = 0;
  private random: () => number;

  private constructor(
    private readonly server: Server,
    private readonly options: NetSuiteOptions & { tokenLifetimeSeconds: number; concurrencyLimit: number; unavailableRate: number; latencyMs: number },
  ) {
    this.random = mulberry32(options.seed ?? 1);
  }

  static async start(options: NetSuiteOptions): Promise<NetSuiteSimulator> {
    const server = createServer();
    const simulator = new NetSuiteSimulator(server, { tokenLifetimeSeconds: 3600, concurrencyLimit: 5, unavailableRate: 0, latencyMs: 0, ...options });
    server.on('request', (request, response) => simulator.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return simulator;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** What stands for `https://<account>.suitetalk.api.netsuite.com`. */
  get accountUrl(): string {
    return `${this.origin}/${this.options.account}`;
  }

  /** How many requests answered a status. */
  count(status: number): number {
    return this.requests.filter((entry) => entry.status === status).length;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = new URL(request.url ?? '/', this.origin).pathname;
      const prefix = `/${this.options.account}/services/rest`;
      if (request.method === 'POST' && path === `${prefix}/auth/oauth2/v1/token`) return this.token(request, body, response);
      if (!path.startsWith(`${prefix}/record/v1/`)) return this.error(response, { method: request.method ?? '', path, status: 404 }, 'NONEXISTENT_RCRD_TYPE', 'Record type does not exist.');
      this.inFlight++;
      this.peakConcurrency = Math.max(this.peakConcurrency, this.inFlight);
      const finish = () => {
        this.inFlight--;
      };
      response.on('close', finish);
      setTimeout(() => this.record(request, path.slice(prefix.length + '/record/v1'.length), body, response), this.options.latencyMs);
    });
  }

  private token(request: IncomingMessage, body: string, response: ServerResponse): void {
    const form = new URLSearchParams(body);
    const expected = Buffer.from(`Basic ${Buffer.from(`${encodeURIComponent(this.options.clientId)}:${encodeURIComponent(this.options.clientSecret)}`).toString('base64')}`);
    const presented = Buffer.from(request.headers.authorization ?? '');
    const json = (status: number, value: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify(value));
    };
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return json(401, { error: 'invalid_client' });
    if (form.get('grant_type') !== 'client_credentials') return json(400, { error: 'unsupported_grant_type' });
    const token = `ns-${randomBytes(12).toString('hex')}`;
    this.tokens.set(token, Date.now() + this.options.tokenLifetimeSeconds * 1000);
    this.tokensIssued++;
    json(200, { access_token: token, token_type: 'bearer', expires_in: this.options.tokenLifetimeSeconds });
  }

  private record(request: IncomingMessage, recordPath: string, body: string, response: ServerResponse): void {
    const entry: NetSuiteSimulator['requests'][number] = { method: request.method ?? '', path: recordPath, status: 0 };
    const token = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined || expiresAt <= Date.now()) return this.error(response, entry, 'INVALID_LOGIN', 'Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI.', 401);
    if (this.inFlight > this.options.concurrencyLimit) {
      return this.error(response, entry, 'CONCURRENCY_LIMIT_EXCEEDED', 'Concurrent request limit exceeded. Request blocked.', 429);
    }
    if (this.random() < this.options.unavailableRate) {
      entry.status = 503;
      this.requests.push(entry);
      response.writeHead(503, { 'content-type': 'text/html' });
      response.end('<html><body>Service Temporarily Unavailable</body></html>');
      return;
    }
    if (request.method !== 'POST' || recordPath !== '/salesOrder') return this.error(response, entry, 'INVALID_METHOD', 'Only POST /salesOrder is simulated.', 405);
    let order: Record<string, unknown>;
    try {
      order = JSON.parse(body);
    } catch {
      return this.error(response, entry, 'INVALID_CONTENT', 'The request body is not valid JSON.');
    }
    // An idempotency key seen before: the first answer again, nothing created.
    const key = request.headers['x-netsuite-idempotency-key'];
    if (typeof key === 'string') entry.idempotencyKey = key;
    const earlier = typeof key === 'string' ? this.idempotent.get(key) : undefined;
    if (earlier !== undefined) {
      entry.status = 204;
      entry.replayed = true;
      this.requests.push(entry);
      response.writeHead(204, { location: `${this.accountUrl}/services/rest/record/v1/salesOrder/${earlier}` });
      response.end();
      return;
    }
    const externalId = typeof order.externalId === 'string' ? order.externalId : undefined;
    entry.externalId = externalId;
    if (!externalId) return this.error(response, entry, 'USER_ERROR', 'Please enter value(s) for: External ID');
    if (this.salesOrders.some((existing) => existing.externalId === externalId)) {
      return this.error(response, entry, 'DUP_RCRD', `A record with external ID ${externalId} already exists.`);
    }
    const refused = this.options.refuse?.(order);
    if (refused) return this.error(response, entry, 'USER_ERROR', refused);
    const internalId = 10_000 + this.salesOrders.length;
    this.salesOrders.push({ internalId, externalId, body: order, createdAt: new Date().toISOString() });
    if (typeof key === 'string') this.idempotent.set(key, internalId);
    entry.status = 204;
    this.requests.push(entry);
    response.writeHead(204, { location: `${this.accountUrl}/services/rest/record/v1/salesOrder/${internalId}` });
    response.end();
  }

  private error(response: ServerResponse, entry: NetSuiteSimulator['requests'][number], code: string, detail: string, status = 400): void {
    entry.status = status;
    this.requests.push(entry);
    response.writeHead(status, { 'content-type': 'application/vnd.oracle.resource+json; type=error' });
    response.end(JSON.stringify({ type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15', title: titles[status] ?? 'Error', status, 'o:errorDetails': [{ detail, 'o:errorCode': code }] }));
  }
}

const titles: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 405: 'Method Not Allowed', 429: 'Too Many Requests' };

import { HttpCallError, httpCall, isHttpUrl, redactUrl, redactUrlText, type CallPolicy } from './http-call.js';

/** An OAuth2 auth method with its templates rendered (credentials resolved by the engine). */
export interface OAuth2Settings {
  grant: 'client_credentials' | 'refresh_token';
  tokenUrl: string;
  clientId: string;
  clientSecret?: string;
  refreshToken?: string;
  scopes?: readonly string[];
}

/** Refresh this long before expiry (or a tenth of a short token's lifetime). */
const refreshMarginMs = 60_000;

/**
 * Access tokens for one instance: fetched from the token endpoint, cached, and refreshed before
 * they expire; one refresh at a time however many requests wait for it (they all get its
 * token). A rotated refresh token replaces the old one. Client credentials go in HTTP Basic
 * (RFC 6749 2.3.1).
 */
export class OAuth2TokenClient {
  private cached: { token: string; refreshAt: number } | undefined;
  private refreshing: Promise<string> | undefined;
  private refreshToken: string | undefined;

  constructor(
    private readonly settings: OAuth2Settings,
    private readonly policy: CallPolicy,
    private readonly now: () => number = Date.now,
  ) {
    this.refreshToken = settings.refreshToken;
  }

  /** A valid access token: the cached one, or the one a single refresh brings. */
  token(): Promise<string> {
    if (this.cached && this.now() < this.cached.refreshAt) return Promise.resolve(this.cached.token);
    this.refreshing ??= this.fetch().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** The API refused the token (401): the next request fetches a new one. */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async fetch(): Promise<string> {
    // The client secret and refresh token go only to an HTTP(S) token endpoint.
    if (!isHttpUrl(this.settings.tokenUrl)) throw new HttpCallError(`the token endpoint ${redactUrlText(this.settings.tokenUrl)} is not an HTTP(S) URL; refused`, undefined, 0);
    const form = new URLSearchParams({ grant_type: this.settings.grant });
    if (this.settings.grant === 'refresh_token') form.set('refresh_token', this.refreshToken ?? '');
    if (this.settings.scopes?.length) form.set('scope', this.settings.scopes.join(' '));
    const credentials = Buffer.from(`${encodeURIComponent(this.settings.clientId)}:${encodeURIComponent(this.settings.clientSecret ?? '')}`).toString('base64');
    const requestedAt = this.now();
    const response = await httpCall(
      {
        method: 'POST',
        url: this.settings.tokenUrl,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', authorization: `Basic ${credentials}` },
        body: form.toString(),
      },
      // A token request changes nothing: it may be retried like a GET.
      { ...this.policy, retryUnsafe: true },
    );
    const where = `the token endpoint ${redactUrl(this.settings.tokenUrl)}`;
    if (response.status < 200 || response.status > 299) {
      // Only the OAuth error code: the body of a failed token request is not shown (it may echo credentials).
      const code = errorCode(response.body);
      throw new HttpCallError(`${where} answered ${response.status}${code ? ` (${code})` : ''}`, response.status, response.attempts);
    }
    let answer: { access_token?: unknown; expires_in?: unknown; refresh_token?: unknown };
    try {
      answer = JSON.parse(response.body.toString('utf8'));
    } catch {
      throw new HttpCallError(`${where} did not answer JSON`, response.status, response.attempts);
    }
    if (typeof answer.access_token !== 'string' || answer.access_token === '') throw new HttpCallError(`${where} answered without an access_token`, response.status, response.attempts);
    if (typeof answer.refresh_token === 'string' && answer.refresh_token !== '') this.refreshToken = answer.refresh_token;
    const lifetimeMs = (typeof answer.expires_in === 'number' && answer.expires_in > 0 ? answer.expires_in : 3600) * 1000;
    this.cached = { token: answer.access_token, refreshAt: requestedAt + lifetimeMs - Math.min(refreshMarginMs, lifetimeMs / 10) };
    return answer.access_token;
  }
}

function errorCode(body: Buffer): string | undefined {
  try {
    const error = (JSON.parse(body.toString('utf8')) as { error?: unknown }).error;
    return typeof error === 'string' && /^[\w.-]{1,64}$/.test(error) ? error : undefined;
  } catch {
    return undefined;
  }
}

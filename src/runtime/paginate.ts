import { excerpt, HttpCallError, httpCall, isHttpUrl, redactUrl, redactUrlText, withSearchParams, type CallPolicy, type HttpRequest, type HttpResponse } from './http-call.js';

export type Pagination =
  | { type: 'none' }
  | { type: 'page'; param?: string; sizeParam?: string; size?: number; start?: number }
  | { type: 'offset'; param?: string; limitParam?: string; limit?: number }
  | { type: 'cursor'; param: string; cursorPath: string }
  | { type: 'link-header'; allowedOrigins?: readonly string[] };

/** Where an instance's credentials sit in a request, besides Authorization: removed before a page on another origin. */
export interface CredentialNames {
  headers: readonly string[];
  query: readonly string[];
}

/** At most this many pages per receive: a server that never says "last page" cannot loop forever. */
const maxPages = 1_000_000;

/**
 * The records of an endpoint, page by page: each page is fetched when the one before has been
 * consumed, so a run holds one page at a time however many records there are. Records come from
 * `records` (a dot path in the JSON body; absent: the body itself). A page that answers with a
 * status outside 2xx ends the receive with an error naming the status. Every page goes through
 * `call`, which may renew its authorization (an OAuth2 token expiring during a long receive).
 *
 * A next page must be on the first request's origin (scheme, host and port), so the credentials
 * it carries go nowhere else. An origin the connector lists in `allowedOrigins` is fetched with
 * `httpCall` directly (no authorization added) and without the headers and query parameters
 * named in `credentials`; any other origin, or a scheme that is not HTTP(S), ends the receive
 * with an error before anything is sent.
 */
export async function* pages(
  first: HttpRequest,
  pagination: Pagination,
  records: string | undefined,
  policy: CallPolicy,
  call: (request: HttpRequest, policy: CallPolicy) => Promise<HttpResponse> = httpCall,
  credentials: CredentialNames = { headers: [], query: [] },
): AsyncGenerator<unknown[]> {
  let request = withQuery(first, initialQuery(pagination));
  const origin = originOf(request.url);
  const allowed = new Set((pagination.type === 'link-header' ? (pagination.allowedOrigins ?? []) : []).map(originOf));
  let anonymous = false;
  let offset = 0;
  let page = pagination.type === 'page' ? (pagination.start ?? 1) : 0;
  const seen = new Set<string>();
  for (let count = 0; count < maxPages; count++) {
    const response = anonymous ? await httpCall(request, { ...policy, authorize: undefined }) : await call(request, policy);
    if (response.status < 200 || response.status > 299) {
      throw new HttpCallError(`${request.method} ${redactUrl(request.url)} answered ${response.status}: ${excerpt(response.body)}`, response.status, response.attempts);
    }
    const body = parseJson(response, request);
    const found = at(body, records);
    if (!Array.isArray(found)) throw new HttpCallError(`${redactUrl(request.url)}: '${records ?? '(the body)'}' is not an array of records`, response.status, response.attempts);
    if (found.length > 0) yield found;
    let next: HttpRequest | undefined;
    switch (pagination.type) {
      case 'none':
        return;
      case 'page': {
        if (found.length === 0 || (pagination.size !== undefined && found.length < pagination.size)) return;
        page++;
        next = withQuery(request, { [pagination.param ?? 'page']: String(page) });
        break;
      }
      case 'offset': {
        const limit = pagination.limit ?? 100;
        offset += found.length;
        if (found.length === 0 || found.length < limit) return;
        next = withQuery(request, { [pagination.param ?? 'offset']: String(offset) });
        break;
      }
      case 'cursor': {
        const cursor = at(body, pagination.cursorPath);
        if (cursor === undefined || cursor === null || cursor === '') return;
        next = withQuery(request, { [pagination.param]: String(cursor) });
        break;
      }
      case 'link-header': {
        const link = nextLink(response.headers.link, request.url);
        if (!link) return;
        next = { ...request, url: link };
        break;
      }
    }
    // A next page the same as one already fetched would loop.
    seen.add(request.url);
    if (seen.has(next.url)) throw new HttpCallError(`${redactUrl(next.url)}: the next page is one already fetched; the server's pagination loops`, response.status, response.attempts);
    if (!isHttpUrl(next.url)) throw new HttpCallError(`the next page ${redactUrlText(next.url)} is not an HTTP(S) URL; refused`, response.status, response.attempts);
    const nextOrigin = originOf(next.url);
    anonymous = nextOrigin !== origin;
    if (anonymous) {
      if (!allowed.has(nextOrigin)) {
        throw new HttpCallError(
          `the next page ${redactUrl(next.url)} is on another origin than the request (${origin}); refused: credentials are only sent to ${origin} (list '${nextOrigin}' in the endpoint's pagination.allowedOrigins to fetch it without them)`,
          response.status,
          response.attempts,
        );
      }
      next = withoutCredentials(next, credentials);
    }
    request = next;
  }
  throw new HttpCallError(`${redactUrl(request.url)}: more than ${maxPages} pages`, undefined, 0);
}

function initialQuery(pagination: Pagination): Record<string, string> {
  switch (pagination.type) {
    case 'page':
      return { [pagination.param ?? 'page']: String(pagination.start ?? 1), ...(pagination.sizeParam && pagination.size !== undefined && { [pagination.sizeParam]: String(pagination.size) }) };
    case 'offset':
      return { [pagination.param ?? 'offset']: '0', [pagination.limitParam ?? 'limit']: String(pagination.limit ?? 100) };
    default:
      return {};
  }
}

/** scheme://host[:port] as URL writes it (default port left out, host in lower case). */
function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return url;
  }
}

/** A request without Authorization, cookies, or the instance's credential headers and query parameters. */
function withoutCredentials(request: HttpRequest, credentials: CredentialNames): HttpRequest {
  const strip = new Set(['authorization', 'proxy-authorization', 'cookie', ...credentials.headers.map((name) => name.toLowerCase())]);
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !strip.has(name.toLowerCase())));
  const url = credentials.query.length === 0 ? request.url : withSearchParams(request.url, (params) => credentials.query.forEach((name) => params.delete(name)));
  return { ...request, url, headers };
}

function withQuery(request: HttpRequest, query: Record<string, string>): HttpRequest {
  if (Object.keys(query).length === 0) return request;
  const url = withSearchParams(request.url, (params) => {
    for (const [name, value] of Object.entries(query)) params.set(name, value);
  });
  return { ...request, url };
}

/** The rel="next" target of an RFC 8288 Link header, resolved against the request's URL. */
export function nextLink(header: string | string[] | undefined, base: string): string | undefined {
  const text = Array.isArray(header) ? header.join(',') : header;
  if (!text) return undefined;
  for (const part of text.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!match) continue;
    const relations = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(match[2]!);
    const rel = (relations?.[1] ?? relations?.[2] ?? '').toLowerCase().split(/\s+/);
    if (rel.includes('next')) {
      try {
        return new URL(match[1]!, base).toString();
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** A dot path in a JSON value ('data', 'meta.next'); an absent path is the value itself. */
function at(value: unknown, dotPath: string | undefined): unknown {
  if (!dotPath) return value;
  let current = value;
  for (const segment of dotPath.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function parseJson(response: HttpResponse, request: HttpRequest): unknown {
  try {
    return JSON.parse(response.body.toString('utf8'));
  } catch {
    throw new HttpCallError(`${redactUrl(request.url)}: the response is not JSON (${excerpt(response.body)})`, response.status, response.attempts);
  }
}


import { randomUUID } from 'node:crypto';
import { redactUrlText, withSearchParams, type HttpRequest } from './http-call.js';
import { render, renderValue, type TemplateScope } from './render.js';

/** The parts of a compiled connector spec a request is built from. */
export interface HttpConnectorSpec {
  http: { baseUrl: string; headers?: Record<string, string> };
  auth?: Record<string, AuthMethod>;
  endpoints: Record<string, EndpointSpec>;
}

export interface EndpointSpec {
  method?: HttpRequest['method'];
  path: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
  body?: unknown;
}

export type AuthMethod =
  | { type: 'none' }
  | { type: 'basic'; username: string; password: string }
  | { type: 'bearer'; token: string }
  | { type: 'apiKey'; in: 'header' | 'query'; name: string; value: string }
  | { type: 'oauth2'; [key: string]: unknown };

/**
 * The request an endpoint makes for one scope (settings and credentials resolved by the engine,
 * the step's input, the record, the run): the base URL and path rendered (path values
 * URL-encoded), query parameters that render empty left out, connector then endpoint headers,
 * the auth method applied, and a body that is JSON unless it renders to a string.
 */
export function buildRequest(connector: HttpConnectorSpec, endpointName: string, scope: TemplateScope, authName?: string): HttpRequest {
  const endpoint = connector.endpoints[endpointName];
  if (!endpoint) throw new Error(`the connector has no endpoint '${endpointName}'`);
  let root = render(connector.http.baseUrl, scope);
  if (root.endsWith('/')) root = root.replace(/\/+$/, '');
  const base = root + render(endpoint.path, scope, encodePathValue);
  let search = '';
  if (endpoint.query) {
    const query = new URLSearchParams();
    for (const [name, template] of Object.entries(endpoint.query)) {
      const value = render(String(template), scope);
      if (value !== '') query.set(name, value);
    }
    search = query.toString();
  }
  const url = checkedUrl(search === '' ? base : `${base}${base.includes('?') ? '&' : '?'}${search}`);
  const headers: Record<string, string> = {};
  for (const [name, template] of headerTemplates(connector, endpoint)) headers[name] = render(template, scope);
  const request: HttpRequest = { method: endpoint.method ?? 'GET', url, headers };
  if (endpoint.body !== undefined) {
    const body = renderValue(endpoint.body, scope);
    if (typeof body === 'string') request.body = body;
    else {
      request.body = JSON.stringify(body ?? null);
      headers['content-type'] ??= 'application/json';
    }
  }
  const method = authName ? connector.auth?.[authName] : undefined;
  if (authName && !method) throw new Error(`the connector has no auth method '${authName}'`);
  if (method) applyAuth(request, method, scope);
  return request;
}

/** Connector then endpoint headers, names in lower case: worked out once per endpoint. */
function headerTemplates(connector: HttpConnectorSpec, endpoint: EndpointSpec): [string, string][] {
  let merged = mergedHeaders.get(endpoint);
  if (!merged) {
    const byName = new Map<string, string>();
    for (const [name, template] of Object.entries({ ...connector.http.headers, ...endpoint.headers })) byName.set(name.toLowerCase(), template);
    mergedHeaders.set(endpoint, (merged = [...byName]));
  }
  return merged;
}

const mergedHeaders = new WeakMap<EndpointSpec, [string, string][]>();

/**
 * A value in a path, URL-encoded; one that is only dots is encoded too (`..` as `%2E%2E`), so a
 * record's value can never be a `.` or `..` segment that moves the request to another path.
 */
function encodePathValue(value: string): string {
  return /^\.+$/.test(value) ? value.replaceAll('.', '%2E') : encodeURIComponent(value);
}

/**
 * Stands for `%2E` while URL normalises the rest: URL would resolve `%2E%2E` as `..`. Letters,
 * digits and dashes only, which URL leaves as they are; random, so no connector writes it.
 */
const encodedDot = `weft-dot-${randomUUID()}`;

/** URLs already checked, by text: a send step builds one URL for every record. */
const checked = new Map<string, string>();

/** The URL normalised (as URL.toString writes it); an invalid one throws. */
function checkedUrl(text: string): string {
  let normal = checked.get(text);
  if (normal === undefined) {
    try {
      // Only after the authority: a host's %2E is a dot in the host name.
      const authority = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(text)?.[0] ?? '';
      normal = new URL(authority + text.slice(authority.length).replace(/%2e/gi, encodedDot)).toString().replaceAll(encodedDot, '%2E');
    } catch {
      throw new Error(`the request URL '${redactUrlText(text)}' is not a valid URL; check the connector's baseUrl and the instance's settings`);
    }
    if (checked.size > 1000) checked.clear();
    checked.set(text, normal);
  }
  return normal;
}

function applyAuth(request: HttpRequest, method: AuthMethod, scope: TemplateScope): void {
  switch (method.type) {
    case 'none':
      return;
    case 'basic':
      request.headers.authorization = `Basic ${Buffer.from(`${render(method.username, scope)}:${render(method.password, scope)}`).toString('base64')}`;
      return;
    case 'bearer':
      request.headers.authorization = `Bearer ${render(method.token, scope)}`;
      return;
    case 'apiKey': {
      const value = render(method.value, scope);
      if (method.in === 'query') request.url = withSearchParams(request.url, (params) => params.set(method.name, value));
      else request.headers[method.name.toLowerCase()] = value;
      return;
    }
    case 'oauth2':
      throw new Error('oauth2 needs a token client (it fetches and caches tokens); buildRequest applies static methods only');
  }
}

export { redactUrlText } from './http-call.js';

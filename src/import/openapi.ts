import { isMap, isScalar, Document, type YAMLMap } from 'yaml';
import { isSecretLikeKey } from '../lex/secrets.js';
import type { ConnectorImport, ConnectorImportOptions } from './connector-import.js';
import { isObject } from '../lex/is-object.js';
import { lazyDereference, type ReadReferenced } from './lazy-dereference.js';
import { yamlText } from './yaml-text.js';

/**
 * An OpenAPI 3.0/3.1 or Swagger 2.0 document as a weft connector: base URL with server
 * variables as settings, security schemes as auth methods, operations as endpoints, path and
 * query parameters as inputs, request bodies as `{{record}}`, and the records path and
 * pagination guessed, each guess marked with a "check:" comment. Deterministic: the same
 * document gives the same text. Never copies an example or default of a secret-like value.
 *
 * The document may hold $refs: they are followed where the import reads (lazyDereference), so
 * a big document costs little more than reading it. A $ref that cannot be followed throws a
 * RefError.
 */
export type OpenApiImport = ConnectorImport;
export interface OpenApiImportOptions extends ConnectorImportOptions {
  /** Where the document is: relative $refs to other files start from its folder. */
  file?: string;
  /** Reads another file a $ref names (without it, such a $ref is an error). */
  read?: ReadReferenced;
}

type Json = Record<string, any>;

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;
const skippedMethods = ['head', 'options', 'trace'] as const;
/** Headers weft sets itself, or that auth methods carry. */
export const managedHeaders = new Set(['accept', 'content-type', 'authorization', 'content-length', 'user-agent']);
/** JSON Schema keywords an input keeps (examples and vendor extensions go). */
const schemaKeywords = new Set([
  'type', 'format', 'enum', 'const', 'description', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern',
  'items', 'minItems', 'maxItems', 'uniqueItems', 'properties', 'required', 'additionalProperties', 'default', 'multipleOf', 'oneOf', 'anyOf', 'allOf', 'title', 'nullable',
]);

export function importOpenApi(document: Json, options: OpenApiImportOptions): OpenApiImport {
  const api = lazyDereference(document, { ...(options.file !== undefined ? { file: options.file } : {}), ...(options.read ? { read: options.read } : {}) });
  const swagger = typeof api.swagger === 'string';
  const notes: string[] = [];
  const comments: { path: (string | number)[]; text: string }[] = [];
  const settings: Json = {};
  const requiredSettings: string[] = [];
  const baseUrl = swagger ? swaggerBaseUrl(api, settings, requiredSettings) : serverBaseUrl(api, settings, requiredSettings, notes);

  const { auth, credentials } = securitySchemes(api, swagger, notes);
  const endpoints: Json = {};
  const used = new Set<string>();
  const matched = new Set<string>();
  const cookies: string[] = [];
  for (const [path, item] of Object.entries((api.paths ?? {}) as Json)) {
    if (!isObject(item)) continue;
    for (const method of skippedMethods) if (isObject(item[method])) notes.push(`${method.toUpperCase()} ${path} left out: weft endpoints are GET, POST, PUT, PATCH or DELETE`);
    for (const method of methods) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      if (options.tags?.length && !(Array.isArray(operation.tags) && operation.tags.some((tag: unknown) => options.tags!.includes(String(tag))))) continue;
      const name = unique(endpointName(operation.operationId, method, path), used);
      if (options.operations?.length && !options.operations.includes(String(operation.operationId)) && !options.operations.includes(name)) continue;
      used.add(name);
      matched.add(name).add(String(operation.operationId));
      endpoints[name] = endpoint(swagger, path, method, item, operation, (at, text) => comments.push({ path: ['spec', 'endpoints', name, ...at], text }));
      for (const parameter of parametersOf(item, operation).values()) if (parameter.in === 'cookie') cookies.push(`'${parameter.name}' of ${method.toUpperCase()} ${path}`);
    }
  }
  // Said once, not once per operation: a document often sends the same session cookie everywhere.
  if (cookies.length > 0) notes.push(`cookie parameter${cookies.length === 1 ? '' : 's'} left out (weft sends no cookies): ${cookies.slice(0, 3).join(', ')}${cookies.length > 3 ? ` and ${cookies.length - 3} more` : ''}`);
  for (const wanted of options.operations ?? []) if (!matched.has(wanted)) notes.push(`no operation '${wanted}' in the document`);

  const title = String(api.info?.title ?? options.name);
  const spec: Json = { version: '1.0.0', type: 'http', http: { baseUrl } };
  if (Object.keys(settings).length > 0) spec.settings = { type: 'object', properties: settings, ...(requiredSettings.length ? { required: requiredSettings } : {}), additionalProperties: false };
  if (Object.keys(credentials).length > 0) spec.credentials = credentials;
  spec.auth = Object.keys(auth).length > 0 ? auth : { none: { type: 'none' } };
  spec.endpoints = endpoints;
  const connector = { apiVersion: 'weft/v1', kind: 'Connector', metadata: { name: options.name, description: oneLine(`${title}${api.info?.version ? ` (API version ${api.info.version})` : ''}`) }, spec };

  const header = [
    ` Imported from ${options.source} by weft import openapi.`,
    ` ${swagger ? 'Swagger' : 'OpenAPI'} ${String(api.swagger ?? api.openapi)}: "${oneLine(title)}"${api.info?.version ? ` version ${String(api.info.version)}` : ''}.`,
    ' Look at each "check:" comment: those are guesses, not read from the document.',
  ].join('\n');
  return { text: yamlText(connector, { commentBefore: header, comments }) ?? yamlDocumentText(connector, header, comments), endpoints: Object.keys(endpoints), notes };
}

/** What yamlText leaves to yaml (a control character in a description, say): the same text, slower. */
function yamlDocumentText(connector: Json, header: string, comments: { path: (string | number)[]; text: string }[]): string {
  // Objects the document shares (a parameter used by $ref twice) are written out in full, never as YAML aliases.
  const document = new Document(connector, { aliasDuplicateObjects: false });
  document.commentBefore = header;
  for (const { path, text } of comments) commentOnKey(document, path, text);
  return document.toString({ lineWidth: 0 });
}

/** OpenAPI 3: the first server's URL, its {variables} as settings; a relative or missing URL becomes a setting. */
function serverBaseUrl(api: Json, settings: Json, required: string[], notes: string[]): string {
  const server = Array.isArray(api.servers) ? api.servers.find(isObject) : undefined;
  const url = typeof server?.url === 'string' ? server.url : '';
  if (Array.isArray(api.servers) && api.servers.length > 1) notes.push(`the document names ${api.servers.length} servers; the first is the base URL (${url})`);
  // Absolute: http(s)://, or a {scheme} variable in its place.
  if (!/^(https?|\{[^}]+\}):\/\//.test(url)) {
    settings.baseUrl = { type: 'string', description: `The API's base URL${url ? ` (the document says ${url}, relative to where it is served)` : ''}` };
    required.push('baseUrl');
    return url && url !== '/' ? `{{settings.baseUrl}}${url.replace(/^\/?/, '/').replace(/\/$/, '')}` : '{{settings.baseUrl}}';
  }
  const variables = isObject(server?.variables) ? server.variables : {};
  if (!url.includes('{')) return baseUrlSetting(url.replace(/\/$/, ''), settings, api.servers.filter(isObject).slice(1).map((other: Json) => String(other.url)));
  return url.replace(/\/$/, '').replace(/\{([^}]+)\}/g, (_, variable: string) => {
    const name = inputName(variable);
    const declared = isObject(variables[variable]) ? variables[variable] : {};
    const setting: Json = { type: 'string' };
    if (typeof declared.description === 'string') setting.description = declared.description;
    if (Array.isArray(declared.enum)) setting.enum = declared.enum.map(String);
    if (declared.default !== undefined) setting.default = String(declared.default);
    else required.push(name);
    settings[name] = setting;
    return `{{settings.${name}}}`;
  });
}

/** Swagger 2: scheme, host and basePath; no host becomes a setting. */
function swaggerBaseUrl(api: Json, settings: Json, required: string[]): string {
  const basePath = typeof api.basePath === 'string' && api.basePath !== '/' ? api.basePath.replace(/\/$/, '') : '';
  if (typeof api.host !== 'string') {
    settings.baseUrl = { type: 'string', description: "The API's base URL (the document names no host)" };
    required.push('baseUrl');
    return `{{settings.baseUrl}}${basePath}`;
  }
  const schemes = Array.isArray(api.schemes) ? api.schemes.map(String) : [];
  const scheme = schemes.includes('https') ? 'https' : (schemes[0] ?? 'https');
  return baseUrlSetting(`${scheme}://${api.host}${basePath}`, settings, []);
}

/**
 * A fixed base URL as a setting whose default it is: an instance can point the connector at a
 * sandbox, a regional host or a local stand-in without editing it. Other servers the document
 * lists are named in the setting's description.
 */
export function baseUrlSetting(url: string, settings: Json, others: string[]): string {
  settings.baseUrl = {
    type: 'string',
    format: 'uri',
    description: `The API's base URL${others.length > 0 ? `; the document also lists ${others.join(', ')}` : ''}`,
    default: url,
  };
  return '{{settings.baseUrl}}';
}

/** Security schemes as auth methods, each secret a credential (described, never with a value). */
export function securitySchemes(api: Json, swagger: boolean, notes: string[]): { auth: Json; credentials: Json } {
  const schemes: Json = (swagger ? api.securityDefinitions : api.components?.securitySchemes) ?? {};
  const auth: Json = {};
  const credentials: Json = {};
  const entries = Object.entries(schemes).filter(([, scheme]) => isObject(scheme));
  const credential = (scheme: string, field: string, description: string) => {
    // One scheme: plain names (token, apiKey); several: each scheme's own.
    const name = entries.length === 1 ? field : inputName(`${scheme}-${field}`).replace(/[-_](\w)/g, (_, c: string) => c.toUpperCase());
    // With several schemes an instance uses one of them: the others' credentials are not required of it.
    credentials[name] = entries.length === 1 ? { description } : { description, required: false };
    return `{{credentials.${name}}}`;
  };
  for (const [schemeName, scheme] of entries as [string, Json][]) {
    const name = authName(schemeName);
    const about = typeof scheme.description === 'string' ? ` (${oneLine(scheme.description)})` : '';
    const type = String(scheme.type);
    if (type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer') {
      auth[name] = { type: 'bearer', token: credential(schemeName, 'token', `Bearer token for ${schemeName}${about}`) };
    } else if ((type === 'http' && String(scheme.scheme).toLowerCase() === 'basic') || type === 'basic') {
      auth[name] = { type: 'basic', username: credential(schemeName, 'username', `User name for ${schemeName}${about}`), password: credential(schemeName, 'password', `Password for ${schemeName}`) };
    } else if (type === 'apiKey' && (scheme.in === 'header' || scheme.in === 'query')) {
      auth[name] = { type: 'apiKey', in: scheme.in, name: String(scheme.name), value: credential(schemeName, 'apiKey', `API key for ${schemeName}, sent in the ${String(scheme.in)} ${String(scheme.name)}${about}`) };
    } else if (type === 'oauth2') {
      const flows = swagger ? { [swaggerFlow(scheme.flow)]: scheme } : (scheme.flows ?? {});
      // The token request: the client's id and secret, and for an authorization-code flow the
      // refresh token signing in once gave, sent where the flow says tokens are refreshed (Figma's
      // /v1/oauth/refresh) when it says so.
      const oauth = (flow: Json, grant: 'client_credentials' | 'refresh_token') => ({
        type: 'oauth2',
        grant,
        tokenUrl: grant === 'refresh_token' && typeof flow.refreshUrl === 'string' && flow.refreshUrl !== '' ? flow.refreshUrl : flow.tokenUrl,
        clientId: credential(schemeName, 'clientId', `OAuth client id for ${schemeName}`),
        clientSecret: credential(schemeName, 'clientSecret', `OAuth client secret for ${schemeName}`),
        ...(grant === 'refresh_token' ? { refreshToken: credential(schemeName, 'refreshToken', `A refresh token of ${schemeName}'s authorization-code flow, obtained once by signing in`) } : {}),
        ...scopesOf(flow),
      });
      if (isObject(flows.clientCredentials) && typeof flows.clientCredentials.tokenUrl === 'string') {
        auth[name] = oauth(flows.clientCredentials, 'client_credentials');
      } else if (isObject(flows.authorizationCode) && typeof flows.authorizationCode.tokenUrl === 'string') {
        auth[name] = oauth(flows.authorizationCode, 'refresh_token');
      } else {
        notes.push(`security scheme '${schemeName}' (OAuth 2 ${Object.keys(flows).join(', ')} flow) left out: weft requests tokens with client credentials or a refresh token`);
      }
    } else {
      notes.push(`security scheme '${schemeName}' (${type}${scheme.in ? ` in ${String(scheme.in)}` : ''}) left out: weft has no auth method for it`);
    }
  }
  return { auth, credentials };
}

function swaggerFlow(flow: unknown): string {
  return flow === 'application' ? 'clientCredentials' : flow === 'accessCode' ? 'authorizationCode' : String(flow);
}

function scopesOf(flow: Json): Json {
  return isObject(flow.scopes) && Object.keys(flow.scopes).length > 0 ? { scopes: Object.keys(flow.scopes).sort() } : {};
}

/** One operation as an endpoint. */
function endpoint(swagger: boolean, path: string, method: string, item: Json, operation: Json, comment: (at: string[], text: string) => void): Json {
  const result: Json = {};
  const description = [operation.summary, operation.description].filter((text) => typeof text === 'string' && text.trim() !== '').map((text: string) => text.trim());
  if (description.length > 0) result.description = [...new Set(description)].join('\n\n');
  result.method = method.toUpperCase();
  const parameters = parametersOf(item, operation);
  const inputs: Json = {};
  const requiredInputs: string[] = [];
  const query: Json = {};
  const headers: Json = {};
  const names = new Map<string, string>();
  const input = (parameter: Json) => {
    const name = unique(inputName(parameter.name), new Set(Object.keys(inputs)));
    names.set(`${String(parameter.in)}:${parameter.name}`, name);
    inputs[name] = parameterSchema(parameter, swagger);
    return name;
  };
  let body = false;
  for (const parameter of parameters.values()) {
    if (parameter.in === 'path') input(parameter);
    else if (parameter.in === 'body' || parameter.in === 'formData') body = true;
  }
  result.path = path.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const inputFor = names.get(`path:${name}`) ?? input({ name, in: 'path', schema: { type: 'string' } });
    return `{{input.${inputFor}}}`;
  });
  const queryParameters = [...parameters.values()].filter((parameter) => parameter.in === 'query');
  const success = successSchema(operation, swagger);
  const records = method === 'get' ? recordsPath(success, path) : undefined;
  const pagination = method === 'get' ? guessPagination(queryParameters, success, records?.path) : undefined;
  for (const parameter of queryParameters) {
    if (pagination?.params.has(parameter.name)) continue;
    const name = input(parameter);
    query[parameter.name] = `{{input.${name}}}`;
    if (parameter.required === true) requiredInputs.push(name);
  }
  for (const parameter of parameters.values()) {
    if (parameter.in !== 'header' || managedHeaders.has(String(parameter.name).toLowerCase())) continue;
    const name = input(parameter);
    headers[parameter.name] = `{{input.${name}}}`;
    if (parameter.required === true) requiredInputs.push(name);
  }
  if (Object.keys(headers).length > 0) result.headers = headers;
  if (Object.keys(query).length > 0) result.query = query;
  if (swagger ? body : isObject(operation.requestBody)) result.body = '{{record}}';
  if (Object.keys(inputs).length > 0) result.inputs = inputs;
  if (requiredInputs.length > 0) result.requiredInputs = requiredInputs;
  if (pagination) {
    result.pagination = pagination.value;
    comment(['pagination'], ` check: pagination guessed from ${pagination.why}`);
  }
  if (records?.path) {
    result.records = records.path;
    comment(['records'], ` check: records guessed: ${records.why}`);
  }
  if (method === 'delete' || method === 'put') result.idempotent = true;
  return result;
}

/** An operation's parameters by place and name: the path item's, overridden by the operation's of the same name and place. */
function parametersOf(item: Json, operation: Json): Map<string, Json> {
  const parameters = new Map<string, Json>();
  for (const parameter of [...(Array.isArray(item.parameters) ? item.parameters : []), ...(Array.isArray(operation.parameters) ? operation.parameters : [])]) {
    if (isObject(parameter) && typeof parameter.name === 'string') parameters.set(`${String(parameter.in)}:${parameter.name}`, parameter);
  }
  return parameters;
}

/** An input's JSON Schema from a parameter: its schema (or Swagger 2's inline type), description kept, examples dropped. */
function parameterSchema(parameter: Json, swagger: boolean): Json {
  const source = swagger && !isObject(parameter.schema) ? parameter : isObject(parameter.schema) ? parameter.schema : { type: 'string' };
  const schema = cleanSchema(source, isSecretLikeKey(String(parameter.name)));
  if (typeof parameter.description === 'string' && schema.description === undefined) schema.description = oneLine(parameter.description);
  return schema;
}

/** A schema with only JSON Schema keywords weft keeps; no examples; no default for a secret-like value. */
function cleanSchema(schema: Json, secret: boolean, depth = 0): Json {
  const clean: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!schemaKeywords.has(key)) continue;
    if (key === 'default' && secret) continue;
    // Swagger 2's inline parameter says `required: true` of itself; a schema's `required` lists properties.
    if (key === 'required' && !Array.isArray(value)) continue;
    if (key === 'nullable') continue;
    if (key === 'description' && typeof value === 'string') clean.description = oneLine(value);
    else if (depth < 4 && key === 'items' && isObject(value)) clean.items = cleanSchema(value, secret, depth + 1);
    else if (depth < 4 && key === 'properties' && isObject(value)) clean.properties = Object.fromEntries(Object.entries(value).filter(([, child]) => isObject(child)).map(([name, child]) => [name, cleanSchema(child as Json, secret || isSecretLikeKey(name), depth + 1)]));
    else if ((key === 'properties' || key === 'items' || key === 'oneOf' || key === 'anyOf' || key === 'allOf') && depth >= 4) continue;
    else if (key === 'oneOf' || key === 'anyOf' || key === 'allOf') clean[key] = Array.isArray(value) ? value.filter(isObject).map((child) => cleanSchema(child, secret, depth + 1)) : plain(value);
    // A schema too: cleaned like the others (its examples were copied before), as deep as they go.
    else if (key === 'additionalProperties' && isObject(value)) {
      if (depth < 4) clean.additionalProperties = cleanSchema(value, secret, depth + 1);
    } else {
      const copied = plain(value);
      if (copied !== undefined) clean[key] = copied;
    }
  }
  return clean;
}

/**
 * A value the connector copies from the document (an enum, a default) as plain data, its $refs
 * followed; undefined when it holds itself (a $ref to an object around it), which has no end.
 */
function plain(value: unknown): unknown {
  const inside = new Set<object>();
  const copy = (node: unknown): unknown => {
    if (typeof node !== 'object' || node === null) return node;
    if (inside.has(node)) throw inside;
    inside.add(node);
    const copied = Array.isArray(node) ? node.map(copy) : isObject(node) ? Object.fromEntries(Object.entries(node).map(([key, child]) => [key, copy(child)])) : node;
    inside.delete(node);
    return copied;
  };
  try {
    return copy(value);
  } catch (error) {
    if (error === inside) return undefined;
    throw error;
  }
}

/** The JSON schema of an operation's first 2xx answer. */
function successSchema(operation: Json, swagger: boolean): Json | undefined {
  const responses = isObject(operation.responses) ? operation.responses : {};
  const code = Object.keys(responses).sort().find((status) => /^2(\d\d|XX)$/i.test(status));
  const response = code === undefined ? undefined : responses[code];
  if (!isObject(response)) return undefined;
  if (swagger) return isObject(response.schema) ? { ...response.schema, 'x-weft-headers': response.headers } : { 'x-weft-headers': response.headers };
  const content = isObject(response.content) ? response.content : {};
  const json = Object.keys(content).find((type) => /json/i.test(type));
  const schema = json !== undefined && isObject(content[json].schema) ? content[json].schema : {};
  return { ...schema, 'x-weft-headers': response.headers };
}

const recordNames = ['data', 'items', 'results', 'records', 'entries', 'values', 'list', 'content', 'elements', 'objects'];
/** Objects an answer may hold its list in (Figma's meta.components, HAL's _embedded.orders); not a record's own objects. */
const recordHolders = ['meta', 'data', 'result', 'results', 'response', 'payload', 'page', '_embedded', 'embedded'];

/**
 * Where the records are in a list answer: the body itself (an array), or an array property (of
 * the schema or its allOf parts; when the top has none, in an object meant to hold it, as in
 * Figma's `{ meta: { components } }` or HAL's `_embedded`). Of several arrays: the one named
 * like a resource of the path (`BankTransactions` for /BankTransactions), else one named like
 * records (`data`, `items`…), else none: lists of other names are more likely one record's own
 * (an order's lines and payments) than a page. With the endpoint's `path`: when it ends in a
 * parameter (GET /orders/{id}, one record) only an array named like a resource of the path is
 * taken (Xero answers `{ Contacts: [one] }`).
 */
export function recordsPath(schema: Json | undefined, path?: string): { path?: string; why: string } | undefined {
  if (!schema) return undefined;
  if (isArraySchema(schema)) return { why: 'the body is an array' };
  const segments = (path ?? '').split('/').filter(Boolean);
  // The path's resources, nearest the end first: /StatutoryLeaves/Summary/{id} holds statutoryLeaves.
  const resources = segments.filter((segment) => !segment.includes('{')).reverse();
  const oneRecord = segments.length > 0 && segments.at(-1)!.includes('{');
  const properties = propertiesOf(schema);
  let arrays = Object.keys(properties).filter((name) => isArraySchema(properties[name]));
  if (arrays.length === 0) {
    for (const [key, child] of Object.entries(properties)) {
      if (!recordHolders.includes(key.toLowerCase()) || !isObject(child) || isArraySchema(child)) continue;
      const inner = propertiesOf(child);
      arrays.push(...Object.keys(inner).filter((name) => isArraySchema(inner[name])).map((name) => `${key}.${name}`));
    }
  }
  const named = resources.map((resource) => arrays.find((name) => sameWord(name.split('.').at(-1)!, resource))).find((name) => name !== undefined);
  if (oneRecord) arrays = arrays.filter((name) => name === named);
  if (arrays.length === 0) return undefined;
  const known = arrays.find((name) => recordNames.includes(name.split('.').at(-1)!.toLowerCase()));
  // Several lists none of which is named like records: more likely one record's own lists (an order's) than a page.
  const chosen = arrays.length === 1 ? arrays[0]! : (named ?? known);
  if (chosen === undefined) return undefined;
  return { path: chosen, why: arrays.length === 1 ? `'${chosen}' is the only array in the answer` : `'${chosen}' of the arrays ${arrays.map((name) => `'${name}'`).join(', ')}` };
}

/** A list's schema: of type array, or one of several lists (Figma's `rows: { oneOf: [array, array] }`). */
function isArraySchema(schema: unknown, depth = 0): boolean {
  if (!isObject(schema)) return false;
  if (schema.type === 'array' || (Array.isArray(schema.type) && schema.type.includes('array'))) return true;
  const choices = Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : [];
  return depth < 3 && choices.length > 0 && choices.every((choice: unknown) => isArraySchema(choice, depth + 1));
}

/** A schema's properties with those of its allOf parts (a record composed from a base, as Solidus' lists are). */
function propertiesOf(schema: Json, depth = 0): Json {
  const own = isObject(schema.properties) ? schema.properties : {};
  if (!Array.isArray(schema.allOf) || depth >= 4) return own;
  const merged: Json = {};
  for (const part of schema.allOf) if (isObject(part)) Object.assign(merged, propertiesOf(part, depth + 1));
  return Object.assign(merged, own);
}

/** The same word, up to case, separators and a plural s: `line_items` and `LineItem`, `Contacts` and `contact`. */
function sameWord(a: string, b: string): boolean {
  const [x, y] = [a, b].map((word) => word.toLowerCase().replace(/[^a-z0-9]/g, ''));
  return x === y || x === `${y}s` || y === `${x}s` || x === `${y}es` || y === `${x}es`;
}

const cursorParams = ['cursor', 'page_token', 'pagetoken', 'next_token', 'nexttoken', 'after', 'starting_after', 'continuation', 'continuationtoken', 'next', 'marker', 'page_cursor'];
const cursorFields = ['next_cursor', 'nextcursor', 'next_page_token', 'nextpagetoken', 'next_token', 'nexttoken', 'cursor', 'next', 'continuation', 'continuationtoken', 'marker', 'next_marker'];

/** Pagination from the parameters and answer: a Link header, a cursor, offset/limit or page numbers. */
export function guessPagination(parameters: Json[], success: Json | undefined, records: string | undefined): { value: Json; params: Set<string>; why: string } | undefined {
  const byLower = new Map(parameters.map((parameter) => [String(parameter.name).toLowerCase(), String(parameter.name)]));
  const headers = isObject(success?.['x-weft-headers']) ? Object.keys(success!['x-weft-headers']).map((name) => name.toLowerCase()) : [];
  if (headers.includes('link')) return { value: { type: 'link-header' }, params: new Set(), why: 'the Link header of its answer' };
  const cursorParam = cursorParams.map((name) => byLower.get(name)).find((name) => name !== undefined);
  if (cursorParam) {
    const field = findField(success, cursorFields, records, cursorParam);
    if (field) return { value: { type: 'cursor', param: cursorParam, cursorPath: field }, params: new Set([cursorParam]), why: `the ${cursorParam} parameter and the answer's ${field}` };
  }
  const offset = byLower.get('offset') ?? byLower.get('skip') ?? byLower.get('start');
  if (offset) {
    const limit = byLower.get('limit') ?? byLower.get('count') ?? byLower.get('top') ?? byLower.get('max') ?? byLower.get('size');
    return { value: { type: 'offset', param: offset, ...(limit ? { limitParam: limit } : {}) }, params: new Set([offset, ...(limit ? [limit] : [])]), why: `the ${offset}${limit ? ` and ${limit}` : ''} parameters` };
  }
  const page = byLower.get('page') ?? byLower.get('page_number') ?? byLower.get('pagenumber');
  if (page) {
    const size = byLower.get('per_page') ?? byLower.get('page_size') ?? byLower.get('pagesize') ?? byLower.get('perpage') ?? byLower.get('limit') ?? byLower.get('size');
    return { value: { type: 'page', param: page, ...(size ? { sizeParam: size } : {}) }, params: new Set([page, ...(size ? [size] : [])]), why: `the ${page}${size ? ` and ${size}` : ''} parameters` };
  }
  return undefined;
}

/**
 * A dot path to the answer's next cursor, nearest the top first and three objects down at most:
 * a field named like a cursor (`next_cursor`, `meta.next_cursor`, Slack's
 * `response_metadata.next_cursor`) or, in an object named like cursors, like the cursor parameter
 * (Spotify's `cursors.after`, Figma's `meta.cursor.after`). Only a value that can be sent as the
 * parameter counts (not an object or a list), and a `next` described as a URL is a link to the
 * next page (Spotify's), not a cursor.
 */
function findField(schema: Json | undefined, names: string[], skip: string | undefined, param?: string): string | undefined {
  let level: [string, Json][] = schema ? [['', schema]] : [];
  for (let depth = 0; depth < 3 && level.length > 0; depth++) {
    const fields: { at: string; key: string; parent: string }[] = [];
    const next: [string, Json][] = [];
    for (const [prefix, object] of level) {
      for (const [key, child] of Object.entries(propertiesOf(object))) {
        const at = prefix === '' ? key : `${prefix}.${key}`;
        if (at === skip || !isObject(child) || isArraySchema(child)) continue;
        if (isObject(child.properties) || Array.isArray(child.allOf)) next.push([at, child]);
        else if (child.type === 'object') continue;
        else if (!(key.toLowerCase() === 'next' && isLink(child))) fields.push({ at, key: key.toLowerCase(), parent: prefix.split('.').at(-1)! });
      }
    }
    for (const name of names) {
      const found = fields.find((field) => field.key === name);
      if (found) return found.at;
    }
    const own = param === undefined ? undefined : fields.find((field) => field.key === param.toLowerCase() && /cursor|paging|pagination|page_?info/i.test(field.parent));
    if (own) return own.at;
    level = next;
  }
  return undefined;
}

function isLink(schema: Json): boolean {
  return ['uri', 'url', 'uri-reference'].includes(String(schema.format)) || (typeof schema.description === 'string' && /\bURL\b/i.test(schema.description));
}

/** An endpoint's name: its operationId as weft allows it, or the method and path in camel case. */
export function endpointName(operationId: unknown, method: string, path: string): string {
  if (typeof operationId === 'string' && operationId.trim() !== '') {
    const name = operationId.trim().replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');
    if (name !== '') return /^[A-Za-z]/.test(name) ? name : `op${name}`;
  }
  const words = path
    .split('/')
    .filter(Boolean)
    .map((segment) => (segment.startsWith('{') ? `by-${segment.slice(1, -1)}` : segment))
    .join('-')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return method + words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}

/** An input or setting name: what `{{input.x}}` accepts. */
export function inputName(name: string): string {
  const cleaned = String(name).replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `p_${cleaned}`;
}

function authName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return /^[A-Za-z]/.test(cleaned) ? cleaned : `auth-${cleaned}`;
}

export function unique(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let index = 2; ; index++) if (!taken.has(`${name}${index}`)) return `${name}${index}`;
}

export function oneLine(text: string): string {
  return String(text).replace(/\s+/g, ' ').trim();
}


/** A comment on the line before a key, found by its path. */
export function commentOnKey(document: Document, path: (string | number)[], text: string): void {
  const parent = document.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return;
  const pair = (parent as YAMLMap).items.find((item) => isScalar(item.key) && item.key.value === path.at(-1));
  if (pair && isScalar(pair.key)) pair.key.commentBefore = text;
}

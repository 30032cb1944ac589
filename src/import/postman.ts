import { Document } from 'yaml';
import { isObject } from '../lex/is-object.js';
import { isSecretLikeKey, isStandInSecret, knownToken, looksRandom, redactTokens, urlPasswords } from '../lex/secrets.js';
import { ImportError, type ConnectorImport, type ConnectorImportOptions } from './connector-import.js';
import { baseUrlSetting, commentOnKey, endpointName, guessPagination, inputName, managedHeaders, oneLine, recordsPath, securitySchemes, unique } from './openapi.js';

/**
 * A Postman collection v2.1 (or v2.0) as a weft connector, written the way `importOpenApi` writes
 * one: folders are tags, requests endpoints, collection variables settings (or credentials when
 * they look secret), the common base URL `spec.http.baseUrl`, path variables and query
 * parameters inputs, auth (collection, folder or request) auth methods, bodies `{{record}}`, and
 * the records path and pagination guessed from the saved example responses, each guess marked
 * with a "check:" comment. Deterministic. Never copies a token, password, key or secret-looking
 * variable's value: collections often carry real ones.
 *
 * A file that is not a v2.0/v2.1 collection is refused with an ImportError: the CLI shows its
 * message as it is (import-command passes this function's errors through).
 */
export function importPostman(collection: unknown, options: ConnectorImportOptions): ConnectorImport {
  const version = collectionVersion(collection, options.source);
  return new PostmanImport(collection as Json, options).run(version);
}

type Json = Record<string, any>;

const methods = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
/** Headers weft sets itself or that say nothing an endpoint needs; Cookie is a session, a secret. */
const skippedHeaders = new Set([...managedHeaders, 'host', 'connection', 'accept-encoding', 'cookie', 'postman-token', 'cache-control']);
const collectionSchema = /^https?:\/\/schema\.(?:get)?postman\.com\/json\/collection\/v(\d+)\.(\d+)\.(\d+)\//;

/** The collection's format version ("2.1.0"), or an ImportError saying what the file is instead. */
function collectionVersion(collection: unknown, source: string): string {
  if (!isObject(collection)) throw new ImportError(`${source} is not a Postman collection: it is a JSON ${Array.isArray(collection) ? 'array' : collection === null ? 'null' : typeof collection}, not an object with 'info' and 'item'`);
  if (!('item' in collection) && (Array.isArray(collection.requests) || Array.isArray(collection.order))) {
    throw new ImportError(`${source} is a Postman collection v1; weft imports v2.1 (and v2.0): export it from Postman again as "Collection v2.1"`);
  }
  const schema = isObject(collection.info) && typeof collection.info.schema === 'string' ? collection.info.schema : undefined;
  const match = schema === undefined ? null : collectionSchema.exec(schema);
  if (!match) {
    throw new ImportError(`${source} is not a Postman collection: it has no 'info.schema' naming the collection format (https://schema.getpostman.com/json/collection/v2.1.0/collection.json)`);
  }
  const [major, minor] = [Number(match[1]), Number(match[2])];
  if (major === 1) throw new ImportError(`${source} is a Postman collection v1; weft imports v2.1 (and v2.0): export it from Postman again as "Collection v2.1"`);
  if (major !== 2 || minor > 1) throw new ImportError(`${source} is a Postman collection v${match[1]}.${match[2]}.${match[3]}; weft imports v2.1 and v2.0`);
  if (!Array.isArray(collection.item)) throw new ImportError(`${source} is not a Postman collection: its 'item' is not a list of requests and folders`);
  return `${match[1]}.${match[2]}.${match[3]}`;
}

/** A request with where it sits: its folders, outermost first. */
interface Request {
  item: Json;
  name: string;
  folders: Json[];
  method: string;
  url: ParsedUrl;
}

interface ParsedUrl {
  /** Scheme, host and port, userinfo removed: `https://api.example`, `{{baseUrl}}`. */
  origin: string;
  /** Path segments, empty ones dropped. */
  segments: string[];
  query: { key: string; value: string; disabled: boolean; description?: string }[];
  variables: Map<string, string | undefined>;
  /** Whether the URL carried a user and password (left out). */
  userinfo: boolean;
}

/** Where an auth came from, for descriptions and names. */
interface AuthSource {
  auth: Json;
  /** `undefined` for the collection's own. */
  owner?: string;
  about: string;
}

interface Variable {
  key: string;
  value: string | undefined;
  description: string | undefined;
  declared: boolean;
  secret: boolean;
  /** Its name in settings or credentials, given on first use. */
  name?: string;
  /** Referenced by what the connector sends (not only by an auth, whose credentials replace it). */
  used: boolean;
}

class PostmanImport {
  private readonly notes: string[] = [];
  private readonly comments: { path: (string | number)[]; text: string }[] = [];
  private readonly variables = new Map<string, Variable>();
  /** Setting and credential names taken, so two variables never share one. */
  private readonly settingNames = new Set<string>();
  private readonly credentialNames = new Set<string>();
  /** Credentials for secrets written as literals in headers or query strings: never their value. */
  private readonly literalCredentials = new Map<string, { name: string; description: string }>();
  /** The variable that is the whole base URL (`{{baseUrl}}`), if any. */
  private baseVariable: string | undefined;
  /** Variables an auth uses (its token, user, key): the auth's credentials stand for them. */
  private readonly authVariables = new Set<string>();
  /** The endpoints that send each credential of a variable or literal: those all send are required. */
  private readonly credentialUses = new Map<string, Set<string>>();
  private currentEndpoint = '';
  /** Variables secret-looking headers and query parameters send. */
  private readonly secretUses = new Set<string>();
  /** Secret values the collection holds (tokens, passwords, keys): masked wherever copied text repeats them. */
  private readonly secretValues = new Set<string>();

  constructor(
    private readonly collection: Json,
    private readonly options: ConnectorImportOptions,
  ) {}

  run(version: string): ConnectorImport {
    const { collection, options, notes } = this;
    for (const variable of Array.isArray(collection.variable) ? collection.variable : Array.isArray(collection.variables) ? collection.variables : []) {
      if (!isObject(variable) || variable.disabled === true) continue;
      const key = typeof variable.key === 'string' ? variable.key : typeof variable.id === 'string' ? variable.id : undefined;
      if (key === undefined || key === '' || this.variables.has(key)) continue;
      const value = variable.value === undefined || variable.value === null ? undefined : String(variable.value);
      // A value that looks like a token or random, or a URL with one in it (a webhook's), is a secret whatever the name.
      const secret = variable.type === 'secret' || isSecretName(key) || (value !== undefined && looksSecret(value));
      this.variables.set(key, { key, value, description: descriptionText(variable.description), declared: true, secret, used: false });
      // The password of a URL in any variable's value, and a token in its path: masked wherever copied text repeats them.
      for (const password of urlPasswords(value ?? '')) this.addSecretValue(password);
      if (value !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim())) for (const segment of parseRawUrl(value).segments) this.addSecretValue(pathSecret(segment)?.token);
    }
    this.collectSecrets();
    if (hasScripts(collection)) notes.push("the collection's pre-request and test scripts are left out: weft does not run them");

    const requests = this.chosenRequests();
    const base = this.baseOrigin(requests);
    this.baseVariable = wholeVariable(base);
    const kept: [string, Request, AuthSource | undefined][] = [];
    for (const [name, request] of requests) {
      if (request.url.origin !== base) {
        notes.push(`request '${request.name}' left out: its URL is on ${request.url.origin || 'no host'}, not on the base URL ${base} the other requests share`);
        continue;
      }
      if (request.url.userinfo) notes.push(`request '${request.name}': the user and password in its URL are left out`);
      kept.push([name, request, this.effectiveAuth(request)]);
    }

    // A variable a secret header, query parameter or any auth of the collection uses is a
    // credential wherever it appears (whatever --tag chooses), so its value is written nowhere.
    for (const name of [...this.secretUses, ...this.authVariables]) this.markSecret(name);
    for (const variable of this.variables.values()) if (variable.secret) this.addSecretValue(variable.value);

    // The auth methods' credentials (token, username, …) first: a variable never takes their names.
    const { auth, credentials } = this.authMethods(kept.map(([, , source]) => source));
    for (const name of Object.keys(credentials)) this.credentialNames.add(name);
    const settings: Json = {};
    const requiredSettings: string[] = [];
    const baseUrl = this.baseUrl(base, settings, requiredSettings);
    for (const variable of this.variables.values()) if (variable.declared && variable.key !== this.baseVariable && !this.authVariables.has(variable.key)) this.nameOf(variable);

    const endpoints: Json = {};
    for (const [name, request, source] of kept) {
      this.currentEndpoint = name;
      endpoints[name] = this.endpoint(name, request, source);
    }
    // An instance supplies the secrets of the endpoints it calls: one only some endpoints send is not required of every instance.
    const required = (credential: string) => (this.credentialUses.get(credential)?.size ?? 0) === kept.length ? {} : { required: false };
    for (const wanted of options.operations ?? []) if (!requests.some(([name, request]) => name === wanted || request.name === wanted)) notes.push(`no operation '${wanted}' in the collection`);

    // Settings: the base URL, the collection's variables in its order, then the variables it
    // uses without defining them (an environment's), in the order first used.
    const variableCredentials: Json = {};
    for (const variable of [...this.variables.values()].sort((a, b) => Number(b.declared) - Number(a.declared))) {
      if (variable.key === this.baseVariable) continue;
      // Only an auth used it: the auth's own credentials stand for it.
      if (!variable.used && this.authVariables.has(variable.key)) continue;
      if (!variable.declared && !variable.used) continue;
      const name = this.nameOf(variable);
      const about = variable.description ?? (variable.declared ? `The collection's variable {{${variable.key}}}` : `The variable {{${variable.key}}}, which the collection uses but does not define (an environment's)`);
      if (variable.secret) {
        variableCredentials[name] = { description: about, ...required(name) };
        continue;
      }
      const setting: Json = { type: 'string', description: about };
      if (variable.value !== undefined && variable.value !== '' && !variable.value.includes('{{')) setting.default = this.withoutUserinfo(variable.value, `the collection's variable {{${variable.key}}}`);
      settings[name] = setting;
      if (!variable.declared) requiredSettings.push(name);
    }
    for (const { name, description } of this.literalCredentials.values()) variableCredentials[name] = { description, ...required(name) };

    const title = typeof collection.info?.name === 'string' && collection.info.name.trim() !== '' ? collection.info.name : options.name;
    const spec: Json = { version: '1.0.0', type: 'http', http: { baseUrl } };
    if (Object.keys(settings).length > 0) spec.settings = { type: 'object', properties: settings, ...(requiredSettings.length ? { required: requiredSettings } : {}), additionalProperties: false };
    const allCredentials = { ...credentials, ...variableCredentials };
    if (Object.keys(allCredentials).length > 0) spec.credentials = allCredentials;
    spec.auth = Object.keys(auth).length > 0 ? auth : { none: { type: 'none' } };
    spec.endpoints = endpoints;
    const connector = { apiVersion: 'weft/v1', kind: 'Connector', metadata: { name: options.name, description: oneLine(title) }, spec };

    // Descriptions are copied, and collections document their demo keys in them: whatever the
    // collection holds as a secret is masked in every string written.
    const document = new Document(this.masked(connector), { aliasDuplicateObjects: false });
    document.commentBefore = [
      ` Imported from ${options.source} by weft import postman.`,
      ` Postman collection v${version}: "${this.mask(oneLine(title))}".`,
      ' Look at each "check:" comment: those are guesses, not read from the collection.',
    ].join('\n');
    for (const { path, text } of this.comments) commentOnKey(document, path, this.mask(text));
    return { text: document.toString({ lineWidth: 0 }), endpoints: Object.keys(endpoints), notes: notes.map((note) => this.mask(note)) };
  }

  /**
   * Every secret value the collection writes out: auths' passwords, tokens and keys (of every
   * auth type, weft's or not), and the values of secret-looking or Authorization headers, query
   * parameters and form fields. And the variables auths and secret-looking headers, query
   * parameters and form fields use (their values are added once they are marked secret).
   */
  private collectSecrets(): void {
    const add = (value: unknown) => this.addSecretValue(value);
    const fromAuth = (auth: unknown) => {
      if (!isObject(auth)) return;
      for (const [key, value] of Object.entries(authParameters(auth))) {
        if (auth.type === 'apikey' ? key === 'value' : isSecretAuthParameter(key)) add(value);
        if (auth.type === 'oauth2' && key === 'accessTokenUrl' && typeof value === 'string') {
          // Its query may carry the client's secret (`?client_secret=…`): left out of tokenUrl, and masked.
          for (const parameter of parseRawUrl(value).query) if (isSecretQueryParameter(parameter)) add(parameter.value);
          for (const password of urlPasswords(value)) add(password);
        }
        if (!(auth.type === 'oauth2' && key === 'accessTokenUrl')) for (const name of variableNames(String(value ?? ''))) this.authVariables.add(name);
      }
    };
    const fromPairs = (pairs: { key: string; value: string; disabled: boolean }[]) => {
      for (const { key, value, disabled } of pairs) {
        if (isSecretName(key) && !disabled) for (const name of variableNames(value)) this.secretUses.add(name);
        // A hand-written Authorization header is the auth it means: its variables are that auth's.
        if (key.toLowerCase() === 'authorization') for (const name of variableNames(value)) this.authVariables.add(name);
        if (!isSecretName(key) && !looksSecret(value)) continue;
        add(value);
        // `Bearer <token>`, `Basic <credentials>`: the part after the scheme too.
        if (/^\S+\s+\S/.test(value)) add(value.replace(/^\S+\s+/, ''));
      }
    };
    const walk = (node: Json) => {
      fromAuth(node.auth);
      const request = isObject(node.request) ? node.request : undefined;
      if (request) {
        fromAuth(request.auth);
        fromPairs(keyValues(request.header));
        const url = parseUrl(request.url);
        fromPairs(url.query);
        // A token in the path (a bot's, a webhook's) and the password of a URL.
        for (const segment of url.segments) {
          const secret = pathSecret(segment);
          if (secret) add(secret.token);
        }
        for (const password of urlPasswords(typeof request.url === 'string' ? request.url : isObject(request.url) && typeof request.url.raw === 'string' ? request.url.raw : '')) add(password);
        if (isObject(request.body)) fromPairs(keyValues(request.body.urlencoded ?? request.body.formdata));
      }
      if (Array.isArray(node.item)) for (const item of node.item) if (isObject(item)) walk(item);
    };
    walk(this.collection);
  }

  /**
   * A secret value to mask, whatever its characters ('correcthorsebattery' too). Not a stand-in
   * word ('password', 'changeme', 'secret') nor a scheme ('Bearer'), which would mask ordinary
   * words of the descriptions, and not a value under 4 characters.
   */
  private addSecretValue(value: unknown): void {
    const text = typeof value === 'string' ? value.trim() : '';
    if (text.length < 4 || text.includes('{{') || schemeWords.has(text.toLowerCase())) return;
    if (/^[A-Za-z]+$/.test(text) && isStandInSecret(text)) return;
    this.secretValues.add(text);
  }

  /**
   * A text with the collection's secret values and any known token masked, wherever they are in
   * it; a secret under 6 characters only as a whole word ('abc1' leaves 'abc123' alone).
   */
  private mask(text: string): string {
    let masked = text;
    for (const secret of [...this.secretValues].sort((a, b) => b.length - a.length || (a < b ? -1 : 1))) {
      if (!masked.includes(secret)) continue;
      if (secret.length < 6) {
        const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        masked = masked.replace(new RegExp(`${/^[A-Za-z0-9]/.test(secret) ? '(?<![A-Za-z0-9])' : ''}${escaped}${/[A-Za-z0-9]$/.test(secret) ? '(?![A-Za-z0-9])' : ''}`, 'g'), '[redacted]');
      } else masked = masked.replaceAll(secret, '[redacted]');
    }
    return redactTokens(masked);
  }

  /** A value with the user and password of its URLs left out, said once for where it comes from. */
  private withoutUserinfo(value: string, where: string): string {
    const stripped = withoutUserinfo(value);
    const note = `${where}: the user and password in its URL are left out`;
    if (stripped !== value && !this.notes.includes(note)) this.notes.push(note);
    return stripped;
  }

  private masked<T>(value: T): T {
    if (typeof value === 'string') return this.mask(value) as T;
    if (Array.isArray(value)) return value.map((entry) => this.masked(entry)) as T;
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, this.masked(entry)])) as T;
    return value;
  }

  /** The requests weft can call, named, in collection order; those --tag and --operation choose. */
  private chosenRequests(): [string, Request][] {
    const { options, notes } = this;
    const all: Request[] = [];
    const chosen = (name: string, folders: Json[], endpoint?: string) =>
      (!options.tags?.length || folders.some((folder) => options.tags!.includes(String(folder.name)))) && (!options.operations?.length || options.operations.includes(name) || (endpoint !== undefined && options.operations.includes(endpoint)));
    const walk = (items: unknown[], folders: Json[]) => {
      for (const item of items) {
        if (!isObject(item)) continue;
        if (Array.isArray(item.item)) {
          walk(item.item, [...folders, item]);
          continue;
        }
        if (item.request === undefined) continue;
        const request = typeof item.request === 'string' ? { url: item.request } : isObject(item.request) ? item.request : undefined;
        if (!request) continue;
        const name = typeof item.name === 'string' && item.name.trim() !== '' ? item.name.trim() : String(item.id ?? 'request');
        const method = typeof request.method === 'string' ? request.method.toUpperCase() : 'GET';
        if (!methods.has(method)) {
          if (chosen(name, folders)) notes.push(`request '${name}' (${method}) left out: weft endpoints are GET, POST, PUT, PATCH or DELETE`);
          continue;
        }
        all.push({ item: { ...item, request }, name, folders, method, url: parseUrl(request.url) });
      }
    };
    walk(this.collection.item, []);
    // Names over the whole collection: choosing with --tag does not rename an endpoint.
    const used = new Set<string>();
    const named = all.map((request): [string, Request] => {
      const name = unique(requestName(request.name, request.method, request.url.segments), used);
      used.add(name);
      return [name, request];
    });
    return named.filter(([name, request]) => chosen(request.name, request.folders, name));
  }

  /** The origin most requests share (the first such in a tie): the base URL. */
  private baseOrigin(requests: [string, Request][]): string {
    const counts = new Map<string, number>();
    for (const [, request] of requests) counts.set(request.url.origin, (counts.get(request.url.origin) ?? 0) + 1);
    let best = '';
    let most = 0;
    for (const [origin, count] of counts) {
      if (count > most) [best, most] = [origin, count];
    }
    return best;
  }

  /** `spec.http.baseUrl`: a setting whose default is the URL (or the base variable's value). */
  private baseUrl(origin: string, settings: Json, required: string[]): string {
    this.settingNames.add('baseUrl');
    const whole = this.baseVariable;
    if (whole !== undefined) {
      const variable = this.variables.get(whole);
      const value = variable?.value === undefined || variable.secret ? undefined : this.withoutUserinfo(variable.value, `the collection's variable {{${whole}}}`);
      if (variable && value !== undefined && /^https?:\/\/[^\s{}]+$/.test(value)) {
        baseUrlSetting(value.replace(/\/$/, ''), settings, []);
        settings.baseUrl.description = `The API's base URL (the collection's {{${whole}}})`;
      } else {
        const why = !variable ? 'which it does not define' : variable.secret ? 'whose value is not copied: it looks secret' : 'which has no URL for a value';
        settings.baseUrl = { type: 'string', description: `The API's base URL (the collection's {{${whole}}}, ${why})` };
        required.push('baseUrl');
      }
      return '{{settings.baseUrl}}';
    }
    if (origin === '') {
      settings.baseUrl = { type: 'string', description: "The API's base URL (the collection's requests name no host)" };
      required.push('baseUrl');
      return '{{settings.baseUrl}}';
    }
    if (!origin.includes('{{')) return baseUrlSetting(origin, settings, []);
    this.settingNames.delete('baseUrl');
    return this.template(origin);
  }

  /** The auth a request is sent with: its own, its nearest folder's, or the collection's. */
  private effectiveAuth(request: Request): AuthSource | undefined {
    const own = request.item.request.auth;
    let found: AuthSource | undefined;
    if (isObject(own) && own.type !== 'inherit') found = { auth: own, owner: request.name, about: `request '${request.name}'` };
    for (const folder of [...request.folders].reverse()) {
      if (found) break;
      if (isObject(folder.auth) && folder.auth.type !== 'inherit') found = { auth: folder.auth, owner: String(folder.name), about: `folder '${String(folder.name)}'` };
    }
    if (!found && isObject(this.collection.auth) && this.collection.auth.type !== 'inherit') found = { auth: this.collection.auth, about: "the collection's auth" };
    if (found && found.auth.type !== 'noauth') return found;
    // No auth, but an Authorization header written by hand: the auth it means.
    const header = keyValues(request.item.request.header).find((candidate) => candidate.key.toLowerCase() === 'authorization');
    const scheme = header ? /^(bearer|basic)\s/i.exec(header.value)?.[1]?.toLowerCase() : undefined;
    if (scheme) return { auth: { type: scheme }, owner: request.name, about: `request '${request.name}', from its Authorization header` };
    return undefined;
  }

  /** The auths requests are sent with as auth methods, the way importOpenApi writes security schemes. */
  private authMethods(auths: (AuthSource | undefined)[]): { auth: Json; credentials: Json } {
    const schemes: Json = {};
    const seen = new Map<string, string>();
    for (const source of auths) {
      if (!source) continue;
      const scheme = this.securityScheme(source);
      if (!scheme) continue;
      const key = JSON.stringify({ ...scheme, description: undefined });
      if (seen.has(key)) continue;
      const type = String(source.auth.type);
      const named = source.owner === undefined ? (({ apikey: 'apiKey' } as Json)[type] ?? type) : camelCase(source.owner) || type;
      const name = unique(/^[A-Za-z]/.test(named) ? named : `auth${named}`, new Set(Object.keys(schemes)));
      seen.set(key, name);
      schemes[name] = scheme;
    }
    return securitySchemes({ components: { securitySchemes: schemes } }, false, this.notes);
  }

  /** A Postman auth as an OpenAPI security scheme (securitySchemes makes the auth method). */
  private securityScheme(source: AuthSource): Json | undefined {
    const type = String(source.auth.type);
    const parameters = authParameters(source.auth);
    const description = source.about;
    switch (type) {
      case 'bearer':
        return { type: 'http', scheme: 'bearer', description };
      case 'basic':
        return { type: 'http', scheme: 'basic', description };
      case 'apikey': {
        const where = parameters.in === 'query' ? 'query' : 'header';
        const name = this.literal(String(parameters.key ?? ''));
        if (!name) {
          this.notes.push(`the API key auth of ${source.about} left out: it names no ${where === 'query' ? 'query parameter' : 'header'}`);
          return undefined;
        }
        return { type: 'apiKey', in: where, name, description };
      }
      case 'oauth2': {
        const grant = String(parameters.grant_type ?? 'authorization_code');
        const flowName = ({ client_credentials: 'clientCredentials', authorization_code: 'authorizationCode', authorization_code_with_pkce: 'authorizationCode', implicit: 'implicit', password_credentials: 'password' } as Json)[grant] ?? grant;
        const tokenUrl = typeof parameters.accessTokenUrl === 'string' && parameters.accessTokenUrl !== '' ? this.template(this.tokenUrl(parameters.accessTokenUrl, source)) : undefined;
        const scopes = typeof parameters.scope === 'string' ? Object.fromEntries(parameters.scope.split(/[\s,]+/).filter(Boolean).map((scope: string) => [scope, ''])) : {};
        return { type: 'oauth2', description, flows: { [flowName]: { ...(tokenUrl ? { tokenUrl } : {}), scopes } } };
      }
      default:
        this.notes.push(`the ${type} auth of ${source.about} left out: weft has no auth method for it`);
        return undefined;
    }
  }

  /**
   * An OAuth 2 access token URL without what may be secret in it: its user and password, and the
   * query parameters that look secret by name or value (`client_secret=…`); each left out is said.
   */
  private tokenUrl(url: string, source: AuthSource): string {
    const text = url.trim().replace(/#.*$/s, '');
    const questionMark = text.indexOf('?');
    const beforeQuery = questionMark === -1 ? text : text.slice(0, questionMark);
    const stripped = withoutUserinfo(beforeQuery);
    // Each request with this auth asks for its method: say it once.
    const note = (message: string) => {
      if (!this.notes.includes(message)) this.notes.push(message);
    };
    if (stripped !== beforeQuery) note(`the oauth2 auth of ${source.about}: the user and password in its access token URL are left out`);
    if (questionMark === -1) return stripped;
    const pairs = text.slice(questionMark + 1).split('&').filter((pair) => pair !== '');
    const kept = pairs.filter((pair) => {
      const equals = pair.indexOf('=');
      return !isSecretQueryParameter({ key: decode(equals === -1 ? pair : pair.slice(0, equals)), value: equals === -1 ? '' : decode(pair.slice(equals + 1)) });
    });
    if (kept.length < pairs.length) {
      const left = pairs.filter((pair) => !kept.includes(pair)).map((pair) => decode(pair.split('=')[0]!));
      note(`the oauth2 auth of ${source.about}: ${left.join(', ')} left out of the query of its access token URL: ${left.length === 1 ? 'it looks' : 'they look'} secret (the auth method sends its clientSecret itself)`);
    }
    return kept.length > 0 ? `${stripped}?${kept.join('&')}` : stripped;
  }

  /**
   * A secret written in a request's path (a bot's token, a webhook's): a credential, one for all
   * requests that send the same value; a leading word (`bot` of Telegram's `bot<token>`) stays.
   */
  private pathCredential(segment: string, request: Request): string | undefined {
    const secret = pathSecret(segment);
    if (!secret) return undefined;
    const id = `the path segment ${segment}`;
    let credential = this.literalCredentials.get(id);
    if (!credential) {
      const after = secret.prefix ? ` after '${secret.prefix}'` : '';
      credential = { name: credentialName(secret.prefix ? `${secret.prefix} token` : 'path token', this.credentialNames), description: `Sent in the URL path of request '${request.name}'${after} (the collection has a value for it, not copied)` };
      this.credentialNames.add(credential.name);
      this.literalCredentials.set(id, credential);
    }
    return `${secret.prefix}${this.credentialReference(credential.name)}`;
  }

  /** One request as an endpoint. */
  private endpoint(name: string, request: Request, auth: AuthSource | undefined): Json {
    const { item, method, url } = request;
    const comment = (at: string[], text: string) => this.comments.push({ path: ['spec', 'endpoints', name, ...at], text });
    const result: Json = {};
    const description = [item.description, item.request.description].map(descriptionText).filter((text): text is string => text !== undefined);
    if (description.length > 0) result.description = [...new Set(description)].join('\n\n');
    result.method = method;

    const inputs: Json = {};
    const input = (key: string, about: string | undefined) => {
      const inputFor = unique(inputName(key), new Set(Object.keys(inputs)));
      inputs[inputFor] = { type: 'string', ...(about ? { description: about } : {}) };
      return `{{input.${inputFor}}}`;
    };
    const segments = url.segments.map((segment) => {
      if (segment.startsWith(':') && segment.length > 1) return input(segment.slice(1), url.variables.get(segment.slice(1)));
      return this.pathCredential(segment, request) ?? this.template(segment, () => input(segment.replace(/[{}$]/g, ''), undefined));
    });
    result.path = `/${segments.join('/')}`;

    const response = method === 'GET' ? savedAnswer(item.response) : undefined;
    const records = response ? recordsPath(response.schema) : undefined;
    const parameters = [...url.query, ...(response?.query ?? [])].map((parameter) => ({ name: parameter.key, in: 'query' }));
    const pagination = response ? guessPagination(parameters, response.schema, records?.path) : undefined;

    const headers: Json = {};
    for (const header of keyValues(item.request.header)) {
      if (header.disabled || skippedHeaders.has(header.key.toLowerCase()) || headers[header.key] !== undefined) continue;
      // The API key auth sends this header itself.
      if (auth?.auth.type === 'apikey' && String(authParameters(auth.auth).key ?? '').toLowerCase() === header.key.toLowerCase()) continue;
      headers[header.key] = this.value('header', header.key, header.value, () => input(header.key, header.description));
    }
    const query: Json = {};
    for (const parameter of url.query) {
      if (parameter.key === '' || query[parameter.key] !== undefined || pagination?.params.has(parameter.key)) continue;
      // A disabled parameter is one the author documented but did not send: an input a step may give.
      query[parameter.key] = parameter.disabled ? input(parameter.key, parameter.description) : this.value('query parameter', parameter.key, parameter.value, () => input(parameter.key, parameter.description));
    }
    if (Object.keys(headers).length > 0) result.headers = headers;
    if (Object.keys(query).length > 0) result.query = query;

    const contentType = keyValues(item.request.header).find((header) => !header.disabled && header.key.toLowerCase() === 'content-type')?.value;
    // Postman does not send a GET's body (unless told to), and weft's GET endpoints send none.
    const body = method === 'GET' ? undefined : bodyOf(item.request.body, contentType);
    if (body) {
      result.body = '{{record}}';
      if (body.check) comment(['body'], ` check: ${body.check}`);
    }
    if (Object.keys(inputs).length > 0) result.inputs = inputs;
    if (pagination) {
      result.pagination = pagination.value;
      comment(['pagination'], ` check: pagination guessed from ${pagination.why} (saved response '${response!.name}')`);
    }
    if (records?.path) {
      result.records = records.path;
      comment(['records'], ` check: records guessed: ${records.why} (saved response '${response!.name}')`);
    }
    if (method === 'DELETE' || method === 'PUT') result.idempotent = true;
    return result;
  }

  /**
   * What a header or query parameter sends: its variables as settings or credentials; a secret
   * written as a literal a credential (never the literal), one for all requests that send it;
   * a dynamic variable (`{{$guid}}`) an input. Otherwise a header sends its value as it is,
   * a query parameter an input (the collection's value is an example).
   */
  private value(where: 'header' | 'query parameter', key: string, value: string, asInput: () => string): string {
    if (value.includes('{{')) return this.template(value, asInput);
    if (isSecretName(key) || looksSecret(value)) {
      const id = `the ${where} ${key}`;
      let credential = this.literalCredentials.get(id);
      if (!credential) {
        credential = { name: credentialName(key, this.credentialNames), description: `Sent in ${id} (the collection has a value for it, not copied)` };
        this.credentialNames.add(credential.name);
        this.literalCredentials.set(id, credential);
      }
      return this.credentialReference(credential.name);
    }
    return where === 'header' ? value : asInput();
  }

  /** A text with its `{{variable}}`s as `{{settings.x}}` or `{{credentials.x}}`; a dynamic one (`{{$guid}}`) makes it an input. */
  private template(text: string, asInput?: () => string): string {
    if (asInput && /\{\{\s*\$/.test(text)) return asInput();
    return text.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (whole, key: string) => {
      if (key.startsWith('$')) return '';
      if (key === this.baseVariable) return '{{settings.baseUrl}}';
      const variable = this.variable(key);
      variable.used = true;
      return variable.secret ? this.credentialReference(this.nameOf(variable)) : `{{settings.${this.nameOf(variable)}}}`;
    });
  }

  private credentialReference(name: string): string {
    if (this.currentEndpoint !== '') {
      const uses = this.credentialUses.get(name) ?? new Set<string>();
      this.credentialUses.set(name, uses.add(this.currentEndpoint));
    }
    return `{{credentials.${name}}}`;
  }

  /** A header's name when it is a literal or a variable with a plain value; undefined otherwise. */
  private literal(text: string): string | undefined {
    const resolved = text.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (whole, key: string) => {
      const variable = this.variables.get(key);
      return variable && !variable.secret && variable.value ? variable.value : whole;
    });
    return resolved !== '' && !resolved.includes('{{') ? resolved : undefined;
  }

  private variable(key: string): Variable {
    let variable = this.variables.get(key);
    if (!variable) {
      variable = { key, value: undefined, description: undefined, declared: false, secret: isSecretName(key), used: false };
      this.variables.set(key, variable);
    }
    return variable;
  }

  private markSecret(key: string): void {
    if (key.startsWith('$') || key === this.baseVariable) return;
    this.variable(key).secret = true;
  }

  private nameOf(variable: Variable): string {
    if (variable.name === undefined) {
      if (variable.secret) {
        variable.name = credentialName(variable.key, this.credentialNames);
        this.credentialNames.add(variable.name);
      } else {
        variable.name = unique(inputName(variable.key), this.settingNames);
        this.settingNames.add(variable.name);
      }
    }
    return variable.name;
  }
}

/** Headers, query parameters and variables: a list of {key, value}, or v2.0's "Key: value" lines. */
function keyValues(list: unknown): { key: string; value: string; disabled: boolean; description?: string }[] {
  if (typeof list === 'string') {
    return list
      .split(/\r?\n/)
      .map((line) => /^\s*([^:]+?)\s*:\s*(.*)$/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => ({ key: match[1]!, value: match[2]!, disabled: false }));
  }
  if (!Array.isArray(list)) return [];
  return list.filter(isObject).map((entry) => {
    const description = descriptionText(entry.description);
    return {
      key: String(entry.key ?? entry.name ?? ''),
      value: entry.value === undefined || entry.value === null ? '' : String(entry.value),
      disabled: entry.disabled === true || entry.enabled === false,
      ...(description ? { description: oneLine(description) } : {}),
    };
  });
}

/** A URL, structured (v2.1) or raw text (v2.0 allows a string): origin, path segments, query, path variables. */
function parseUrl(url: unknown): ParsedUrl {
  const structured = isObject(url) ? url : {};
  const raw = typeof url === 'string' ? url : typeof structured.raw === 'string' ? structured.raw : '';
  const fromRaw = parseRawUrl(raw);
  let origin = fromRaw.origin;
  let userinfo = fromRaw.userinfo;
  if (structured.host !== undefined) {
    const host = Array.isArray(structured.host) ? structured.host.map(String).join('.') : String(structured.host);
    const withoutUser = host.replace(/^[^@/]*@/, '');
    userinfo ||= withoutUser !== host;
    const rawProtocol = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw.trim())?.[1];
    const protocol = typeof structured.protocol === 'string' && structured.protocol !== '' ? structured.protocol.replace(/:?\/*$/, '') : (rawProtocol ?? (/^\{\{[^{}]+\}\}$/.test(withoutUser) ? '' : 'http'));
    const port = structured.port !== undefined && structured.port !== '' ? `:${String(structured.port)}` : '';
    origin = `${protocol ? `${protocol}://` : ''}${withoutUser.replace(/\.$/, '')}${port}`;
  }
  const path = structured.path !== undefined ? structured.path : undefined;
  const segments = path === undefined ? fromRaw.segments : (Array.isArray(path) ? path.map((segment: unknown) => (isObject(segment) ? String(segment.value ?? '') : String(segment))) : String(path).split('/')).filter((segment: string) => segment !== '');
  const query = Array.isArray(structured.query) ? keyValues(structured.query) : fromRaw.query;
  const variables = new Map<string, string | undefined>();
  for (const variable of keyValues(structured.variable)) variables.set(variable.key, variable.description);
  return { origin, segments, query, variables, userinfo };
}

function parseRawUrl(raw: string): Omit<ParsedUrl, 'variables'> {
  const text = raw.trim().replace(/#.*$/, '');
  const questionMark = text.indexOf('?');
  const beforeQuery = questionMark === -1 ? text : text.slice(0, questionMark);
  const search = questionMark === -1 ? '' : text.slice(questionMark + 1);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(beforeQuery);
  const rest = scheme ? beforeQuery.slice(scheme[0].length) : beforeQuery;
  const slash = rest.indexOf('/');
  const host = slash === -1 ? rest : rest.slice(0, slash);
  const withoutUser = host.replace(/^[^@/]*@/, '');
  const protocol = scheme ? scheme[1]! : /^\{\{[^{}]+\}\}$/.test(withoutUser) || withoutUser === '' ? '' : 'http';
  const query = search
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const equals = pair.indexOf('=');
      return { key: decode(equals === -1 ? pair : pair.slice(0, equals)), value: equals === -1 ? '' : decode(pair.slice(equals + 1)), disabled: false };
    });
  return {
    origin: withoutUser === '' ? '' : `${protocol ? `${protocol}://` : ''}${withoutUser}`,
    segments: (slash === -1 ? '' : rest.slice(slash + 1)).split('/').filter((segment) => segment !== ''),
    query,
    userinfo: withoutUser !== host,
  };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * Whether a header, query parameter, form field or variable holds a secret by its name: a
 * secret-like key (`password`, `apiKey`, `apikey`, `X-Session`, `Ocp-Apim-Subscription-Key`),
 * or a name that carries credentials in HTTP (`Proxy-Authorization`, `X-Auth`, `X-Signature`,
 * `sig`, `Set-Cookie`, `sessionId`).
 */
function isSecretName(key: string): boolean {
  if (isSecretLikeKey(key)) return true;
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return ['authorization', 'auth', 'signature', 'sig', 'cookie'].includes(words.at(-1) ?? '') || ['sessionid', 'sessionkey'].includes(words.slice(-2).join(''));
}

/** Scheme words an Authorization header starts with: never masked as secrets. */
const schemeWords = new Set(['bearer', 'basic', 'token', 'digest', 'apikey']);

/**
 * Whether a literal is a secret by its look: a known token; a random-looking string, whole or
 * after a scheme word (`Token 8fZ…`, `SharedKey acct:9Lq…`); or a URL with such a path segment
 * or a secret-looking query parameter (a webhook's URL). Words, media types, identifiers
 * (`GLOBAL_QUOTE`, `application/json`, `shop_1234`) and templates are not.
 */
function looksSecret(value: string): boolean {
  const text = value.trim();
  if (text === '' || text.includes('{{')) return false;
  if (knownToken(text) !== undefined || looksRandom(text)) return true;
  const afterScheme = /^[A-Za-z][A-Za-z-]*\s+(\S+)$/.exec(text)?.[1];
  if (afterScheme !== undefined && looksRandom(afterScheme)) return true;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return false;
  const url = parseRawUrl(text);
  return url.segments.some((segment) => pathSecret(segment) !== undefined) || url.query.some(isSecretQueryParameter);
}

/** A query parameter with a literal secret: a secret-looking name with a value, or a secret-looking value. */
function isSecretQueryParameter(parameter: { key: string; value: string }): boolean {
  if (parameter.value === '' || parameter.value.includes('{{')) return false;
  return isSecretName(parameter.key) || looksSecret(parameter.value);
}

/**
 * The secret a path segment is, if it looks like one (a known token or random, templates and
 * path variables aside): `{prefix: 'bot', token: '123456789:AAH…'}` for Telegram's
 * `bot123456789:AAH…`, `{prefix: '', token}` for a webhook's token.
 */
function pathSecret(segment: string): { prefix: string; token: string } | undefined {
  if (segment.includes('{{') || segment.startsWith(':')) return undefined;
  if (knownToken(segment) === undefined && !looksRandom(segment)) return undefined;
  const prefixed = /^([a-z]{2,12})(\d[^]*)$/.exec(segment);
  if (prefixed && (knownToken(prefixed[2]!) !== undefined || looksRandom(prefixed[2]!))) return { prefix: prefixed[1]!, token: prefixed[2]! };
  return { prefix: '', token: segment };
}

/** A text with the user and password of each URL in it left out (`https://admin:pw@host` → `https://host`). */
function withoutUserinfo(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)([^\s/?#]*)/gi, (whole, scheme: string, authority: string) => scheme + authority.slice(authority.lastIndexOf('@') + 1));
}

/** An auth's parameters by key: v2.1 writes a list of {key, value}, v2.0 an object. */
function authParameters(auth: Json): Json {
  const parameters = auth[String(auth.type)];
  if (Array.isArray(parameters)) return Object.fromEntries(parameters.filter(isObject).map((entry) => [String(entry.key), entry.value]));
  return isObject(parameters) ? parameters : {};
}

/** Whether an auth parameter holds a secret: a password, token, key, secret or signature (not a URL or a name). */
function isSecretAuthParameter(key: string): boolean {
  return /pass|secret|token|key|signature|credential/i.test(key) && !/url|name|type|prefix|location|addto/i.test(key);
}

/** The variable a text is exactly (`{{baseUrl}}`), not a dynamic one (`{{$guid}}`). */
function wholeVariable(text: string): string | undefined {
  const key = /^\{\{\s*([^{}]+?)\s*\}\}$/.exec(text)?.[1];
  return key === undefined || key.startsWith('$') ? undefined : key;
}

/** The `{{name}}`s a text uses. */
function variableNames(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^{}]+?)\s*\}\}/g)].map((match) => match[1]!);
}

/** What a request sends as its body, and what to check when weft's JSON is not what the collection sends. */
function bodyOf(body: unknown, contentType: string | undefined): { check?: string } | undefined {
  if (!isObject(body) || typeof body.mode !== 'string') return undefined;
  switch (body.mode) {
    case 'raw': {
      if (typeof body.raw !== 'string' || body.raw.trim() === '') return undefined;
      const language = isObject(body.options?.raw) && typeof body.options.raw.language === 'string' ? body.options.raw.language : undefined;
      if (language === 'json' || /json/i.test(contentType ?? '') || isJson(body.raw)) return {};
      const type = contentType && /^[\w.+-]+\/[\w.+-]+/.test(contentType) ? /^[\w.+-]+\/[\w.+-]+/.exec(contentType)![0] : (language ?? 'text');
      return { check: `the collection sends a ${type} body; weft sends the record as JSON (a string record as it is)` };
    }
    case 'urlencoded':
    case 'formdata': {
      const fields = keyValues(body[body.mode]).filter((field) => !field.disabled);
      if (fields.length === 0) return undefined;
      return { check: `the collection sends ${body.mode === 'urlencoded' ? 'a form (x-www-form-urlencoded)' : 'multipart form data'} with ${fields.map((field) => field.key).join(', ')}; weft sends the record as JSON` };
    }
    case 'graphql':
      return { check: 'the collection sends a GraphQL query; weft sends the record as JSON: give it query and variables' };
    case 'file':
      return { check: 'the collection sends a file; weft sends the record as JSON (a string record as it is)' };
    default:
      return undefined;
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The first saved 2xx answer: a JSON Schema of its body (guessed from the example) with its
 * headers, as importOpenApi's guesses read an answer, and the query its request was sent with.
 */
function savedAnswer(responses: unknown): { name: string; schema: Json; query: { key: string }[] } | undefined {
  if (!Array.isArray(responses)) return undefined;
  const response = responses.filter(isObject).find((candidate) => Number(candidate.code) >= 200 && Number(candidate.code) < 300);
  if (!response) return undefined;
  let body: unknown;
  try {
    body = typeof response.body === 'string' ? JSON.parse(response.body) : undefined;
  } catch {
    body = undefined;
  }
  const headers = Object.fromEntries(keyValues(response.header).map((header) => [header.key, {}]));
  const original = isObject(response.originalRequest) ? response.originalRequest : typeof response.originalRequest === 'string' ? { url: response.originalRequest } : {};
  return { name: typeof response.name === 'string' ? response.name : 'response', schema: { ...exampleSchema(body), 'x-weft-headers': headers }, query: parseUrl(original.url).query };
}

/** A JSON Schema for an example value: types and property names, never values. */
function exampleSchema(value: unknown, depth = 0): Json {
  if (Array.isArray(value)) return { type: 'array', ...(depth < 4 && value.length > 0 ? { items: exampleSchema(value[0], depth + 1) } : {}) };
  if (isObject(value)) return { type: 'object', ...(depth < 4 ? { properties: Object.fromEntries(Object.entries(value).map(([key, child]) => [key, exampleSchema(child, depth + 1)])) } : {}) };
  if (typeof value === 'string') return { type: 'string' };
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'integer' : 'number' };
  if (typeof value === 'boolean') return { type: 'boolean' };
  return {};
}

/** A request's endpoint name: its name in camel case (`List orders` → `listOrders`), or its method and path. */
function requestName(name: string, method: string, segments: string[]): string {
  const camel = camelCase(name);
  if (camel !== '' && /^[a-z]/.test(camel)) return camel;
  if (camel !== '') return method.toLowerCase() + camel.charAt(0).toUpperCase() + camel.slice(1);
  return endpointName(undefined, method.toLowerCase(), `/${segments.map((segment) => (segment.startsWith(':') ? `{${segment.slice(1)}}` : pathSecret(segment) ? '{token}' : segment)).join('/')}`);
}

function camelCase(text: string): string {
  // Accents go (Résumé → Resume); letters outside Latin leave no word (the method and path name it then).
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return words
    .map((word, index) => {
      if (index === 0) {
        // A leading run of capitals is one word (GET, OAuth, XMLHttp).
        const capitals = /^[A-Z]+/.exec(word)?.[0] ?? '';
        if (capitals.length === word.length) return word.toLowerCase();
        if (capitals.length > 1) return capitals.slice(0, -1).toLowerCase() + word.slice(capitals.length - 1);
        return word.charAt(0).toLowerCase() + word.slice(1);
      }
      if (word.length > 1 && word === word.toUpperCase()) return word.charAt(0) + word.slice(1).toLowerCase();
      return word.charAt(0).toUpperCase() + word.slice(1);
    })
    .join('');
}

/** A credential name: letters, digits and '_', a letter first (`api_key` → `apiKey`). */
function credentialName(key: string, taken: ReadonlySet<string>): string {
  const name = camelCase(key) || 'secret';
  return unique(/^[A-Za-z]/.test(name) ? name : `secret${name}`, taken);
}

/** A description (a string, or v2.1's {content}), trimmed. */
function descriptionText(description: unknown): string | undefined {
  const text = typeof description === 'string' ? description : isObject(description) && typeof description.content === 'string' ? description.content : undefined;
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}

/** Whether the collection, a folder or a request has a script with code in it. */
function hasScripts(node: Json): boolean {
  const events = Array.isArray(node.event) ? node.event : isObject(node.event) ? [node.event] : [];
  for (const event of events) {
    const exec = isObject(event) && isObject(event.script) ? event.script.exec : undefined;
    const code = Array.isArray(exec) ? exec.join('\n') : typeof exec === 'string' ? exec : '';
    if (code.trim() !== '') return true;
  }
  return Array.isArray(node.item) && node.item.some((item: unknown) => isObject(item) && hasScripts(item));
}

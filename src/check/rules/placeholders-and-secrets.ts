import type { CheckContext, Rule } from '../context.js';
import type { AnyResource } from '../../schema/resource.js';
import { pointerFrom } from '../../parse/pointer.js';
import { placeholdersFound, scanPlaceholders, type FoundPlaceholder, type PlaceholderScan } from '../../lex/placeholders.js';
import { embeddedCredential, isSecretLikeKey, knownToken, looksRandom } from '../../lex/secrets.js';
import { isObject, memoize } from '../references.js';
import { isSecretField } from '../../schema/secret-fields.js';

const storeHint = 'store it with `weft secret set <path>` and write ${secret:<path>} here';

/**
 * Placeholders are well-formed; secret fields hold exactly one placeholder; nothing anywhere
 * looks like a real secret. Messages never repeat a suspected secret, nor a placeholder's default.
 */
export const placeholdersAndSecrets: Rule = {
  codes: ['bad-placeholder', 'plaintext-secret'],
  description: 'Placeholders are well-formed and secrets are never literal.',
  check(ctx) {
    ctx.sweep('placeholders-and-secrets', ctx.resources, (resource) => {
      found = [];
      visit(ctx, resource, resource.value, [], undefined);
      // What this walk found, kept for the plan (it asks the engine to resolve each placeholder).
      if (typeof resource.value === 'object' && resource.value !== null) placeholdersFound.set(resource.value, found);
    });
  },
};

/** The placeholders the walk under way has found. */
let found: FoundPlaceholder[] = [];

/** Fields of a connector's auth methods that carry a secret: templates, never literals. */
const authSecretFields = new Set(['token', 'password', 'value', 'clientSecret', 'refreshToken']);

function isAuthSecretField(resource: AnyResource, path: readonly string[]): boolean {
  return resource.kind === 'Connector' && path.length === 4 && path[0] === 'spec' && path[1] === 'auth' && authSecretFields.has(path[3]!);
}

/** Inside a JSON Schema, a property's default, const, enum or examples are its values. */
const schemaValueKeys = new Set(['default', 'const', 'enum', 'examples']);

/** A JSON Schema's annotations that are prose for people, not values. */
const schemaProseKeys = new Set(['description', 'title', '$comment']);

/**
 * Prose: text that documents rather than configures, which nothing sends anywhere. A resource's
 * description, a credential's, an endpoint's and a step's, and the annotations of a connector's
 * settings and inputs schemas. Prose may show the shape of a secret
 * (`amqp://user:pass@host:5672/vhost`); it is reported only for a secret that looks real.
 */
function isProse(resource: AnyResource, path: readonly string[]): boolean {
  const last = path.at(-1);
  if (path.length === 2 && path[0] === 'metadata' && last === 'description') return true;
  if (path[0] !== 'spec') return false;
  if (resource.kind === 'Flow') return path.length === 4 && path[1] === 'steps' && last === 'description';
  if (resource.kind !== 'Connector') return false;
  if (path.length === 4 && (path[1] === 'credentials' || path[1] === 'endpoints') && last === 'description') return true;
  const schema = path[1] === 'settings' ? path.slice(2) : path[1] === 'endpoints' && path[3] === 'inputs' ? path.slice(4) : undefined;
  return schema !== undefined && schemaProseKeys.has(last!) && !schema.some((key) => schemaValueKeys.has(key));
}

/** Walks every key and string of a document; `path` is one array pushed and popped along the way. */
function visit(ctx: CheckContext, resource: AnyResource, value: unknown, path: string[], key: string | undefined): void {
  if (typeof value === 'string') {
    const scans = value.includes('${') ? scanPlaceholders(value) : noScans;
    if (scans.length > 0) {
      const pointer = pointerFrom(path);
      for (const scan of scans) if (scan.kind === 'placeholder') found.push({ pointer, placeholder: scan.placeholder });
    }
    if (isSecretField(resource, path)) checkSecretField(ctx, resource, value, path, scans);
    else if (isAuthSecretField(resource, path) && !/\{\{|\$\{/.test(value)) {
      ctx.report(resource, pointerFrom(path), 'plaintext-secret', `'${path[3]}' of auth method '${path[2]}' is a literal; it must come from the instance's credentials`, {
        hint: `declare a credential and write '{{credentials.<name>}}' here`,
      });
    } else checkString(ctx, resource, value, path, key, scans);
  } else if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      path.push(String(index));
      visit(ctx, resource, value[index], path, key);
      path.pop();
    }
  } else if (isObject(value)) {
    for (const childKey of Object.keys(value)) {
      path.push(childKey);
      const token = knownKeyToken(childKey);
      if (token) ctx.report(resource, pointerFrom(path), 'plaintext-secret', `this key looks like ${token}; keep secrets out of the repository`, { atKey: true, hint: storeHint });
      visit(ctx, resource, value[childKey], path, schemaValueKeys.has(childKey) && key !== undefined ? key : childKey);
      path.pop();
    }
  }
}

/** `knownToken` of a key: keys repeat throughout a project, so each is looked at once. */
function knownKeyToken(key: string): string | undefined {
  return key.length < 14 ? undefined : keyToken(key);
}

const keyToken = memoize(knownToken, 10_000);

const noScans: readonly PlaceholderScan[] = [];

function checkSecretField(ctx: CheckContext, resource: AnyResource, text: string, path: string[], scans: readonly PlaceholderScan[]): void {
  const pointer = pointerFrom(path);
  const what = resource.kind === 'Instance' ? `credential '${path[2]}'` : `'${path.at(-1)}'`;
  // Something shaped like a placeholder is a placeholder gone wrong; anything else is a literal.
  const attempt = text.startsWith('${') && text.indexOf('${', 2) === -1;
  if (!attempt) {
    ctx.report(resource, pointer, 'plaintext-secret', `${what} is a literal value; it must be exactly one placeholder`, {
      hint: resource.kind === 'Instance' ? `write \${secret:${resource.name}/${path[2]!.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}} and store the value with \`weft secret set\`` : storeHint,
    });
    return;
  }
  const [scan] = scans;
  if (scan?.kind === 'malformed') {
    // What is inside may be the secret itself: say what is wrong without quoting any of it.
    ctx.report(resource, pointer, 'bad-placeholder', `${what} is not a well-formed placeholder`, { hint: 'write ${secret:path/segments} or ${env:NAME}' });
  } else if (scan?.kind === 'placeholder' && scan.placeholder.text !== text) {
    ctx.report(resource, pointer, 'plaintext-secret', `${what} has literal text around its placeholder; it must be exactly one placeholder`);
  } else if (scan?.kind === 'placeholder' && scan.placeholder.default !== undefined) {
    ctx.report(resource, pointer, 'plaintext-secret', `${what} gives its placeholder a default; a default is a literal secret`, { hint: 'remove the :-default part' });
  }
}

function checkString(ctx: CheckContext, resource: AnyResource, text: string, path: string[], key: string | undefined, scans: readonly PlaceholderScan[]): void {
  // Most strings are short words with no '$': nothing to look at.
  if (text.length < 12 && !text.includes('$')) return;
  const secretKey = key !== undefined && isSecretLikeKey(key);
  let malformed = false;
  for (const scan of scans) {
    if (scan.kind !== 'malformed') continue;
    malformed = true;
    if (secretKey) ctx.report(resource, pointerFrom(path), 'bad-placeholder', `'${key}' holds a placeholder that is not well-formed`, { hint: 'write ${secret:path/segments} or ${env:NAME}' });
    else ctx.report(resource, pointerFrom(path), 'bad-placeholder', `placeholder '${quotable(scan.text)}' ${scan.problem}`, { hint: scan.hint });
  }
  if (malformed) return;
  const prose = isProse(resource, path);
  const embedded = embeddedCredential(text, { prose });
  if (embedded) {
    ctx.report(resource, pointerFrom(path), 'plaintext-secret', `this value is ${embedded}; keep secrets out of the repository`, {
      hint: 'take it from the credentials: {{credentials.<name>}} in a connector, a placeholder elsewhere',
    });
    return;
  }
  const token = knownToken(text, { realOnly: prose });
  if (token) {
    ctx.report(resource, pointerFrom(path), 'plaintext-secret', `this value looks like ${token}; keep secrets out of the repository`, { hint: storeHint });
    return;
  }
  if (!secretKey) return;
  const literal = scans.reduce((rest, scan) => rest.replace(scan.kind === 'placeholder' ? scan.placeholder.text : scan.text, ''), text);
  const defaults = scans.flatMap((scan) => (scan.kind === 'placeholder' && scan.placeholder.default !== undefined ? [scan.placeholder.default] : []));
  if ([literal, ...defaults].some(looksRandom)) {
    ctx.report(resource, pointerFrom(path), 'plaintext-secret', `'${key}' holds a literal that looks like a secret; keep secrets out of the repository`, { hint: storeHint });
  }
}

/** A placeholder as a message may quote it: never its default, never what follows an unclosed one. */
function quotable(text: string): string {
  const complete = text.endsWith('}') && !text.includes(':-') && text.length <= 60;
  if (complete) return text;
  return (/^\$\{[A-Za-z]{0,12}:?[A-Za-z0-9_/.-]{0,40}/.exec(text)?.[0] ?? '${') + '…';
}

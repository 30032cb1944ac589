import type { CheckContext, Rule } from '../context.js';
import type { AnyResource } from '../../schema/resource.js';
import { pointerFrom } from '../../parse/pointer.js';
import { isSinglePlaceholder, scanPlaceholders } from '../placeholders.js';
import { isSecretLikeKey, knownToken, looksRandom } from '../secrets.js';
import { isObject } from '../references.js';

/**
 * Placeholders are well-formed; credentials are exactly one placeholder; nothing anywhere looks
 * like a real secret. Messages never repeat the suspected secret.
 */
export const placeholdersAndSecrets: Rule = {
  codes: ['bad-placeholder', 'plaintext-secret'],
  description: 'Placeholders are well-formed and secrets are never literal.',
  check(ctx) {
    for (const resource of ctx.resources) {
      visit(ctx, resource, resource.value, [], undefined);
      checkCredentials(ctx, resource);
    }
  },
};

/** Walks every string of a document; `path` is one array pushed and popped along the way. */
function visit(ctx: CheckContext, resource: AnyResource, value: unknown, path: string[], key: string | undefined): void {
  if (typeof value === 'string') {
    checkString(ctx, resource, value, path, key);
  } else if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      path.push(String(index));
      visit(ctx, resource, value[index], path, key);
      path.pop();
    }
  } else if (isObject(value)) {
    for (const childKey of Object.keys(value)) {
      path.push(childKey);
      visit(ctx, resource, value[childKey], path, childKey);
      path.pop();
    }
  }
}

function checkString(ctx: CheckContext, resource: AnyResource, text: string, path: string[], key: string | undefined): void {
  // Most strings are short words with no '$': nothing to look at.
  if (text.length < 12 && !text.includes('$')) return;
  let malformed = false;
  for (const scan of scanPlaceholders(text)) {
    if (scan.kind !== 'malformed') continue;
    malformed = true;
    ctx.report(resource, pointerFrom(path), 'bad-placeholder', `placeholder '${scan.text}' ${scan.problem}`, { hint: scan.hint });
  }
  if (malformed || isCredentialValue(resource, path)) return; // credentials are checked below
  const token = knownToken(text);
  if (token) {
    ctx.report(resource, pointerFrom(path), 'plaintext-secret', `this value looks like ${token}; keep secrets out of the repository`, {
      hint: 'store it with `weft secret set <path>` and write ${secret:<path>} here',
    });
  } else if (key !== undefined && isSecretLikeKey(key) && looksRandom(text)) {
    ctx.report(resource, pointerFrom(path), 'plaintext-secret', `'${key}' holds a literal that looks like a secret; keep secrets out of the repository`, {
      hint: 'store it with `weft secret set <path>` and write ${secret:<path>} here',
    });
  }
}

function isCredentialValue(resource: AnyResource, path: string[]): boolean {
  return resource.kind === 'Instance' && path.length === 3 && path[0] === 'spec' && path[1] === 'credentials';
}

function checkCredentials(ctx: CheckContext, resource: AnyResource): void {
  if (resource.kind !== 'Instance') return;
  const credentials = (resource.value.spec as { credentials?: unknown } | undefined)?.credentials;
  if (!isObject(credentials)) return;
  for (const [name, value] of Object.entries(credentials)) {
    const pointer = pointerFrom(['spec', 'credentials', name]);
    if (typeof value !== 'string') continue; // a schema error already
    if (scanPlaceholders(value).some((scan) => scan.kind === 'malformed')) continue; // a bad-placeholder already
    if (isSinglePlaceholder(value)) {
      if (/:-/.test(value)) {
        ctx.report(resource, pointer, 'plaintext-secret', `credential '${name}' gives its placeholder a default; a default is a literal secret`, {
          hint: 'remove the :-default part',
        });
      }
      continue;
    }
    ctx.report(resource, pointer, 'plaintext-secret', `credential '${name}' is a literal value; credentials must be exactly one placeholder`, {
      hint: `write \${secret:${resource.name}/${name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}} and store the value with \`weft secret set\``,
    });
  }
}

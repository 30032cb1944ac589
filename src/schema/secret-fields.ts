import type { AnyResource } from './resource.js';

/**
 * Fields that hold a secret, so must be exactly one `${secret:}` or `${env:}` placeholder, without
 * a default: an instance's credentials, a webhook's signing secret, the engine's admin token.
 * `path` is the field's path from the document's root.
 */
export function isSecretField(resource: AnyResource, path: readonly string[]): boolean {
  switch (resource.kind) {
    case 'Instance':
      return path.length === 3 && path[0] === 'spec' && path[1] === 'credentials';
    // (Compared part by part: every string of every flow asks.)
    case 'Flow':
      return path.length === 5 && path[4] === 'secret' && path[3] === 'hmac' && path[2] === 'webhook' && path[1] === 'trigger' && path[0] === 'spec';
    case 'Project':
      return (path.length === 3 && path[0] === 'spec' && path[1] === 'engine' && path[2] === 'token') || (path.length === 5 && path[1] === 'environments' && path[3] === 'engine' && path[4] === 'token');
    default:
      return false;
  }
}

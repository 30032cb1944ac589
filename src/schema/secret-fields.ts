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
    case 'Flow':
      return path.join('/') === 'spec/trigger/webhook/hmac/secret';
    case 'Project':
      return path.join('/') === 'spec/engine/token' || (path.length === 5 && path[1] === 'environments' && path.slice(3).join('/') === 'engine/token');
    default:
      return false;
  }
}

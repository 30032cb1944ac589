/** Secret paths: segments of letters, digits, '.', '_' and '-' separated by '/', never '.' or '..'. */
const secretPathPattern = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

export function isSecretPath(value: string): boolean {
  return secretPathPattern.test(value) && !value.split('/').some((segment) => segment === '.' || segment === '..');
}

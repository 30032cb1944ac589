/** Whether a parsed YAML or JSON value is an object (a mapping): not null, not an array. */
export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

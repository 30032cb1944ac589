/**
 * What a resource name is (the schema's `ResourceName` in schemas/defs.schema.json, which a test
 * holds this to): lowercase letters, digits and '-', a letter first, at most 63 characters.
 */
export const resourceNamePattern = /^[a-z][a-z0-9-]{0,62}$/;

/** Whether `text` is a resource name. */
export function isResourceName(text: string): boolean {
  return resourceNamePattern.test(text);
}

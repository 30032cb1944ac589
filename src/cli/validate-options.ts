/** `weft validate`'s options: also read by the cached-result path, which loads nothing else of weft. */
export const validateOptions = {
  env: { type: 'string' },
  format: { type: 'string', short: 'f' },
  'max-warnings': { type: 'string' },
  'show-suppressed': { type: 'boolean' },
  'changed-since': { type: 'string' },
  'no-cache': { type: 'boolean' },
} as const;

import { createRequire } from 'node:module';

/**
 * Loads a module when it is first needed rather than when weft starts: a node builtin, or a
 * package file that stays in node_modules. `require` in the CommonJS bundle (bin/weft.cjs gives
 * it one, and a vm-loaded script cannot `import()`); `createRequire` when run from source.
 */
export function loadOnDemand<T>(specifier: string): T {
  const load = typeof require === 'function' ? require : createRequire(import.meta.url);
  return load(specifier) as T;
}

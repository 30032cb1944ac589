import path from 'node:path';
import { suggest } from '../diagnostics/suggest.js';
import type { EngineTarget, VariableValue } from '../generated/schema-types.js';
import { isResourceName } from '../schema/resource-name.js';
import { isObject } from '../lex/is-object.js';

/** One environment of weft.yaml's `spec.environments`, as the commands use it. */
export interface SelectedEnvironment {
  name: string;
  /** Its remote engine; undefined for its own embedded engine (see `localStateFile`). */
  engine?: EngineTarget;
  /** Its values of the project's variables, as written (the variables rule checks their types). */
  values: ReadonlyMap<string, VariableValue>;
  /** Its overlay folder, relative to the project root, without a trailing '/'. */
  overlay: string;
}

/**
 * Raised when `--env` names no declared environment, or when none is named and the project
 * has no default: wrong usage (exit 2), not a finding in a file.
 */
export class EnvironmentUsageError extends Error {}

/**
 * Which environment a command works on:
 * - `requested` a name (`--env`): that environment, which must be declared;
 * - `requested` undefined: `spec.defaultEnvironment`, else the only environment when there is
 *   one, else none for a project without environments; several without a default need `--env`;
 * - `requested` null: none (variables take their defaults), for a base revision that lacks the
 *   environment being compared.
 *
 * Reads the project document as written, so a typo elsewhere in weft.yaml does not hide its
 * environments. A `defaultEnvironment` that names nothing selects none: the diagnostic
 * `unknown-environment` says so.
 */
export function selectEnvironment(projectDocument: unknown, requested: string | null | undefined): SelectedEnvironment | undefined {
  if (requested === null) return undefined;
  const declared = declaredEnvironments(projectDocument);
  const names = [...declared.keys()];
  if (requested !== undefined) {
    const found = declared.get(requested);
    if (found) return found;
    if (names.length === 0) throw new EnvironmentUsageError(`--env ${requested}: the project declares no environments (spec.environments in weft.yaml)`);
    const match = suggestEnvironment(requested, names);
    throw new EnvironmentUsageError(`--env: the project has no environment '${requested}'${match ? `; did you mean '${match}'?` : ''} (declared: ${names.join(', ')})`);
  }
  const preferred = (projectDocument as { spec?: { defaultEnvironment?: unknown } } | undefined)?.spec?.defaultEnvironment;
  if (typeof preferred === 'string') return declared.get(preferred);
  if (names.length <= 1) return declared.get(names[0]!);
  throw new EnvironmentUsageError(`the project declares several environments (${names.join(', ')}) and no spec.defaultEnvironment: choose one with --env <name>`);
}

/** The declared environment a name probably meant: a near spelling, or a longer name it starts ('prod' → 'production'). */
export function suggestEnvironment(name: string, declared: readonly string[]): string | undefined {
  return suggest(name, declared) ?? (name === '' ? undefined : declared.find((candidate) => candidate.startsWith(name)));
}

/** The environments a project document declares, in the order it declares them. */
export function declaredEnvironments(projectDocument: unknown): Map<string, SelectedEnvironment> {
  const environments = (projectDocument as { spec?: { environments?: unknown } } | undefined)?.spec?.environments;
  const declared = new Map<string, SelectedEnvironment>();
  if (!isObject(environments)) return declared;
  for (const [name, body] of Object.entries(environments)) {
    if (!isResourceName(name)) continue;
    const environment = isObject(body) ? body : {};
    const engine = isObject(environment.engine) && typeof environment.engine.url === 'string' ? (environment.engine as unknown as EngineTarget) : undefined;
    const values = new Map<string, VariableValue>();
    if (isObject(environment.values)) {
      for (const [key, value] of Object.entries(environment.values)) if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') values.set(key, value);
    }
    const overlay = typeof environment.overlay === 'string' ? projectFolder(environment.overlay) : undefined;
    declared.set(name, { name, ...(engine ? { engine } : {}), values, overlay: overlay ?? `environments/${name}` });
  }
  return declared;
}

/**
 * Globs of the overlay folders of a project document's environments: their files patch the
 * project's resources per environment, so discovery does not read them as resources.
 */
export function overlayExcludes(projectDocument: unknown): string[] {
  return [...declaredEnvironments(projectDocument).values()].map((environment) => `${environment.overlay}/**`);
}

/** The state file of an environment's embedded engine: one per environment, so none shares another's state or secrets. */
export function localStateFile(root: string, environment: string | undefined): string {
  return environment === undefined ? path.join(root, '.weft', 'state.db') : path.join(root, '.weft', 'env', environment, 'state.db');
}

/** A folder inside the project, normalised ('a/b'), or undefined when it would leave the project or name the root. */
function projectFolder(folder: string): string | undefined {
  const parts = folder.split('/').filter((part) => part !== '');
  if (folder.startsWith('/') || folder.includes('\\') || parts.length === 0 || parts.some((part) => part === '.' || part === '..')) return undefined;
  return parts.join('/');
}


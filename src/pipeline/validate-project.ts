import type { FileCache } from '../cache/file-cache.js';
import path from 'node:path';
import type { Diagnostic, Finding } from '../diagnostics/diagnostic.js';
import { sortDiagnostics } from '../diagnostics/sort.js';
import { checkSteps } from '../check/check.js';
import { runSteps, runStepsYielding, type Steps } from './steps.js';
import type { CheckContext, RuleMemo } from '../check/context.js';
import { loadProject, type LoadedProject } from './load-project.js';
import { locateFindings, type LocationCache } from './locate-findings.js';
import { counts } from '../diagnostics/count.js';
import { applySuppressions, type SuppressedDiagnostic } from '../diagnostics/suppressions.js';
import { declaredEnvironments, EnvironmentUsageError, selectEnvironment, type SelectedEnvironment } from '../environments/select-environment.js';
import { resolveVariables } from '../environments/resolve-variables.js';
import { applyOverlay, relocateFinding } from '../environments/apply-overlay.js';
import { resolvePackages } from '../packages/resolve-packages.js';

export interface ValidationResult {
  /** The project as loaded, its resources with their variables resolved for `environment`. */
  project: LoadedProject;
  context: CheckContext;
  /** The environment validated for; undefined for a project without environments (or with `environment: null`). */
  environment?: SelectedEnvironment;
  diagnostics: Diagnostic[];
  /** Diagnostics that `# weft-ignore` comments suppressed, with their reasons. */
  suppressed: SuppressedDiagnostic[];
  errorCount: number;
  warningCount: number;
}

export interface ValidateOptions {
  /** The process environment (WEFT_WORKERS). */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * The environment of weft.yaml to validate for (`--env`); undefined for the project's default,
   * null for none. An undeclared name is an EnvironmentUsageError.
   */
  environment?: string | null;
  /** The directory whose installed connector packages count; the project's own by default. */
  packagesFrom?: string;
  /** Files loaded before (`.weft/cache/files.bin`): a file of the same text is not parsed again. */
  fileCache?: FileCache;
  /** Results of checks of single resources to replay (and to keep): see `perResource`. */
  memo?: RuleMemo;
}

/** Reads, parses, validates and checks a project: every stage up to the bundle. */
export async function validateProject(directory: string, options: ValidateOptions = {}): Promise<ValidationResult> {
  return validateLoaded(await loadProject(path.resolve(directory), options.env, { packagesFrom: options.packagesFrom, fileCache: options.fileCache, memo: options.memo }), { environment: options.environment, memo: options.memo });
}

/** `validateEnvironments` of a project directory: every declared environment, read once. */
export async function validateAllEnvironments(directory: string, options: Pick<ValidateOptions, 'env' | 'fileCache' | 'memo'> = {}): Promise<ValidationResult | EnvironmentsValidation> {
  return validateEnvironments(await loadProject(path.resolve(directory), options.env, { fileCache: options.fileCache, memo: options.memo }), options.memo);
}

/**
 * Validates a project for each of several environments (null: none), one result each. The
 * files are read and parsed once, and the per-resource checks of a resource no environment
 * changes run once. `fallback`: an environment the project does not declare is validated
 * without one (a base revision from before it was declared) instead of being a usage error.
 */
export async function validateEach(
  directory: string,
  names: readonly (string | null)[],
  options: Pick<ValidateOptions, 'env' | 'packagesFrom'> & { fallback?: boolean } = {},
): Promise<ValidationResult[]> {
  const loaded = await loadProject(path.resolve(directory), options.env, { packagesFrom: options.packagesFrom });
  const memo: RuleMemo = new WeakMap();
  return names.map((environment) => {
    try {
      return validateLoaded(loaded, { memo, environment });
    } catch (error) {
      if (options.fallback && error instanceof EnvironmentUsageError) return validateLoaded(loaded, { memo, environment: null });
      throw error;
    }
  });
}

type ValidateLoadedOptions = { memo?: RuleMemo; environment?: string | null; locations?: LocationCache };

/** Checks a loaded project: overlay applied, variables resolved, semantic rules, findings placed on lines, suppressions applied. */
export function validateLoaded(loaded: LoadedProject, options: ValidateLoadedOptions = {}): ValidationResult {
  return runSteps(validationSteps(loaded, options));
}

/**
 * `validateLoaded`, letting the event loop turn every few milliseconds (between its stages and
 * rules): undefined when `stopped()` says so at such a turn, the rest not done (then the memo
 * holds this run's results for some rules only: abandon only to stop).
 */
export function validateLoadedYielding(loaded: LoadedProject, options: ValidateLoadedOptions & { stopped?: () => boolean } = {}): Promise<ValidationResult | undefined> {
  return runStepsYielding(validationSteps(loaded, options), { stopped: options.stopped });
}

function* validationSteps(loaded: LoadedProject, options: ValidateLoadedOptions): Steps<ValidationResult> {
  const projectResource = loaded.resources.find((resource) => resource.kind === 'Project');
  const environment = selectEnvironment(projectResource?.value, options.environment);
  const overlay = environment ? applyOverlay(loaded.resources, loaded.overlays, environment) : undefined;
  const variables = resolveVariables(overlay?.resources ?? loaded.resources, loaded.sources, environment, overlay?.patched);
  // The connectors and lookups of installed packages that the project uses join its resources.
  const packaged = resolvePackages(variables.resources, loaded.packages);
  const project: LoadedProject = { ...loaded, resources: packaged.resources };
  yield;
  // A patched or resolved document's schema findings replace those of the document as written
  // (resolving comes after patching, so its findings are the latest).
  const revalidated = overlay && overlay.revalidated.size > 0 ? new Map([...overlay.revalidated, ...variables.revalidated]) : variables.revalidated;
  const loadFindings = revalidated.size === 0 ? loaded.findings : loaded.findings.filter((finding) => finding.code !== 'schema' || !revalidated.has(`${finding.file}#${finding.document ?? 0}`));
  const salvagedNames = packaged.settled.size === 0 ? project.salvagedNames : new Set([...project.salvagedNames, ...packaged.settled]);
  const missingPackages = loaded.packages.missing.map((entry) => entry.dependency);
  const { context, findings } = yield* checkSteps(project.resources, { salvagedNames, lostDocuments: project.lostDocuments, memo: options.memo, missingPackages, environment: environment?.name });
  const others = [...loadFindings, ...[...revalidated.values()].flat(), ...findings, ...packaged.findings];
  // Where a variable did not resolve, its placeholder's diagnostic says why: not also what its text fails.
  const unresolved = variables.unresolved;
  const kept = unresolved.size === 0 ? others : others.filter((finding) => !atUnresolved(finding, unresolved));
  let located = [...kept, ...variables.findings];
  // A value an overlay set is reported where the overlay sets it.
  if (overlay && overlay.sources.size > 0) located = located.map((finding) => relocateFinding(finding, overlay.sources));
  if (overlay) located.push(...overlay.findings);
  const { diagnostics, suppressed } = applySuppressions(locateFindings(located, project.sources, options.locations), project.sources);
  return { project, context, ...(environment ? { environment } : {}), diagnostics, suppressed, ...counts(diagnostics) };
}

/** What validating every declared environment gives: each diagnostic once, with the environments it is found in. */
export interface EnvironmentsValidation extends Omit<ValidationResult, 'environment'> {
  /** The environments validated, in declaration order. */
  environments: string[];
}

/**
 * Validates a project for each of its declared environments (`weft validate` without `--env`).
 * The files are read, parsed and schema-checked once; each environment applies its overlay and
 * values to the same resources, and the per-resource checks of a resource no environment changes
 * run once (a shared memo, kept between calls by watch and lsp). A diagnostic found at the same place in several environments is
 * reported once, its message ending with the environments it affects. With one environment
 * this is `validateLoaded` for it; with none, for no environment, as before environments.
 */
export function validateEnvironments(loaded: LoadedProject, given?: RuleMemo, locations?: LocationCache): ValidationResult | EnvironmentsValidation {
  const projectResource = loaded.resources.find((resource) => resource.kind === 'Project');
  const names = [...declaredEnvironments(projectResource?.value).keys()];
  if (names.length < 2) return validateLoaded(loaded, { memo: given, locations, environment: names[0] });
  const memo = given ?? new WeakMap();
  const results = names.map((name) => validateLoaded(loaded, { memo, locations, environment: name }));
  const diagnostics = sortDiagnostics(mergeByEnvironment(results.map((result) => result.diagnostics), names));
  const suppressed = sortDiagnostics(mergeByEnvironment(results.map((result) => result.suppressed), names)) as SuppressedDiagnostic[];
  // The project as written: each environment's resources differ (its additions, its values).
  return { project: loaded, context: results[0]!.context, environments: names, diagnostics, suppressed, ...counts(diagnostics) };
}

/**
 * One diagnostic per place, listing the environments that found it (in declaration order): in
 * `environments`, and at the end of its message for the formats that show only the message. A
 * suppression comment counts as unused only when it suppresses nothing in every environment.
 */
function mergeByEnvironment<D extends Diagnostic>(lists: readonly (readonly D[])[], names: readonly string[]): D[] {
  const byPlace = new Map<string, { diagnostic: D; environments: string[] }>();
  lists.forEach((list, index) => {
    for (const diagnostic of list) {
      const place = JSON.stringify([diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.endLine, diagnostic.endColumn, diagnostic.code, diagnostic.message, diagnostic.pointer, diagnostic.hint]);
      const entry = byPlace.get(place);
      if (entry) {
        if (!entry.environments.includes(names[index]!)) entry.environments.push(names[index]!);
      } else {
        byPlace.set(place, { diagnostic, environments: [names[index]!] });
      }
    }
  });
  const merged: D[] = [];
  for (const { diagnostic, environments } of byPlace.values()) {
    if (diagnostic.code === 'unused-suppression' && environments.length < names.length) continue;
    merged.push({ ...diagnostic, message: `${diagnostic.message} (environment${environments.length === 1 ? '' : 's'}: ${environments.join(', ')})`, environments });
  }
  return merged;
}

function atUnresolved(finding: Finding, unresolved: ReadonlySet<string>): boolean {
  if (finding.pointer === undefined) return false;
  return unresolved.has(`${finding.file}#${finding.document ?? 0}#${finding.pointer}`);
}

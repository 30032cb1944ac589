import path from 'node:path';
import type { Diagnostic, Finding } from '../diagnostics/diagnostic.js';
import { checkResources } from '../check/check.js';
import type { CheckContext, RuleMemo } from '../check/context.js';
import { loadProject, type LoadedProject } from './load-project.js';
import { locateFindings } from './locate-findings.js';
import { counts } from '../diagnostics/count.js';
import { applySuppressions, type SuppressedDiagnostic } from '../diagnostics/suppressions.js';
import { selectEnvironment, type SelectedEnvironment } from '../environments/select-environment.js';
import { resolveVariables } from '../environments/resolve-variables.js';

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
}

/** Reads, parses, validates and checks a project: every stage up to the bundle. */
export async function validateProject(directory: string, options: ValidateOptions = {}): Promise<ValidationResult> {
  return validateLoaded(await loadProject(path.resolve(directory), options.env), { environment: options.environment });
}

/** Checks a loaded project: variables resolved, semantic rules, findings placed on lines, suppressions applied. */
export function validateLoaded(loaded: LoadedProject, options: { memo?: RuleMemo; environment?: string | null } = {}): ValidationResult {
  const projectResource = loaded.resources.find((resource) => resource.kind === 'Project');
  const environment = selectEnvironment(projectResource?.value, options.environment);
  const variables = resolveVariables(loaded.resources, loaded.sources, environment);
  const project: LoadedProject = { ...loaded, resources: variables.resources };
  // A resolved document's schema findings replace those of the document as written.
  const loadFindings = variables.revalidated.size === 0 ? loaded.findings : loaded.findings.filter((finding) => finding.code !== 'schema' || !variables.revalidated.has(`${finding.file}#${finding.document ?? 0}`));
  const { context, findings } = checkResources(project.resources, { salvagedNames: project.salvagedNames, lostDocuments: project.lostDocuments, memo: options.memo });
  const others = [...loadFindings, ...[...variables.revalidated.values()].flat(), ...findings];
  // Where a variable did not resolve, its placeholder's diagnostic says why: not also what its text fails.
  const unresolved = variables.unresolved;
  const kept = unresolved.size === 0 ? others : others.filter((finding) => !atUnresolved(finding, unresolved));
  const { diagnostics, suppressed } = applySuppressions(locateFindings([...kept, ...variables.findings], project.sources), project.sources);
  return { project, context, ...(environment ? { environment } : {}), diagnostics, suppressed, ...counts(diagnostics) };
}

function atUnresolved(finding: Finding, unresolved: ReadonlySet<string>): boolean {
  if (finding.pointer === undefined) return false;
  return unresolved.has(`${finding.file}#${finding.document ?? 0}#${finding.pointer}`);
}

import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { checkResources } from '../check/check.js';
import type { CheckContext, RuleMemo } from '../check/context.js';
import { loadProject, type LoadedProject } from './load-project.js';
import { locateFindings } from './locate-findings.js';
import { counts } from '../diagnostics/count.js';
import { applySuppressions, type SuppressedDiagnostic } from '../diagnostics/suppressions.js';

export interface ValidationResult {
  project: LoadedProject;
  context: CheckContext;
  diagnostics: Diagnostic[];
  /** Diagnostics that `# weft-ignore` comments suppressed, with their reasons. */
  suppressed: SuppressedDiagnostic[];
  errorCount: number;
  warningCount: number;
}

/** Reads, parses, validates and checks a project: every stage up to the bundle. */
export async function validateProject(directory: string, options: { env?: Readonly<Record<string, string | undefined>> } = {}): Promise<ValidationResult> {
  return validateLoaded(await loadProject(path.resolve(directory), options.env));
}

/** Checks a loaded project: semantic rules, findings placed on lines, suppressions applied. */
export function validateLoaded(project: LoadedProject, options: { memo?: RuleMemo } = {}): ValidationResult {
  const { context, findings } = checkResources(project.resources, { salvagedNames: project.salvagedNames, lostDocuments: project.lostDocuments, memo: options.memo });
  const { diagnostics, suppressed } = applySuppressions(locateFindings([...project.findings, ...findings], project.sources), project.sources);
  return { project, context, diagnostics, suppressed, ...counts(diagnostics) };
}

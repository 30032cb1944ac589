import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { checkResources } from '../check/check.js';
import type { CheckContext } from '../check/context.js';
import { loadProject, type LoadedProject } from './load-project.js';
import { locateFindings } from './locate-findings.js';

export interface ValidationResult {
  project: LoadedProject;
  context: CheckContext;
  diagnostics: Diagnostic[];
  errorCount: number;
  warningCount: number;
}

/** Reads, parses, validates and checks a project: every stage up to the bundle. */
export async function validateProject(directory: string): Promise<ValidationResult> {
  const project = await loadProject(path.resolve(directory));
  const { context, findings } = checkResources(project.resources, project);
  const diagnostics = locateFindings([...project.findings, ...findings], project.sources);
  const errorCount = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  return { project, context, diagnostics, errorCount, warningCount: diagnostics.length - errorCount };
}

import type { Bundle } from '../compile/compile-bundle.js';
import { validateProject, type ValidateOptions, type ValidationResult } from './validate-project.js';

/** Validates a project (for one of its environments) and, when it has no errors, compiles its bundle. */
export async function compileProject(directory: string, options: ValidateOptions = {}): Promise<ValidationResult & { bundle?: Bundle }> {
  const result = await validateProject(directory, options);
  if (result.errorCount > 0) return result;
  const project = result.project.resources.find((resource) => resource.kind === 'Project');
  // Loaded on demand: `weft validate` never needs the compiler (or node:crypto).
  const { compileBundle } = await import('../compile/compile-bundle.js');
  return { ...result, bundle: compileBundle(project?.name ?? 'project', result.project.resources, result.context) };
}

import type { Bundle } from '../compile/compile-bundle.js';
import { validateEach, validateProject, type ValidateOptions, type ValidationResult } from './validate-project.js';

/** Validates a project (for one of its environments) and, when it has no errors, compiles its bundle. */
export async function compileProject(directory: string, options: ValidateOptions = {}): Promise<ValidationResult & { bundle?: Bundle }> {
  return (await withBundles([await validateProject(directory, options)]))[0]!;
}

/** `validateEach`, then the bundle of each environment without errors. */
export async function compileEnvironments(
  directory: string,
  names: readonly (string | null)[],
  options: Pick<ValidateOptions, 'env'> = {},
): Promise<(ValidationResult & { bundle?: Bundle })[]> {
  return withBundles(await validateEach(directory, names, options));
}

async function withBundles(results: ValidationResult[]): Promise<(ValidationResult & { bundle?: Bundle })[]> {
  if (results.every((result) => result.errorCount > 0)) return results;
  // Loaded on demand: `weft validate` never needs the compiler (or node:crypto).
  const { compileBundle } = await import('../compile/compile-bundle.js');
  return results.map((result) => {
    if (result.errorCount > 0) return result;
    const project = result.project.resources.find((resource) => resource.kind === 'Project');
    return { ...result, bundle: compileBundle(project?.name ?? 'project', result.project.resources, result.context) };
  });
}

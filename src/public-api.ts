export type { Diagnostic } from './diagnostics/diagnostic.js';
export type { DiagnosticCode, Severity } from './diagnostics/codes.js';
export { diagnosticCodes } from './diagnostics/codes.js';
export { validateAllEnvironments, validateProject, type EnvironmentsValidation, type ValidationResult } from './pipeline/validate-project.js';
export { compileProject } from './pipeline/compile-project.js';
export { serializeBundle, type Bundle, type BundleResource } from './compile/compile-bundle.js';
export { cli, type CliIo } from './cli/cli.js';

import type { Finding } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { VariableValue } from '../generated/schema-types.js';
import { scanPlaceholders } from '../lex/placeholders.js';
import { pointerFrom } from '../parse/pointer.js';
import type { AnyResource } from '../schema/resource.js';
import { isSecretField } from '../schema/secret-fields.js';
import { schemaFindings } from '../schema/validate-documents.js';
import { declaredEnvironments, type SelectedEnvironment } from './select-environment.js';

export type VariableType = 'string' | 'number' | 'integer' | 'boolean';

/** A variable of weft.yaml's `spec.variables`, as far as it can be read. */
export interface VariableDeclaration {
  type?: VariableType;
  default?: VariableValue;
}

/** What resolving a project's variables gives: the resources with their values in place, and what went wrong. */
export interface VariableResolution {
  /** The resources, a resource with variables replaced by a copy with their values. */
  resources: AnyResource[];
  /** unknown-variable, missing-variable-value and misplaced-variable, at the placeholders. */
  findings: Finding[];
  /** Resources validated again against their schema after resolving: 'file#document' → their schema findings now. */
  revalidated: Map<string, Finding[]>;
  /**
   * Strings left as written because a variable in them did not resolve ('file#document#pointer'):
   * the placeholder's diagnostic is the one that counts there, not what its text fails.
   */
  unresolved: Set<string>;
}

/** Whether a resource's file may hold a variable, by resource (watch mode asks of the same ones every cycle). */
const holdsVariables = new WeakMap<AnyResource, boolean>();

function mayHoldVariables(resource: AnyResource, sources: ReadonlyMap<string, string>): boolean {
  let holds = holdsVariables.get(resource);
  if (holds === undefined) {
    const text = sources.get(resource.file) ?? '';
    holds = text.includes('var:') || text.includes('\\');
    holdsVariables.set(resource, holds);
  }
  return holds;
}

/**
 * Replaces every `${var:name}` in the connectors, instances and flows with the variable's value
 * in `environment` (else its default). A string that is exactly one placeholder takes the value
 * with its type (a number stays a number); inside a longer string the value is text. Variables
 * resolve only in a resource's `spec`, never in a secret field nor in weft.yaml. Resources
 * without variables are returned as they are (the same objects, so watch mode's memo still holds).
 * `patched`: resources an overlay changed, whose base file's text does not tell what they hold.
 */
export function resolveVariables(resources: readonly AnyResource[], sources: ReadonlyMap<string, string>, environment: SelectedEnvironment | undefined, patched?: ReadonlySet<AnyResource>): VariableResolution {
  const resolution: VariableResolution = { resources: [], findings: [], revalidated: new Map(), unresolved: new Set() };
  const project = resources.find((resource) => resource.kind === 'Project');
  const declarations = variableDeclarations(project?.value);
  const environmentCount = declaredEnvironments(project?.value).size;
  for (const resource of resources) {
    // Most files have no variables: their text says so without walking their documents (a
    // backslash may be a YAML escape spelling one out).
    // (A patched resource's values come partly from overlay files: it is always walked.)
    if (!mayHoldVariables(resource, sources) && !patched?.has(resource)) {
      resolution.resources.push(resource);
      continue;
    }
    let changed = false;
    let touched = false;
    const path: string[] = [];
    const report = (code: Finding['code'], message: string, within: [number, number], hint?: string) =>
      resolution.findings.push({ severity: 'error', code, message, file: resource.file, document: resource.document, pointer: pointerFrom(path), within, ...(hint ? { hint } : {}) });

    const resolveString = (text: string): VariableValue => {
      const scans = scanPlaceholders(text).filter((scan) => scan.kind === 'placeholder' && scan.placeholder.source === 'var');
      if (scans.length === 0) return text;
      touched = true;
      const values: (VariableValue | undefined)[] = [];
      for (const scan of scans) {
        if (scan.kind !== 'placeholder') continue;
        const { name, text: written } = scan.placeholder;
        const within: [number, number] = [scan.start, scan.start + written.length];
        if (resource.kind === 'Project' || path[0] !== 'spec' || isSecretField(resource, path)) {
          const where = resource.kind === 'Project' ? `${resource.file} itself` : path[0] !== 'spec' ? `'${path[0]}'` : 'a secret field';
          report('misplaced-variable', `${written} is in ${where}, where variables do not resolve`, within, misplacedHint(resource, path));
          values.push(undefined);
          continue;
        }
        const declaration = declarations.get(name);
        if (!declaration) {
          const known = [...declarations.keys()];
          report('unknown-variable', `variable '${name}' is not declared`, within, didYouMean(name, known) ?? `declare it in weft.yaml: spec.variables.${name} with its type`);
          values.push(undefined);
          continue;
        }
        const given = environment?.values.get(name);
        const value = given !== undefined ? given : declaration.default;
        if (value === undefined) {
          const message = environment
            ? `variable '${name}' has no value in environment '${environment.name}', and no default`
            : environmentCount > 0
              ? `variable '${name}' has no default, and no environment is selected`
              : `variable '${name}' has no default, and the project declares no environments to give it a value`;
          report('missing-variable-value', message, within, environment ? `give it one in weft.yaml: spec.environments.${environment.name}.values.${name}, or a default` : `give it a default in weft.yaml: spec.variables.${name}.default`);
          values.push(undefined);
          continue;
        }
        // A value of the wrong type is reported where weft.yaml gives it; it is not used here.
        values.push(declaration.type === undefined || hasType(value, declaration.type) ? value : undefined);
      }
      if (values.some((value) => value === undefined)) {
        resolution.unresolved.add(`${resource.file}#${resource.document}#${pointerFrom(path)}`);
        return text;
      }
      changed = true;
      const first = scans[0]!;
      if (scans.length === 1 && first.start === 0 && first.kind === 'placeholder' && first.placeholder.text === text) return values[0]!;
      let out = text;
      for (let index = scans.length - 1; index >= 0; index--) {
        const scan = scans[index]!;
        const length = scan.kind === 'placeholder' ? scan.placeholder.text.length : 0;
        out = out.slice(0, scan.start) + String(values[index]) + out.slice(scan.start + length);
      }
      return out;
    };

    const visit = (value: unknown): unknown => {
      if (typeof value === 'string') return value.includes('${var:') ? resolveString(value) : value;
      if (Array.isArray(value)) {
        let copy: unknown[] | undefined;
        for (let index = 0; index < value.length; index++) {
          path.push(String(index));
          const next = visit(value[index]);
          path.pop();
          if (next !== value[index]) (copy ??= [...value])[index] = next;
        }
        return copy ?? value;
      }
      if (value !== null && typeof value === 'object') {
        let copy: Record<string, unknown> | undefined;
        for (const key of Object.keys(value)) {
          path.push(key);
          const next = visit((value as Record<string, unknown>)[key]);
          path.pop();
          if (next !== (value as Record<string, unknown>)[key]) (copy ??= { ...value })[key] = next;
        }
        return copy ?? value;
      }
      return value;
    };

    const value = visit(resource.value);
    if (!touched || resource.kind === 'Project') {
      resolution.resources.push(resource);
      continue;
    }
    // The document as resolved is what must fit the schema (a port given as ${var:port} is a number now).
    const validated = schemaFindings(resource.kind, value, resource.file, resource.document);
    resolution.revalidated.set(`${resource.file}#${resource.document}`, validated.findings);
    resolution.resources.push(changed ? ({ ...resource, value, valid: validated.valid } as AnyResource) : { ...resource, valid: validated.valid });
  }
  return resolution;
}

/** The variables weft.yaml declares, read as written. */
export function variableDeclarations(projectDocument: unknown): Map<string, VariableDeclaration> {
  const variables = (projectDocument as { spec?: { variables?: unknown } } | undefined)?.spec?.variables;
  const declarations = new Map<string, VariableDeclaration>();
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) return declarations;
  for (const [name, body] of Object.entries(variables)) {
    const declaration = typeof body === 'object' && body !== null ? (body as { type?: unknown; default?: unknown }) : {};
    const type = (['string', 'number', 'integer', 'boolean'] as const).find((candidate) => candidate === declaration.type);
    const fallback = declaration.default;
    declarations.set(name, {
      ...(type ? { type } : {}),
      ...(typeof fallback === 'string' || typeof fallback === 'number' || typeof fallback === 'boolean' ? { default: fallback } : {}),
    });
  }
  return declarations;
}

/** Whether a value has a variable's declared type. */
export function hasType(value: unknown, type: VariableType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
  }
}

function misplacedHint(resource: AnyResource, path: readonly string[]): string {
  if (resource.kind === 'Project') return "weft.yaml declares the variables and each environment's values; write them there as they are";
  if (path[0] !== 'spec') return "a resource's metadata is the same in every environment";
  return 'a secret stays a secret: write ${secret:path} or ${env:NAME}, which the engine resolves';
}

import type { Finding } from '../diagnostics/diagnostic.js';
import { isEngineVariable, placeholdersFound, scanPlaceholders, type Placeholder } from '../lex/placeholders.js';
import { pointerFrom } from '../parse/pointer.js';
import type { AnyResource } from '../schema/resource.js';

/**
 * Every placeholder of the project that the target engine cannot resolve, as a finding at the
 * string that holds it. `resolves` answers for a batch, and says only whether, never what.
 */
export async function unresolvedPlaceholders(
  resources: readonly AnyResource[],
  resolves: (placeholders: Placeholder[]) => boolean[] | Promise<boolean[]>,
): Promise<Finding[]> {
  const found: { resource: AnyResource; pointer: string; placeholder: Placeholder }[] = [];
  // One path, pushed and popped as the walk goes; a pointer is made only where a placeholder is.
  const path: string[] = [];
  const visit = (resource: AnyResource, value: unknown) => {
    if (typeof value === 'string') {
      if (!value.includes('${')) return;
      for (const scan of scanPlaceholders(value)) if (scan.kind === 'placeholder') found.push({ resource, pointer: pointerFrom(path), placeholder: scan.placeholder });
    } else if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        path.push(String(index));
        visit(resource, value[index]);
        path.pop();
      }
    } else if (value !== null && typeof value === 'object') {
      for (const key in value) {
        if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
        path.push(key);
        visit(resource, (value as Record<string, unknown>)[key]);
        path.pop();
      }
    }
  };
  // What the checks' walk found (placeholdersFound); else a walk that keeps no path says first
  // whether there is any (flows seldom hold one).
  for (const resource of resources) {
    if (resource.kind === 'Project') continue;
    const known = placeholdersFound.get(resource.value as object);
    if (known) for (const { pointer, placeholder } of known) found.push({ resource, pointer, placeholder });
    else if (holdsPlaceholder(resource.value)) visit(resource, resource.value);
  }
  // Only the engine's own kinds are asked about: a remote engine refuses any other.
  const asked = found.filter((entry) => entry.placeholder.source !== 'var');
  const answers = await resolves(asked.map((entry) => entry.placeholder));
  const resolved = new Set(asked.filter((_, index) => answers[index]));
  return found.flatMap((entry) => {
    const { resource, pointer, placeholder } = entry;
    if (resolved.has(entry)) return [];
    const secret = placeholder.source === 'secret';
    if (placeholder.source === 'var') {
      // Compiling resolves every variable it may, and stops at one it may not: none should be left.
      return [
        {
          severity: 'error' as const,
          code: 'unresolved-placeholder' as const,
          message: `${placeholder.text} is a project variable, which resolves when the project compiles, not in the engine`,
          file: resource.file,
          document: resource.document,
          pointer,
        },
      ];
    }
    if (!secret && isEngineVariable(placeholder.name)) {
      return [
        {
          severity: 'error' as const,
          code: 'unresolved-placeholder' as const,
          message: `${placeholder.text} does not resolve: ${placeholder.name} is the engine's own variable`,
          file: resource.file,
          document: resource.document,
          pointer,
          hint: `the engine's token and keys (WEFT_ENGINE_TOKEN, WEFT_SECRET_KEY, WEFT_UI_*) are never given to flows; store the value the API needs as a secret: weft secret set <path>`,
        },
      ];
    }
    return [
      {
        severity: 'error' as const,
        code: 'unresolved-placeholder' as const,
        message: secret
          ? `${placeholder.text} does not resolve: the engine has no secret '${placeholder.name}'`
          : `${placeholder.text} does not resolve: the variable ${placeholder.name} is not set (or is empty) where the engine runs`,
        file: resource.file,
        document: resource.document,
        pointer,
        hint: secret ? `store it: weft secret set ${placeholder.name} < file` : `set ${placeholder.name} in the engine's environment, or give a default: \${env:${placeholder.name}:-value}`,
      },
    ];
  });
}

/** Whether any string below a value has `${`. */
function holdsPlaceholder(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('${');
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) if (holdsPlaceholder(value[index])) return true;
  } else if (value !== null && typeof value === 'object') {
    for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key) && holdsPlaceholder((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

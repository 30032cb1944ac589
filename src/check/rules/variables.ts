import type { Rule } from '../context.js';
import { didYouMean } from '../../diagnostics/suggest.js';
import { scanPlaceholders } from '../../lex/placeholders.js';
import { pointerFrom } from '../../parse/pointer.js';
import { hasType, variableDeclarations } from '../../environments/resolve-variables.js';
import { isObject } from '../references.js';

/**
 * The values weft.yaml gives its variables (defaults, and each environment's) have the declared
 * types and are literal; an environment gives values only to declared variables. Checked for
 * every environment, whichever one is selected: weft.yaml is one file.
 * (The `${var:}` placeholders themselves are checked as they resolve, in src/environments/.)
 */
export const variables: Rule = {
  codes: ['bad-variable-value', 'unknown-variable'],
  description: "Variables' defaults and environments' values have the declared types.",
  check(ctx) {
    const project = [...ctx.byKind.Project.values()][0];
    if (!project) return;
    const spec = (project.value as { spec?: Record<string, unknown> }).spec;
    if (!isObject(spec)) return;
    const declarations = variableDeclarations(project.value);
    const checkValue = (value: unknown, name: string, path: string[], where: string) => {
      const type = declarations.get(name)?.type;
      if (type !== undefined && !hasType(value, type)) {
        const found = typeof value === 'number' ? `the number ${value}` : typeof value === 'string' ? `the string '${value}'` : `${typeof value} ${String(value)}`;
        ctx.report(project, pointerFrom(path), 'bad-variable-value', `${where} of variable '${name}' is ${found}; its type is ${type}`, {
          hint: type === 'string' ? 'quote it to make it a string' : typeof value === 'string' && (type !== 'boolean' ? !Number.isNaN(Number(value)) : /^(true|false)$/.test(value)) ? 'write it without quotes' : undefined,
        });
      } else if (typeof value === 'string' && value.includes('${') && scanPlaceholders(value).some((scan) => scan.kind === 'malformed' || scan.placeholder.source !== 'var')) {
        // (A ${var:} here is reported as misplaced when variables resolve.)
        ctx.report(project, pointerFrom(path), 'bad-variable-value', `${where} of variable '${name}' holds a placeholder; values are literal, compiled into the bundle as written`, {
          hint: 'a value that must stay out of the repository is a secret: write ${secret:path} or ${env:NAME} where it is used',
        });
      }
    };
    if (isObject(spec.variables)) {
      for (const [name, declaration] of Object.entries(spec.variables)) {
        if (isObject(declaration) && 'default' in declaration) checkValue(declaration.default, name, ['spec', 'variables', name, 'default'], 'the default');
      }
    }
    if (!isObject(spec.environments)) return;
    for (const [environment, body] of Object.entries(spec.environments)) {
      if (!isObject(body) || !isObject(body.values)) continue;
      for (const [name, value] of Object.entries(body.values)) {
        const path = ['spec', 'environments', environment, 'values', name];
        if (!declarations.has(name)) {
          ctx.report(project, pointerFrom(path), 'unknown-variable', `environment '${environment}' gives a value to '${name}', which spec.variables does not declare`, {
            atKey: true,
            hint: didYouMean(name, declarations.keys()) ?? `declare it: spec.variables.${name} with its type`,
          });
        } else checkValue(value, name, path, `the value in environment '${environment}'`);
      }
    }
  },
};

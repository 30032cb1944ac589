/**
 * The roots a `{{ path }}` template may start with (`vars` only in a flow's steps: its variables;
 * `records` only in a connector's endpoints: a batch's records, or the one record as a list).
 */
export const templateRoots = ['settings', 'credentials', 'input', 'record', 'records', 'run', 'vars'] as const;
export type TemplateRoot = (typeof templateRoots)[number];

/** Fields of `run` a template may read. */
export const runFields = ['id', 'lastSuccessAt', 'startedAt'] as const;

export type TemplateScan =
  | { kind: 'reference'; text: string; root: string; path: string[] }
  | { kind: 'malformed'; text: string; problem: string };

const segment = /^[A-Za-z_][A-Za-z0-9_-]*$|^\d+$/;

/** Every `{{ ... }}` template in a string. */
export function scanTemplates(text: string): TemplateScan[] {
  const found: TemplateScan[] = [];
  let index = text.indexOf('{{');
  while (index !== -1) {
    const close = text.indexOf('}}', index + 2);
    if (close === -1) {
      found.push({ kind: 'malformed', text: text.slice(index, index + 40), problem: "is not closed with '}}'" });
      break;
    }
    const whole = text.slice(index, close + 2);
    const expression = text.slice(index + 2, close).trim();
    const parts = expression.split('.');
    if (expression === '' || !parts.every((part) => segment.test(part))) {
      found.push({ kind: 'malformed', text: whole, problem: 'is not a plain path such as {{settings.shop}}; logic belongs in map and filter steps' });
    } else {
      found.push({ kind: 'reference', text: whole, root: parts[0]!, path: parts.slice(1) });
    }
    index = text.indexOf('{{', close + 2);
  }
  return found;
}

/** Whether a string is exactly one template (it then keeps the value's type when rendered). */
export function isSingleTemplate(text: string): boolean {
  const scans = scanTemplates(text);
  return scans.length === 1 && scans[0]!.text === text;
}

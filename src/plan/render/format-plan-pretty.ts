import { actionSymbols, type FieldChange, type Plan, type PlanAction } from '../plan.js';

const styles = { green: 32, yellow: 33, red: 31, bold: 1, dim: 2 } as const;
const colors = { create: 'green', update: 'yellow', delete: 'red' } as const;

/** Terraform-like text: each action with its symbol and changed fields, then the summary line. */
export function formatPlanPretty(plan: Plan, options: { color: boolean }): string {
  const paint = (style: keyof typeof styles, text: string) => (options.color ? `\u001b[${styles[style]}m${text}\u001b[0m` : text);
  if (plan.actions.length === 0) return `${paint('green', 'No changes.')} The engine runs what the project describes (state revision ${plan.stateRevision}).\n`;
  const blocks = plan.actions.map((action) => {
    const symbol = paint(colors[action.action], actionSymbols[action.action]);
    const lines = [paint('dim', `  # ${describe(action)}`), `  ${symbol} ${action.address}${action.action === 'update' && action.previousName ? ` (renamed from ${action.address.split('.')[0]}.${action.previousName})` : ''}`];
    if (action.action === 'update') {
      for (const change of action.changes) lines.push(`      ${formatChange(change, paint)}`);
      if (action.reaches.length > 0) lines.push(paint('dim', `      reaches: ${action.reaches.join(', ')}`));
    }
    return lines.join('\n');
  });
  const { add, change, destroy } = plan.summary;
  return `weft will perform the following actions:\n\n${blocks.join('\n\n')}\n\n${paint('bold', `Plan: ${add} to add, ${change} to change, ${destroy} to destroy.`)}\n`;
}

function describe(action: PlanAction): string {
  switch (action.action) {
    case 'create':
      return `${action.address} will be created`;
    case 'delete':
      return `${action.address} will be destroyed`;
    case 'update':
      if (action.previousName) return `${action.address} will be renamed`;
      return `${action.address} will be ${action.reasons.length > 0 ? action.reasons.join('; ') : 'updated'}`;
  }
}

function formatChange(change: FieldChange, paint: (style: keyof typeof styles, text: string) => string): string {
  if (!('before' in change)) return `${paint('green', '+')} ${change.path}: ${show(change.after)}`;
  if (!('after' in change)) return `${paint('red', '-')} ${change.path}: ${show(change.before)}`;
  return `${paint('yellow', '~')} ${change.path}: ${show(change.before)} → ${show(change.after)}`;
}

/** A value as JSON, cut to stay on one readable line. */
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

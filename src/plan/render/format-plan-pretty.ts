import { actionSymbols, type FieldChange, type Plan, type PlanAction } from '../plan.js';

const styles = { green: 32, yellow: 33, red: 31, bold: 1, dim: 2 } as const;
const colors = { create: 'green', update: 'yellow', delete: 'red' } as const;

/** Plans speak of what will happen; a diff of what a change does. */
export type Tense = 'plan' | 'diff';

/** Terraform-like text: each action with its symbol and changed fields, then the summary line. */
export function formatPlanPretty(plan: Plan, options: { color: boolean }): string {
  const paint = painter(options.color);
  if (plan.actions.length === 0) return `${paint('green', 'No changes.')} The engine runs what the project describes (state revision ${plan.stateRevision}).\n`;
  const { add, change, destroy } = plan.summary;
  return `weft will perform the following actions:\n\n${formatActions(plan.actions, options.color, 'plan')}\n\n${paint('bold', `Plan: ${add} to add, ${change} to change, ${destroy} to destroy.`)}\n`;
}

export function painter(color: boolean) {
  return (style: keyof typeof styles, text: string) => (color ? `\u001b[${styles[style]}m${text}\u001b[0m` : text);
}

/** Each action as a block: a comment saying what happens, the address, its field changes and reach. */
export function formatActions(actions: readonly PlanAction[], color: boolean, tense: Tense): string {
  const paint = painter(color);
  const blocks = actions.map((action) => {
    const symbol = paint(colors[action.action], actionSymbols[action.action]);
    const lines = [paint('dim', `  # ${describe(action, tense)}`), `  ${symbol} ${action.address}${action.action === 'update' && action.previousName ? ` (renamed from ${action.address.split('.')[0]}.${action.previousName})` : ''}`];
    if (action.action === 'update') {
      for (const change of action.changes) lines.push(`      ${formatChange(change, paint)}`);
      if (action.reaches.length > 0) lines.push(paint('dim', `      reaches: ${action.reaches.join(', ')}`));
    }
    return lines.join('\n');
  });
  return blocks.join('\n\n');
}

const verbs = {
  plan: { create: 'will be created', delete: 'will be destroyed', rename: 'will be renamed', update: 'will be updated', be: 'will be' },
  diff: { create: 'is added', delete: 'is removed', rename: 'is renamed', update: 'is changed', be: 'is' },
} as const;

function describe(action: PlanAction, tense: Tense): string {
  const verb = verbs[tense];
  switch (action.action) {
    case 'create':
      return `${action.address} ${verb.create}`;
    case 'delete':
      return `${action.address} ${verb.delete}`;
    case 'update':
      if (action.previousName) return `${action.address} ${verb.rename}`;
      return action.reasons.length > 0 ? `${action.address} ${verb.be} ${action.reasons.join('; ')}` : `${action.address} ${verb.update}`;
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

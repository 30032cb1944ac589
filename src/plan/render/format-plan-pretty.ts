import { actionSymbols, type FieldChange, type Plan, type PlanAction } from '../plan.js';
import { escapeControl } from '../../report/escape-control.js';

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
      for (const change of action.changes) lines.push(...formatChange(change, paint).map((line) => `      ${line}`));
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

type Paint = ReturnType<typeof painter>;

/** Widest value shown on the change's own line; a longer one, or text of several lines, is a block below it. */
const inlineWidth = 100;

/**
 * A change as lines: `~ path: old → new` when both fit on one line; otherwise the path, then the
 * old value's lines after `-` and the new one's after `+`, in full (a JSONata expression, a step).
 */
function formatChange(change: FieldChange, paint: Paint): string[] {
  const path = escapeControl(change.path);
  if ('moved' in change) return [`${paint('yellow', '~')} ${path}: moved from position ${change.moved.from + 1} to ${change.moved.to + 1}`];
  const sides = { before: 'before' in change, after: 'after' in change };
  const symbol = sides.before && sides.after ? paint('yellow', '~') : sides.after ? paint('green', '+') : paint('red', '-');
  const inline = (['before', 'after'] as const).filter((side) => sides[side]).map((side) => inlineText(change[side]));
  if (inline.every((text) => text !== undefined)) return [`${symbol} ${path}: ${inline.map((text) => escapeControl(text)).join(' → ')}`];
  let before = sides.before ? blockLines(change.before) : [];
  let after = sides.after ? blockLines(change.after) : [];
  // Texts that differ only where a block cannot show it (a final line break, trailing spaces) are quoted.
  const shown = (lines: string[]) => lines.map((line) => line.trimEnd()).join('\n');
  if (sides.before && sides.after && shown(before) === shown(after)) [before, after] = [[JSON.stringify(change.before)], [JSON.stringify(change.after)]];
  const block = (style: 'red' | 'green', mark: string, lines: string[]) => lines.map((line) => `    ${paint(style, `${mark} ${escapeControl(line)}`.trimEnd())}`);
  return [`${symbol} ${path}:`, ...block('red', '-', before), ...block('green', '+', after)];
}

/** A value as JSON on one line, or undefined when it needs a block (text of several lines, or too long). */
function inlineText(value: unknown): string | undefined {
  const text = JSON.stringify(value) ?? 'null';
  if (typeof value === 'string' && value.includes('\n')) return undefined;
  return text.length <= inlineWidth ? text : undefined;
}

/** A value over several lines: text as it is written (without its final line break), anything else as indented JSON. */
function blockLines(value: unknown): string[] {
  if (typeof value === 'string') return (value.endsWith('\n') ? value.slice(0, -1) : value).split('\n');
  return (JSON.stringify(value, null, 2) ?? 'null').split('\n');
}

import { durationMs } from '../lex/durations.js';
import { isObject, type Flowing, type RecordContext, type StepKind } from './step-kind.js';

interface DedupeBody {
  key: string;
  mode?: 'filter' | 'track' | 'filter-and-track';
  window?: string;
  pool?: string;
}

/**
 * `dedupe: { key, mode?, window?, pool? }`: drops records whose key (JSONata) was seen within
 * the window (filter), remembers the keys of the records it passes (track), or both (the
 * default). Keys are kept in the engine's store per flow and step, or in a named pool shared by
 * flows. A key is looked at and recorded in one transaction: of two runs passing the same key
 * at once, one drops it. A record that fails later gives its key back, so a later run tries it again.
 */
export const dedupe: StepKind = {
  name: 'dedupe',
  summary: 'drops records whose key was seen within a window, and remembers the keys it passes',
  references: () => [],
  expressions: (body, pointer) => (isObject(body) && typeof body.key === 'string' ? [{ pointer: `${pointer}/key`, field: 'the dedupe key', text: body.key }] : []),
  templates: () => [],
  prepare(body, context) {
    const { key, mode = 'filter-and-track', window = '90d', pool } = body as DedupeBody;
    const expression = context.services.expression(key, 'the dedupe key', context.limits);
    const poolName = dedupePool(pool, context.flow, context.path);
    const windowMs = durationMs(window)!;
    const filter = mode !== 'track';
    const track = mode !== 'filter';
    return {
      async route(input, batch, lists) {
        const looked: { position: number; key: string; claim: string }[] = [];
        for (let position = 0; position < input.records.length; position++) {
          try {
            // Kept in the store: a secret value an API echoed into a record is kept as its placeholder.
            const key = String(context.services.redact(keyText(await expression.evaluate(input.records[position], batch.bindings(position)))));
            looked.push({ position, key, claim: claimOf(context.flow, batch.scope.keySource, context.path, batch.keyOf(position).index) });
          } catch (error) {
            lists.fail(input.records[position], input.contexts[position], error as Error, batch.keyOf(position).index);
          }
        }
        const now = context.services.now();
        const seen = await context.services.data.dedupe(poolName, looked, { now, expiresAt: new Date(now.getTime() + windowMs), track });
        if (track) lists.claimed(poolName, looked.filter((_, index) => !seen[index]).map(({ key, claim }) => ({ key, claim })));
        const out: Flowing = { records: [], contexts: [] };
        looked.forEach(({ position, key, claim }, index) => {
          if (filter && seen[index]) return;
          const given = input.contexts[position];
          const claimed: RecordContext | undefined = track && !seen[index] ? { ...given, claims: [...(given?.claims ?? []), { pool: poolName, key, claim }] } : given;
          out.records.push(input.records[position]);
          out.contexts.push(claimed);
        });
        return out;
      },
    };
  },
};

/** Where a dedupe step keeps its keys: its named pool, shared by flows, or its own (per flow and step path). */
export function dedupePool(pool: string | undefined, flow: string, path: string): string {
  return pool !== undefined ? `pool/${pool}` : `flow/${flow}/${path}`;
}

/**
 * Who claims a key: the record, by what its run's keys derive from, the step and its index. A
 * run going on after a crash handles the same records with the same claims, and passes them again.
 */
function claimOf(flow: string, keySource: string, path: string, index: number): string {
  // The flow too: two flows sharing a pool may handle one broker message with a step of one id.
  return `${flow}/${keySource}/${path}/${index}`;
}

/** A key as stored: text as it is, a number or boolean as JSON; anything else is refused. */
export function keyText(value: unknown): string {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  throw new Error(`the key expression gave ${value === undefined ? 'nothing' : value === '' ? 'an empty string' : `a ${Array.isArray(value) ? 'list' : typeof value}`}; a key is a non-empty string or a number`);
}

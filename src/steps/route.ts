import { truthy } from './filter.js';
import { isObject, type Flowing, type StepKind } from './step-kind.js';

interface RouteBody {
  routes: { name: string; when: string; steps: unknown[] }[];
  otherwise?: unknown[];
}

/**
 * `route: { routes: [{ name, when, steps }], otherwise? }`: each record goes down every route
 * whose condition (JSONata) holds, or down `otherwise` when none does (nowhere, without one).
 * Routes run side by side and independently; what comes out of their ends goes on, route by route.
 */
export const route: StepKind = {
  name: 'route',
  summary: 'sends each record down every route whose condition holds (or otherwise)',
  references: () => [],
  expressions(body, pointer) {
    return routesOf(body).flatMap((entry, index) => (typeof entry.when === 'string' ? [{ pointer: `${pointer}/routes/${index}/when`, field: `the condition of route '${String(entry.name)}'`, text: entry.when }] : []));
  },
  templates: () => [],
  lists(body, pointer) {
    const lists = routesOf(body).map((entry, index) => ({ name: String(entry.name ?? index), steps: entry.steps, pointer: `${pointer}/routes/${index}/steps` }));
    if (isObject(body) && body.otherwise !== undefined) lists.push({ name: 'otherwise', steps: body.otherwise, pointer: `${pointer}/otherwise` });
    return lists;
  },
  prepare(body, context) {
    const { routes, otherwise } = body as RouteBody;
    const conditions = routes.map((entry) => context.services.expression(entry.when, `the condition of route '${entry.name}'`, context.limits));
    return {
      async route(input, batch, lists) {
        const chosen: number[][] = routes.map(() => []);
        const unmatched: number[] = [];
        for (let position = 0; position < input.records.length; position++) {
          const record = input.records[position];
          try {
            let matched = false;
            for (let index = 0; index < conditions.length; index++) {
              if (!truthy(await conditions[index]!.evaluate(record, batch.bindings(position)))) continue;
              chosen[index]!.push(position);
              matched = true;
            }
            if (!matched) unmatched.push(position);
          } catch (error) {
            // A record whose conditions cannot be evaluated goes down none of the routes.
            lists.fail(record, input.contexts[position], error as Error, batch.keyOf(position).index);
            for (const positions of chosen) if (positions.at(-1) === position) positions.pop();
          }
        }
        if (otherwise !== undefined) chosen.push(unmatched);
        const outputs = await settled(chosen.map((positions, list) => (positions.length > 0 ? lists.run(list, pick(input, positions)) : Promise.resolve(undefined))));
        return joined(outputs);
      },
    };
  },
};

function routesOf(body: unknown): Record<string, unknown>[] {
  return isObject(body) && Array.isArray(body.routes) ? body.routes.filter(isObject) : [];
}

/** Some of the records, with their contexts. */
export function pick(input: Flowing, positions: readonly number[]): Flowing {
  return { records: positions.map((position) => input.records[position]), contexts: positions.map((position) => input.contexts[position]) };
}

/** What came out of several lists, one after the other. */
export function joined(outputs: readonly (Flowing | undefined)[]): Flowing {
  const out: Flowing = { records: [], contexts: [] };
  for (const output of outputs) {
    if (!output) continue;
    for (let position = 0; position < output.records.length; position++) {
      out.records.push(output.records[position]);
      out.contexts.push(output.contexts[position]);
    }
  }
  return out;
}

/** Every promise's value once all have settled; the first rejection then (none is left running behind the run's back). */
export async function settled<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const rejected = results.find((result) => result.status === 'rejected');
  if (rejected) throw (rejected as PromiseRejectedResult).reason;
  return results.map((result) => (result as PromiseFulfilledResult<T>).value);
}

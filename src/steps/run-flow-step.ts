import { isObject, type StepKind } from './step-kind.js';

interface RunBody {
  flow: string;
  wait?: boolean;
}

/**
 * `run: { flow, wait? }`: each chunk of records becomes the input of a run of another flow (a
 * child run, linked to this one). With `wait` (the default) the step waits for the child run's
 * end: a child run that fails fails these records; otherwise they go on. Without it, the child
 * run is started (recorded first, durably) and the records go on at once. The child's keys
 * derive from this run's and the records' places, so a run going on after a crash repeats them.
 */
export const runStep: StepKind = {
  name: 'run',
  summary: 'passes records to another flow as its input (a child run)',
  references: () => [],
  flows: (body, pointer) => (isObject(body) && typeof body.flow === 'string' ? [{ flow: body.flow, pointer: `${pointer}/flow` }] : []),
  expressions: () => [],
  templates: () => [],
  prepare(body, context) {
    const { flow, wait = true } = body as RunBody;
    return {
      async process(records, batch) {
        // From the first record's key: a retry of these records (keyed by the run they failed in) starts the same child keys.
        const first = batch.keyOf(0);
        const keySource = `${first.source}/${context.path}/${first.index}`;
        // As plain JSON: what the child run is given and its record keeps (JSONata's results carry
        // extra properties), with any secret value an API echoed into them as its placeholder.
        const given = context.services.redact(JSON.parse(JSON.stringify(records))) as unknown[];
        const child = await context.services.children.start(flow, given, { run: batch.scope.run.id, flow: context.flow, keySource }, wait);
        if (wait && child.status === 'failed') {
          const error = new Error(`the run ${child.id} of flow '${flow}' failed${child.error ? `: ${child.error}` : ''}`);
          return records.map(() => error);
        }
        return [...records];
      },
    };
  },
};

import { derivedMessageId } from '../runtime/amqp.js';
import type { EndpointCall } from '../runtime/instance-clients.js';
import { endpointReferences, isObject, type RunScope, type RunSummary, type StepKind } from './step-kind.js';

type Condition = 'failure' | 'partial' | 'success' | 'always';

interface NotifyBody {
  on?: Condition[];
  instance?: string;
  endpoint?: string;
  input?: Record<string, unknown>;
}

/** Which run statuses each `on` condition matches. */
const matches: Record<Condition, readonly string[]> = {
  failure: ['failed'],
  partial: ['partial'],
  success: ['succeeded'],
  always: ['failed', 'partial', 'succeeded'],
};

/**
 * `notify: { on, instance?, endpoint?, input? }`: when the run ends with a status `on` names,
 * posts its summary (flow, run, status, counts, the first failures and a sentence saying it all)
 * as the record of an instance's endpoint, a chat webhook say; without an instance, writes the
 * sentence to the engine's log. Records pass through it untouched.
 */
export const notify: StepKind = {
  name: 'notify',
  summary: "posts the run's summary to an endpoint (or the log) when the run ends as asked",
  references: (body, pointer) => (isObject(body) && typeof body.instance === 'string' ? endpointReferences(body, pointer, 'notifies') : []),
  expressions: () => [],
  templates(body, at) {
    return isObject(body) ? [{ at: [...at, 'input'], value: body.input, roots: ['run', 'record', 'vars'] }] : [];
  },
  prepare(body, context) {
    const { on = ['failure'], instance, endpoint, input } = body as NotifyBody;
    const statuses = new Set(on.flatMap((condition) => matches[condition]));
    return {
      process: async (records) => [...records],
      async end(summary: RunSummary, scope: RunScope) {
        if (!statuses.has(summary.status)) return;
        if (instance === undefined || endpoint === undefined) {
          context.services.log(summary.message, { level: summary.status === 'succeeded' ? 'info' : 'warn', run: scope.run.id, flow: context.flow, step: context.path });
          return;
        }
        const call: EndpointCall = { instance, endpoint, ...(input && { input: input as EndpointCall['input'] }) };
        await context.services.clients.get(instance).send(call, summary, scope.run, derivedMessageId(context.flow, scope.keySource, context.path, 0));
      },
    };
  },
};

import { derivedMessageId } from '../runtime/amqp.js';
import type { EndpointCall } from '../runtime/instance-clients.js';
import { settleEach } from '../runtime/step-services.js';
import { endpointReferences, isObject, type StepKind } from './step-kind.js';

/**
 * `send: { instance, endpoint, input?, concurrency? }`: one request per record, `concurrency` at
 * a time. Every request carries an idempotency key derived from the run (or the message it
 * handles), the step's path and the record's index: a resumed or redelivered run repeats the
 * same keys, so an API that honours them does the work once.
 */
export const send: StepKind = {
  name: 'send',
  summary: 'sends each record to an HTTP endpoint of an instance',
  references: (body, pointer) => endpointReferences(body, pointer, 'sends to'),
  expressions: () => [],
  templates(body, at) {
    return isObject(body) ? [{ at: [...at, 'input'], value: body.input, roots: ['run', 'record', 'vars'] }] : [];
  },
  prepare(body, context) {
    const call = body as EndpointCall;
    return {
      async process(records, batch) {
        // The instance is resolved on first use: a flow whose instance cannot resolve fails at this step, named.
        const client = context.services.clients.get(call.instance);
        return settleEach(records, call.concurrency ?? 4, async (record, position) => {
          const key = batch.keyOf(position);
          await client.send(call, record, batch.scope.run, derivedMessageId(batch.scope.flow, key.source, context.path, key.index));
          return record;
        });
      },
    };
  },
};

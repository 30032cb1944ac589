import { derivedMessageId } from '../runtime/amqp.js';
import { HttpCallError, redactUrl } from '../runtime/http-call.js';
import type { EndpointCall } from '../runtime/instance-clients.js';
import { renderValue } from '../runtime/render.js';
import { settleEach } from '../runtime/step-services.js';
import { endpointReferences, isObject, type StepKind } from './step-kind.js';

/** The input of a call that gives none (templates read nothing from it). */
const noInput = Object.freeze({});

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
    return isObject(body) ? [{ at: [...at, 'input'], value: body.input, roots: ['run', 'record'] }] : [];
  },
  prepare(body, context) {
    const call = body as EndpointCall;
    const clients = context.services.clients;
    let prepared: { client: ReturnType<typeof clients.get>; keyHeader: string; policy: ReturnType<ReturnType<typeof clients.get>['policy']> } | undefined;
    return {
      async process(records, batch) {
        // The instance is resolved on first use: a flow whose instance cannot resolve fails at this step, named.
        if (!prepared) {
          const client = clients.get(call.instance);
          prepared = { client, keyHeader: client.idempotencyKeyHeader(call.endpoint), policy: client.policy(call.endpoint) };
        }
        const { client, keyHeader, policy } = prepared;
        const { run } = batch.scope;
        return settleEach(records, call.concurrency ?? 4, async (record, position) => {
          const input = call.input === undefined ? noInput : renderValue(call.input, { run, record });
          const request = client.request(call.endpoint, { input, record, run });
          const key = batch.keyOf(position);
          request.headers[keyHeader] = derivedMessageId(batch.scope.flow, key.source, context.path, key.index);
          const response = await client.call(request, policy);
          if (response.status < 200 || response.status > 299) {
            throw new HttpCallError(`${request.method} ${redactUrl(request.url)} answered ${response.status}: ${excerpt(response.body)}`, response.status, response.attempts);
          }
          return record;
        });
      },
    };
  },
};

function excerpt(body: Buffer): string {
  const text = body.toString('utf8').replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text || '(empty body)';
}

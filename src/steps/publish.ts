import { derivedMessageId } from '../runtime/amqp.js';
import { render } from '../runtime/render.js';
import { settleEach } from '../runtime/step-services.js';
import { isObject, type StepKind } from './step-kind.js';

interface PublishCall {
  instance: string;
  exchange: string;
  routingKey: string;
}

/**
 * `publish: { instance, exchange, routingKey }`: each record as a persistent JSON message
 * (confirmed, mandatory). Message ids derive from the message the run handles (or the run), the
 * step's path and the record's index, so a re-run publishes the same ids.
 */
export const publish: StepKind = {
  name: 'publish',
  summary: 'publishes each record as a message to a broker exchange',
  references(body, pointer) {
    if (!isObject(body) || typeof body.instance !== 'string') return [];
    return [{ instance: body.instance, pointer: `${pointer}/instance`, connectorType: 'event', verb: 'publishes to' }];
  },
  expressions: () => [],
  templates(body, at) {
    return isObject(body) ? [{ at: [...at, 'routingKey'], value: body.routingKey, roots: ['run', 'record', 'vars'] }] : [];
  },
  prepare(body, context) {
    const call = body as PublishCall;
    return {
      async process(records, batch) {
        const publisher = context.services.clients.publisher(call.instance);
        const { run } = batch.scope;
        return settleEach(records, 64, async (record, position) => {
          const routingKey = render(call.routingKey, { record, run });
          if (Buffer.byteLength(routingKey) > 255) throw new Error(`the routing key is ${Buffer.byteLength(routingKey)} bytes; AMQP allows 255`);
          const key = batch.keyOf(position);
          await publisher.publish(call.exchange, routingKey, Buffer.from(JSON.stringify(record ?? null)), { messageId: derivedMessageId(batch.scope.flow, key.source, context.path, key.index) });
          return record;
        });
      },
    };
  },
};

import type { EndpointCall } from '../runtime/instance-clients.js';
import { isObject, type StepKind } from './step-kind.js';

/** `receive: { instance, endpoint, input? }`: the run's records, from an HTTP endpoint, page by page. */
export const receive: StepKind = {
  name: 'receive',
  summary: 'fetches records from an HTTP endpoint of an instance, page by page',
  source: true,
  references(body, pointer) {
    if (!isObject(body) || typeof body.instance !== 'string') return [];
    const endpoint = typeof body.endpoint === 'string' ? { name: body.endpoint, input: isObject(body.input) ? body.input : undefined, pointer } : undefined;
    return [{ instance: body.instance, pointer: `${pointer}/instance`, connectorType: 'http', verb: 'receives from', ...(endpoint && { endpoint }) }];
  },
  expressions: () => [],
  templates(body, at) {
    return isObject(body) ? [{ at: [...at, 'input'], value: body.input, roots: ['run'] }] : [];
  },
  prepare(body, context) {
    const call = body as EndpointCall;
    return {
      pages: (scope) => context.services.clients.receive(call, scope.run),
    };
  },
};

import type { EndpointCall } from '../runtime/instance-clients.js';
import { endpointReferences, isObject, type StepKind } from './step-kind.js';

/** `receive: { instance, endpoint, input? }`: the run's records, from an HTTP endpoint, page by page. */
export const receive: StepKind = {
  name: 'receive',
  summary: 'fetches records from an HTTP endpoint of an instance, page by page',
  source: true,
  references: (body, pointer) => endpointReferences(body, pointer, 'receives from'),
  expressions: () => [],
  templates(body, at) {
    return isObject(body) ? [{ at: [...at, 'input'], value: body.input, roots: ['run', 'vars'] }] : [];
  },
  prepare(body, context) {
    const call = body as EndpointCall;
    return {
      pages: (scope) => context.services.clients.receive(call, scope.run),
    };
  },
};

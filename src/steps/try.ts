import { joined } from './route.js';
import { isObject, type CaughtFailure, type StepKind } from './step-kind.js';

/**
 * `try: { steps, catch }`: records that fail inside `steps` (a send refused, an expression that
 * throws) go to the `catch` steps instead of the run's failed records, with what they failed
 * with as `$error` ({ step, message, status }). What comes out of both goes on.
 */
export const tryStep: StepKind = {
  name: 'try',
  summary: 'sends records that fail inside its steps to its catch steps, with $error',
  references: () => [],
  expressions: () => [],
  templates: () => [],
  lists(body, pointer) {
    if (!isObject(body)) return [];
    return [
      { name: 'try', steps: body.steps, pointer: `${pointer}/steps` },
      { name: 'catch', steps: body.catch, pointer: `${pointer}/catch` },
    ];
  },
  prepare() {
    return {
      async route(input, _batch, lists) {
        const caught: CaughtFailure[] = [];
        const passed = await lists.run(0, input, { catch: (failure) => caught.push(failure) });
        if (caught.length === 0) return passed;
        const handled = await lists.run(1, {
          records: caught.map((failure) => failure.record),
          contexts: caught.map((failure) => ({ ...failure.context, bindings: { ...failure.context?.bindings, error: failure.error } })),
        });
        return joined([passed, handled]);
      },
    };
  },
};

import type { EndpointCall } from '../runtime/instance-clients.js';
import { settleEach } from '../runtime/step-services.js';
import { dropped, endpointReferences, isObject, type StepKind } from './step-kind.js';

interface EnrichBody extends EndpointCall {
  into: string;
  select?: string;
  missing?: 'keep' | 'drop' | 'fail';
}

/** Answers kept per run, at most this many (then the oldest half goes). */
const maxAnswersPerRun = 10_000;

/**
 * `enrich: { instance, endpoint, input?, into, select?, missing?, concurrency? }`: calls an
 * endpoint for each record (`concurrency` at a time) and puts its JSON answer (or what `select`
 * makes of it, `$` being the answer and `$record` the record) into the record's field `into`.
 * Equal requests in one run share one call. A 404 keeps the record as it is, drops it, or fails
 * it (`missing`, failing by default); other refusals fail the record. Secret values an API echoes
 * in its answer are redacted before they reach a record.
 */
export const enrich: StepKind = {
  name: 'enrich',
  summary: "adds an endpoint's answer for each record to the record",
  references: (body, pointer) => endpointReferences(body, pointer, 'looks records up in'),
  expressions: (body, pointer) => (isObject(body) && typeof body.select === 'string' ? [{ pointer: `${pointer}/select`, field: 'the enrich select', text: body.select }] : []),
  templates(body, at) {
    return isObject(body) ? [{ at: [...at, 'input'], value: body.input, roots: ['run', 'record', 'vars'] }] : [];
  },
  prepare(body, context) {
    const call = body as EnrichBody;
    const select = call.select === undefined ? undefined : context.services.expression(call.select, 'the enrich select', context.limits);
    const missing = call.missing ?? 'fail';
    /** Each run's answers by request: one call per distinct request. */
    const answers = new Map<string, Map<string, Promise<unknown>>>();
    return {
      async process(records, batch) {
        const client = context.services.clients.get(call.instance);
        let known = answers.get(batch.scope.run.id);
        if (!known) answers.set(batch.scope.run.id, (known = new Map()));
        const cache = known;
        return settleEach(records, call.concurrency ?? 4, async (record, position) => {
          if (!isObject(record)) throw new Error(`cannot add the answer to '${call.into}': the record is not an object`);
          const { key, answer } = await client.fetch(call, record, batch.scope.run);
          let pending = cache.get(key);
          if (!pending) {
            if (cache.size >= maxAnswersPerRun) for (const old of [...cache.keys()].slice(0, maxAnswersPerRun / 2)) cache.delete(old);
            // An API may echo a secret (the token it was called with): records never hold one.
            pending = answer().then((value) => context.services.redact(value));
            cache.set(key, pending);
            // A failed call is not remembered: the next record asking tries again.
            pending.catch(() => cache.delete(key));
          }
          const value = await pending;
          if (value === undefined) {
            if (missing === 'drop') return dropped;
            if (missing === 'fail') throw new Error(`${call.endpoint} of instance '${call.instance}' has nothing for this record (404)`);
            return record;
          }
          const merged = select ? await select.evaluate(value, { ...batch.bindings(position), record }) : value;
          return { ...record, [call.into]: merged };
        });
      },
      async end(_summary, scope) {
        answers.delete(scope.run.id);
      },
    };
  },
};

import { durationMs } from '../lex/durations.js';
import { CacheFullError } from '../engine/stores/stores.js';
import { keyText } from './dedupe.js';
import { dropped, eachRecord, isObject, type StepKind } from './step-kind.js';

type Scope = 'run' | 'flow' | 'project';

interface CachePut {
  key: string;
  value?: string;
  name?: string;
  scope?: Scope;
  ttl?: string;
  maxEntries?: number;
}

interface CacheGet {
  key: string;
  into: string;
  name?: string;
  scope?: Scope;
  missing?: 'keep' | 'drop' | 'fail';
}

/** The largest value a cache entry holds. */
const maxValueBytes = 256 * 1024;

/**
 * `cache: { put: { key, value?, scope?, ttl?, name? } }` stores each record (or the value of
 * `value`) under its key; `cache: { get: { key, into, missing?, scope?, name? } }` reads the entry
 * of each record's key into one of its fields. Entries are kept in the engine's store for the
 * run, the flow or the whole project, until their TTL, at most `maxEntries` per cache.
 */
export const cache: StepKind = {
  name: 'cache',
  summary: 'stores records under a key, or reads stored values into records',
  references: () => [],
  expressions(body, pointer) {
    if (!isObject(body)) return [];
    const found = [];
    for (const operation of ['put', 'get'] as const) {
      const part = body[operation];
      if (!isObject(part)) continue;
      if (typeof part.key === 'string') found.push({ pointer: `${pointer}/${operation}/key`, field: `the cache ${operation} key`, text: part.key });
      if (typeof part.value === 'string') found.push({ pointer: `${pointer}/${operation}/value`, field: 'the cached value', text: part.value });
    }
    return found;
  },
  templates: () => [],
  prepare(body, context) {
    const { services } = context;
    const { put, get } = body as { put?: CachePut; get?: CacheGet };
    if (put) {
      const key = services.expression(put.key, 'the cache put key', context.limits);
      const value = put.value === undefined ? undefined : services.expression(put.value, 'the cached value', context.limits);
      const ttlMs = durationMs(put.ttl ?? '7d')!;
      return {
        async process(records, batch) {
          const entries: { key: string; value: string }[] = [];
          const outcomes = await eachRecord(records, async (record, position) => {
            const bindings = batch.bindings(position);
            // An API may have echoed a secret into a record: the store keeps placeholders only.
            const text = JSON.stringify(services.redact((value ? await value.evaluate(record, bindings) : record) ?? null));
            if (Buffer.byteLength(text) > maxValueBytes) throw new Error(`the value to cache is ${Buffer.byteLength(text)} bytes; a cache entry holds at most ${maxValueBytes}`);
            entries.push({ key: String(services.redact(keyText(await key.evaluate(record, bindings)))), value: text });
            return record;
          });
          const now = services.now();
          try {
            await services.data.cachePut(cacheNamespace(put, context.flow, batch.scope.run.id), entries, { now, expiresAt: new Date(now.getTime() + ttlMs), maxEntries: put.maxEntries ?? 100_000 });
          } catch (error) {
            // Nothing of the chunk was stored: each of its records fails, saying why.
            if (error instanceof CacheFullError) return outcomes.map((outcome) => (outcome instanceof Error ? outcome : error));
            throw error;
          }
          return outcomes;
        },
      };
    }
    const { into, missing = 'keep' } = get!;
    const key = services.expression(get!.key, 'the cache get key', context.limits);
    return {
      async process(records, batch) {
        const keys = (await eachRecord(records, async (record, position) => String(services.redact(keyText(await key.evaluate(record, batch.bindings(position))))))) as (string | Error)[];
        const found = await services.data.cacheGet(cacheNamespace(get!, context.flow, batch.scope.run.id), keys.filter((entry): entry is string => typeof entry === 'string'), services.now());
        let next = 0;
        return records.map((record, position) => {
          const entry = keys[position]!;
          if (entry instanceof Error) return entry;
          const value = found[next++];
          if (value === undefined) {
            if (missing === 'drop') return dropped;
            if (missing === 'fail') return new Error(`the cache has no entry for key '${entry}'`);
            return record;
          }
          if (!isObject(record)) return new Error(`cannot read the cached value into '${into}': the record is not an object`);
          return { ...record, [into]: JSON.parse(value) };
        });
      },
    };
  },
};

/** Where a cache's entries live: its scope (the run, the flow, or the project) and its name. */
export function cacheNamespace(part: { name?: string; scope?: Scope }, flow: string, runId: string): string {
  const name = part.name ?? 'default';
  switch (part.scope ?? 'flow') {
    case 'run':
      return `run/${runId}/${name}`;
    case 'project':
      return `project/${name}`;
    default:
      return `flow/${flow}/${name}`;
  }
}

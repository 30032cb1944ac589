/**
 * An environment that notes which variables were read, so that a result recorded from a run
 * says what it depended on. Enumerating it (spreading it, listing its keys) makes the run depend
 * on all of them: `read()` is then undefined.
 */
export function trackedEnv(env: Readonly<Record<string, string | undefined>>): { env: Readonly<Record<string, string | undefined>>; read(): ReadonlyMap<string, string | undefined> | undefined } {
  const read = new Map<string, string | undefined>();
  let all = false;
  const tracked = new Proxy(env, {
    get(target, name) {
      if (typeof name !== 'string') return undefined;
      const value = target[name];
      read.set(name, value);
      return value;
    },
    has(target, name) {
      if (typeof name === 'string') read.set(name, target[name]);
      return name in target;
    },
    ownKeys(target) {
      all = true;
      return Reflect.ownKeys(target);
    },
    getOwnPropertyDescriptor(target, name) {
      if (typeof name === 'string') read.set(name, target[name]);
      return Reflect.getOwnPropertyDescriptor(target, name);
    },
  });
  return { env: tracked, read: () => (all ? undefined : read) };
}

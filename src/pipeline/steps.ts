/**
 * Work written as a generator that yields between its steps (a stage, a rule), run either at
 * once (`runSteps`: the CLI, a test) or a slice at a time (`runStepsYielding`: weft watch, whose
 * thread must handle Ctrl-C within moments while a big project is checked for seconds).
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs the steps to their end, without letting go of the thread. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * Runs the steps, letting the event loop turn (timers, I/O, signals) between two of them once
 * `sliceMs` have passed since it last did. Undefined when `stopped()` says so at such a turn:
 * the rest of the steps are not run.
 */
export async function runStepsYielding<T>(steps: Steps<T>, options: { sliceMs?: number; stopped?: () => boolean } = {}): Promise<T | undefined> {
  const sliceMs = options.sliceMs ?? 20;
  let since = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() - since < sliceMs) continue;
    await new Promise((resolve) => setImmediate(resolve));
    if (options.stopped?.()) {
      steps.return(undefined as T);
      return undefined;
    }
    since = performance.now();
  }
}

import { performance } from 'node:perf_hooks';

export interface Growth {
  /** Milliseconds for the small input (best of a few runs). */
  small: number;
  /** Milliseconds for the large input (best of up to three runs). */
  large: number;
  /** large / small: about the size factor when linear, its square when quadratic. */
  ratio: number;
}

/** The fastest of `runs` runs of `task`, in milliseconds. */
export function bestOf(runs: number, task: () => unknown): number {
  let fastest = Infinity;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    task();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

/**
 * How the time of `task` grows from an input of size `size` to one `factor` times larger. Times
 * are the best of several runs (after a warm-up), so a busy machine slows both alike rather than
 * one: a ratio near `factor` means linear, near `factor²` quadratic. Assert on the ratio with a
 * generous margin, plus an absolute ceiling on `large` (`ceilingMs`, past which it is run once).
 */
export function measureGrowth<T>(make: (size: number) => T, task: (input: T) => unknown, size: number, factor: number, ceilingMs = 5000): Growth {
  const smallInput = make(size);
  const largeInput = make(size * factor);
  // A ratio well above linear is measured again (twice at most), the best kept: other processes'
  // bursts on a shared machine make one measurement look superlinear; quadratic code stays so.
  let best = measureOnce(smallInput, largeInput, task, ceilingMs);
  for (let retry = 0; retry < 2 && best.ratio > factor * 1.5 && best.large < ceilingMs; retry++) {
    const again = measureOnce(smallInput, largeInput, task, ceilingMs);
    if (again.ratio < best.ratio) best = again;
  }
  return best;
}

function measureOnce<T>(smallInput: T, largeInput: T, task: (input: T) => unknown, ceilingMs: number): Growth {
  task(smallInput);
  const small = bestOf(3, () => task(smallInput));
  // More large runs only when the first one is within the ceiling: quadratic code fails fast.
  // Best of three: a collection or another process's burst rarely hits all three.
  let large = bestOf(1, () => task(largeInput));
  if (large < ceilingMs) large = Math.min(large, bestOf(large < ceilingMs / 4 ? 2 : 1, () => task(largeInput)));
  return { small, large, ratio: large / Math.max(small, 1) };
}

/** A message for a failed growth assertion. */
export function describeGrowth(what: string, growth: Growth, factor: number): string {
  return `${what}: ${factor}x the input took ${growth.ratio.toFixed(1)}x the time (${growth.small.toFixed(0)} ms, then ${growth.large.toFixed(0)} ms)`;
}

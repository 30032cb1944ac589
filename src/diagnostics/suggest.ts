/** The candidate closest to `name` by edit distance, if it is close enough to be a likely typo. */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = Math.max(1, Math.floor(name.length / 3));
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    // Too long or too short to be within the limit (what editDistance would say first): not a match either way.
    if (candidate === name || Math.abs(candidate.length - name.length) > limit) continue;
    const distance = editDistance(lower, candidate.toLowerCase(), limit);
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (bestDistance <= limit) return best;
  return sharedStem(name, candidates);
}

/** The first candidate, in code-unit order, sharing all but the last character of the shorter word ('retries' → 'retry'). */
function sharedStem(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let first: string | undefined;
  for (const candidate of candidates) {
    if (first !== undefined && candidate >= first) continue;
    const other = candidate.toLowerCase();
    const shorter = Math.min(lower.length, other.length);
    if (shorter < 5 || other === lower) continue;
    let common = 0;
    while (common < shorter && lower[common] === other[common]) common++;
    if (common >= shorter - 1) first = candidate;
  }
  return first;
}

/** "did you mean 'x'?" or undefined. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const match = suggest(name, candidates);
  return match === undefined ? undefined : `did you mean '${match}'?`;
}

/** Damerau-Levenshtein (optimal string alignment) distance, giving up above `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previousPrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, previousPrevious[j - 2]! + 1);
      }
      current[j] = value;
      if (value < rowMinimum) rowMinimum = value;
    }
    if (rowMinimum > limit) return limit + 1;
    previousPrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** 'a', 'b' or 'c' — for messages listing what is allowed. */
export function quoteList(items: readonly string[]): string {
  const quoted = items.map((item) => `'${item}'`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

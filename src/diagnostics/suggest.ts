/** The candidate closest to `name` by edit distance, if it is close enough to be a likely typo. */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = Math.max(1, Math.floor(name.length / 3));
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    // Only as far as the best so far (a tie may still win on order): a candidate further away
    // loses whatever its exact distance, so its measuring stops there. Too long or too short
    // for that: not measured at all.
    const bound = bestDistance < limit ? bestDistance : limit;
    if (candidate === name || Math.abs(candidate.length - name.length) > bound) continue;
    const distance = editDistance(lower, candidate.toLowerCase(), bound);
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

/** The three rows `editDistance` works in, kept between calls (grown for longer words). */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Damerau-Levenshtein (optimal string alignment) distance, giving up above `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const width = b.length + 1;
  if (rows[0]!.length < width) rows = [new Int32Array(width * 2), new Int32Array(width * 2), new Int32Array(width * 2)];
  let [previousPrevious, previous, current] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j < width; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const ai = a.charCodeAt(i - 1);
    const aBefore = i > 1 ? a.charCodeAt(i - 2) : -1;
    current[0] = i;
    let rowMinimum = i;
    for (let j = 1; j < width; j++) {
      const bj = b.charCodeAt(j - 1);
      let value = previous[j - 1]! + (ai === bj ? 0 : 1);
      if (previous[j]! + 1 < value) value = previous[j]! + 1;
      if (current[j - 1]! + 1 < value) value = current[j - 1]! + 1;
      if (j > 1 && ai === b.charCodeAt(j - 2) && aBefore === bj && previousPrevious[j - 2]! + 1 < value) value = previousPrevious[j - 2]! + 1;
      current[j] = value;
      if (value < rowMinimum) rowMinimum = value;
    }
    if (rowMinimum > limit) return limit + 1;
    [previousPrevious, previous, current] = [previous, current, previousPrevious];
  }
  return previous[b.length]!;
}

/** 'a', 'b' or 'c' — for messages listing what is allowed. */
export function quoteList(items: readonly string[]): string {
  const quoted = items.map((item) => `'${item}'`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

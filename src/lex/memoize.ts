/**
 * A function of a string, computed once per argument for the life of the returned function.
 * With `bound`, at most that many results are kept: when full, the kept results are forgotten
 * (for module-wide memos a long watch or lsp session keeps asking with new texts).
 */
export function memoize<T>(compute: (key: string) => T, bound = Infinity): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    if (known.has(key)) return known.get(key)!;
    const value = compute(key);
    if (known.size >= bound) known.clear();
    known.set(key, value);
    return value;
  };
}

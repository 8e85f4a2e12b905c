/**
 * Memoises a string → string function for short, repeating inputs (user
 * agents, host names, span names): a Map hit costs less than one regex scan.
 * Bounded: the map is simply cleared when full, so high-cardinality values
 * cost one insert each and memory stays flat. The map only lives in this
 * process, which held the raw strings anyway.
 */
export function memoize(fn: (s: string) => string, limit = 2048, maxLength = 512): (s: string) => string {
  let cache = new Map<string, string>();
  return (s: string): string => {
    const hit = cache.get(s);
    if (hit !== undefined) return hit;
    const out = fn(s);
    if (s.length <= maxLength) {
      if (cache.size >= limit) cache = new Map();
      cache.set(s, out);
    }
    return out;
  };
}

/** Did-you-mean for unknown keys: search candidates ranked by edit distance to what was typed. */
import type { CitationIndex } from '../citationIndex';

/** Levenshtein distance with adjacent transpositions. */
export function keyDistance(a: string, b: string): number {
  const m = a.length, n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => [i, ...new Array<number>(n).fill(0)]);
  for (let j = 1; j <= n; j++) d[0][j] = j;
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[m][n];
}

/**
 * Up to `n` keys close to `key` (any source, aliases included), closest first; [] when nothing is
 * close enough to be a plausible typo (distance at most a third of the key's length, at least 2).
 */
export function suggestKeys(index: CitationIndex, key: string, preferUris?: readonly string[], n = 3): string[] {
  const max = Math.max(2, Math.floor(key.length / 3));
  const lower = key.toLowerCase();
  // One suggestion per entry: the closest of its key and (for database papers) their aliases.
  const best = new Map<object, [string, number]>();
  for (const h of index.search(key, 20, preferUris).results) {
    const e = h.entry;
    const names = e.source.kind === 'bundled' && e.paper ? [e.key, ...(e.paper.custom.aliases ?? [])] : [e.key];
    for (const k of names) {
      if (k === key) continue;
      const d = keyDistance(lower, k.toLowerCase());
      const had = best.get(e);
      if (d <= max && (!had || d < had[1])) best.set(e, [k, d]);
    }
  }
  return [...best.values()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n).map(([k]) => k);
}

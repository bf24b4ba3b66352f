/** Sorting strings by UTF-16 code units with numeric sorts: how vocabularies and keys are ordered. */

/**
 * Characters from `at` as a sortable number, one base-41 digit each: 0 past the end, 2..11 for
 * [0-9], 13..38 for [a-z], and for anything else the group it sorts in (1 below '0', 12 between
 * '9' and 'a', 39 above 'z'), which the caller then orders by comparing strings.
 */
function prefixCode(t: string, at: number): number {
  let v = 0;
  let other = false;
  for (let k = at; k < at + PREFIX_CHARS; k++) {
    const c = k < t.length && !other ? t.charCodeAt(k) : -1;
    const d = c < 0 ? 0 : c < 48 ? 1 : c <= 57 ? c - 46 : c < 97 ? 12 : c <= 122 ? c - 84 : 39;
    // After an other character the rest counts as equal: strings that share the prefix up to it
    // form one run, sorted as strings.
    if (d === 1 || d === 12 || d === 39) other = true;
    v = v * BASE + d;
  }
  return v;
}

const PREFIX_CHARS = 5;
const BASE = 41;
/** Room for an index beside a 5-character code in one float64 (41^5 * 2^21 < 2^53). */
const ID_SCALE = 2 ** 21;

function hasOtherChar(code: number): boolean {
  for (let k = 0; k < PREFIX_CHARS; k++, code = Math.floor(code / BASE)) { const d = code % BASE; if (d === 1 || d === 12 || d === 39) return true; }
  return false;
}

/**
 * `strs` in UTF-16 code unit order, like `sort()`, but without string comparisons for the tokens
 * the index holds ([0-9a-z]): see sortedIds.
 */
export function sortedOrder(strs: readonly string[]): string[] {
  const ids = sortedIds(strs);
  const out: string[] = new Array(strs.length);
  for (let i = 0; i < strs.length; i++) out[i] = strs[ids[i]];
  return out;
}

/**
 * The positions of `strs` in UTF-16 code unit order, equal strings by position: a numeric sort of
 * (five-character code, position) pairs, repeated on the next five characters within runs that
 * share a code (an MSD radix sort with a native sort per digit). Runs with characters outside
 * [0-9a-z] are sorted by comparing strings. Sorting the 45k-token vocabulary of a 10k-entry segment
 * or 100k keys this way is several times faster than sort() with or without a comparator.
 */
export function sortedIds(strs: readonly string[]): Int32Array {
  const n = strs.length;
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) ids[i] = i;
  if (n >= ID_SCALE) {
    ids.sort((x, y) => (strs[x] < strs[y] ? -1 : strs[x] > strs[y] ? 1 : x - y));
    return ids;
  }
  if (n > 1) sortRun(strs, ids, 0, n, 0);
  return ids;
}

function sortRun(strs: readonly string[], ids: Int32Array, from: number, to: number, at: number): void {
  const len = to - from;
  if (len <= 48) {
    // A short run: a comparison sort costs less than another digit pass.
    const run = Array.from(ids.subarray(from, to)).sort((x, y) => (strs[x] < strs[y] ? -1 : strs[x] > strs[y] ? 1 : x - y));
    ids.set(run, from);
    return;
  }
  const keys = new Float64Array(len);
  for (let k = 0; k < len; k++) keys[k] = prefixCode(strs[ids[from + k]], at) * ID_SCALE + ids[from + k];
  keys.sort();
  for (let k = 0; k < len; k++) ids[from + k] = keys[k] % ID_SCALE;
  for (let r = 0; r < len;) {
    const code = Math.floor(keys[r] / ID_SCALE);
    let e = r + 1;
    while (e < len && Math.floor(keys[e] / ID_SCALE) === code) e++;
    if (e - r > 1) {
      if (hasOtherChar(code)) {
        const run = Array.from(ids.subarray(from + r, from + e)).sort((x, y) => (strs[x] < strs[y] ? -1 : strs[x] > strs[y] ? 1 : x - y));
        ids.set(run, from + r);
      } else if (code % BASE !== 0) {
        // (A code ending in 0 means the strings ended within it: the run is one string repeated.)
        sortRun(strs, ids, from + r, from + e, at + PREFIX_CHARS);
      }
    }
    r = e;
  }
}

/** The typo tier's comparisons: edit distance against a range of a string, subsequence of a list element. */
import { type StringList } from './stringList';

// Rows reused across calls: the fuzzy tier calls editDistance once per vocabulary token it scans.
let rowA = new Int32Array(64), rowB = new Int32Array(64), rowC = new Int32Array(64);

/**
 * Optimal-string-alignment distance between `a` and text[bStart, bStart + n), giving up (returning
 * max + 1) once it exceeds `max`. A range, not a string: the fuzzy tier compares against thousands
 * of vocabulary entries, each a part of one long string.
 */
export function editDistance(a: string, text: string, bStart: number, n: number, max: number): number {
  if (Math.abs(a.length - n) > max) return max + 1;
  const m = a.length;
  if (rowA.length <= n) { rowA = new Int32Array(n + 1); rowB = new Int32Array(n + 1); rowC = new Int32Array(n + 1); }
  let prev2 = rowA, prev = rowB, cur = rowC;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const bj = text.charCodeAt(bStart + j - 1);
      let v = prev[j - 1] + (ai === bj ? 0 : 1);
      if (prev[j] + 1 < v) v = prev[j] + 1;
      if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
      if (i > 1 && j > 1 && ai === text.charCodeAt(bStart + j - 2) && a.charCodeAt(i - 2) === bj && prev2[j - 2] + 1 < v) v = prev2[j - 2] + 1;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev2; prev2 = prev; prev = cur; cur = t;
  }
  return prev[n];
}

/** Whether `q` is a subsequence of element r of the list. */
export function isSubsequenceAt(l: StringList, r: number, q: string): boolean {
  const text = l.text, end = l.starts[r + 1];
  let j = 0;
  for (let i = l.starts[r]; i < end && j < q.length; i++) if (text.charCodeAt(i) === q.charCodeAt(j)) j++;
  return j === q.length;
}

/**
 * Offset ↔ line/character conversion for one text, computed once (features call it per match;
 * counting lines from the start each time would make a document scan quadratic).
 * Lines and characters are zero-based and count UTF-16 units, as LSP positions do; a line ends
 * at `\n`, and a `\r` before it belongs to the line's text.
 */
export interface LineIndex {
  /** Number of lines (a text ending in `\n` has an empty last line). */
  readonly lineCount: number;
  /** The line and character of an offset; offsets outside the text are clamped. */
  positionAt(offset: number): { line: number; character: number };
  /** The offset of a line and character; out-of-range values are clamped to the text and the line. */
  offsetAt(line: number, character: number): number;
}

/** Builds the line index of `text` in one pass. */
export function lineIndex(text: string): LineIndex {
  return lineIndexOf(lineStarts(text), text.length);
}

/** Where each line of `text` starts (compact, so a worker can hand it over instead of the text). */
export function lineStarts(text: string): Int32Array {
  // One pass with a growing array: two passes, counting then filling, were slower (bench/DESIGN.md §3).
  let starts = new Int32Array(Math.max(16, text.length >> 6));
  let n = 1;
  for (let p = text.indexOf('\n'); p >= 0; p = text.indexOf('\n', p + 1)) {
    if (n === starts.length) { const grown = new Int32Array(n * 2); grown.set(starts); starts = grown; }
    starts[n++] = p + 1;
  }
  return starts.slice(0, n);
}

/** The line index of a text known by its line starts and length only. */
export function lineIndexOf(starts: Int32Array, length: number): LineIndex {
  const text = { length };
  const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);
  return {
    lineCount: starts.length,
    positionAt(offset: number) {
      const o = clamp(Math.floor(offset) || 0, 0, text.length);
      let lo = 0, hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= o) lo = mid; else hi = mid - 1;
      }
      return { line: lo, character: o - starts[lo] };
    },
    offsetAt(line: number, character: number) {
      const l = clamp(Math.floor(line) || 0, 0, starts.length - 1);
      const end = l + 1 < starts.length ? starts[l + 1] - 1 : text.length;
      return clamp(starts[l] + Math.max(0, Math.floor(character) || 0), starts[l], end);
    },
  };
}

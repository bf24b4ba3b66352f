/**
 * Sorted string lists as one string plus offsets, and the one-byte copies of ASCII text they are
 * made of: the shape in which a segment's strings cross from the index worker.
 */

/**
 * A sorted list of strings as one string plus offsets: a worker posts it as one string (not
 * hundreds of thousands, each rebuilt and later collected on the request thread), and it costs no
 * per-string object. Element r is text[starts[r], starts[r + 1]).
 */
export interface StringList {
  text: string;
  starts: Int32Array;
}

const asciiEncoder = new TextEncoder();
/** Only ever given ASCII bytes (for which latin1 and UTF-8 agree), to make one-byte strings. */
const asciiDecoder = new TextDecoder('latin1');

/** `strs` (already in the order wanted) as a StringList. */
export function toStringList(strs: readonly string[]): StringList {
  const starts = new Int32Array(strs.length + 1);
  for (let r = 0, at = 0; r < strs.length; r++) { at += strs[r].length; starts[r + 1] = at; }
  return { text: oneByte(strs.join('')), starts };
}

/**
 * `s` as a one-byte string when it is ASCII. Tokens and keys come from slices of a file's text,
 * which is two-byte as soon as the file has one character beyond Latin-1, and a string joined from
 * two-byte pieces stays two-byte, taking twice the heap the same ASCII text needs.
 */
export function oneByte(s: string): string {
  const bytes = asciiEncoder.encode(s);
  return bytes.length === s.length ? asciiDecoder.decode(bytes) : s;
}

/** How many strings the list holds. */
export function listSize(l: StringList): number {
  return l.starts.length - 1;
}

/** The length of element r. */
export function lengthAt(l: StringList, r: number): number {
  return l.starts[r + 1] - l.starts[r];
}

/** Compares element r with s by UTF-16 code units (like `<`), without making a string. */
export function compareAt(l: StringList, r: number, s: string): number {
  const start = l.starts[r], len = l.starts[r + 1] - start, text = l.text;
  const n = Math.min(len, s.length);
  for (let k = 0; k < n; k++) {
    const d = text.charCodeAt(start + k) - s.charCodeAt(k);
    if (d !== 0) return d;
  }
  return len - s.length;
}

/** First index in the sorted array whose string is >= s. */
export function lowerBound(arr: StringList, s: string): number {
  let lo = 0, hi = listSize(arr);
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (compareAt(arr, mid, s) < 0) lo = mid + 1; else hi = mid; }
  return lo;
}

/** [lo, hi) of the strings in a sorted array that start with `prefix`. */
export function prefixRange(arr: StringList, prefix: string): [number, number] {
  const lo = lowerBound(arr, prefix);
  // Every string with the prefix sorts before prefix + U+FFFF.
  const hi = lowerBound(arr, prefix + '\uffff');
  return [lo, hi];
}

/**
 * Copies of `keys` of their own (lowercased when asked). Keys from the reader or the key scan are
 * slices of the file's text, which is two-byte when the file has any character beyond Latin-1:
 * comparing and hashing those is slower, and toLowerCase on one is a runtime call. For ASCII keys
 * (nearly all) the copies are made in four native passes over the joined keys, which produce
 * one-byte strings, several times faster than a JSON round trip.
 */
export function ownKeys(keys: readonly string[], lowercase: boolean): string[] {
  if (keys.length === 0) return [];
  // Keys never contain a line break (the reader ends a key at white space).
  const joined = keys.join('\n');
  const bytes = asciiEncoder.encode(joined);
  if (bytes.length === joined.length) {
    const flat = asciiDecoder.decode(bytes); // ASCII bytes: the same characters, one byte each
    return (lowercase ? flat.toLowerCase() : flat).split('\n');
  }
  const copies = JSON.parse(JSON.stringify(keys)) as string[];
  return lowercase ? copies.map((k) => k.toLowerCase()) : copies;
}

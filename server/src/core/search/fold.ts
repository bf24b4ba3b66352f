/** How text becomes search words: case and accents folded, split on anything but letters and digits. */

/** Lowercase, accents folded, split on anything but letters and digits. */
export function words(s: string): string[] {
  const out: string[] = [];
  for (const w of fold(s).split(/[^a-z0-9]+/)) if (w) out.push(w);
  return out;
}

/** Lowercase with accents folded; ASCII text is only lowercased. */
export function fold(s: string): string {
  // ASCII fast path: most keys and titles need no Unicode normalisation.
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(s) ? s.toLowerCase() : s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/ł/g, 'l').replace(/ø/g, 'o').replace(/ß/g, 'ss');
}

/** Letters and digits only: how keys, aliases and nicknames are compared for exact matches. */
export function compact(s: string): string {
  return fold(s).replace(/[^a-z0-9]/g, '');
}

/**
 * Calls `emit` with each word of `s` (as `words` splits it) and, for a word mixing letters and
 * digits ("he2016deep"), also with its letter and digit runs, as ranges of a text that is `s`
 * itself when `s` is ASCII (uppercase letters are lowered by the Interner as it reads them) or its
 * folded form otherwise. No string per word: the interner makes one only for a word it has not
 * seen. A char loop: indexing calls this millions of times and regex splitting dominated the build.
 */
export function forEachWord(s: string, emit: (t: string, start: number, end: number, f: number) => void, f: number): void {
  let ascii = true;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) { ascii = false; break; }
  const t = ascii ? s : fold(s);
  let start = -1;
  let mixed = false;
  let prevDigit = false;
  for (let i = 0; i <= t.length; i++) {
    const c = i < t.length ? t.charCodeAt(i) | 32 : 32;
    const digit = c >= 48 && c <= 57;
    if (digit || (c >= 97 && c <= 122)) {
      if (start < 0) { start = i; mixed = false; }
      else if (digit !== prevDigit) mixed = true;
      prevDigit = digit;
      continue;
    }
    if (start < 0) continue;
    emit(t, start, i, f);
    if (mixed) {
      let rs = start;
      for (let j = start + 1; j <= i; j++) {
        if (j === i || (t.charCodeAt(j) <= 57) !== (t.charCodeAt(j - 1) <= 57)) { emit(t, rs, j, f); rs = j; }
      }
    }
    start = -1;
  }
}

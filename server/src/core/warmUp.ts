/**
 * Queries for warming up the request path once a workspace is indexed.
 *
 * Why: V8 runs a function in its interpreter until the function has been busy for a while, and the
 * search has many paths (exact key, key prefix, one word, several words with and without scratch
 * marks, typos, key subsequences), each with loops over thousands of postings at 100k entries. In
 * the bench at 100k, the first few dozen completions after indexing were many times slower than the
 * same queries later, and they were the p99 (bench/DESIGN.md §8). The server runs these queries through
 * the completion code while it is idle after indexing (see server.ts), so the user's first
 * keystrokes meet compiled code.
 *
 * The queries are made from entries of the index itself, in the shapes users type: a key's start,
 * a whole key, a title word's start, two title words, an author's name, a hyphenated title word,
 * a word and a year, a typo and a key's letters.
 */
import type { EntryBrief } from './model';
import { words } from './search';

/** Queries for warming up, at most `max`, from `sample` (entries spread over the index). */
export function warmUpQueries(sample: readonly EntryBrief[], max: number): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (q: string | undefined) => {
    if (q && q.length >= 2 && !seen.has(q) && out.length < max) { seen.add(q); out.push(q); }
  };
  // Later passes take other shapes and other title words of the same entries (a file of look-alike
  // entries gives few distinct queries per pass).
  for (let pass = 0; pass < 4 && out.length < max; pass++) {
    for (let k = 0; k < sample.length && out.length < max; k++) {
      const e = sample[k];
      const title = words(e.title).filter((w) => w.length > 3);
      const word = title[pass % Math.max(1, title.length)];
      const next = title[(pass + 1) % Math.max(1, title.length)];
      const family = e.authors[pass % Math.max(1, e.authors.length)]?.family;
      switch ((k + pass) % 8) {
        case 0: add(e.key.slice(0, 3 + ((k >> 3) % 4))); break;
        case 1: add(e.key); break;
        case 2: add(word?.slice(0, 5)); break;
        case 3: add(word && next && next !== word ? `${word} ${next.slice(0, 4)}` : word); break;
        case 4: add(family ? words(family)[0] : undefined); break;
        case 5: add(word && word.length > 4 ? `${word.slice(0, 3)}-${word[3]}` : undefined); break;
        case 6: add(word && e.year !== undefined ? `${word} ${e.year}` : undefined); break;
        // A letter swapped inside a long word (typo tier), or a key's letters with gaps (subsequence tier).
        default: add(title.find((w) => w.length >= 7)?.replace(/^(..)(.)(.)/, '$1$3$2') ?? keyLetters(e.key)); break;
      }
    }
  }
  return out;
}

/** Every other letter of a key ("he2016deep" -> "h21de"): matches as a subsequence, rarely as a prefix. */
function keyLetters(key: string): string | undefined {
  const letters = [...key].filter((_, i) => i % 2 === 0).join('');
  return letters.length >= 3 ? letters : undefined;
}

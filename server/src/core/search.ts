/**
 * The one search behind completion, workspace symbols, the CLI and the quick pick.
 *
 * Design note.
 * - The index is a set of *segments*, one per source (the bundled database, each bib or CSL-JSON
 *   file). A segment is immutable once built; updating a file replaces its segment and removing a
 *   file drops it, so one file's change never rebuilds the others.
 * - Inside a segment every entry is a small integer id (its position in the segment). Each entry is
 *   tokenised once (key and its pieces, aliases, nicknames, title words, author family and given
 *   names, year, arXiv id); tokens are interned in a per-segment vocabulary that is *sorted*, and a
 *   token's id is its rank in that order. So "token t starts with q" is "lo(q) <= id(t) < hi(q)",
 *   where [lo, hi) comes from two binary searches: prefix matching never compares strings per entry.
 * - Postings (token id -> entry ids) and the forward lists (entry id -> token ids + field) live in
 *   flat typed arrays. A query picks its rarest token as the driver, walks that token's postings
 *   (the exact token first, then its prefix extensions shortest first, i.e. best match first) and
 *   checks the other query tokens on each candidate's forward list with integer range tests.
 * - Ranking tiers: exact key/alias/nickname/arXiv id, then key prefix, then all query tokens as
 *   token prefixes (exact tokens and author/key fields weigh more, longer matched fractions more),
 *   then fuzzy (typo within edit distance 1-2 of a vocabulary token with the same first letter, or
 *   the query as a subsequence of a key), tried only when nothing else matched. Citation count
 *   breaks ties; the caller's preferred segments (the document's own bibliographies) win ties
 *   before citations.
 * - Tiers are strict (no score reaches the next tier), and each driver token has a best possible
 *   score: once the heap of the best `limit` hits is full, a tier or token that could not enter it
 *   is not walked at all. A key prefix matching thousands of keys or a common title word no longer
 *   costs a walk over all their postings (at 100k entries: p99 of a completion 19 -> 9 ms in-process).
 * - Every loop that could grow with the entry count has a budget per query, shared by all segments
 *   (key-prefix range, candidates, fuzzy vocabulary scan). When a budget cuts a tier short the answer says `total: 'many'` and
 *   `incomplete: true`, so editors ask again as the user types more. The top `limit` hits are kept
 *   in a bounded heap, never by sorting every hit.
 */
import type { EntryBrief, IndexedEntry } from './model';
import { ArrayEntryStore, type EntryStore } from './entryStore';

/** One result; its entry is built on first use (a completion shows only the brief of its hits). */
export interface SearchHit {
  readonly key: string;
  readonly score: number;
  readonly entry: IndexedEntry;
  /** What a result list shows of the entry (see EntryStore.brief). */
  brief(): EntryBrief;
}

class StoredHit implements SearchHit {
  private built?: IndexedEntry;
  constructor(private readonly store: EntryStore, private readonly i: number, readonly score: number, readonly key: string) {}
  get entry(): IndexedEntry {
    return (this.built ??= this.store.entry(this.i));
  }
  brief(): EntryBrief {
    return this.built ?? this.store.brief(this.i);
  }
}

export interface SearchResult {
  /** Best first, at most `limit`. */
  results: SearchHit[];
  /** How many entries matched, or 'many' when a budget stopped counting. */
  total: number | 'many';
  /** True when more matches exist than `results` holds (or may exist beyond a budget). */
  incomplete: boolean;
}

export interface SearchOptions {
  limit: number;
  /** Segment ids (file URIs) whose entries win ties: the document's own bibliographies. */
  prefer?: readonly string[];
}

/** Score layout: tier * TIER + match quality (0..999) * 1000 + tie-break (0..999). */
const TIER = 1_000_000;
const T_EXACT = 4, T_KEY_PREFIX = 3, T_TOKENS = 2, T_FUZZY = 1;

const KEY_PREFIX_BUDGET = 5_000;
const CANDIDATE_BUDGET = 20_000;
const FUZZY_VOCAB_BUDGET = 8_000;
const SUBSEQ_BUDGET = 5_000;

/**
 * What one query may still spend, over *all* segments: a big file is several segments, and budgets
 * per segment let a short query cost ten times more on a file cut in ten.
 */
interface Budget {
  keyPrefix: number;
  candidates: number;
  fuzzyVocab: number;
  subseq: number;
}
/** Postings a non-driver word may mark up front; a word with more is checked per candidate instead. */
const MARK_BUDGET = 200_000;
const MAX_MARKED_WORDS = 4;

const F_KEY = 0, F_NAME = 1, F_TITLE = 2, F_AUTHOR = 3, F_GIVEN = 4, F_YEAR = 5, F_ID = 6, F_KEY_PART = 7, F_NAME_PART = 8;
/**
 * A whole key or nickname and author names count most; pieces of a key ("residual" in
 * "schaff2020residual") repeat the title or authors, so they count a little less than the title;
 * one word of a longer nickname ("kaiming" in "Kaiming initialization") counts like a given name.
 */
const FIELD_WEIGHT = [1, 1, 0.9, 1, 0.75, 0.9, 0.8, 0.85, 0.75];

/** Lowercase, accents folded, split on anything but letters and digits. */
export function words(s: string): string[] {
  const out: string[] = [];
  for (const w of fold(s).split(/[^a-z0-9]+/)) if (w) out.push(w);
  return out;
}

function fold(s: string): string {
  // ASCII fast path: most keys and titles need no Unicode normalisation.
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(s) ? s.toLowerCase() : s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/ł/g, 'l').replace(/ø/g, 'o').replace(/ß/g, 'ss');
}

/** Letters and digits only: how keys, aliases and nicknames are compared for exact matches. */
export function compact(s: string): string {
  return fold(s).replace(/[^a-z0-9]/g, '');
}

/** Citation count used as the tie-breaker: the largest count any source states. */
export function citationCount(e: IndexedEntry): number {
  let best = 0;
  for (const c of e.paper?.custom.citations ?? []) if (c.count > best) best = c.count;
  return best;
}

/**
 * A segment's search structures: typed arrays and sorted string arrays only, so the index worker
 * can build a segment where it parses a file and post it to the request thread (typed arrays are
 * transferred, the string arrays copied once). Entry ids are positions in the segment's EntryStore.
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

export function toStringList(strs: readonly string[]): StringList {
  const starts = new Int32Array(strs.length + 1);
  for (let r = 0, at = 0; r < strs.length; r++) { at += strs[r].length; starts[r + 1] = at; }
  return { text: oneByte(strs.join('')), starts };
}

/**
 * `s` as a one-byte string when it is ASCII. Tokens and keys come from slices of a file's text,
 * which is two-byte as soon as the file has one character beyond Latin-1, and a string joined from
 * two-byte pieces stays two-byte: the vocabularies, keys and exact strings of the 100k-entry bench
 * file took 17 MB of heap instead of 8.5.
 */
export function oneByte(s: string): string {
  const bytes = asciiEncoder.encode(s);
  return bytes.length === s.length ? asciiDecoder.decode(bytes) : s;
}

export function listSize(l: StringList): number {
  return l.starts.length - 1;
}

function lengthAt(l: StringList, r: number): number {
  return l.starts[r + 1] - l.starts[r];
}

/** Compares element r with s by UTF-16 code units (like `<`), without making a string. */
function compareAt(l: StringList, r: number, s: string): number {
  const start = l.starts[r], len = l.starts[r + 1] - start, text = l.text;
  const n = Math.min(len, s.length);
  for (let k = 0; k < n; k++) {
    const d = text.charCodeAt(start + k) - s.charCodeAt(k);
    if (d !== 0) return d;
  }
  return len - s.length;
}

/** Entry ids of one segment. */
export type EntryIds = Int32Array | Uint16Array;
/** Vocabulary ranks of one segment. */
export type TokenIds = Int32Array | Uint16Array;

function entryIds(count: number, length: number): EntryIds {
  return count <= 65536 ? new Uint16Array(length) : new Int32Array(length);
}

export interface SegmentData {
  count: number;
  /** The bundled database's segment (wins ties against a user file's copy of the same paper). */
  bundled: boolean;
  vocab: StringList;
  postStart: Int32Array;
  /** Entry ids: 16-bit when the segment has at most 65,536 entries (every prepared range), halving the biggest array. */
  post: EntryIds;
  /** Field of each posting (parallel to `post`). */
  postField: Uint8Array;
  fwdStart: Int32Array;
  /** Each entry's tokens (vocabulary ranks): 16-bit when the vocabulary has at most 65,536 tokens (a 10k-entry segment has ~45k). */
  fwdTok: TokenIds;
  fwdField: Uint8Array;
  /** Sorted distinct compact keys/aliases/nicknames/arXiv ids; the entries of exactStrs[r] are exactIds[exactStart[r] .. exactStart[r + 1]). */
  exactStrs: StringList;
  exactStart: Int32Array;
  exactIds: EntryIds;
  /** Lowercased keys and aliases, sorted, with their entry ids (parallel arrays). */
  keys: StringList;
  keyIds: EntryIds;
  /** Per entry: its citation count as a tie-break value, min(996, 2 * round(50 * log10(1 + citations))). */
  ties: Uint16Array;
}

/** A segment's typed arrays (its string lists' offsets included). */
function segmentArrays(d: SegmentData): ArrayBufferView[] {
  return [d.postStart, d.post, d.postField, d.fwdStart, d.fwdTok, d.fwdField, d.exactStart, d.exactIds, d.keyIds, d.ties, d.vocab.starts, d.keys.starts, d.exactStrs.starts];
}

/** Bytes of a segment's structures (string lists at one byte per character: their text is ASCII or nearly). */
export function segmentBytes(d: SegmentData): number {
  let n = d.vocab.text.length + d.keys.text.length + d.exactStrs.text.length;
  for (const a of segmentArrays(d)) n += a.byteLength;
  return n;
}

/** The buffers of a segment that can move between threads without a copy. */
export function segmentTransferables(d: SegmentData): ArrayBuffer[] {
  return segmentArrays(d).map((a) => a.buffer as ArrayBuffer);
}

interface Segment {
  /** Built on first use for segments given as entries (see setSegment). */
  data?: SegmentData;
  store: EntryStore;
  /** Per-query scratch: the query stamp that last visited an entry. */
  seen: Uint32Array;
  /** Per-query scratch for the other words of a multi-word query (created on first use). */
  marks: Array<{ stamp: Uint32Array; score: Float32Array }>;
}

/**
 * Calls `emit` with each word of `s` (as `words` splits it) and, for a word mixing letters and
 * digits ("he2016deep"), also with its letter and digit runs, as ranges of a text that is `s`
 * itself when `s` is ASCII (uppercase letters are lowered by the Interner as it reads them) or its
 * folded form otherwise. No string per word: the interner makes one only for a word it has not
 * seen. A char loop: indexing calls this millions of times and regex splitting dominated the build.
 */
function forEachWord(s: string, emit: (t: string, start: number, end: number, f: number) => void, f: number): void {
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

/**
 * Interns substrings given as ranges, read as lowercase ASCII (the ranges forEachWord gives hold only
 * letters and digits): an open-addressing table of (hash, id) pairs. A word seen before costs a hash
 * and one comparison, and no string is allocated for it (with a Map, every occurrence needed its own
 * lowercased, sliced string to look up: 2.5M of them at 100k entries).
 */
class Interner {
  readonly strs: string[] = [];
  /** Pairs (hash, id + 1); id + 1 = 0 marks a free slot. */
  private slots = new Int32Array(2 << 12);

  /** The id of src[start, end) lowercased, a new one (in order of first sight) when it is new. */
  id(src: string, start: number, end: number): number {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ (src.charCodeAt(i) | 32), 0x01000193);
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    const len = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const v = slots[2 * slot + 1];
      if (v === 0) {
        const id = this.strs.length;
        this.strs.push(src.slice(start, end).toLowerCase());
        slots[2 * slot] = hash;
        slots[2 * slot + 1] = id + 1;
        if (this.strs.length * 4 > slots.length) this.grow();
        return id;
      }
      if (slots[2 * slot] !== hash) continue;
      const t = this.strs[v - 1];
      if (t.length !== len) continue;
      let k = 0;
      while (k < len && t.charCodeAt(k) === (src.charCodeAt(start + k) | 32)) k++;
      if (k === len) return v - 1;
    }
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = (slots.length >> 1) - 1;
    for (let o = 0; o < old.length; o += 2) {
      if (old[o + 1] === 0) continue;
      let slot = old[o] & mask;
      while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = old[o];
      slots[2 * slot + 1] = old[o + 1];
    }
    this.slots = slots;
  }
}

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

/**
 * Builds the search structures of `entries` (pure: the index worker runs it where it parses a file).
 * `entries` may be any indexable list; only the i-th element is read at a time.
 */
export function buildSegment(entries: ArrayLike<IndexedEntry>): SegmentData {
  const n = entries.length;
  // Pass 1: intern tokens under provisional ids (order of first sight) and write the forward lists.
  const interner = new Interner();
  const tokStr = interner.strs;
  let counts = new Int32Array(1024);
  const fwdProv: number[] = [];
  const fwdFieldList: number[] = [];
  const fwdStart = new Int32Array(n + 1);
  const exactStrList: string[] = [];
  const exactOwner: number[] = [];
  const keyStrs: string[] = [];
  const keyEntry: number[] = [];
  const ties = new Uint16Array(n);
  // Per provisional id: the last entry that used it and where, so duplicates within an entry
  // keep their best field without a per-entry map.
  let lastEntry = new Int32Array(1024).fill(-1);
  let lastPos = new Int32Array(1024);
  let cur = 0;
  const add = (src: string, start: number, end: number, f: number) => {
    const id = interner.id(src, start, end);
    if (id === counts.length) {
      const grown = (a: Int32Array) => { const b = new Int32Array(a.length * 2); b.set(a); return b; };
      counts = grown(counts); lastEntry = grown(lastEntry); lastPos = grown(lastPos);
      lastEntry.fill(-1, id);
    }
    if (lastEntry[id] === cur) {
      const at = lastPos[id];
      if (FIELD_WEIGHT[f] > FIELD_WEIGHT[fwdFieldList[at]]) fwdFieldList[at] = f;
      return;
    }
    lastEntry[id] = cur;
    lastPos[id] = fwdProv.length;
    fwdProv.push(id);
    fwdFieldList.push(f);
    counts[id]++;
  };
  const addWords = (s: string, f: number) => forEachWord(s, add, f);
  const addExact = (s: string, i: number) => {
    const c = compact(s);
    if (!c) return;
    exactStrList.push(c);
    exactOwner.push(i);
  };
  const addName = (k: string, i: number) => {
    addWords(k, F_KEY_PART);
    const c = compact(k);
    if (c) add(c, 0, c.length, F_KEY);
    addExact(k, i);
    keyStrs.push(k.toLowerCase());
    keyEntry.push(i);
  };
  for (let i = 0; i < n; i++) {
    const e = entries[i];
    cur = i;
    fwdStart[i] = fwdProv.length;
    addName(e.key, i);
    const p = e.paper;
    if (p) {
      if (p.id !== e.key) addName(p.id, i);
      for (const a of p.custom.aliases ?? []) if (a !== e.key) addName(a, i);
      for (const nick of p.custom.nicknames ?? []) {
        addWords(nick, F_NAME_PART);
        const c = compact(nick);
        if (c) add(c, 0, c.length, F_NAME);
        addExact(nick, i);
      }
    }
    addWords(e.title, F_TITLE);
    for (const a of e.authors) {
      addWords(a.family, F_AUTHOR);
      if (a.given) addWords(a.given, F_GIVEN);
    }
    if (e.year !== undefined) { const y = String(e.year); add(y, 0, y.length, F_YEAR); }
    if (e.arxiv) { addWords(e.arxiv, F_ID); addExact(e.arxiv, i); }
    ties[i] = Math.min(996, 2 * Math.round(Math.log10(1 + citationCount(e)) * 50));
  }
  fwdStart[n] = fwdProv.length;
  // Pass 2: token ids become ranks in sorted order, so prefix tests are integer range tests.
  const vocabOrder = sortedIds(tokStr);
  const vocab: string[] = Array.from(vocabOrder, (id) => tokStr[id]);
  const rankOf = new Int32Array(tokStr.length);
  const provOf = new Int32Array(vocab.length);
  for (let r = 0; r < vocab.length; r++) { const id = vocabOrder[r]; provOf[r] = id; rankOf[id] = r; }
  const postStart = new Int32Array(vocab.length + 1);
  for (let r = 0, total = 0; r < vocab.length; r++) { postStart[r] = total; total += counts[provOf[r]]; postStart[r + 1] = total; }
  const total = fwdProv.length;
  const fwdTok: TokenIds = vocab.length <= 65536 ? new Uint16Array(total) : new Int32Array(total);
  const fwdField = Uint8Array.from(fwdFieldList);
  const post = entryIds(n, total);
  const postField = new Uint8Array(total);
  const fill = postStart.slice(0, vocab.length);
  // Entries are visited in order, so every posting list comes out sorted by entry id.
  for (let i = 0; i < n; i++) {
    for (let f = fwdStart[i]; f < fwdStart[i + 1]; f++) {
      const r = rankOf[fwdProv[f]];
      fwdTok[f] = r;
      postField[fill[r]] = fwdField[f];
      post[fill[r]++] = i;
    }
  }
  // Keys are added in entry order, so among equal keys position order is entry order.
  const order = sortedIds(keyStrs);
  const exact = groupByString(exactStrList, exactOwner, n);
  return {
    count: n, bundled: n > 0 && entries[0].source.kind === 'bundled',
    vocab: toStringList(vocab), postStart, post, postField, fwdStart, fwdTok, fwdField, exactStrs: exact.list, exactStart: exact.start, exactIds: exact.ids,
    keys: toStringList(Array.from(order, (k) => keyStrs[k])), keyIds: n <= 65536 ? Uint16Array.from(order, (k) => keyEntry[k]) : Int32Array.from(order, (k) => keyEntry[k]), ties,
  };
}

/**
 * Groups entry ids by string: the distinct strings in order, and for the r-th the ids
 * ids[start[r] .. start[r + 1]) in entry order. `strs[k]` belongs to entry `owner[k]`. Sort-based:
 * a Map of 100k fresh strings costs more than sorting them.
 */
function groupByString(strs: readonly string[], owner: ArrayLike<number>, count: number): { list: StringList; start: Int32Array; ids: EntryIds } {
  const order = sortedIds(strs);
  const distinct: string[] = [];
  const start: number[] = [];
  const ids = entryIds(count, order.length);
  let at = 0;
  for (let k = 0; k < order.length; k++) {
    const str = strs[order[k]];
    const id = owner[order[k]];
    if (!distinct.length || distinct[distinct.length - 1] !== str) { distinct.push(str); start.push(at); }
    else if (ids[at - 1] === id) continue; // the same entry twice under one string
    ids[at++] = id;
  }
  start.push(at);
  return { list: toStringList(distinct), start: Int32Array.from(start), ids: ids.slice(0, at) as EntryIds };
}

/**
 * Copies of `keys` of their own (lowercased when asked). Keys from the reader or the key scan are
 * slices of the file's text, which is two-byte when the file has any character beyond Latin-1:
 * comparing and hashing those is slower, and toLowerCase on one is a runtime call. For ASCII keys
 * (nearly all) the copies are made in four native passes over the joined keys, which produce
 * one-byte strings; 100k keys: ~15 ms, against ~60 ms for a JSON round trip.
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

/**
 * Search structures over keys alone (key-prefix matches, typo-tolerant key subsequences): what a big
 * file offers while its full structures are prepared. A whole key typed is a key-prefix match here
 * (the exact-match tier comes with the full structures); a fraction of buildSegment's work.
 */
export function buildKeySegment(keys: readonly string[], keysOwned = false): SegmentData {
  const n = keys.length;
  // Keys that are already copies of their own (ownKeys) only need lowercasing, a fast path for one-byte strings.
  const lower = keysOwned ? keys.map((k) => k.toLowerCase()) : ownKeys(keys, true);
  const order = sortedIds(lower);
  return {
    count: n, bundled: false, vocab: toStringList([]), postStart: new Int32Array(1), post: entryIds(n, 0), postField: new Uint8Array(0),
    fwdStart: new Int32Array(n + 1), fwdTok: new Int32Array(0), fwdField: new Uint8Array(0),
    exactStrs: toStringList([]), exactStart: new Int32Array(1), exactIds: entryIds(n, 0),
    keys: toStringList(Array.from(order, (k) => lower[k])), keyIds: n <= 65536 ? Uint16Array.from(order) : Int32Array.from(order), ties: new Uint16Array(n),
  };
}

/** First index in the sorted array whose string is >= s. */
function lowerBound(arr: StringList, s: string): number {
  let lo = 0, hi = listSize(arr);
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (compareAt(arr, mid, s) < 0) lo = mid + 1; else hi = mid; }
  return lo;
}

/** [lo, hi) of the strings in a sorted array that start with `prefix`. */
function prefixRange(arr: StringList, prefix: string): [number, number] {
  const lo = lowerBound(arr, prefix);
  // Every string with the prefix sorts before prefix + U+FFFF.
  const hi = lowerBound(arr, prefix + '\uffff');
  return [lo, hi];
}

let rowA = new Int32Array(64), rowB = new Int32Array(64), rowC = new Int32Array(64);

/**
 * Optimal-string-alignment distance between `a` and text[bStart, bStart + n), giving up (returning
 * max + 1) once it exceeds `max`. A range, not a string: the fuzzy tier compares against thousands
 * of vocabulary entries, each a part of one long string.
 */
function editDistance(a: string, text: string, bStart: number, n: number, max: number): number {
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
function isSubsequenceAt(l: StringList, r: number, q: string): boolean {
  const text = l.text, end = l.starts[r + 1];
  let j = 0;
  for (let i = l.starts[r]; i < end && j < q.length; i++) if (text.charCodeAt(i) === q.charCodeAt(j)) j++;
  return j === q.length;
}

interface QueryToken {
  text: string;
  exactId: number;
  lo: number;
  hi: number;
  /** Token ids within the edit-distance budget (fuzzy tier only). */
  fuzzy?: Set<number>;
}

/** Bounded best-first collection: a min-heap of the best `limit` hits. */
/** A segment whose search structures exist (every segment, once a search has begun). */
type BuiltSegment = Segment & { data: SegmentData };

/** A hit before its entry is built: entries are made only for the hits that are returned. */
interface RawHit {
  seg: Segment;
  i: number;
  score: number;
  /** The entry's key, read from its store on the first tie that needs it. */
  key?: string;
}

function hitKey(h: RawHit): string {
  return (h.key ??= h.seg.store.key(h.i));
}

class TopK {
  readonly items: RawHit[] = [];
  constructor(readonly limit: number) {}
  private worse(a: RawHit, b: RawHit): boolean {
    return a.score < b.score || (a.score === b.score && hitKey(a) > hitKey(b));
  }
  /**
   * False when a hit with this score would not enter. Equal scores are refused once full, so among
   * equals the first visited wins (posting order: file order, or most-cited first for the database).
   */
  accepts(score: number): boolean {
    return this.items.length < this.limit || score > this.items[0].score;
  }
  /**
   * False when no hit of `tier` could enter: the heap is full of better tiers. Tiers are strict
   * (a score never reaches the next tier's base), so such a tier need not be walked at all.
   */
  takesTier(tier: number): boolean {
    return this.items.length < this.limit || this.items[0].score < (tier + 1) * TIER;
  }
  push(h: RawHit): void {
    const it = this.items;
    if (this.limit <= 0) return;
    if (it.length < this.limit) {
      it.push(h);
      let i = it.length - 1;
      while (i > 0) { const p = (i - 1) >> 1; if (!this.worse(it[i], it[p])) break; [it[i], it[p]] = [it[p], it[i]]; i = p; }
      return;
    }
    if (!this.worse(it[0], h)) return;
    it[0] = h;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < it.length && this.worse(it[l], it[m])) m = l;
      if (r < it.length && this.worse(it[r], it[m])) m = r;
      if (m === i) break;
      [it[i], it[m]] = [it[m], it[i]];
      i = m;
    }
  }
  sorted(): SearchHit[] {
    return [...this.items].sort((a, b) => (this.worse(a, b) ? 1 : this.worse(b, a) ? -1 : 0)).map((h) => new StoredHit(h.seg.store, h.i, h.score, hitKey(h)));
  }
}

/** Searchable entries from many sources; see the design note at the top of this file. */
export class SearchIndex {
  private readonly segments = new Map<string, Segment>();
  /** The source a segment belongs to (a big file is indexed as several segments); `prefer` names sources. */
  private readonly sourceOf = new Map<string, string>();
  private stamp = 0;

  /**
   * Indexes `entries` as segment `id`, part of `source` (the file URI; by default the id itself),
   * replacing what the segment held. Entries earlier in the list win remaining ties.
   */
  setSegment(id: string, entries: readonly IndexedEntry[], source = id): void {
    // Built on the first search, not here: the bundled database's segment is made at server start,
    // and the first answer an editor asks for (a hover) needs no search.
    this.segments.set(id, { store: new ArrayEntryStore(entries), seen: new Uint32Array(entries.length), marks: [] });
    this.sourceOf.set(id, source);
  }

  /** Like setSegment, for structures built elsewhere (the index worker); `store` holds the entries. */
  setBuiltSegment(id: string, data: SegmentData, store: EntryStore, source = id): void {
    this.segments.set(id, { data, store, seen: new Uint32Array(data.count), marks: [] });
    this.sourceOf.set(id, source);
  }

  removeSegment(id: string): void {
    this.segments.delete(id);
    this.sourceOf.delete(id);
  }

  /**
   * Bytes the search structures hold: typed arrays and one byte per character of their string lists
   * (ASCII strings are one-byte). For debugStats: arrays that came from a worker are not counted in
   * node's `arrayBuffers` figure.
   */
  memoryBytes(counted?: Set<SegmentData>): number {
    let n = 0;
    for (const seg of this.segments.values()) {
      n += seg.seen.byteLength;
      for (const m of seg.marks) if (m) n += m.stamp.byteLength + m.score.byteLength;
      if (seg.data) { n += segmentBytes(seg.data); counted?.add(seg.data); }
    }
    return n;
  }

  /** Number of indexed entries over all segments. */
  size(): number {
    let n = 0;
    for (const s of this.segments.values()) n += s.store.size;
    return n;
  }

  /**
   * Best matches for `query`, at most `options.limit`. An empty query lists entries in source
   * order (preferred segments first; the bundled segment is ordered most-cited first).
   */
  search(query: string, options: SearchOptions): SearchResult {
    const limit = Math.max(0, options.limit);
    const prefer = new Set(options.prefer ?? []);
    const top = new TopK(limit);
    const q = query.trim();
    if (!q) return this.listAll(limit, prefer);
    for (const seg of this.segments.values()) seg.data ??= buildSegment((seg.store as ArrayEntryStore).entries);
    const qLower = q.toLowerCase();
    const qCompact = compact(q);
    const qWords = [...new Set(words(q))];
    let total = 0;
    let many = false;
    // Two passes: exact and prefix tiers over every segment first, then typo and subsequence guesses
    // only when those found nothing at all. A query that matched something is a real key, word or
    // name being typed: guesses after its matches are noise, and they were the slowest part of such
    // queries (at 100k entries the typo tier scanned 8,000 vocabulary tokens per query, 3-30 ms, to
    // add guesses under a title word that had its own matches in another slice of the file).
    const stamps = new Map<Segment, number>();
    const budget: Budget = { keyPrefix: KEY_PREFIX_BUDGET, candidates: CANDIDATE_BUDGET, fuzzyVocab: FUZZY_VOCAB_BUDGET, subseq: SUBSEQ_BUDGET };
    for (const [segId, seg] of this.segments) {
      const r = this.searchSegment(seg as BuiltSegment, qLower, qCompact, qWords, limit, prefer.has(this.sourceOf.get(segId) ?? segId), top, stamps, 'strict', 0, budget);
      total += r.count;
      many ||= r.many;
    }
    if (total === 0 && qWords.length) {
      for (const [segId, seg] of this.segments) {
        const r = this.searchSegment(seg as BuiltSegment, qLower, qCompact, qWords, limit, prefer.has(this.sourceOf.get(segId) ?? segId), top, stamps, 'fuzzy', total, budget);
        total += r.count;
        many ||= r.many;
      }
    }
    const results = top.sorted();
    return { results, total: many ? 'many' : total, incomplete: many || total > results.length };
  }

  private listAll(limit: number, prefer: Set<string>): SearchResult {
    const results: SearchHit[] = [];
    let total = 0;
    const preferred = (id: string) => Number(prefer.has(this.sourceOf.get(id) ?? id));
    const order = [...this.segments].sort(([a], [b]) => preferred(b) - preferred(a));
    for (const [, seg] of order) {
      total += seg.store.size;
      for (let i = 0; i < seg.store.size && results.length < limit; i++) results.push(new StoredHit(seg.store, i, 0, seg.store.key(i)));
    }
    return { results, total, incomplete: total > results.length };
  }

  /**
   * One segment's hits. Phase 'strict' runs tiers 1-3 and remembers the segment's stamp in `stamps`;
   * phase 'fuzzy' runs tier 4 with the same stamp, so entries found before are not found twice.
   * `found` is how many hits earlier segments and passes gave (the typo tier fills up to `limit`).
   */
  private searchSegment(seg: BuiltSegment, qLower: string, qCompact: string, qWords: string[], limit: number, preferred: boolean, top: TopK,
    stamps: Map<Segment, number>, phase: 'strict' | 'fuzzy', found: number, budget: Budget): { count: number; many: boolean } {
    const stamp = phase === 'strict' ? ++this.stamp : stamps.get(seg) ?? ++this.stamp;
    stamps.set(seg, stamp);
    let count = 0;
    let many = false;
    // Preferred files first; then citations; at equal citations the bundled entry before a user
    // file's copy of the same paper (tie values are even for user files, odd for the bundled one).
    const d = seg.data;
    const bundled = d.bundled ? 1 : 0;
    const tie = (i: number) => (preferred ? 999 : d.ties[i] + bundled);
    const hit = (i: number, tier: number, match: number) => {
      seg.seen[i] = stamp;
      count++;
      const score = tier * TIER + Math.round(Math.min(1, match) * 999) * 1000 + tie(i);
      if (top.accepts(score)) top.push({ seg, i, score });
    };

    // Tier 1: the query is a key, alias, nickname or arXiv id.
    if (phase === 'strict' && qCompact) {
      const r = lowerBound(d.exactStrs, qCompact);
      if (r < listSize(d.exactStrs) && compareAt(d.exactStrs, r, qCompact) === 0) {
        for (let p = d.exactStart[r]; p < d.exactStart[r + 1]; p++) { const i = d.exactIds[p]; if (seg.seen[i] !== stamp) hit(i, T_EXACT, 1); }
      }
    }

    // Tier 2: the query starts a key or alias (budgeted: a one-letter prefix can cover thousands).
    if (phase === 'strict' && !/\s/.test(qLower)) {
      const [lo, hi] = prefixRange(seg.data.keys, qLower);
      if (lo < hi && !top.takesTier(T_KEY_PREFIX)) return { count: count + hi - lo, many: true };
      const end = Math.min(hi, lo + budget.keyPrefix);
      budget.keyPrefix -= end - lo;
      if (hi > end) many = true;
      for (let r = lo; r < end; r++) {
        const i = seg.data.keyIds[r];
        if (seg.seen[i] !== stamp) hit(i, T_KEY_PREFIX, qLower.length / lengthAt(seg.data.keys, r));
      }
    }
    if (qWords.length === 0) return { count, many };

    // Tier 3: every query word starts some token of the entry.
    const qt: QueryToken[] = [];
    const addQuery = (w: string) => {
      const [lo, hi] = prefixRange(seg.data.vocab, w);
      qt.push({ text: w, lo, hi, exactId: lo < hi && compareAt(seg.data.vocab, lo, w) === 0 ? lo : -1 });
      return lo < hi;
    };
    for (const w of qWords) {
      // "dorigo1996" that starts no token is tried as "dorigo" and "1996", as entries index such runs.
      // Not a word of more than three runs: that is an id or a hash ("f4d0e2e7" in a key), whose
      // one-letter runs start nearly every token. In the segments that lack it, it matched unrelated
      // entries at the cost of a walk in each (a whole key typed took ~2.8 ms at 100k entries).
      if (addQuery(w) || !/[a-z]/.test(w) || !/[0-9]/.test(w)) continue;
      const runs = w.match(/[a-z]+|[0-9]+/g)!;
      if (runs.length > 3) continue;
      qt.pop();
      for (const r of runs) if (!qt.some((t) => t.text === r)) addQuery(r);
    }
    if (phase === 'strict') {
      // Every word starting some token is needed for a match; when the heap is full of key matches
      // the walk could not change the answer, so it only records that more matches may exist.
      if (!top.takesTier(T_TOKENS)) return { count, many: many || qt.every((t) => t.lo < t.hi) };
      many ||= this.candidates(seg, qt, stamp, false, hit, top, budget).cut;
      return { count, many };
    }

    // Tier 4 (this phase runs only when the strict tiers found nothing anywhere): typos and key subsequences.
    if (found + count < limit) {
      let anyFuzzy = false;
      for (const t of qt) {
        // Typo tolerance is for words that start no token at all; a real prefix is not a typo.
        if (t.text.length < 3 || t.lo < t.hi) continue;
        t.fuzzy = this.fuzzyTokens(seg, t.text, budget);
        if (t.fuzzy.size) anyFuzzy = true;
      }
      if (anyFuzzy) many ||= this.candidates(seg, qt, stamp, true, hit, top, budget).cut;
      if (qWords.length === 1 && qCompact.length >= 2 && found + count < limit) {
        const [lo, hi] = prefixRange(seg.data.keys, qCompact[0]);
        const end = Math.min(hi, lo + budget.subseq);
        budget.subseq -= end - lo;
        if (hi > end) many = true;
        for (let r = lo; r < end; r++) {
          const i = seg.data.keyIds[r];
          if (seg.seen[i] === stamp) continue;
          if (isSubsequenceAt(seg.data.keys, r, qCompact)) hit(i, T_FUZZY, 0.5 * qCompact.length / lengthAt(seg.data.keys, r));
        }
      }
    }
    return { count, many };
  }

  /**
   * Walks the postings of the rarest query token and checks the others on each candidate.
   * With `fuzzy`, a word may also match a token from its fuzzy set; an entry that needed one is tier 4.
   */
  private candidates(seg: BuiltSegment, qt: QueryToken[], stamp: number, fuzzy: boolean, hit: (i: number, tier: number, match: number) => void, top: TopK, budget: Budget): { cut: boolean } {
    const { postStart, post, postField, vocab } = seg.data;
    // Postings are stored in vocabulary order, so a prefix range's postings are one run: its size
    // is one subtraction (summing per token cost ~1 ms a query for one-letter pieces like "c").
    const postings = (t: QueryToken) => postStart[t.hi] - postStart[t.lo];
    let best: QueryToken | undefined;
    let bestEst = Infinity;
    for (const t of qt) {
      let est = postings(t);
      if (fuzzy && t.fuzzy) for (const r of t.fuzzy) if (r < t.lo || r >= t.hi) est += postStart[r + 1] - postStart[r];
      if (est < bestEst) { bestEst = est; best = t; }
    }
    if (!best || bestEst === 0) return { cut: false };
    const driver = best;
    /**
     * The driver's tokens, best match first: the exact token, then by length (a shorter token is a
     * larger part of the typed word, so it scores higher). That order lets the walk stop at the first
     * token whose best possible hit could not enter the heap.
     */
    const driverIds = (t: QueryToken): number[] => {
      const ids: number[] = [];
      if (t.exactId >= 0) ids.push(t.exactId);
      const byLength: number[][] = [];
      for (let r = t.lo; r < t.hi; r++) if (r !== t.exactId) (byLength[lengthAt(vocab, r)] ??= []).push(r);
      for (const group of byLength) if (group) for (const r of group) ids.push(r);
      if (fuzzy && t.fuzzy) for (const r of t.fuzzy) if (r < t.lo || r >= t.hi) ids.push(r);
      return ids;
    };
    /** How well query word `t` matches vocabulary token `r`, before the field's weight. */
    const tokenMatch = (t: QueryToken, r: number) => (r === t.exactId ? 1 : 0.5 + 0.4 * t.text.length / lengthAt(vocab, r));
    const tokenScore = (t: QueryToken, r: number, field: number) => tokenMatch(t, r) * FIELD_WEIGHT[field];
    // The other words: when their postings are few enough, score every entry they match once up
    // front (stamped scratch arrays), so each candidate costs one array read per word instead of a
    // walk over its forward list.
    const marked: Array<{ stamp: Uint32Array; score: Float32Array; tag: number } | undefined> = qt.map((t) => {
      if (fuzzy || t === driver) return undefined;
      const est = postings(t);
      const worth = Math.min(MARK_BUDGET, bestEst * 16);
      const slot = qt.indexOf(t);
      // Marking costs one step per posting; checking each driver candidate's forward list instead
      // costs about one per token of the entry (~20). Mark only when that is the cheaper way.
      if (est > worth || slot >= MAX_MARKED_WORDS) return undefined;
      let m = seg.marks[slot];
      if (!m) m = seg.marks[slot] = { stamp: new Uint32Array(seg.data.count), score: new Float32Array(seg.data.count) };
      const tag = ++this.stamp;
      const { stamp: stamps, score: scores } = m;
      // The hottest loop of a multi-word query (tens of thousands of postings): locals only.
      for (let r = t.lo; r < t.hi; r++) {
        const match = tokenMatch(t, r);
        for (let p = postStart[r], end = postStart[r + 1]; p < end; p++) {
          const i = post[p];
          const sc = match * FIELD_WEIGHT[postField[p]];
          if (stamps[i] !== tag) { stamps[i] = tag; scores[i] = sc; } else if (sc > scores[i]) scores[i] = sc;
        }
      }
      return { stamp: stamps, score: scores, tag };
    });

    const { fwdStart, fwdTok, fwdField } = seg.data;
    const seen = seg.seen;
    const words = qt.length;
    for (const r of driverIds(driver)) {
      const driverMatch = tokenMatch(driver, r);
      // The best this token can give: a full-weight field, every other word matched exactly, the
      // highest tie value. When the heap would refuse even that, no later token can do better.
      if (!fuzzy && !top.accepts(T_TOKENS * TIER + Math.round(Math.min(1, (driverMatch + words - 1) / words) * 999) * 1000 + 999)) return { cut: true };
      for (let p = postStart[r], end = postStart[r + 1]; p < end; p++) {
        const i = post[p];
        if (seen[i] === stamp) continue;
        if (--budget.candidates < 0) return { cut: true };
        let sum = 0;
        let usedFuzzy = false;
        let ok = true;
        for (let k = 0; k < qt.length; k++) {
          const t = qt[k];
          if (t === driver && !fuzzy) {
            // The posting itself says how the driver matched (a token is listed once per entry, with its best field).
            sum += driverMatch * FIELD_WEIGHT[postField[p]];
            continue;
          }
          const m = marked[k];
          if (m) {
            if (m.stamp[i] !== m.tag) { ok = false; break; }
            sum += m.score[i];
            continue;
          }
          let bestTok = 0;
          let bestFuzzy = 0;
          for (let f = fwdStart[i], end = fwdStart[i + 1]; f < end; f++) {
            const id = fwdTok[f];
            if (id >= t.lo && id < t.hi) { const sc = tokenScore(t, id, fwdField[f]); if (sc > bestTok) bestTok = sc; }
            else if (fuzzy && t.fuzzy?.has(id)) bestFuzzy = Math.max(bestFuzzy, 0.3 * FIELD_WEIGHT[fwdField[f]]);
          }
          if (bestTok === 0 && bestFuzzy === 0) { ok = false; break; }
          if (bestTok === 0) usedFuzzy = true;
          sum += bestTok || bestFuzzy;
        }
        if (!ok) continue;
        hit(i, usedFuzzy ? T_FUZZY : T_TOKENS, sum / qt.length);
      }
    }
    return { cut: false };
  }

  /** Vocabulary tokens within 1 (2 for words of 7+ letters) edits of `w`, or of its length-prefix. */
  private fuzzyTokens(seg: BuiltSegment, w: string, budget: Budget): Set<number> {
    const max = w.length >= 7 ? 2 : 1;
    const out = new Set<number>();
    const [lo, hi] = prefixRange(seg.data.vocab, w[0]);
    const end = Math.min(hi, lo + Math.max(0, budget.fuzzyVocab));
    budget.fuzzyVocab -= end - lo;
    const { text, starts } = seg.data.vocab;
    for (let r = lo; r < end; r++) {
      const at = starts[r], len = starts[r + 1] - at;
      if (len + max < w.length) continue;
      // A typed word is often a typo'd *prefix*: compare with the token's start as well.
      const d = Math.min(editDistance(w, text, at, len, max), len > w.length ? editDistance(w, text, at, w.length, max) : max + 1);
      if (d <= max) out.add(r);
    }
    return out;
  }
}

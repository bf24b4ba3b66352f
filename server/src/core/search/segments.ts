/**
 * Building a segment: each entry tokenised once into a sorted vocabulary, postings and forward lists
 * in flat typed arrays (see the design note in ./index.ts).
 */
import type { IndexedEntry } from '../model';
import { paperCitationCount } from '../paperDb';
import { compact, forEachWord } from './fold';
import { Interner } from './interner';
import { sortedIds } from './sort';
import { ownKeys, toStringList, type StringList } from './stringList';

/** The field a token came from; a token listed twice in one entry keeps its weightiest field. */
const F_KEY = 0, F_NAME = 1, F_TITLE = 2, F_AUTHOR = 3, F_GIVEN = 4, F_YEAR = 5, F_ID = 6, F_KEY_PART = 7, F_NAME_PART = 8;
/**
 * A whole key or nickname and author names count most; pieces of a key ("residual" in
 * "schaff2020residual") repeat the title or authors, so they count a little less than the title;
 * one word of a longer nickname ("kaiming" in "Kaiming initialization") counts like a given name.
 */
export const FIELD_WEIGHT = [1, 1, 0.9, 1, 0.75, 0.9, 0.8, 0.85, 0.75];

/** Citation count used as the tie-breaker: the largest count any source states. */
export function citationCount(e: IndexedEntry): number {
  return e.paper ? paperCitationCount(e.paper) : 0;
}

/** Entry ids of one segment. */
export type EntryIds = Int32Array | Uint16Array;
/** Vocabulary ranks of one segment. */
export type TokenIds = Int32Array | Uint16Array;

/** An entry-id array of `length`, 16-bit when the segment's ids fit. */
function entryIds(count: number, length: number): EntryIds {
  return count <= 65536 ? new Uint16Array(length) : new Int32Array(length);
}

/**
 * A segment's search structures: typed arrays and sorted string arrays only, so the index worker
 * can build a segment where it parses a file and post it to the request thread (typed arrays are
 * transferred, the string arrays copied once). Entry ids are positions in the segment's EntryStore.
 */
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

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
 *   is not walked at all, so a key prefix matching thousands of keys or a common title word does not
 *   cost a walk over all their postings.
 * - Every loop that could grow with the entry count has a budget per query, shared by all segments
 *   (key-prefix range, candidates, fuzzy vocabulary scan). When a budget cuts a tier short the answer says `total: 'many'` and
 *   `incomplete: true`, so editors ask again as the user types more. The top `limit` hits are kept
 *   in a bounded heap, never by sorting every hit.
 *
 * Parts: fold.ts (text to words), stringList.ts (sorted strings as one string), sort.ts, interner.ts
 * and segments.ts (building a segment), fuzzy.ts (the typo tier's comparisons), topK.ts (the heap);
 * this file holds the query.
 */
import type { IndexedEntry } from '../model';
import { ArrayEntryStore, type EntryStore } from '../entryStore';
import { compact, words } from './fold';
import { editDistance, isSubsequenceAt } from './fuzzy';
import { buildSegment, FIELD_WEIGHT, segmentBytes, type SegmentData } from './segments';
import { compareAt, lengthAt, listSize, lowerBound, prefixRange, type StringList } from './stringList';
import { StoredHit, TIER, TopK, type SearchHit } from './topK';

export { compact, words } from './fold';
export { buildKeySegment, buildSegment, citationCount, segmentBytes, segmentTransferables, type EntryIds, type SegmentData, type TokenIds } from './segments';
export { sortedIds, sortedOrder } from './sort';
export { listSize, oneByte, ownKeys, toStringList, type StringList } from './stringList';
export type { SearchHit } from './topK';

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
  /** A source whose entries lose ties to every other entry of equal match (the venue catalog). */
  last?: string;
}

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

interface Segment {
  /** Built on first use for segments given as entries (see setSegment). */
  data?: SegmentData;
  store: EntryStore;
  /** Per-query scratch: the query stamp that last visited an entry. */
  seen: Uint32Array;
  /** Per-query scratch for the other words of a multi-word query (created on first use). */
  marks: Array<{ stamp: Uint32Array; score: Float32Array }>;
}

interface QueryToken {
  text: string;
  exactId: number;
  lo: number;
  hi: number;
  /** Token ids within the edit-distance budget (fuzzy tier only). */
  fuzzy?: Set<number>;
}

/** How a segment's entries break ties: the document's own bibliographies win them, the catalog loses them. */
type SegmentRank = 'preferred' | 'normal' | 'last';

/** A segment whose search structures exist (every segment, once a search has begun). */
type BuiltSegment = Segment & { data: SegmentData };

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
    this.setSegmentStore(id, new ArrayEntryStore(entries), source);
  }

  /**
   * Like setSegment, for a store that can list its entries. The search structures are built on the
   * first search, not here: the bundled database's segment is made at server start, and the first
   * answer an editor asks for (a hover) needs no search.
   */
  setSegmentStore(id: string, store: EntryStore & { readonly entries: readonly IndexedEntry[] }, source = id): void {
    this.segments.set(id, { store, seen: new Uint32Array(store.size), marks: [] });
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
    if (!q) return this.listAll(limit, prefer, options.last);
    for (const seg of this.segments.values()) seg.data ??= buildSegment((seg.store as EntryStore & { readonly entries: readonly IndexedEntry[] }).entries);
    const qLower = q.toLowerCase();
    const qCompact = compact(q);
    const qWords = [...new Set(words(q))];
    let total = 0;
    let many = false;
    // Two passes: exact and prefix tiers over every segment first, then typo and subsequence guesses
    // only when those found nothing at all. A query that matched something is a real key, word or
    // name being typed: guesses after its matches are noise, and scanning the vocabulary for them was
    // the slowest part of such queries (a title word with matches in one slice of a file would still
    // look for typos in every other slice).
    const stamps = new Map<Segment, number>();
    const rankOf = (segId: string): SegmentRank => {
      const source = this.sourceOf.get(segId) ?? segId;
      return prefer.has(source) ? 'preferred' : source === options.last ? 'last' : 'normal';
    };
    const budget: Budget = { keyPrefix: KEY_PREFIX_BUDGET, candidates: CANDIDATE_BUDGET, fuzzyVocab: FUZZY_VOCAB_BUDGET, subseq: SUBSEQ_BUDGET };
    for (const [segId, seg] of this.segments) {
      const r = this.searchSegment(seg as BuiltSegment, qLower, qCompact, qWords, limit, rankOf(segId), top, stamps, 'strict', 0, budget);
      total += r.count;
      many ||= r.many;
    }
    if (total === 0 && qWords.length) {
      for (const [segId, seg] of this.segments) {
        const r = this.searchSegment(seg as BuiltSegment, qLower, qCompact, qWords, limit, rankOf(segId), top, stamps, 'fuzzy', total, budget);
        total += r.count;
        many ||= r.many;
      }
    }
    const results = top.sorted();
    return { results, total: many ? 'many' : total, incomplete: many || total > results.length };
  }

  private listAll(limit: number, prefer: Set<string>, last: string | undefined): SearchResult {
    const results: SearchHit[] = [];
    let total = 0;
    const preferred = (id: string) => Number(prefer.has(this.sourceOf.get(id) ?? id));
    const rank = (id: string) => preferred(id) - Number(last !== undefined && (this.sourceOf.get(id) ?? id) === last);
    const order = [...this.segments].sort(([a], [b]) => rank(b) - rank(a));
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
  private searchSegment(seg: BuiltSegment, qLower: string, qCompact: string, qWords: string[], limit: number, rank: SegmentRank, top: TopK,
    stamps: Map<Segment, number>, phase: 'strict' | 'fuzzy', found: number, budget: Budget): { count: number; many: boolean } {
    const stamp = phase === 'strict' ? ++this.stamp : stamps.get(seg) ?? ++this.stamp;
    stamps.set(seg, stamp);
    let count = 0;
    let many = false;
    // Preferred files first; then citations; at equal citations the bundled entry before a user
    // file's copy of the same paper (tie values are even for user files, odd for the bundled one).
    // The last source (the catalog) ties below all of them: its values lie in (-1, 0), above the
    // next lower match value's 999 and below every other entry's 0.
    const d = seg.data;
    const bundled = d.bundled ? 1 : 0;
    const tie = (i: number) => (rank === 'preferred' ? 999 : rank === 'last' ? (d.ties[i] - 1800) / 2000 : d.ties[i] + bundled);
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
        if (seg.seen[i] !== stamp) hit(i, T_KEY_PREFIX, keyPrefixMatch(seg.data.keys, r, qLower));
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
      // entries at the cost of a walk in each.
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
    // is one subtraction, where summing per token would walk every token of a one-letter piece like "c".
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

/**
 * How well `query` starts key `r`: the share of the key it covers, except that a query which is the
 * whole name part of a Scholar-style key (`vaswani` for `vaswani2017attention`) matches all of that
 * author's keys equally, so their citation counts decide and the most cited paper comes first.
 */
function keyPrefixMatch(keys: StringList, r: number, query: string): number {
  const length = lengthAt(keys, r);
  if (length > query.length && /[a-z]$/.test(query)) {
    const next = keys.text.charCodeAt(keys.starts[r] + query.length);
    if (next >= 48 && next <= 57) return 1;
  }
  return query.length / length;
}

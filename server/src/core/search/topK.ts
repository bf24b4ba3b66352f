/** The best `limit` hits of a query, kept in a bounded heap rather than by sorting every hit. */
import type { EntryBrief, IndexedEntry } from '../model';
import type { EntryStore } from '../entryStore';

/** Score layout: tier * TIER + match quality (0..999) * 1000 + tie-break (0..999). */
export const TIER = 1_000_000;

/** One result; its entry is built on first use (a completion shows only the brief of its hits). */
export interface SearchHit {
  readonly key: string;
  readonly score: number;
  readonly entry: IndexedEntry;
  /** What a result list shows of the entry (see EntryStore.brief). */
  brief(): EntryBrief;
}

export class StoredHit implements SearchHit {
  private built?: IndexedEntry;
  constructor(private readonly store: EntryStore, private readonly i: number, readonly score: number, readonly key: string) {}
  get entry(): IndexedEntry {
    return (this.built ??= this.store.entry(this.i));
  }
  brief(): EntryBrief {
    return this.built ?? this.store.brief(this.i);
  }
}

/** A hit before its entry is built: entries are made only for the hits that are returned. */
export interface RawHit {
  /** Only its store is read here: the key of a tie, the entry of a returned hit. */
  seg: { readonly store: EntryStore };
  i: number;
  score: number;
  /** The entry's key, read from its store on the first tie that needs it. */
  key?: string;
}

function hitKey(h: RawHit): string {
  return (h.key ??= h.seg.store.key(h.i));
}

/** Bounded best-first collection: a min-heap of the best `limit` hits. */
export class TopK {
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

/**
 * Where an index segment's entries live. Small sources keep IndexedEntry objects (ArrayEntryStore);
 * big files and paper databases keep them packed (PackedEntryStore, see preparedEntries.ts) and build
 * an entry object only when a request needs it: as objects, a big bibliography costs kilobytes of
 * heap per entry; packed, it costs its strings and a few integers (bench/DESIGN.md §3).
 */
import type { EntryBrief, IndexedEntry, Paper, Span } from './model';

/** Entries by position (0 .. size-1). `entry(i)` returns the same object on every call. */
export interface EntryStore {
  readonly size: number;
  entry(i: number): IndexedEntry;
  /** What a result list shows of entry i; may be the entry itself, or less when building all of it costs more. */
  brief(i: number): EntryBrief;
  key(i: number): string;
}

/** What the citation index asks of a user file's entries without building them all. */
export interface FileEntryStore extends EntryStore {
  /** Positions of the entries defining `key` (exact, case-sensitive), in file order. `hash` is keyHash(key), when the caller has it. */
  idsOfKey(key: string, hash?: number): number[];
  /** The database paper of entry i, if it is one. */
  paper(i: number): Paper | undefined;
  /** Where the key of entry i is written in its file (bib entries only). */
  keySpan(i: number): Span | undefined;
}

/** Entries already built as objects. */
export class ArrayEntryStore implements FileEntryStore {
  private byKey?: Map<string, number[]>;

  constructor(readonly entries: readonly IndexedEntry[]) {}

  get size(): number {
    return this.entries.length;
  }

  entry(i: number): IndexedEntry {
    return this.entries[i];
  }

  brief(i: number): EntryBrief {
    return this.entries[i];
  }

  key(i: number): string {
    return this.entries[i].key;
  }

  idsOfKey(key: string): number[] {
    if (!this.byKey) {
      this.byKey = new Map();
      this.entries.forEach((e, i) => {
        const l = this.byKey!.get(e.key);
        if (l) l.push(i); else this.byKey!.set(e.key, [i]);
      });
    }
    return this.byKey.get(key) ?? [];
  }

  paper(i: number): Paper | undefined {
    return this.entries[i].paper;
  }

  keySpan(i: number): Span | undefined {
    const s = this.entries[i].source;
    return s.kind === 'bib' ? s.keySpan : undefined;
  }
}

/**
 * Entries built on first use, each once: the bundled database's store. Building all of them at
 * server start would put work on the first hover's path that only the first search needs
 * (bench/DESIGN.md §10).
 */
export class LazyEntryStore implements FileEntryStore {
  private readonly built: Array<IndexedEntry | undefined>;
  private byKey?: Map<string, number[]>;

  constructor(readonly size: number, private readonly build: (i: number) => IndexedEntry, readonly key: (i: number) => string, readonly paper: (i: number) => Paper | undefined) {
    this.built = new Array<IndexedEntry | undefined>(size);
  }

  entry(i: number): IndexedEntry {
    return (this.built[i] ??= this.build(i));
  }

  brief(i: number): EntryBrief {
    return this.entry(i);
  }

  /** Every entry, built now: what a search segment is made from. */
  get entries(): readonly IndexedEntry[] {
    for (let i = 0; i < this.size; i++) this.entry(i);
    return this.built as IndexedEntry[];
  }

  idsOfKey(key: string): number[] {
    if (!this.byKey) {
      this.byKey = new Map();
      for (let i = 0; i < this.size; i++) {
        const k = this.key(i);
        const l = this.byKey.get(k);
        if (l) l.push(i); else this.byKey.set(k, [i]);
      }
    }
    return this.byKey.get(key) ?? [];
  }

  keySpan(): Span | undefined {
    return undefined;
  }
}

/**
 * A run of a bibliography's entries made ready for the index where the file is parsed (the index
 * worker, or inline for small files): the entries packed, the database paper each one is, the order
 * of their keys and their search structures. Everything in a PreparedChunk is typed arrays and a few
 * string arrays, so a worker posts it with its buffers transferred; the request thread then only
 * wraps it (PackedEntryStore) and builds an entry object when a request returns that entry.
 *
 * Why: building IndexedEntry objects and the search segment of a big file on the request thread
 * kept requests waiting for seconds and cost kilobytes of heap per entry (bench/DESIGN.md §3).
 */
import { bibEntry, briefOfFields, samePaper } from './bibEntries';
import type { ScannedKeys } from './bibKeyScan';
import type { FileEntryStore } from './entryStore';
import type { BibEntry, EntryBrief, IndexedEntry, Paper, Span } from './model';
import { packedKeyAt, packedStarts, packEntries, packKeys, packedValueAt, unpackAt, type PackedEntries } from './packedEntries';
import type { PaperDb } from './paperDb';
import { buildKeySegment, buildSegment, ownKeys, segmentTransferables, type SegmentData } from './search';

export interface PreparedChunk {
  packed: PackedEntries;
  /** Per entry: its paper's position in `db.papers`, -1 for none, or UNKNOWN_PAPER until a range says. */
  paperIds: Int32Array;
  /** How many papers the database that matched them had (a different database means other positions). */
  dbSize: number;
  /**
   * Open-addressing hash table of the keys (linear probing, size a power of two, slots hold
   * position + 1, 0 is empty): key lookups without a JavaScript Map of 100k strings. Entries with
   * the same key sit along one probe run in file order.
   */
  keyTable: Int32Array;
  /** The chunk's search structures: complete, or (complete = false) over the keys alone until ranges follow. */
  segment: SegmentData;
  complete: boolean;
  /** Entries of a quick key scan: keys and types only, until the file's parse replaces them. */
  scanned?: boolean;
}

/** The full search structures and papers of entries [from, from + segment.count) of a chunk sent with keys alone. */
export interface PreparedRange {
  from: number;
  paperIds: Int32Array;
  segment: SegmentData;
}

/** A paper id not known yet (the entry's range has not been prepared). */
export const UNKNOWN_PAPER = -2;

/** Entries per search segment: a query visits every segment, and each is prepared in one go. */
export const CHUNK_ENTRIES = 10_000;

/**
 * The fields an index entry is made of (see bibEntries.ts), and `source` (where a catalog record
 * comes from, for its hover); the others (abstracts, file paths, keywords: most of a Zotero
 * export's bytes) are not kept for entries prepared here.
 */
const INDEX_FIELDS = new Set(['title', 'author', 'editor', 'year', 'date', 'journal', 'journaltitle', 'booktitle', 'publisher', 'school', 'institution',
  'doi', 'eprint', 'archiveprefix', 'eprinttype', 'url', 'note', 'howpublished', 'volume', 'source']);

/** Papers and search structures of `entries` (pure; the heavy part of indexing). */
function prepareSearch(entries: readonly BibEntry[], db: PaperDb): { paperIds: Int32Array; segment: SegmentData } {
  const n = entries.length;
  const paperIds = new Int32Array(n);
  const paperIndex = new Map<Paper, number>();
  db.papers.forEach((p, i) => paperIndex.set(p, i));
  // The search structures need the converted entries; they are garbage once the segment is built.
  const indexed: IndexedEntry[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const e = bibEntry('', entries[i]);
    e.paper = samePaper(db, e);
    paperIds[i] = e.paper ? paperIndex.get(e.paper) ?? -1 : -1;
    indexed[i] = e;
  }
  return { paperIds, segment: buildSegment(indexed) };
}

/** Prepares `entries` completely: packed, papers matched, search structures built. */
export function prepareChunk(entries: readonly BibEntry[], db: PaperDb): PreparedChunk {
  const { paperIds, segment } = prepareSearch(entries, db);
  return { packed: packEntries(entries, INDEX_FIELDS), paperIds, dbSize: db.papers.length, keyTable: keyTable(entries.map((e) => e.key)), segment, complete: true };
}

/**
 * Packs `entries` with search structures over their keys alone: a big file's keys resolve and
 * complete a moment after it is parsed, while prepareRange builds the rest range by range.
 */
export function prepareKeys(entries: readonly BibEntry[], db: PaperDb): PreparedChunk {
  // One-byte copies of the keys, made once for hashing and sorting (see ownKeys).
  const keys = ownKeys(entries.map((e) => e.key), false);
  return {
    packed: packEntries(entries, INDEX_FIELDS), paperIds: new Int32Array(entries.length).fill(UNKNOWN_PAPER), dbSize: db.papers.length,
    keyTable: keyTable(keys), segment: buildKeySegment(keys, true), complete: false,
  };
}

/**
 * A chunk of the keys a quick scan found (core/bibKeyScan.ts): entries with a type and a key but
 * no fields, searchable by key, until the reader's entries replace the whole file.
 */
export function prepareScannedKeys(scanned: ScannedKeys, db: PaperDb): PreparedChunk {
  // One-byte copies of the keys, made once for packing, hashing and sorting (see ownKeys).
  const keys = ownKeys(scanned.keys, false);
  return {
    packed: packKeys(scanned.types, keys, scanned.starts, scanned.keyStarts), paperIds: new Int32Array(keys.length).fill(UNKNOWN_PAPER),
    dbSize: db.papers.length, keyTable: keyTable(keys), segment: buildKeySegment(keys, true), complete: false, scanned: true,
  };
}

/** The full preparation of entries [from, to), for a chunk sent by prepareKeys. */
export function prepareRange(entries: readonly BibEntry[], from: number, to: number, db: PaperDb): PreparedRange {
  return { from, ...prepareSearch(entries.slice(from, to), db) };
}

/**
 * The chunk with its packed entries in shared memory: a chunk sent keys-first goes to the request
 * thread and, from there, to the helper worker that prepares half of its ranges. Shared, the second
 * hand-over costs nothing; as plain buffers it was a large structured-clone copy on the request thread,
 * during which requests waited (bench/DESIGN.md §3).
 */
export function withSharedPacked(c: PreparedChunk): PreparedChunk {
  const share = <T extends Int32Array | Uint8Array>(a: T): T => {
    const copy = new (a.constructor as { new (b: SharedArrayBuffer): T })(new SharedArrayBuffer(a.byteLength));
    copy.set(a);
    return copy;
  };
  return { ...c, packed: { ...c.packed, ints: share(c.packed.ints), pool: share(c.packed.pool) } };
}

export function rangeTransferables(r: PreparedRange): ArrayBuffer[] {
  return [r.paperIds.buffer as ArrayBuffer, ...segmentTransferables(r.segment)];
}

/** The hash the key tables use (FNV-1a over UTF-16 code units): compute once, probe many chunks. */
export function keyHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function keyTable(keys: readonly string[]): Int32Array {
  let size = 16;
  while (size < keys.length * 2) size *= 2;
  const table = new Int32Array(size);
  const mask = size - 1;
  for (let i = 0; i < keys.length; i++) {
    let slot = keyHash(keys[i]) & mask;
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = i + 1;
  }
  return table;
}

/** The buffers of a chunk that move between threads without a copy (shared ones are shared anyway). */
export function chunkTransferables(c: PreparedChunk): ArrayBuffer[] {
  return [c.packed.ints.buffer, c.packed.pool.buffer, c.paperIds.buffer, c.keyTable.buffer, ...segmentTransferables(c.segment)]
    .filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}

/**
 * The entries built most recently, at most 2 * `size`: two generations, the older dropped when the
 * newer fills (an LRU's effect without its bookkeeping). What is asked for right after a completion
 * (the focused item's resolve, a hover, a quick fix) finds its entry built. (Completion lists use
 * briefs, kept the same way, see `PackedEntryStore.brief`.) Keeping
 * more cost more than that: survivors are what the young-generation GC copies, and V8 grows the
 * young generation when many survive. Keeping every entry ever built, or 64 to 256 per generation,
 * grew the heap and the RSS; 32 per generation did not (bench/DESIGN.md §6, "Built entries").
 */
class RecentEntries<T = IndexedEntry> {
  private young = new Map<number, T>();
  private old = new Map<number, T>();
  constructor(private readonly size: number) {}

  get(i: number): T | undefined {
    const e = this.young.get(i);
    if (e || !this.old.size) return e;
    const o = this.old.get(i);
    if (o) this.set(i, o);
    return o;
  }

  set(i: number, e: T): void {
    if (this.young.size >= this.size) { this.old = this.young; this.young = new Map(); }
    this.young.set(i, e);
  }

  get count(): number {
    return this.young.size + this.old.size;
  }
}

/** The fields a brief is made of, in the order `briefOfFields` takes them: title, names (author, else editor), year (year, else date). */
const BRIEF_FIELDS = ['title', 'author', 'editor', 'year', 'date'];

/** Entries a store keeps built per generation (see RecentEntries). */
export const RECENT_ENTRIES = 32;

/** A prepared chunk's entries, built one by one on demand. */
export class PackedEntryStore implements FileEntryStore {
  private readonly starts: Int32Array;
  private readonly built = new RecentEntries(RECENT_ENTRIES);
  /** Briefs made recently (see `brief`): typing on mostly shows the entries of the previous list again. */
  private readonly briefs = new RecentEntries<EntryBrief>(RECENT_ENTRIES);
  /** Ids in `chunk.packed.names` of the fields a brief reads (see BRIEF_FIELDS), -1 for a name no entry has. */
  private briefFieldIds?: number[];
  private readonly papersTrusted: boolean;

  /** `catalog`: the chunk is the venue catalog's (its entries' source says so). */
  constructor(readonly uri: string, readonly chunk: PreparedChunk, private readonly db: PaperDb, private readonly catalog = false) {
    this.starts = packedStarts(chunk.packed);
    this.papersTrusted = chunk.dbSize === db.papers.length;
  }

  /** Records the papers of a prepared range. */
  setPapers(range: PreparedRange): void {
    this.chunk.paperIds.set(range.paperIds, range.from);
  }

  get size(): number {
    return this.chunk.packed.count;
  }

  /** How many built entries the store holds (bounded; see RecentEntries). */
  get builtCount(): number {
    return this.built.count;
  }

  key(i: number): string {
    return packedKeyAt(this.chunk.packed, this.starts[i]);
  }

  entry(i: number): IndexedEntry {
    let e = this.built.get(i);
    if (!e) {
      e = bibEntry(this.uri, unpackAt(this.chunk.packed, this.starts[i]));
      e.paper = this.papersTrusted && this.chunk.paperIds[i] !== UNKNOWN_PAPER ? this.paperAt(i) : samePaper(this.db, e);
      if (this.chunk.scanned) e.pending = true;
      if (this.catalog && e.source.kind === 'bib') e.source.catalog = true;
      this.built.set(i, e);
    }
    return e;
  }

  /**
   * The brief of entry i (see EntryBrief): the built entry when there is one, otherwise made from its
   * title, names and year alone (and kept like built entries). A completion shows ~50 entries per
   * keystroke, mostly never built before, and venue, identifiers and the other fields were half of
   * building each.
   */
  brief(i: number): EntryBrief {
    const known = this.built.get(i) ?? this.briefs.get(i);
    if (known) return known;
    // Until its range is prepared, an entry's paper is found from its DOI, arXiv id or title: the whole entry.
    if (!this.papersTrusted || this.chunk.paperIds[i] === UNKNOWN_PAPER) return this.entry(i);
    const p = this.chunk.packed, ints = p.ints, at = this.starts[i];
    const ids = (this.briefFieldIds ??= BRIEF_FIELDS.map((name) => p.names.indexOf(name)));
    const value = (k: number) => (ids[k] < 0 ? undefined : packedValueAt(p, at, ids[k]));
    const b = briefOfFields(this.uri, packedKeyAt(p, at), { start: ints[at + 5], end: ints[at + 6] }, { start: ints[at + 3], end: ints[at + 4] },
      value(0), value(1) ?? value(2), value(3) ?? value(4));
    b.paper = this.paperAt(i);
    if (this.chunk.scanned) b.pending = true;
    if (this.catalog && b.source.kind === 'bib') b.source.catalog = true;
    this.briefs.set(i, b);
    return b;
  }

  /** The entry's paper; undefined while its range is being prepared (then the built entry knows it). */
  paper(i: number): Paper | undefined {
    return this.papersTrusted ? this.paperAt(i) : this.entry(i).paper;
  }

  /** Calls `fn` with each entry that is a database paper, in order (a scan of the paper ids when they can be trusted). */
  forEachPaper(fn: (paper: Paper, i: number) => void): void {
    const ids = this.chunk.paperIds;
    for (let i = 0; i < ids.length; i++) {
      const p = this.papersTrusted ? (ids[i] >= 0 ? this.db.papers[ids[i]] : undefined) : this.entry(i).paper;
      if (p) fn(p, i);
    }
  }

  private paperAt(i: number): Paper | undefined {
    const p = this.chunk.paperIds[i];
    return p >= 0 ? this.db.papers[p] : undefined;
  }

  keySpan(i: number): Span {
    const at = this.starts[i];
    return { start: this.chunk.packed.ints[at + 3], end: this.chunk.packed.ints[at + 4] };
  }

  idsOfKey(key: string, hash = keyHash(key)): number[] {
    const table = this.chunk.keyTable;
    const mask = table.length - 1;
    const out: number[] = [];
    for (let slot = hash & mask; table[slot] !== 0; slot = (slot + 1) & mask) {
      const i = table[slot] - 1;
      if (this.keyIs(i, key)) out.push(i);
    }
    return out;
  }

  /** Whether entry i's key is `key`, compared in the pool (no string is made for an ASCII key). */
  private keyIs(i: number, key: string): boolean {
    const { ints, pool } = this.chunk.packed;
    const at = this.starts[i];
    const start = ints[at + 1], end = ints[at + 2];
    let k = 0;
    for (; k < key.length; k++) {
      const c = key.charCodeAt(k);
      if (c > 127) return packedKeyAt(this.chunk.packed, at) === key;
      if (start + k >= end || pool[start + k] !== c) return false;
    }
    return start + k === end;
  }
}

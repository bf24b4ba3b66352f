/**
 * A run of a bibliography's entries made ready for the index where the file is parsed (the index
 * worker, or inline for small files): the entries packed, the database paper each one is, the order
 * of their keys and their search structures. Everything in a PreparedChunk is typed arrays and a few
 * string arrays, so a worker posts it with its buffers transferred; the request thread then only
 * wraps it (PackedEntryStore) and builds an entry object when a request returns that entry.
 *
 * Why: building IndexedEntry objects and the search segment for 100k entries took ~8 s of the
 * request thread and ~4 KB of heap per entry (bench/DESIGN.md §3).
 */
import { bibEntry, samePaper } from './bibEntries';
import type { FileEntryStore } from './entryStore';
import type { BibEntry, IndexedEntry, Paper, Span } from './model';
import { packedKeyAt, packedStarts, packEntries, unpackAt, type PackedEntries } from './packedEntries';
import type { PaperDb } from './paperDb';
import { buildSegment, segmentTransferables, type SegmentData } from './search';

export interface PreparedChunk {
  packed: PackedEntries;
  /** Per entry: its paper's position in `db.papers`, or -1. */
  paperIds: Int32Array;
  /** How many papers the database that matched them had (a different database means other positions). */
  dbSize: number;
  /**
   * Open-addressing hash table of the keys (linear probing, size a power of two, slots hold
   * position + 1, 0 is empty): key lookups without a JavaScript Map of 100k strings. Entries with
   * the same key sit along one probe run in file order.
   */
  keyTable: Int32Array;
  segment: SegmentData;
}

/** Entries per chunk: each chunk is one search segment, and a query visits every segment. */
export const CHUNK_ENTRIES = 10_000;

/** Prepares `entries` of the file `uri` (pure; the heavy part of indexing). */
export function prepareChunk(uri: string, entries: readonly BibEntry[], db: PaperDb): PreparedChunk {
  const n = entries.length;
  const paperIds = new Int32Array(n);
  const paperIndex = new Map<Paper, number>();
  db.papers.forEach((p, i) => paperIndex.set(p, i));
  // The search structures need the converted entries; they are garbage once the segment is built.
  const indexed: IndexedEntry[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const e = bibEntry(uri, entries[i]);
    e.paper = samePaper(db, e);
    paperIds[i] = e.paper ? paperIndex.get(e.paper) ?? -1 : -1;
    indexed[i] = e;
  }
  const segment = buildSegment(indexed);
  return { packed: packEntries(entries), paperIds, dbSize: db.papers.length, keyTable: keyTable(entries), segment };
}

/** The hash the key tables use (FNV-1a over UTF-16 code units): compute once, probe many chunks. */
export function keyHash(key: string): number {
  return hashOf(key, 0, key.length);
}

function hashOf(s: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function keyTable(entries: readonly BibEntry[]): Int32Array {
  let size = 16;
  while (size < entries.length * 2) size *= 2;
  const table = new Int32Array(size);
  const mask = size - 1;
  entries.forEach((e, i) => {
    let slot = hashOf(e.key, 0, e.key.length) & mask;
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = i + 1;
  });
  return table;
}

/** The buffers of a chunk that move between threads without a copy. */
export function chunkTransferables(c: PreparedChunk): ArrayBuffer[] {
  return [c.packed.ints.buffer as ArrayBuffer, c.paperIds.buffer as ArrayBuffer, c.keyTable.buffer as ArrayBuffer, ...segmentTransferables(c.segment)];
}

/** A prepared chunk's entries, built one by one on demand. */
export class PackedEntryStore implements FileEntryStore {
  private readonly starts: Int32Array;
  private readonly built = new Map<number, IndexedEntry>();
  private readonly papersTrusted: boolean;

  constructor(readonly uri: string, readonly chunk: PreparedChunk, private readonly db: PaperDb) {
    this.starts = packedStarts(chunk.packed);
    this.papersTrusted = chunk.dbSize === db.papers.length;
  }

  get size(): number {
    return this.chunk.packed.count;
  }

  key(i: number): string {
    return packedKeyAt(this.chunk.packed, this.starts[i]);
  }

  entry(i: number): IndexedEntry {
    let e = this.built.get(i);
    if (!e) {
      e = bibEntry(this.uri, unpackAt(this.chunk.packed, this.starts[i]));
      e.paper = this.papersTrusted ? this.paperAt(i) : samePaper(this.db, e);
      this.built.set(i, e);
    }
    return e;
  }

  paper(i: number): Paper | undefined {
    return this.papersTrusted ? this.paperAt(i) : this.entry(i).paper;
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

  /** Whether entry i's key is `key`, compared in the pool (no string is made). */
  private keyIs(i: number, key: string): boolean {
    const { ints, pool } = this.chunk.packed;
    const at = this.starts[i];
    const start = ints[at + 1];
    if (ints[at + 2] - start !== key.length) return false;
    for (let k = 0; k < key.length; k++) if (pool.charCodeAt(start + k) !== key.charCodeAt(k)) return false;
    return true;
  }
}

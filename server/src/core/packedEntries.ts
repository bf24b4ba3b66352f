/**
 * A compact, transferable form of a list of BibEntry objects, for moving a parse result from the
 * index worker to the server thread (and to the on-disk database cache).
 *
 * Why: structured cloning 100k entry objects costs the receiving thread about as much as parsing
 * them did (each object, span and field string is rebuilt one by one). Packed, the same data is one
 * Int32Array (transferred without copying) plus one string pool (copied as a single block), and the
 * receiver rebuilds entries with plain slices of the pool.
 *
 * Layout of `ints`, per entry: type name id, key start, key end (in `pool`), keySpan start, keySpan
 * end, span start, span end, field count, then per field: name id, value start, value end.
 */
import type { BibEntry } from './model';

export interface PackedEntries {
  count: number;
  ints: Int32Array;
  pool: string;
  /** Entry types and field names, indexed by the ids in `ints`. */
  names: string[];
}

/** Packs entries; the result holds no reference to them. */
export function packEntries(entries: readonly BibEntry[]): PackedEntries {
  const nameIds = new Map<string, number>();
  const names: string[] = [];
  const nameId = (s: string): number => {
    let id = nameIds.get(s);
    if (id === undefined) { id = names.length; nameIds.set(s, id); names.push(s); }
    return id;
  };
  let intCount = 0;
  for (const e of entries) intCount += 8 + 3 * Object.keys(e.fields).length;
  const ints = new Int32Array(intCount);
  const parts: string[] = [];
  let at = 0, len = 0;
  const put = (s: string) => { ints[at++] = len; len += s.length; ints[at++] = len; parts.push(s); };
  for (const e of entries) {
    ints[at++] = nameId(e.type);
    put(e.key);
    ints[at++] = e.keySpan.start; ints[at++] = e.keySpan.end;
    ints[at++] = e.span.start; ints[at++] = e.span.end;
    const keys = Object.keys(e.fields);
    ints[at++] = keys.length;
    for (const k of keys) { ints[at++] = nameId(k); put(e.fields[k]); }
  }
  return { count: entries.length, ints, pool: parts.join(''), names };
}

/** Rebuilds the entries of `packEntries`, in the same order, with equal fields. */
export function unpackEntries(p: PackedEntries): BibEntry[] {
  return [...iteratePacked(p)];
}

/** The entries of `p` one by one, so a caller can unpack a big file in slices between other work. */
export function iteratePacked(p: PackedEntries): Generator<BibEntry> {
  return iterateFrom(p, 0, p.count);
}

function* iterateFrom(p: PackedEntries, from: number, count: number): Generator<BibEntry> {
  const { ints, pool, names } = p;
  let at = from;
  for (let i = 0; i < count; i++) {
    const type = names[ints[at++]];
    const key = pool.slice(ints[at], ints[at + 1]); at += 2;
    const keySpan = { start: ints[at], end: ints[at + 1] }; at += 2;
    const span = { start: ints[at], end: ints[at + 1] }; at += 2;
    const nf = ints[at++];
    const fields: Record<string, string> = {};
    for (let f = 0; f < nf; f++) {
      const name = names[ints[at]];
      const value = pool.slice(ints[at + 1], ints[at + 2]);
      at += 3;
      // A field named `__proto__` must stay a field, not reach the prototype (as in the reader).
      if (name === '__proto__') Object.defineProperty(fields, name, { value, enumerable: true, writable: true, configurable: true });
      else fields[name] = value;
    }
    yield { type, key, keySpan, span, fields };
  }
}

/** Where each entry's record starts in `p.ints` (entries are variable-length). */
export function packedStarts(p: PackedEntries): Int32Array {
  const starts = new Int32Array(p.count);
  let at = 0;
  for (let i = 0; i < p.count; i++) {
    starts[i] = at;
    at += 8 + 3 * p.ints[at + 7];
  }
  return starts;
}

/** The key of the entry whose record starts at `at`, without building the entry. */
export function packedKeyAt(p: PackedEntries, at: number): string {
  return p.pool.slice(p.ints[at + 1], p.ints[at + 2]);
}

/** The one entry whose record starts at `at` (see packedStarts). */
export function unpackAt(p: PackedEntries, at: number): BibEntry {
  const it = iterateFrom(p, at, 1);
  return it.next().value as BibEntry;
}

/**
 * A compact, transferable form of a list of BibEntry objects, for moving a parse result from the
 * index worker to the server thread (and to the on-disk database cache).
 *
 * Why: structured cloning 100k entry objects costs the receiving thread about as much as parsing
 * them did (each object, span and field string is rebuilt one by one). Packed, the same data is one
 * Int32Array and one UTF-8 byte pool, both transferred without copying, and the receiver decodes an
 * entry only when it needs it. UTF-8 because a JavaScript string with a single character beyond
 * Latin-1 takes two bytes per character, about twice the UTF-8 bytes of a typical pool (bench/DESIGN.md §2).
 *
 * Layout of `ints`, per entry: type name id, key start, key end (byte offsets in `pool`), keySpan
 * start, keySpan end, span start, span end, field count, then per field: name id, value start, value end.
 */
import type { BibEntry } from './model';

export interface PackedEntries {
  count: number;
  ints: Int32Array;
  /** Keys and field values, UTF-8. */
  pool: Uint8Array;
  /** Entry types and field names, indexed by the ids in `ints`. */
  names: string[];
}

/** Packs entries (only the fields `keep` accepts, when given); the result holds no reference to them. */
export function packEntries(entries: readonly BibEntry[], keep?: ReadonlySet<string>): PackedEntries {
  const nameIds = new Map<string, number>();
  const names: string[] = [];
  const nameId = (s: string): number => {
    let id = nameIds.get(s);
    if (id === undefined) { id = names.length; nameIds.set(s, id); names.push(s); }
    return id;
  };
  // The kept field names of each entry, listed once (the sizing pass and the packing pass both need them).
  const kept: string[][] = new Array(entries.length);
  let intCount = 0;
  for (let i = 0; i < entries.length; i++) {
    const names: string[] = [];
    for (const k in entries[i].fields) if (!keep || keep.has(k)) names.push(k);
    kept[i] = names;
    intCount += 8 + 3 * names.length;
  }
  const ints = new Int32Array(intCount);
  const parts: string[] = [];
  let at = 0, len = 0;
  // Offsets in UTF-16 units first; converted to byte offsets below when the text is not ASCII.
  const put = (s: string) => { ints[at++] = len; len += s.length; ints[at++] = len; parts.push(s); };
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    ints[at++] = nameId(e.type);
    put(e.key);
    ints[at++] = e.keySpan.start; ints[at++] = e.keySpan.end;
    ints[at++] = e.span.start; ints[at++] = e.span.end;
    const keys = kept[i];
    ints[at++] = keys.length;
    for (const k of keys) { ints[at++] = nameId(k); put(e.fields[k]); }
  }
  return { count: entries.length, ints, pool: encodePool(parts, ints), names };
}

/**
 * Packs entries known by type and key alone (a quick scan's, see bibKeyScan.ts), without building
 * an entry object each: spans run from the `@` to the key's end.
 */
export function packKeys(types: readonly string[], keys: readonly string[], starts: readonly number[], keyStarts: readonly number[]): PackedEntries {
  const names: string[] = [];
  const ints = new Int32Array(8 * keys.length);
  let len = 0;
  for (let i = 0, at = 0; i < keys.length; i++, at += 8) {
    let type = names.indexOf(types[i]);
    if (type < 0) type = names.push(types[i]) - 1;
    const keyEnd = keyStarts[i] + keys[i].length;
    ints[at] = type;
    ints[at + 1] = len; len += keys[i].length; ints[at + 2] = len;
    ints[at + 3] = keyStarts[i]; ints[at + 4] = keyEnd;
    ints[at + 5] = starts[i]; ints[at + 6] = keyEnd;
    ints[at + 7] = 0;
  }
  return { count: keys.length, ints, pool: encodePool(keys as string[], ints), names };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The parts as UTF-8. When the text is not ASCII, the (start, end) pairs in `ints` (UTF-16 offsets
 * into the joined text, increasing in record order) are rewritten to byte offsets. Only non-ASCII
 * characters move offsets, and most files have few, so a native regex finds their runs and only
 * those are walked character by character: a walk over the whole text was a noticeable part of
 * packing a big file (bench/DESIGN.md §3).
 */
function encodePool(parts: string[], ints: Int32Array): Uint8Array {
  const text = parts.join('');
  const out = encoder.encode(text);
  if (out.length === text.length) return out; // ASCII: character offsets are byte offsets
  const runs: number[] = [];
  for (const m of text.matchAll(/[^\0-\x7f]+/g)) runs.push(m.index!, m.index! + m[0].length);
  // Offsets only grow, so one cursor (run r, position pos, extra bytes so far) walks the runs once.
  let r = 0, pos = 0, extra = 0;
  const toByte = (char: number): number => {
    while (r < runs.length && runs[r] < char) {
      const runEnd = runs[r + 1], end = Math.min(runEnd, char);
      if (pos < runs[r]) pos = runs[r];
      for (; pos < end; pos++) {
        const c = text.charCodeAt(pos);
        if (c < 0x800) extra += 1;
        else if (c >= 0xd800 && c <= 0xdbff && pos + 1 < end) {
          const next = text.charCodeAt(pos + 1);
          if (next >= 0xdc00 && next <= 0xdfff) { extra += 2; pos++; } else extra += 2; // a pair: 4 bytes for 2 units
        } else extra += 2; // BMP, or a lone surrogate (TextEncoder writes U+FFFD)
      }
      if (pos < runEnd) break;
      r += 2;
    }
    return char + extra;
  };
  for (let at = 0; at < ints.length;) {
    const nf = ints[at + 7];
    ints[at + 1] = toByte(ints[at + 1]); ints[at + 2] = toByte(ints[at + 2]);
    for (let f = 0; f < nf; f++) { const v = at + 8 + 3 * f + 1; ints[v] = toByte(ints[v]); ints[v + 1] = toByte(ints[v + 1]); }
    at += 8 + 3 * nf;
  }
  return out;
}

/**
 * The string at pool bytes [start, end). (One decode whatever the text: on Node 20 it beats testing
 * for ASCII and `String.fromCharCode.apply` even for short keys, and by more for ASCII titles
 * (bench/DESIGN.md §8); V8 still makes one-byte strings of ASCII.)
 */
function poolText(pool: Uint8Array, start: number, end: number): string {
  return decoder.decode(pool.subarray(start, end));
}

/** Rebuilds the entries of `packEntries`, in the same order, with equal fields. */
export function unpackEntries(p: PackedEntries): BibEntry[] {
  const out: BibEntry[] = new Array(p.count);
  for (let i = 0, at = 0; i < p.count; i++) {
    out[i] = unpackAt(p, at);
    at += 8 + 3 * p.ints[at + 7];
  }
  return out;
}

/**
 * The one entry whose record starts at `at` (see packedStarts). A plain function rather than a
 * generator: a request builds its entries one by one, and a generator per entry was a tenth of that work.
 */
export function unpackAt(p: PackedEntries, at: number): BibEntry {
  const { ints, pool, names } = p;
  const type = names[ints[at]];
  const key = poolText(pool, ints[at + 1], ints[at + 2]);
  const keySpan = { start: ints[at + 3], end: ints[at + 4] };
  const span = { start: ints[at + 5], end: ints[at + 6] };
  const nf = ints[at + 7];
  const fields: Record<string, string> = {};
  for (let f = 0, v = at + 8; f < nf; f++, v += 3) {
    const name = names[ints[v]];
    const value = poolText(pool, ints[v + 1], ints[v + 2]);
    // A field named `__proto__` must stay a field, not reach the prototype (as in the reader).
    if (name === '__proto__') Object.defineProperty(fields, name, { value, enumerable: true, writable: true, configurable: true });
    else fields[name] = value;
  }
  return { type, key, keySpan, span, fields };
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
  return poolText(p.pool, p.ints[at + 1], p.ints[at + 2]);
}

/** The value of the field whose name has id `nameId` (its index in `p.names`) in the record at `at`, if the entry has it. */
export function packedValueAt(p: PackedEntries, at: number, nameId: number): string | undefined {
  const { ints } = p;
  for (let f = 0, v = at + 8, nf = ints[at + 7]; f < nf; f++, v += 3) {
    if (ints[v] === nameId) return poolText(p.pool, ints[v + 1], ints[v + 2]);
  }
  return undefined;
}

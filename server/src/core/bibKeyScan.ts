/**
 * A quick look at a big .bib file's entry keys before the reader has parsed it.
 *
 * Why: on a big file the reader and the packing that follows take seconds, and people start
 * typing citation keys at once. This scan finds the lines that start an entry
 * (`@type{key` after optional indentation) at memchr speed, so the keys can be completed soon
 * after the file is read (bench/DESIGN.md §3); the reader's full entries replace them moments
 * later. The reader itself resumes at exactly such lines when it loses track of a broken entry, so
 * on well-formed files the two agree key for key (checked on every file in the tests); entries that
 * start mid-line, after another on the same line, are left to the reader.
 */

import { lowerNameAt } from './bibParser';

const NL = 10, CR = 13, SPACE = 32, TAB = 9, LBRACE = 123, LPAREN = 40, EQUALS = 61;

/** 1 where an ASCII character may be part of an entry type (BibTeX's identifier rule). */
const TYPE_CHAR = new Uint8Array(128);
/** 1 where an ASCII character may be part of an entry key. */
const KEY_CHAR = new Uint8Array(128);
for (let c = 33; c < 127; c++) {
  TYPE_CHAR[c] = '"#%\'(),={}'.includes(String.fromCharCode(c)) ? 0 : 1;
  KEY_CHAR[c] = ',{}()="'.includes(String.fromCharCode(c)) ? 0 : 1;
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === NL || c === CR || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff;
}

/** Entries found by scanKeys, in file order (a duplicate key appears again; searches show each key once). */
export interface ScannedKeys {
  keys: string[];
  /** Lowercased entry types. */
  types: string[];
  /** Offset of each entry's `@`. */
  starts: number[];
  keyStarts: number[];
}

/** The types that are not entries. */
const NOT_ENTRIES = new Set(['string', 'preamble', 'comment']);

/** The entries of `text` that start a line, with their keys. Never throws. */
export function scanKeys(text: string): ScannedKeys {
  const n = text.length;
  const out: ScannedKeys = { keys: [], types: [], starts: [], keyStarts: [] };
  const typeNames: string[] = [];
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    // Only an `@` that begins its line (after spaces or tabs) starts an entry here.
    let b = at - 1;
    while (b >= 0 && (text.charCodeAt(b) === SPACE || text.charCodeAt(b) === TAB)) b--;
    if (b >= 0 && text.charCodeAt(b) !== NL && text.charCodeAt(b) !== CR) continue;
    let p = at + 1;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c < 128 ? TYPE_CHAR[c] === 0 : isBlank(c)) break;
      p++;
    }
    if (p === at + 1) continue;
    const typeEnd = p;
    while (p < n && (text.charCodeAt(p) === SPACE || text.charCodeAt(p) === TAB)) p++;
    const open = text.charCodeAt(p);
    if (open !== LBRACE && open !== LPAREN) continue;
    const type = lowerNameAt(text, at + 1, typeEnd, typeNames);
    if (NOT_ENTRIES.has(type)) continue;
    p++;
    while (p < n && isBlank(text.charCodeAt(p))) p++;
    const keyStart = p;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c < 128 ? KEY_CHAR[c] === 0 : isBlank(c)) break;
      p++;
    }
    if (p === keyStart) continue;
    const keyEnd = p;
    while (p < n && isBlank(text.charCodeAt(p))) p++;
    // As in the reader: a name followed by `=` is a field, not a key (the entry has none).
    if (text.charCodeAt(p) === EQUALS) continue;
    out.keys.push(text.slice(keyStart, keyEnd));
    out.types.push(type);
    out.starts.push(at);
    out.keyStarts.push(keyStart);
    at = p;
  }
  return out;
}

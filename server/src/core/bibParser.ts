/**
 * A tolerant, single-pass BibTeX reader.
 *
 * It walks the string once with `charCodeAt`, slicing field values only when an entry is accepted,
 * so it reads fast and allocates little (bench/DESIGN.md §1). A broken entry costs that entry (or only its
 * broken field); the rest of the file still loads, and every problem carries the span of the
 * offending token. It never throws on any input.
 */
import type { BibEntry, BibParseResult, Problem, Severity, Span } from './model';

export interface BibParseOptions {
  /** Longest value (in UTF-16 units) that `@string` expansion may build; longer values are cut. Default 1,000,000. */
  maxExpansion?: number;
}

const AT = 64, LBRACE = 123, RBRACE = 125, LPAREN = 40, RPAREN = 41, QUOTE = 34, HASH = 35,
  PERCENT = 37, COMMA = 44, EQUALS = 61, NL = 10, CR = 13, SPACE = 32, TAB = 9;

/** 1 where BibTeX accepts the ASCII character in an identifier (entry type, field or macro name). */
const ID = new Uint8Array(128);
/** 1 where the ASCII character may appear in an entry key. */
const KEY = new Uint8Array(128);
for (let c = 33; c < 127; c++) {
  // BibTeX's own rule: any printing character except these ten.
  ID[c] = '"#%\'(),={}'.includes(String.fromCharCode(c)) ? 0 : 1;
  // Keys are looser (quotes, `#`, `'` and `%` appear in real keys) but end at separators.
  KEY[c] = ',{}()="'.includes(String.fromCharCode(c)) ? 0 : 1;
}

/** 1 for ASCII whitespace. */
const WS = new Uint8Array(128);
for (const c of [SPACE, NL, CR, TAB, 11, 12]) WS[c] = 1;

function isSpace(c: number): boolean {
  return c < 128 ? WS[c] === 1 : c === 0xfeff || c === 0xa0;
}
function isId(c: number): boolean {
  return c < 128 ? ID[c] === 1 : !isSpace(c);
}
function isKey(c: number): boolean {
  return c < 128 ? KEY[c] === 1 : !isSpace(c);
}

/** Placeholder span of an entry being read; every path that ends an entry replaces it. */
const NO_SPAN: Span = Object.freeze({ start: 0, end: 0 });

/** The standard styles define these month macros; a file's own `@string` overrides them. */
const MONTHS: ReadonlyMap<string, string> = new Map([
  ['jan', 'January'], ['feb', 'February'], ['mar', 'March'], ['apr', 'April'], ['may', 'May'], ['jun', 'June'],
  ['jul', 'July'], ['aug', 'August'], ['sep', 'September'], ['oct', 'October'], ['nov', 'November'], ['dec', 'December'],
]);

/**
 * An open-addressing table from 32-bit hashes to small positive ids (0 = empty), kept at most half
 * full. The reader computes each hash while it scans the name anyway, so looking a name up never
 * slices or re-hashes a string; the caller compares candidates whose hash matches.
 */
class HashSlots {
  ids: Int32Array;
  hashes: Int32Array;
  private shift: number;
  private count = 0;
  constructor(bits: number) {
    this.ids = new Int32Array(1 << bits);
    this.hashes = new Int32Array(1 << bits);
    this.shift = 32 - bits;
  }
  /** First slot to probe for `hash` (multiplicative hashing spreads hashes of similar names). */
  first(hash: number): number {
    return Math.imul(hash, 0x9e3779b1) >>> this.shift;
  }
  next(slot: number): number {
    return (slot + 1) & (this.ids.length - 1);
  }
  /** Puts `id` into the empty `slot` found by probing for `hash`. */
  fill(slot: number, hash: number, id: number): void {
    this.ids[slot] = id;
    this.hashes[slot] = hash;
    if (++this.count * 2 > this.ids.length) this.grow();
  }
  private grow(): void {
    const oldIds = this.ids, oldHashes = this.hashes;
    this.ids = new Int32Array(oldIds.length * 2);
    this.hashes = new Int32Array(oldIds.length * 2);
    this.shift--;
    for (let i = 0; i < oldIds.length; i++) {
      if (oldIds[i] === 0) continue;
      let slot = this.first(oldHashes[i]);
      while (this.ids[slot] !== 0) slot = this.next(slot);
      this.ids[slot] = oldIds[i];
      this.hashes[slot] = oldHashes[i];
    }
  }
}

/** Hash step for names compared case-insensitively (`| 32` folds ASCII letters; it only has to be consistent). */
function foldHash(h: number, c: number): number {
  return (Math.imul(h, 31) + (c | 32)) | 0;
}

/*
 * The reader's state while `parseBib` runs. It lives at module level, and the reader's functions
 * below are module functions, so that each exists once: functions created inside every call were
 * new call targets on each parse, which made V8 drop their optimised code on the second parse
 * ("wrong call target") and compile it again while the file was being read. `parseBib` never
 * re-enters (it calls no user code), sets all of this up front and drops the text and results at the end.
 */
/** The text being read. */
let text = '';

let maxExpansion = 0;
let n = 0;
// The arrays are kept from call to call and emptied (the results are copied out): a fresh `[]`
// starts as an array of small integers, and code optimised while the first file was read would be
// thrown away on the next call at its first push of an object or string ("wrong map").
const entries: BibEntry[] = [];
let strings: Record<string, string> = {};
// @string macros by lowercased name: names and values by id - 1, found through `macroSlots` under
// the folded hash of the name. Seeded with the month macros, which a file's @string overrides.
const macroNames: string[] = [];
const macroValues: string[] = [];
let macroSlots = new HashSlots(1);
const problems: Problem[] = [];
// Besides the per-value limit, all macro substitutions together get a budget proportional to the
// file, so that thousands of exponential @strings cannot exhaust memory one megabyte at a time.
let expansionBudget = 0;
let budgetReported = false;

// Line numbers are needed only for messages; problems arrive mostly in order, so count from the
// last answer (`lineNo` is the line of `lineOff`), hopping from line break to line break with indexOf.
// A position before it (the first of two duplicate entries) is counted back from there or forward
// from the start, whichever is shorter.
let lineOff = 0, lineNo = 1;
function lineOf(offset: number): number {
  if (offset < lineOff && offset < lineOff - offset) { lineOff = 0; lineNo = 1; }
  if (offset >= lineOff) {
    for (let i = text.indexOf('\n', lineOff); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) lineNo++;
  } else {
    for (let i = text.lastIndexOf('\n', lineOff - 1); i >= offset; i = i > 0 ? text.lastIndexOf('\n', i - 1) : -1) lineNo--;
  }
  lineOff = offset;
  return lineNo;
}
function problem(start: number, end: number, message: string, severity: Severity, code: string): void {
  const span: Span = { start, end: Math.max(start, Math.min(end, n)) };
  problems.push({ span, message, severity, code });
}

function skipWs(p: number): number {
  while (p < n && isSpace(text.charCodeAt(p))) p++;
  return p;
}
/** Skips blanks and `%` comments running to the end of their line (used between fields only). */
function skipWsAndComments(p: number): number {
  for (;;) {
    while (p < n && isSpace(text.charCodeAt(p))) p++;
    if (p < n && text.charCodeAt(p) === PERCENT) {
      const nl = text.indexOf('\n', p);
      p = nl < 0 ? n : nl + 1;
      continue;
    }
    return p;
  }
}
/** True when `@type{` or `@type(` starts at `p`: where a reader that lost track of braces resumes. */
function entryStartAt(p: number): boolean {
  if (text.charCodeAt(p) !== AT) return false;
  let q = p + 1;
  const s = q;
  while (q < n && isId(text.charCodeAt(q))) q++;
  if (q === s) return false;
  while (q < n && (text.charCodeAt(q) === SPACE || text.charCodeAt(q) === TAB)) q++;
  const c = text.charCodeAt(q);
  return c === LBRACE || c === LPAREN;
}
/** After a newline at `p - 1`: does this line start (after indentation) a new entry? */
function lineStartsEntry(p: number): boolean {
  while (p < n && (text.charCodeAt(p) === SPACE || text.charCodeAt(p) === TAB)) p++;
  return p < n && text.charCodeAt(p) === AT && entryStartAt(p);
}
/** End of the last non-blank character before `p` (where an unterminated entry is cut). */
function trimBack(p: number, floor: number): number {
  while (p > floor && isSpace(text.charCodeAt(p - 1))) p--;
  return p;
}

// The next '{', '}' and line break at or after a position, cached as [from, at] so that the scans
// ahead of the reader cover each character about once in the whole file.
let openFrom = 0, openAt = -1, closeFrom = 0, closeAt = -1, nlFrom = 0, nlAt = -1;
function nextOpenBrace(q: number): number {
  if (q < openFrom || q > openAt) { openFrom = q; openAt = text.indexOf('{', q); if (openAt < 0) openAt = n; }
  return openAt;
}
let quoteFrom = 0, quoteAt = -1;
function nextQuote(q: number): number {
  if (q < quoteFrom || q > quoteAt) { quoteFrom = q; quoteAt = text.indexOf('"', q); if (quoteAt < 0) quoteAt = n; }
  return quoteAt;
}
function nextCloseBrace(q: number): number {
  if (q < closeFrom || q > closeAt) { closeFrom = q; closeAt = text.indexOf('}', q); if (closeAt < 0) closeAt = n; }
  return closeAt;
}
function nextNewline(q: number): number {
  if (q < nlFrom || q > nlAt) { nlFrom = q; nlAt = text.indexOf('\n', q); if (nlAt < 0) nlAt = n; }
  return nlAt;
}

// Results of the delimited scanners: `resume` is where reading continues after a failure.
let resume = 0;
/** From `{` at `p`: index of the matching `}`, or -1 (then `resume` is the next entry start or n). */
function scanBraced(p: number): number {
  // Fast path, most values: no inner brace and no line break before the first '}'. indexOf runs
  // at memchr speed, several times faster than a charCodeAt loop; the loop below decides the rest.
  const end = nextCloseBrace(p + 1);
  if (end < n && nextOpenBrace(p + 1) > end && nextNewline(p + 1) > end) return end;
  // Inner braces or line breaks: hop from one brace or line break to the next (in file order)
  // rather than test every character; values protect words with braces, and the hops are indexOf.
  let depth = 1;
  for (let i = p + 1; ;) {
    const close = nextCloseBrace(i), open = nextOpenBrace(i), nl = nextNewline(i);
    if (close < open && close < nl) {
      if (--depth === 0) return close;
      i = close + 1;
    } else if (open < nl) {
      depth++;
      i = open + 1;
    } else if (nl < n) {
      if (lineStartsEntry(nl + 1)) { resume = skipWs(nl + 1); return -1; }
      i = nl + 1;
    } else break;
  }
  resume = n;
  return -1;
}
/** From `"` at `p`: index of the closing quote (outside braces), or -1 as above. */
function scanQuoted(p: number): number {
  const end = nextQuote(p + 1);
  if (end < n && nextOpenBrace(p + 1) > end && nextNewline(p + 1) > end) return end;
  // As in scanBraced: hop between quotes, braces and line breaks; a quote inside braces is text.
  let depth = 0;
  for (let i = p + 1; ;) {
    const quote = nextQuote(i), open = nextOpenBrace(i), close = nextCloseBrace(i), nl = nextNewline(i);
    const at = Math.min(quote, open, close, nl);
    if (at >= n) break;
    if (at === quote) { if (depth === 0) return quote; }
    else if (at === open) depth++;
    else if (at === close) { if (depth > 0) depth--; }
    else if (lineStartsEntry(nl + 1)) { resume = skipWs(nl + 1); return -1; }
    i = at + 1;
  }
  resume = n;
  return -1;
}

// Outcomes of `recover`: continue with the next field, the entry closed at `recAt`, or lost track.
const Rec = { Field: 0, End: 1, Lost: 2 } as const;
/** Error recovery inside an entry: skip to the next top-level comma, the closing delimiter, or the next entry. */
let recAt = 0;
function recover(p: number, close: number): number {
  let depth = 0;
  for (let i = p; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === LBRACE) depth++;
    else if (c === RBRACE && depth > 0) depth--;
    else if (depth === 0 && c === close) { recAt = i; return Rec.End; }
    else if (depth === 0 && c === COMMA) { recAt = i + 1; return Rec.Field; }
    else if (c === NL && lineStartsEntry(i + 1)) { recAt = skipWs(i + 1); return Rec.Lost; }
  }
  recAt = n;
  return Rec.Lost;
}

/** `foldHash` over a whole (lowercased) name, as the scanners compute it over the name's characters. */
function stringHash(lower: string): number {
  let h = 0;
  for (let i = 0; i < lower.length; i++) h = foldHash(h, lower.charCodeAt(i));
  return h;
}
/** Id of the macro named `lower` (already lowercased), or 0. */
function macroIdOf(lower: string, hash: number): number {
  for (let slot = macroSlots.first(hash), id = macroSlots.ids[slot]; id !== 0; slot = macroSlots.next(slot), id = macroSlots.ids[slot]) {
    if (macroSlots.hashes[slot] === hash && macroNames[id - 1] === lower) return id;
  }
  return 0;
}
function setMacro(lower: string, value: string): void {
  const hash = stringHash(lower);
  const id = macroIdOf(lower, hash);
  if (id !== 0) { macroValues[id - 1] = value; return; }
  macroNames.push(lower);
  macroValues.push(value);
  let slot = macroSlots.first(hash);
  while (macroSlots.ids[slot] !== 0) slot = macroSlots.next(slot);
  macroSlots.fill(slot, hash, macroNames.length);
}
/**
 * Id of the macro named by the ASCII-only token at [s, e) with folded hash `hash`, or 0; compares
 * in place, so a known macro costs no string. (Tokens with other characters go through
 * `toLowerCase`, whose Unicode rules can change a name's length.)
 */
function macroIdAt(s: number, e: number, hash: number): number {
  for (let slot = macroSlots.first(hash), id = macroSlots.ids[slot]; id !== 0; slot = macroSlots.next(slot), id = macroSlots.ids[slot]) {
    if (macroSlots.hashes[slot] !== hash) continue;
    const name = macroNames[id - 1];
    if (name.length !== e - s) continue;
    let i = s;
    for (; i < e; i++) {
      const c = text.charCodeAt(i);
      if ((c >= 65 && c <= 90 ? c | 32 : c) !== name.charCodeAt(i - s)) break;
    }
    if (i === e) return id;
  }
  return 0;
}

/** Resolves a macro token at [s, e) for the value being built; `hash` and `ascii` come from the scan of the token. */
function macroValue(s: number, e: number, hash: number, ascii: boolean): string {
  let id: number;
  if (ascii) id = macroIdAt(s, e, hash);
  else {
    const lower = text.slice(s, e).toLowerCase();
    id = macroIdOf(lower, stringHash(lower));
  }
  const v = id === 0 ? undefined : macroValues[id - 1];
  if (v === undefined) {
    const name = text.slice(s, e);
    problem(s, e, `Undefined @string macro '${name}'.`, 'warning', 'bib-undefined-macro');
    return name;
  }
  if (v.length > expansionBudget) {
    const name = text.slice(s, e);
    if (!budgetReported) {
      budgetReported = true;
      problem(s, e, `Too much @string expansion in this file; macro '${name}' and later ones are left unexpanded.`, 'warning', 'bib-expansion-limit');
    }
    return name;
  }
  expansionBudget -= v.length;
  return v;
}

// Value parsing results: the value (undefined when missing or broken) and where reading stopped.
let valueEnd = 0;
/** Set when a delimited value never closed: the entry is over and reading resumes at `resume`. */
let valueLost = false;
/** How messages name a value: "field 'title' in entry 'x'" or "@string 'jmlr'" (built only on error). */
function describe(name: string, key: string | undefined): string {
  return key === undefined ? `@string '${name}'` : `field '${name}' in entry '${key}'`;
}
/** Reads `part # part # ...` starting at `p`; `name` and `key` name the value for messages (no key: a @string). */
function readValue(p: number, name: string, fieldStart: number, key: string | undefined): string | undefined {
  valueLost = false;
  let value: string | undefined;
  let cut = false;
  for (;;) {
    p = skipWs(p);
    const c = text.charCodeAt(p);
    let part: string;
    if (c === LBRACE || c === QUOTE) {
      const end = c === LBRACE ? scanBraced(p) : scanQuoted(p);
      if (end < 0) {
        const closer = c === LBRACE ? 'closing brace' : 'closing quote';
        problem(fieldStart, p + 1,
          `The value of ${describe(name, key)} is missing a ${closer}; the entry ends at line ${lineOf(trimBack(resume, p))}.`,
          'error', 'bib-unclosed');
        valueLost = true;
        valueEnd = resume;
        return undefined;
      }
      part = text.slice(p + 1, end);
      p = end + 1;
    } else if (p < n && isId(c)) {
      const s = p;
      let digits = true, hash = 0, bits = 0;
      for (; p < n; p++) {
        const d = text.charCodeAt(p);
        if (!isId(d)) break;
        if (d < 48 || d > 57) digits = false;
        hash = foldHash(hash, d);
        bits |= d;
      }
      part = digits ? text.slice(s, p) : macroValue(s, p, hash, bits < 128);
    } else {
      const where = p < n ? p : n;
      problem(fieldStart, where, `Missing value for ${describe(name, key)}.`, 'error', 'bib-syntax');
      valueEnd = where;
      return undefined;
    }
    if (!cut) {
      value = value === undefined ? part : value + part;
      if (value.length > maxExpansion) {
        cut = true;
        value = value.slice(0, maxExpansion);
        problem(fieldStart, p, `The value of ${describe(name, key)} grows beyond ${maxExpansion} characters through @string expansion; it was cut off.`, 'warning', 'bib-expansion-limit');
      }
    }
    const q = skipWs(p);
    if (q < n && text.charCodeAt(q) === HASH) { p = q + 1; continue; }
    valueEnd = p;
    return value;
  }
}

/** Skips a `@comment{...}` / `@preamble{...}` body that opens at `p`; returns where to continue. */
function skipBody(at: number, p: number, close: number, what: string): number {
  if (close === RBRACE) {
    const end = scanBraced(p);
    if (end >= 0) return end + 1;
  } else {
    const r = recoverParen(p + 1);
    if (r >= 0) return r + 1;
  }
  problem(at, p + 1, `${what} is missing a closing ${close === RBRACE ? 'brace' : 'parenthesis'}; it ends at line ${lineOf(trimBack(resume, p))}.`, 'error', 'bib-unclosed');
  return resume;
}
/** For `(`-delimited bodies: index of the `)` at brace depth 0, or -1 (`resume` set). */
function recoverParen(p: number): number {
  let depth = 0;
  for (let i = p; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === LBRACE) depth++;
    else if (c === RBRACE && depth > 0) depth--;
    else if (c === RPAREN && depth === 0) return i;
    else if (c === NL && lineStartsEntry(i + 1)) { resume = skipWs(i + 1); return -1; }
  }
  resume = n;
  return -1;
}

/** `@string{name = value}` with the body opening at `p`; returns where to continue. */
function parseString(at: number, p: number, close: number): number {
  p = p + 1;
  for (;;) {
    p = skipWsAndComments(p);
    if (p >= n) break;
    const c = text.charCodeAt(p);
    if (c === close) return p + 1;
    if (c === COMMA) { p++; continue; }
    const s = p;
    while (p < n && isId(text.charCodeAt(p))) p++;
    const name = text.slice(s, p);
    const q = skipWs(p);
    if (!name || text.charCodeAt(q) !== EQUALS) {
      problem(s, Math.max(q, s + 1), name ? `Expected '=' after @string name '${name}'.` : `Expected a macro name in @string.`, 'error', 'bib-syntax');
      const r = recover(q, close);
      if (r === Rec.Field) { p = recAt; continue; }
      if (r === Rec.End) return recAt + 1;
      return unclosedString(at, p);
    }
    const value = readValue(q + 1, name, s, undefined);
    if (valueLost) return resume;
    if (value !== undefined) {
      const lower = name.toLowerCase();
      setMacro(lower, value);
      setField(strings, lower, value);
    }
    p = valueEnd;
  }
  return unclosedString(at, p);
}
function unclosedString(at: number, p: number): number {
  const stop = p >= n ? n : recAt;
  problem(at, at + 7, `@string is missing a closing brace; it ends at line ${lineOf(trimBack(stop, at))}.`, 'error', 'bib-unclosed');
  return stop;
}

// Field names repeat endlessly ("title", "author", ...). Reusing one lowercased string per name
// (found by a hash computed while scanning) avoids a slice, a toLowerCase and a string-table
// lookup per field when the name becomes a property key. Only ASCII names are interned: then
// each name has exactly one slot, so the slot can also stamp which entry last set the field.
let internNames: (string | undefined)[] = [];
/** Per intern slot: number of the entry that last set that field (see `entryNo`). */
const internStamps = new Int32Array(512);
/** The slot of the name `fieldName` returned last, or -1 when that name is not interned. */
let nameSlot = -1;
function fieldName(s: number, e: number, h: number, ascii: boolean): string {
  if (!ascii) { nameSlot = -1; return text.slice(s, e).toLowerCase(); }
  const slot = h & 511;
  const known = internNames[slot];
  if (known !== undefined && known.length === e - s) {
    let same = true;
    for (let i = s; i < e; i++) {
      const c = text.charCodeAt(i);
      const lc = c >= 65 && c <= 90 ? c | 32 : c;
      if (lc !== known.charCodeAt(i - s)) { same = false; break; }
    }
    if (same) { nameSlot = slot; return known; }
  }
  const name = text.slice(s, e).toLowerCase();
  if (known === undefined) { internNames[slot] = name; nameSlot = slot; }
  else nameSlot = -1;
  return name;
}
/** Counts regular entries, for `internStamps`. */
let entryNo = 0;

/** The lowercased entry type at [s, e); the few types of a file are kept and reused, like field names. */
const types: string[] = [];
function entryType(s: number, e: number): string {
  return lowerNameAt(text, s, e, types);
}

/**
 * The lowercased name at [s, e) of `src`, taken from `seen` when it is there (compared in place, no
 * string made) and added to it otherwise (up to 64). For entry types: a file uses a dozen, and
 * toLowerCase on a slice of a two-byte text is a runtime call costing about a microsecond.
 */
export function lowerNameAt(src: string, s: number, e: number, seen: string[]): string {
  for (const t of seen) {
    if (t.length !== e - s) continue;
    let same = true;
    for (let i = s; i < e; i++) {
      const c = src.charCodeAt(i);
      if ((c >= 65 && c <= 90 ? c | 32 : c) !== t.charCodeAt(i - s)) { same = false; break; }
    }
    if (same) return t;
  }
  const t = src.slice(s, e).toLowerCase();
  if (seen.length < 64) seen.push(t);
  return t;
}

/** A regular entry whose body opens at `open`; returns where to continue. */
function parseEntry(at: number, type: string, open: number, close: number): number {
  let p = skipWs(open + 1);
  const keyStart = p;
  let keyHash = 0;
  for (; p < n; p++) {
    const c = text.charCodeAt(p);
    if (!isKey(c) || c === close) break;
    keyHash = (Math.imul(keyHash, 31) + c) | 0;
  }
  const keyEnd = p;
  let q = skipWs(p);
  if (keyEnd === keyStart || text.charCodeAt(q) === EQUALS) {
    problem(at, open + 1, `Entry '@${type}' has no key; it is skipped.`, 'error', 'bib-missing-key');
    if (close === RBRACE) return skipEntryBody(open);
    const end = recoverParen(open + 1);
    return end >= 0 ? end + 1 : resume;
  }
  const key = text.slice(keyStart, keyEnd);
  const fields: Record<string, string> = {};
  // `span.end` is set once the entry closes (spans are shared plain objects, so built once).
  const entry: BibEntry = { type, key, keySpan: { start: keyStart, end: keyEnd }, span: NO_SPAN, fields };
  entryNo++;
  // Duplicate fields are found by the stamps of interned names; once a name that is not interned
  // has been set, the entry asks its own fields instead (a stamp cannot see that name).
  let askFields = false;
  let needComma = false;
  let next: number;
  const c0 = text.charCodeAt(q);
  if (c0 === COMMA) p = q + 1;
  else if (c0 === close) { p = q; }
  else if (q < n && isId(c0) && !entryStartAt(q)) {
    problem(keyStart, keyEnd, `Missing comma after the key '${key}'.`, 'warning', 'bib-syntax');
    p = q;
  } else p = q;

  for (;;) {
    p = skipWsAndComments(p);
    if (p >= n) { next = unclosedEntry(entry, at, n); break; }
    const c = text.charCodeAt(p);
    if (c === close) { entry.span = { start: at, end: p + 1 }; next = p + 1; break; }
    if (c === COMMA) { p++; needComma = false; continue; }
    if (c === AT && entryStartAt(p)) { next = unclosedEntry(entry, at, p); break; }
    if (isId(c)) {
      const s = p;
      let h = 0, bits = 0;
      for (; p < n; p++) {
        const d = text.charCodeAt(p);
        if (!isId(d)) break;
        h = foldHash(h, d);
        bits |= d;
      }
      const nameEnd = p;
      q = skipWs(p);
      if (text.charCodeAt(q) === EQUALS) {
        const name = fieldName(s, nameEnd, h, bits < 128);
        if (needComma) problem(s, nameEnd, `Missing comma before field '${name}'.`, 'warning', 'bib-syntax');
        const value = readValue(q + 1, name, s, key);
        if (valueLost) {
          entry.span = { start: at, end: trimBack(resume, at) };
          next = resume;
          break;
        }
        if (value !== undefined) {
          let duplicate: boolean;
          if (nameSlot >= 0 && !askFields) {
            duplicate = internStamps[nameSlot] === entryNo;
            internStamps[nameSlot] = entryNo;
          } else {
            askFields = true;
            duplicate = Object.hasOwn(fields, name);
          }
          if (duplicate) {
            problem(s, nameEnd, `Duplicate field '${name}' in entry '${key}'; the first value is kept.`, 'warning', 'bib-duplicate-field');
          } else setField(fields, name, value);
        }
        p = valueEnd;
        needComma = true;
        continue;
      }
      problem(s, nameEnd, `Expected '=' after '${text.slice(s, nameEnd)}' in entry '${key}'.`, 'error', 'bib-syntax');
      p = q;
    } else {
      problem(p, p + 1, `Unexpected '${text[p]}' in entry '${key}'.`, 'error', 'bib-syntax');
    }
    const r = recover(p, close);
    if (r === Rec.Field) { p = recAt; needComma = false; continue; }
    if (r === Rec.End) { entry.span = { start: at, end: recAt + 1 }; next = recAt + 1; break; }
    next = unclosedEntry(entry, at, recAt);
    break;
  }
  addEntry(entry, keyHash);
  return next;
}
/** Skips the body of a key-less brace entry; returns where to continue. */
function skipEntryBody(open: number): number {
  const end = scanBraced(open);
  return end >= 0 ? end + 1 : resume;
}
function unclosedEntry(entry: BibEntry, at: number, stop: number): number {
  const end = trimBack(stop, at);
  entry.span = { start: at, end };
  problem(at, entry.keySpan.end, `Entry '${entry.key}' is missing a closing brace; it ends at line ${lineOf(end)}.`, 'error', 'bib-unclosed');
  return stop;
}
// Kept entries by key: `entries` index + 1 under the key's hash, computed while the key was
// scanned (a Map would hash every freshly sliced key string again).
let keySlots = new HashSlots(1);
function addEntry(entry: BibEntry, hash: number): void {
  let slot = keySlots.first(hash);
  for (let id = keySlots.ids[slot]; id !== 0; slot = keySlots.next(slot), id = keySlots.ids[slot]) {
    if (keySlots.hashes[slot] === hash && entries[id - 1].key === entry.key) {
      problem(entry.keySpan.start, entry.keySpan.end,
        `Duplicate key '${entry.key}'; the entry at line ${lineOfFirst(entries[id - 1])} is kept and this one is ignored.`, 'warning', 'duplicate-key');
      return;
    }
  }
  entries.push(entry);
  keySlots.fill(slot, hash, entries.length);
}
function lineOfFirst(e: BibEntry): number {
  // The first entry lies before the current position: `lineOf` counts back (or restarts); duplicates are rare.
  return lineOf(e.span.start);
}

/**
 * Reads a .bib text tolerantly. Never throws.
 *
 * Entries come back in file order with lowercased types and field names and resolved values
 * (see `BibEntry.fields`). `@comment`, `@preamble` and text outside entries are ignored as BibTeX
 * does; a line whose first non-blank character is `%` is skipped between entries and between fields.
 * Duplicate keys keep the first entry and report the later ones.
 */
export function parseBib(source: string, options: BibParseOptions = {}): BibParseResult {
  startReading(source, options);
  try {
    // The BOM test is made here, not in readEntries: V8 collects type feedback for a function only
    // after a few calls, so code at the top of the once-per-call reader would have none and its
    // optimised code would be thrown away on the next call, leaving the whole file to the interpreter.
    readEntries(n > 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0);
    return { entries: entries.slice(), strings, problems: problems.slice() };
  } finally {
    // Let go of the text and the results: the module must not keep the last file alive.
    stopReading();
  }
}

function startReading(source: string, options: BibParseOptions): void {
  text = source;
  n = source.length;
  maxExpansion = Math.max(0, options.maxExpansion ?? 1_000_000);
  entries.length = 0;
  strings = {};
  problems.length = 0;
  // @string macros, seeded with the month macros, which a file's @string overrides.
  macroNames.length = 0;
  macroValues.length = 0;
  macroSlots = new HashSlots(10);
  for (const [name, value] of MONTHS) setMacro(name, value);
  expansionBudget = maxExpansion * 64 + n * 16;
  budgetReported = false;
  lineOff = 0; lineNo = 1;
  openFrom = 0; openAt = -1; closeFrom = 0; closeAt = -1; nlFrom = 0; nlAt = -1; quoteFrom = 0; quoteAt = -1;
  resume = 0; recAt = 0; valueEnd = 0; valueLost = false;
  // Interned names are per call: a name sliced from the text could keep a whole file alive.
  internNames = new Array(512).fill(undefined);
  internStamps.fill(0);
  nameSlot = -1;
  entryNo = 0;
  types.length = 0;
  keySlots = new HashSlots(10);
}

function stopReading(): void {
  text = '';
  n = 0;
  entries.length = 0;
  strings = {};
  problems.length = 0;
  macroNames.length = 0;
  macroValues.length = 0;
  internNames = [];
  types.length = 0;
  macroSlots = keySlots = new HashSlots(1);
}

/** The top level from `start`: finds each `@type{` or `@type(` and hands its body to the reader of that kind. */
function readEntries(start: number): void {
  let pos = start;
  while (pos < n) {
    const at = text.indexOf('@', pos);
    if (at < 0) break;
    // An '@' after a '%' on its line (outside entries) is commented out. The backward look stops
    // at `pos`, so the whole pass stays linear even on a single huge line.
    let commented = false;
    for (let i = at - 1; i >= pos; i--) {
      const c = text.charCodeAt(i);
      if (c === NL) break;
      if (c === PERCENT) { commented = true; break; }
    }
    if (commented) {
      const nl = text.indexOf('\n', at);
      pos = nl < 0 ? n : nl + 1;
      continue;
    }
    let p = at + 1;
    while (p < n && isId(text.charCodeAt(p))) p++;
    if (p === at + 1) { pos = p; continue; }
    const type = entryType(at + 1, p);
    p = skipWs(p);
    const open = text.charCodeAt(p);
    if (open !== LBRACE && open !== LPAREN) { pos = p; continue; }
    const close = open === LBRACE ? RBRACE : RPAREN;
    if (type === 'comment') pos = skipBody(at, p, close, '@comment');
    else if (type === 'preamble') pos = skipBody(at, p, close, '@preamble');
    else if (type === 'string') pos = parseString(at, p, close);
    else pos = parseEntry(at, type, p, close);
    if (pos <= at) pos = at + 1; // Defensive: every branch advances, but never loop on a bug.
  }
}

/** Sets a field without letting a name like `__proto__` reach the prototype. */
function setField(obj: Record<string, string>, name: string, value: string): void {
  if (name === '__proto__') Object.defineProperty(obj, name, { value, enumerable: true, writable: true, configurable: true });
  else obj[name] = value;
}

/** The decoded text of a .bib file's bytes, with how it was decoded. */
export interface DecodedBib {
  text: string;
  encoding: 'utf-8' | 'utf-8-bom' | 'latin1';
  /** True when the bytes look like a binary file (NUL bytes or many control characters); `text` is then best effort. */
  binary: boolean;
}

/**
 * Decodes a .bib file: UTF-8 (BOM stripped) when the bytes are valid UTF-8, Latin-1 otherwise
 * (old bibliographies are often Latin-1, and every byte sequence is valid Latin-1).
 */
export function decodeBibBytes(bytes: Uint8Array): DecodedBib {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const sample = Math.min(body.length, 65536);
  let control = 0;
  let nul = false;
  for (let i = 0; i < sample; i++) {
    const b = body[i];
    if (b === 0) { nul = true; break; }
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++;
  }
  const binary = nul || (sample > 0 && control / sample > 0.1);
  // A fatal decoder validates while it decodes (natively): one pass over the bytes instead of a
  // JavaScript validation loop and then a decode (bench/DESIGN.md §1).
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: bom ? 'utf-8-bom' : 'utf-8', binary };
  } catch {
    return { text: new TextDecoder('latin1').decode(body), encoding: 'latin1', binary };
  }
}

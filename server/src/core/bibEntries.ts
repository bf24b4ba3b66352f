/**
 * Turning what the readers give (BibTeX entries, CSL-JSON items, bundled papers) into IndexedEntry:
 * TeX resolved to plain text, names split, year, DOI and arXiv id found. Pure, so the index worker
 * can run it where a file is parsed and the request thread only for the entries a request returns.
 */
import { latexToText } from './latexText';
import type { BibEntry, CslItem, EntryBrief, IndexedEntry, Paper, PersonName, Span } from './model';
import { arxivKey, type PaperDb } from './paperDb';

/** A BibTeX entry of the file `uri` as an index entry (without its database paper: see samePaper). */
export function bibEntry(uri: string, b: BibEntry): IndexedEntry {
  const f = b.fields;
  const brief = briefOfFields(uri, b.key, b.span, b.keySpan, f.title, f.author ?? f.editor, f.year ?? f.date);
  return {
    key: brief.key,
    source: brief.source,
    type: b.type,
    title: brief.title,
    authors: brief.authors,
    year: brief.year,
    venue: firstText(f.journal, f.journaltitle, f.booktitle, f.publisher, f.school, f.institution),
    doi: f.doi ? stripDoi(f.doi) : undefined,
    arxiv: bibArxiv(f),
    url: f.url?.trim() || undefined,
    fields: f,
  };
}

/**
 * A bib entry's brief (see EntryBrief: what `bibEntry` gives, less venue, identifiers and fields) from
 * the raw values it is made of, so that a store can read just these fields.
 */
export function briefOfFields(uri: string, key: string, span: Span, keySpan: Span, title: string | undefined, names: string | undefined, year: string | undefined): EntryBrief {
  return {
    key,
    source: { kind: 'bib', uri, span, keySpan },
    title: title ? latexToText(title) : '',
    authors: namesOf(names ?? ''),
    year: yearOf(year),
  };
}

/**
 * Name lists of at least this many characters (some 60 names and more) are parsed once and kept,
 * by their text. A request builds each entry it shows (the server keeps only recently built ones),
 * and parsing a list of hundreds of authors is slow: a completion whose results held such entries
 * spent most of its time on their authors. In the bench's synthetic 100k file, eight copies of the
 * BIG-bench paper made the prefix `const` (one of its authors) the slowest completion
 * (bench/DESIGN.md §7).
 */
const LONG_NAME_LIST = 4000;
/** How many long lists are kept (the oldest goes first): huge author lists are few in any bibliography. */
const LONG_LISTS_KEPT = 64;
const longLists = new Map<string, readonly PersonName[]>();
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** `parseBibNames`, with long lists parsed once (the result is shared, so it is frozen). */
export function namesOf(value: string): readonly PersonName[] {
  if (value.length < LONG_NAME_LIST) return parseBibNames(value);
  let names = longLists.get(value);
  if (!names) {
    // Kept under a copy: `value` may be a slice of a whole file's text, which must not stay alive
    // for the sake of one field (the parsed names are cut from the copy as well).
    const own = utf8Decoder.decode(utf8Encoder.encode(value));
    // (A lone surrogate does not survive the copy; such a list is just parsed each time.)
    if (own !== value) return parseBibNames(value);
    names = Object.freeze(parseBibNames(own).map((n) => Object.freeze(n)));
    if (longLists.size >= LONG_LISTS_KEPT) longLists.delete(longLists.keys().next().value!);
    longLists.set(own, names);
  }
  return names;
}

/** The database paper an entry is: same arXiv id (version dropped), DOI (any case) or normalised title. */
export function samePaper(db: PaperDb, entry: IndexedEntry): Paper | undefined {
  if (entry.source.kind === 'bundled') return entry.paper;
  return (entry.arxiv ? db.byArxiv(entry.arxiv) : undefined)
    ?? (entry.doi ? db.byDoi(entry.doi) : undefined)
    ?? (entry.title ? db.byTitle(entry.title) : undefined);
}

function firstText(...vals: Array<string | undefined>): string | undefined {
  for (const v of vals) if (v && v.trim()) return latexToText(v);
  return undefined;
}

function yearOf(v: string | undefined): number | undefined {
  const m = v ? /\b(\d{4})\b/.exec(v) : null;
  return m ? Number(m[1]) : undefined;
}

function stripDoi(d: string): string {
  return d.trim().replace(/^(?:https?:\/\/)?(?:dx\.)?doi\.org\//i, '').replace(/^doi:\s*/i, '');
}

/** arXiv id from eprint (when the archive is arXiv or the eprint looks like one), the URL, or "arXiv:…" in the venue. */
function bibArxiv(f: Record<string, string>): string | undefined {
  if (f.eprint) {
    const archive = (f.archiveprefix ?? f.eprinttype ?? '').toLowerCase();
    const a = arxivKey(f.eprint);
    if (a && (archive === '' || archive === 'arxiv')) return a;
  }
  // Only a URL that mentions arXiv can be an arXiv link: most URLs skip the recogniser's large regex
  // (its compilation and tier-up showed in a completion that built its first entries; bench/DESIGN.md §3).
  if (f.url && /arxiv/i.test(f.url)) { const a = arxivKey(f.url); if (a) return a; }
  for (const v of [f.journal, f.note, f.howpublished, f.volume]) {
    const m = v ? /arxiv[:\s]*(?:abs\/)?(\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?\/\d{7})/i.exec(v) : null;
    if (m) return arxivKey(m[1]);
  }
  return undefined;
}

/** Splits a brace-free name list whose whitespace is single spaces on " and " (any case), as AND would. */
function splitOnAnd(s: string): string[] {
  const lower = s.toLowerCase();
  // toLowerCase keeps positions unless a character changes length when lowered (İ does): then the regex.
  if (lower.length !== s.length) return s.split(unsticky(AND));
  const out: string[] = [];
  let start = 0;
  for (let at = lower.indexOf(' and ', 0); at >= 0; at = lower.indexOf(' and ', start)) {
    out.push(s.slice(start, at));
    start = at + 5;
  }
  out.push(s.slice(start));
  return out;
}

/** Splits `s` on `sep` (a sticky regex) outside braces. */
function splitTop(s: string, sep: RegExp): string[] {
  // Most names have no braces: one native split (the loop below tries the regex at every character).
  if (s.indexOf('{') < 0) return s.split(unsticky(sep));
  // The regex is tried only where it can start (a comma, or a space for " and " and spaces): trying it
  // at every character made a long author list with TeX accents slow to split (bench/DESIGN.md §6).
  const startCode = sep === COMMA ? 0x2c : -1;
  const out: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x7b) depth++;
    else if (c === 0x7d) depth = Math.max(0, depth - 1);
    else if (depth === 0 && (startCode < 0 ? c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c > 0x1000 : c === startCode)) {
      sep.lastIndex = i;
      const m = sep.exec(s);
      if (m && m.index === i) { out.push(s.slice(start, i)); start = i + m[0].length; i = start - 1; }
    }
  }
  out.push(s.slice(start));
  return out;
}

const unstickied = new Map<RegExp, RegExp>();
function unsticky(sep: RegExp): RegExp {
  let r = unstickied.get(sep);
  if (!r) unstickied.set(sep, (r = new RegExp(sep.source, sep.flags.replace('y', ''))));
  return r;
}

const AND = /\s+and\s+/iy;
const COMMA = /,/y;
const SPACES = /\s+/y;

/**
 * True when `s` has no whitespace but single spaces between words, i.e. `s.replace(/\s+/g, ' ').trim()`
 * would return it unchanged (the usual case: a scan instead of a regular-expression pass and a copy).
 */
function singleSpaced(s: string): boolean {
  let prevSpace = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20) { if (prevSpace) return false; prevSpace = true; continue; }
    // Everything else `\s` matches: ASCII controls 9-13, no-break and Unicode spaces, separators, BOM.
    if ((c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0xfeff || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)
      || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000) return false;
    prevSpace = false;
  }
  return !prevSpace || s.length === 0;
}

/**
 * BibTeX name list ("Last, First and First von Last and {Org Name}") → family/given. "others" is dropped.
 *
 * It runs for every entry a request shows (completion builds ~50 per keystroke), so a list without
 * braces, the common case, is cut with string searches at known single spaces and commas, without
 * word arrays or regular expressions (half the time of the general path on the shared real files).
 */
export function parseBibNames(value: string): PersonName[] {
  const out: PersonName[] = [];
  // Whitespace is one space from here on, which lets the splits below use plain string searches.
  const names = singleSpaced(value) ? value : value.replace(/\s+/g, ' ').trim();
  const braces = names.indexOf('{') >= 0;
  for (const raw of braces ? splitTop(names, AND) : splitOnAnd(names)) {
    const name = raw.trim();
    if (!name || (name.length === 6 && name.toLowerCase() === 'others')) continue;
    const comma = name.indexOf(',');
    if (comma < 0) { pushSpacedName(out, name); continue; }
    // "Last, First" or "von Last, Jr, First": the family is the first part, the given name the last.
    let familyText: string, givenText: string;
    if (braces) {
      const parts = splitTop(name, COMMA);
      // Commas only inside braces: a "First von Last" name.
      if (parts.length < 2) { pushSpacedName(out, name); continue; }
      familyText = parts[0];
      givenText = parts[parts.length - 1];
    } else {
      familyText = name.slice(0, comma);
      givenText = name.slice(name.lastIndexOf(',') + 1);
    }
    const family = latexToText(familyText.trim());
    const given = latexToText(givenText.trim());
    if (family) out.push(given ? { family, given } : { family });
  }
  return out;
}

/**
 * A "First von Last" name (or a single word) whose whitespace is single spaces: the family name starts
 * at the first lowercase word after the first (a particle such as "van"), or is the last word.
 */
function pushSpacedName(out: PersonName[], name: string): void {
  if (name.indexOf('{') >= 0) {
    // Braces group words: "{Google Brain} Team", "Jean {de La} Fontaine".
    const wordsAt = splitTop(name, SPACES).filter(Boolean);
    if (wordsAt.length === 1) { out.push({ family: latexToText(wordsAt[0]) }); return; }
    let cut = wordsAt.length - 1;
    for (let i = 1; i < wordsAt.length - 1; i++) if (isLowerAscii(wordsAt[i].charCodeAt(0))) { cut = i; break; }
    pushName(out, wordsAt.slice(cut).join(' '), wordsAt.slice(0, cut).join(' '));
    return;
  }
  const first = name.indexOf(' ');
  if (first < 0) { out.push({ family: latexToText(name) }); return; }
  const last = name.lastIndexOf(' ');
  // `cut` is the space before the family name.
  let cut = last;
  for (let at = first; at < last; at = name.indexOf(' ', at + 1)) {
    if (isLowerAscii(name.charCodeAt(at + 1))) { cut = at; break; }
  }
  pushName(out, name.slice(cut + 1), name.slice(0, cut));
}

function pushName(out: PersonName[], familyText: string, givenText: string): void {
  const family = latexToText(familyText);
  const given = latexToText(givenText);
  out.push(given ? { family, given } : { family });
}

function isLowerAscii(c: number): boolean {
  return c >= 97 && c <= 122;
}

function cslNames(names: CslItem['author']): PersonName[] {
  const out: PersonName[] = [];
  for (const n of names ?? []) {
    if (n && typeof n.family === 'string' && n.family) out.push(n.given ? { family: n.family, given: n.given } : { family: n.family });
    else if (n && typeof n.literal === 'string' && n.literal) out.push({ family: n.literal });
  }
  return out;
}

function cslYear(item: CslItem): number | undefined {
  const y = item.issued?.['date-parts']?.[0]?.[0];
  const n = typeof y === 'number' ? y : typeof y === 'string' ? Number(y) : NaN;
  return Number.isFinite(n) ? n : yearOf(item.issued?.literal);
}

export function cslEntry(item: CslItem, key: string, source: IndexedEntry['source']): IndexedEntry {
  const custom = item.custom && typeof item.custom === 'object' ? item.custom : undefined;
  const arxiv = (typeof custom?.arxiv === 'string' ? arxivKey(custom.arxiv) : undefined) ?? (typeof item.URL === 'string' && /arxiv/i.test(item.URL) ? arxivKey(item.URL) : undefined);
  return {
    key,
    source,
    type: typeof item.type === 'string' ? item.type : 'article',
    title: typeof item.title === 'string' ? item.title : '',
    authors: cslNames(item.author ?? item.editor),
    year: cslYear(item),
    venue: custom?.venueShort ?? (typeof item['container-title'] === 'string' ? item['container-title'] : undefined),
    doi: typeof item.DOI === 'string' ? stripDoi(item.DOI) : undefined,
    arxiv,
    url: typeof item.URL === 'string' ? item.URL : undefined,
  };
}

/** The index entry of a bundled paper. */
export function paperEntry(p: Paper): IndexedEntry {
  const e = cslEntry(p, p.id, { kind: 'bundled' });
  e.paper = p;
  return e;
}


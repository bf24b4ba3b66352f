/**
 * Records of a large paper database in JSON lines, in the arXiv metadata snapshot format (one
 * object per line: `id`, `title`, `authors`, `abstract`, `categories`, `doi`, `update_date`, and
 * optionally `authors_parsed`). Each record becomes a BibEntry-shaped entry so the index treats it
 * like any other bibliography entry; the reader of the file (the index worker) calls this one line
 * at a time, so a database is never one string.
 *
 * Keys: Google Scholar style, first author's family name + year + first significant title word
 * (`vaswani2017attention`), which is what people type and what the bundled database uses. The arXiv
 * id stays searchable (and resolves the same paper) through the `eprint` field. When two records
 * give the same key, the later one gets the arXiv id appended (`smith2020deep:2003.01234`), so keys
 * are unique and stable as long as the file keeps its order.
 *
 * Records without an arXiv id (the venue catalog, scripts/build-catalog.mjs) are accepted too: they
 * need a `title` and say where they appeared with `venue` and `year` (optional `venueKind`: "journal"
 * makes the venue a journal, anything else a proceedings), and may give `url` and `source` (where the
 * record comes from, e.g. `papercopilot/paperlists@33f9884e:iclr/iclr2018.json`). Such a record's
 * colliding key gets a letter instead (`smith2020deepb`).
 */
import type { BibEntry, Problem } from './model';
import { latexToText } from './latexText';
import { normalizeArxivId, normalizeDoi } from './refRecognizers';

/** Words Google Scholar skips when it picks the title word of a key (the bundled database's list, scripts/build-db.mjs). */
const STOP = new Set('a an the on of in for to with and by at from is are was were be been via how what why when where which who do does did as into or can we our it its this that these those'.split(' '));

/** ASCII-folded lowercase text, TeX resolved. */
function fold(s: string): string {
  // Lowercase first: Ł, Ø and Æ have no decomposition, so only their lowercase forms are replaced below.
  return latexToText(s).toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').replace(/ø/g, 'o').replace(/ł/g, 'l').replace(/æ/g, 'ae');
}

/**
 * The key by the bundled database's rule: last word of the family name + year + first title word
 * that is not a stop word (words split at anything but ASCII letters and digits).
 */
export function scholarKey(family: string, year: number | undefined, title: string): string {
  const fam = fold(family).replace(/['’]/g, '').trim().split(/\s+/).pop()!.replace(/[^a-z0-9]/g, '') || 'anonymous';
  const words = fold(title).split(/[^a-z0-9]+/).filter(Boolean);
  const word = words.find((w) => !STOP.has(w)) ?? words[0] ?? 'untitled';
  return `${fam}${year ?? ''}${word}`;
}

/** Year of an arXiv id: `1706.03762` → 2017, `cs/0112017` → 2001; undefined when it is not one. */
export function arxivYear(id: string): number | undefined {
  const m = /^(\d{2})(\d{2})\.\d{4,5}$/.exec(id) ?? /\/(\d{2})(\d{2})\d{3}$/.exec(id);
  if (!m) return undefined;
  const yy = Number(m[1]);
  return yy >= 91 ? 1900 + yy : 2000 + yy;
}

/** Splits an arXiv `authors` string ("A. Name, B. Name and C. Name") into names as written. */
export function splitArxivAuthors(authors: string): string[] {
  const out: string[] = [];
  let depth = 0, start = 0;
  const s = authors.replace(/\s+/g, ' ');
  for (let i = 0; i <= s.length; i++) {
    const c = s[i];
    if (c === '{' || c === '(') depth++;
    else if ((c === '}' || c === ')') && depth > 0) depth--;
    const andHere = depth === 0 && c === ' ' && s.startsWith(' and ', i);
    if (i === s.length || (depth === 0 && c === ',') || andHere) {
      const name = s.slice(start, i).trim().replace(/^and /, '');
      if (name) out.push(name);
      start = andHere ? i + 5 : i + 1;
      if (andHere) i += 4;
    }
  }
  return out;
}

interface ArxivRecord {
  id?: unknown;
  title?: unknown;
  authors?: unknown;
  authors_parsed?: unknown;
  categories?: unknown;
  doi?: unknown;
  update_date?: unknown;
  /** The snapshot spells it with a hyphen. */
  'journal-ref'?: unknown;
  /** Accepted too: some exports of the snapshot rename fields to identifiers. */
  journal_ref?: unknown;
  /** Catalog records (see the top of the file). */
  venue?: unknown;
  venueKind?: unknown;
  year?: unknown;
  url?: unknown;
  source?: unknown;
}

/** Names as BibTeX "Family, Given" (from `authors_parsed` when present, which has them split already). */
function bibNames(r: ArxivRecord): { bib: string; firstFamily: string } {
  if (Array.isArray(r.authors_parsed) && r.authors_parsed.length) {
    const names: string[] = [];
    for (const p of r.authors_parsed) {
      if (!Array.isArray(p) || typeof p[0] !== 'string' || !p[0]) continue;
      const given = typeof p[1] === 'string' ? p[1].trim() : '';
      names.push(given ? `${p[0].trim()}, ${given}` : `{${p[0].trim()}}`);
    }
    const first = r.authors_parsed[0];
    if (names.length) return { bib: names.join(' and '), firstFamily: Array.isArray(first) && typeof first[0] === 'string' ? first[0] : '' };
  }
  const list = typeof r.authors === 'string' ? splitArxivAuthors(r.authors) : [];
  const bib = list.map((n) => {
    const words = n.split(' ');
    return words.length > 1 ? `${words[words.length - 1]}, ${words.slice(0, -1).join(' ')}` : `{${n}}`;
  }).join(' and ');
  const firstWords = list[0]?.split(' ') ?? [];
  return { bib, firstFamily: firstWords[firstWords.length - 1] ?? '' };
}

/** What one line gave: an entry, nothing (a blank line), or a problem. */
export type RecordResult = { entry: BibEntry } | { problem: Problem } | undefined;

/** Spans of database entries: a streamed file has no text in the index to point into. */
const NOWHERE = Object.freeze({ start: 0, end: 0 });

/**
 * Turns one JSON line (0-based `lineNo`, for messages) into an entry. Abstracts are left out on
 * purpose: they are most of a snapshot's bytes and nothing searches them. `usedKeys` collects keys
 * across the file to keep them unique. Never throws.
 */
export function recordToEntry(line: string, lineNo: number, usedKeys: Set<string>): RecordResult {
  if (!line.trim()) return undefined;
  let r: ArxivRecord;
  try {
    r = JSON.parse(line) as ArxivRecord;
  } catch (e) {
    return { problem: { span: NOWHERE, message: `Line ${lineNo + 1} is not valid JSON: ${(e as Error).message}`, severity: 'warning', code: 'database-syntax' } };
  }
  if (r === null || typeof r !== 'object' || typeof r.title !== 'string' || (r.id !== undefined && typeof r.id !== 'string')) {
    return { problem: { span: NOWHERE, message: `Line ${lineNo + 1} has no string "title" (and "id", when it has one).`, severity: 'warning', code: 'database-record' } };
  }
  const id = typeof r.id === 'string' ? r.id : undefined;
  const arxiv = id !== undefined ? normalizeArxivId(id)?.id : undefined;
  const dateYear = typeof r.update_date === 'string' ? Number(r.update_date.slice(0, 4)) : NaN;
  const statedYear = typeof r.year === 'number' && Number.isInteger(r.year) ? r.year : undefined;
  const year = statedYear ?? (arxiv ? arxivYear(arxiv) : undefined) ?? (Number.isFinite(dateYear) ? dateYear : undefined);
  const title = r.title.replace(/\s+/g, ' ').trim();
  const { bib, firstFamily } = bibNames(r);
  let key = scholarKey(firstFamily, year, title);
  if (usedKeys.has(key) && id !== undefined) key = `${key}:${arxiv ?? id}`;
  for (let n = 1; usedKeys.has(key) && id === undefined; n++) key = `${scholarKey(firstFamily, year, title)}${letters(n)}`;
  usedKeys.add(key);
  const fields: Record<string, string> = { title };
  if (bib) fields.author = bib;
  if (year !== undefined) fields.year = String(year);
  if (id !== undefined) fields.eprint = arxiv ?? id;
  if (arxiv) fields.archiveprefix = 'arXiv';
  if (typeof r.categories === 'string' && r.categories.trim()) fields.primaryclass = r.categories.trim().split(/\s+/)[0];
  const doi = typeof r.doi === 'string' ? normalizeDoi(r.doi) : undefined;
  if (doi) fields.doi = doi;
  const journalRef = typeof r['journal-ref'] === 'string' ? r['journal-ref'] : r.journal_ref;
  if (typeof journalRef === 'string' && journalRef.trim()) fields.journal = journalRef.replace(/\s+/g, ' ').trim();
  const venue = typeof r.venue === 'string' && r.venue.trim() ? r.venue.trim() : undefined;
  const inProceedings = venue !== undefined && !fields.journal && r.venueKind !== 'journal';
  if (venue !== undefined && !fields.journal) fields[inProceedings ? 'booktitle' : 'journal'] = venue;
  if (typeof r.url === 'string' && r.url.trim()) fields.url = r.url.trim();
  if (typeof r.source === 'string' && r.source.trim()) fields.source = r.source.trim();
  return { entry: { type: inProceedings ? 'inproceedings' : 'article', key, keySpan: NOWHERE, span: NOWHERE, fields } };
}

/** 1 → "b", 2 → "c", … 25 → "z", 26 → "ba": the suffix of the n-th repeat of a key (the first has none). */
function letters(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor(n / 26)) s = String.fromCharCode(97 + (n % 26)) + s;
  return s;
}

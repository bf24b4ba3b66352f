/**
 * What the online look-up keeps: one record per fetched paper (the service, when, the request, and
 * the CSL-JSON item the answer became), how a typed reference is read (arXiv id, DOI or title), and
 * the Google Scholar style key a fetched paper gets. Pure: the adapter (server/src/online/) fetches
 * and stores; this module only turns strings into data.
 */
import { scholarKey } from '../arxivRecords';
import { cslEntry } from '../bibEntries';
import type { CslItem, IndexedEntry, OnlineService } from '../model';
import { normalizeArxivId, normalizeDoi } from '../refRecognizers';

/** The URI the index files the online tier under (not a file: the records live in the user's cache). */
export const ONLINE_URI = 'ml-papers:online';

/** Names people know the services by, for hovers and messages. */
export const SERVICE_NAMES: Record<OnlineService, string> = {
  arxiv: 'arXiv',
  doi: 'doi.org',
  crossref: 'Crossref',
  semanticscholar: 'Semantic Scholar',
};

/** One fetched paper, as one line of the cache file. */
export interface OnlineRecord {
  service: OnlineService;
  /** ISO date-time the answer arrived. */
  fetched: string;
  /** The request that gave the answer (its fields are traceable to it). */
  url: string;
  /** The paper as CSL-JSON; `id` is the key it is cited under. */
  item: CslItem;
  /** Semantic Scholar's citation count at `fetched`. */
  citationCount?: number;
  /** An open-access PDF the service names. */
  pdf?: string;
}

/** What a typed reference is: an arXiv id (no version), a DOI (lowercase), else title words. */
export type OnlineRef = { kind: 'arxiv'; id: string } | { kind: 'doi'; id: string } | { kind: 'title'; text: string };

/** Reads an arXiv id or link, a DOI or DOI link, else the text as a title; undefined for blank text. */
export function classifyRef(text: string): OnlineRef | undefined {
  const t = text.trim().replace(/\s+/g, ' ');
  if (!t) return undefined;
  const arxiv = normalizeArxivId(t);
  if (arxiv) return { kind: 'arxiv', id: arxiv.id };
  const doi = normalizeDoi(t);
  if (doi) return { kind: 'doi', id: doi };
  return { kind: 'title', text: t };
}

/** "arXiv 2106.09685", "DOI 10.1/x", "“Title words”": a reference as messages name it. */
export function refLabel(ref: OnlineRef): string {
  return ref.kind === 'arxiv' ? `arXiv ${ref.id}` : ref.kind === 'doi' ? `DOI ${ref.id}` : `“${ref.text}”`;
}

/** The first year of a CSL item's `issued`. */
function issuedYear(item: CslItem): number | undefined {
  const y = Number(item.issued?.['date-parts']?.[0]?.[0]);
  return Number.isInteger(y) && y > 0 ? y : undefined;
}

/**
 * The Google Scholar style key of a fetched paper (first author's family name + year + first title
 * word that is not a stop word, as the bundled database makes them), with `b`, `c`, … when `taken`
 * says the key already means another paper.
 */
export function keyForItem(item: CslItem, taken: (key: string) => boolean): string {
  const first = item.author?.[0];
  const base = scholarKey(first?.family ?? first?.literal ?? '', issuedYear(item), typeof item.title === 'string' ? item.title : '');
  let key = base;
  for (let n = 1; taken(key); n++) key = base + letters(n);
  return key;
}

/** 1 → "b", 25 → "z", 26 → "ab": the suffixes after the unsuffixed key. */
function letters(n: number): string {
  let s = '';
  for (let k = n + 1; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(97 + ((k - 1) % 26)) + s;
  return s;
}

/** The index entry of a record: the cached item under its key, marked with its service and date. */
export function onlineEntry(r: OnlineRecord): IndexedEntry {
  const e = cslEntry(r.item, r.item.id, { kind: 'online', uri: ONLINE_URI, service: r.service, fetched: r.fetched, url: r.url, ...(r.citationCount !== undefined ? { citationCount: r.citationCount } : {}), ...(r.pdf ? { pdf: r.pdf } : {}) });
  e.csl = r.item;
  return e;
}

/** Whether a record is the paper `ref` names (same arXiv id or DOI; titles compared loosely). */
export function recordMatches(r: OnlineRecord, ref: OnlineRef): boolean {
  const custom = r.item.custom;
  if (ref.kind === 'arxiv') return custom?.arxiv === ref.id;
  if (ref.kind === 'doi') return typeof r.item.DOI === 'string' && r.item.DOI.toLowerCase() === ref.id;
  return typeof r.item.title === 'string' && looseTitle(r.item.title) === looseTitle(ref.text);
}

/**
 * Whether an item can be cited: a title and at least one author. Services list works without authors
 * (editorials, issue covers, records they hold only in part); a BibTeX entry without an author is one
 * bibtex and biber warn about, so such a record is never stored.
 */
export function citable(item: CslItem): boolean {
  return typeof item.title === 'string' && item.title !== '' && (item.author?.length ?? 0) > 0;
}

/** Letters and digits only, lowercase: titles equal up to case, spacing and punctuation. */
export function looseTitle(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/**
 * Reads the cache file's text (JSON lines): the records, and one message per line that is not a
 * record (a damaged line is skipped, never the file).
 */
export function parseRecords(text: string): { records: OnlineRecord[]; problems: string[] } {
  const records: OnlineRecord[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const r = JSON.parse(line) as OnlineRecord;
      if (r && typeof r === 'object' && r.service in SERVICE_NAMES && typeof r.fetched === 'string' && typeof r.url === 'string' && r.item && typeof r.item.id === 'string' && r.item.id) records.push(r);
      else problems.push(`line ${i + 1}: not a fetched record`);
    } catch (e) {
      problems.push(`line ${i + 1}: ${(e as Error).message}`);
    }
  });
  return { records, problems };
}

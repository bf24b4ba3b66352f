/**
 * JSON answers of doi.org content negotiation (CSL-JSON, as Crossref and DataCite serve it), Crossref's
 * REST API (https://api.crossref.org/works) and Semantic Scholar's Graph API
 * (https://api.semanticscholar.org/api-docs/graph) → CSL-JSON items. Each keeps only the fields a
 * citation needs (the services add reference lists, licences, abstracts…), every value taken from
 * the answer as given. Anything not shaped as documented is a message, never a throw.
 */
import { parseBibNames } from '../bibEntries';
import type { CslItem, CslName } from '../model';
import { normalizeArxivId } from '../refRecognizers';
import type { ParsedAnswer } from './arxivAtom';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A string, or the first string of a list (Crossref gives titles as lists). */
const text = (v: unknown): string | undefined => {
  const s = Array.isArray(v) ? v.find((x) => typeof x === 'string') : v;
  return typeof s === 'string' && s.trim() ? s.replace(/\s+/g, ' ').trim() : undefined;
};
const scalar = (v: unknown): string | undefined => (typeof v === 'number' ? String(v) : text(v));

function parseJson(body: string, service: string): { json: unknown } | { error: string } {
  try {
    return { json: JSON.parse(body) };
  } catch (e) {
    return { error: `${service} answered malformed JSON (${(e as Error).message})` };
  }
}

/** CSL/Crossref names → family/given (literal kept for organisations). */
function names(v: unknown): CslName[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((n): CslName[] => {
    if (!isObject(n)) return [];
    const family = text(n.family), given = text(n.given), literal = text(n.literal) ?? text(n.name);
    if (family) return [given ? { family, given } : { family }];
    return literal ? [{ literal }] : [];
  });
}

/** A CSL date (`date-parts`) as it is, when its first part is a year. */
function cslDate(v: unknown): CslItem['issued'] | undefined {
  if (!isObject(v) || !Array.isArray(v['date-parts']) || !Array.isArray(v['date-parts'][0])) return undefined;
  const parts = (v['date-parts'][0] as unknown[]).map(Number).filter((n) => Number.isInteger(n));
  return parts.length && parts[0] > 0 ? { 'date-parts': [parts] } : undefined;
}

/** Crossref and CSL types → the CSL types our BibTeX writer maps (unknown ones become `article`). */
const TYPES: Record<string, string> = {
  'journal-article': 'article-journal', 'article-journal': 'article-journal',
  'proceedings-article': 'paper-conference', 'paper-conference': 'paper-conference',
  'book-chapter': 'chapter', chapter: 'chapter', book: 'book', monograph: 'book',
  'posted-content': 'article', report: 'report', dissertation: 'thesis', thesis: 'thesis',
};

/** A CSL-JSON or Crossref work → our CSL item (the key is chosen when it is stored); undefined without a title. */
function workItem(w: Json): CslItem | undefined {
  const title = text(w.title);
  if (!title) return undefined;
  const type = TYPES[String(w.type)] ?? 'article';
  const issued = cslDate(w.issued) ?? cslDate(w['published-print']) ?? cslDate(w['published-online']) ?? cslDate(w.published);
  const item: CslItem = { id: '', type, title, author: names(w.author) };
  if (issued) item.issued = issued;
  const fields: Array<[keyof CslItem & string, string | undefined]> = [
    ['container-title', text(w['container-title'])], ['volume', scalar(w.volume)], ['issue', scalar(w.issue)],
    ['page', scalar(w.page)], ['publisher', text(w.publisher)], ['DOI', text(w.DOI)], ['URL', text(w.URL)],
  ];
  for (const [k, v] of fields) if (v) item[k] = v;
  return item;
}

/** doi.org content negotiation's CSL-JSON: one work. */
export function parseDoiCsl(body: string): ParsedAnswer {
  const r = parseJson(body, 'doi.org');
  if ('error' in r) return r;
  if (!isObject(r.json)) return { error: 'doi.org answered JSON that is not a CSL-JSON item' };
  const item = workItem(r.json);
  return item ? { items: [item] } : { error: 'doi.org answered a CSL-JSON item without a title' };
}

/** Crossref's `/works?query…` list, or `/works/{doi}` (one work). */
export function parseCrossref(body: string): ParsedAnswer {
  const r = parseJson(body, 'Crossref');
  if ('error' in r) return r;
  const msg = isObject(r.json) ? r.json.message : undefined;
  if (!isObject(msg)) return { error: 'Crossref answered JSON without a message' };
  const works = Array.isArray(msg.items) ? msg.items : [msg];
  return { items: works.flatMap((w) => (isObject(w) ? workItem(w) ?? [] : [])) };
}

/** What Semantic Scholar adds beyond the CSL item: its paper id, citation count and open-access PDF. */
export interface S2Extra { paperId?: string; citationCount?: number; pdf?: string }

/** The fields we ask Semantic Scholar for (its `fields` parameter). */
export const S2_FIELDS = 'title,authors,year,venue,journal,publicationDate,publicationTypes,externalIds,citationCount,openAccessPdf,url';

/** One Semantic Scholar paper → a CSL item and its extras; undefined without a title. */
function s2Item(p: Json): { item: CslItem; extra: S2Extra } | undefined {
  const title = text(p.title);
  if (!title) return undefined;
  const ids = isObject(p.externalIds) ? p.externalIds : {};
  const arxiv = typeof ids.ArXiv === 'string' ? normalizeArxivId(ids.ArXiv)?.id : undefined;
  const doi = text(ids.DOI);
  const journal = isObject(p.journal) ? p.journal : undefined;
  const types = Array.isArray(p.publicationTypes) ? p.publicationTypes : [];
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text(p.publicationDate) ?? '');
  const year = typeof p.year === 'number' ? p.year : undefined;
  const venue = text(p.venue) ?? text(journal?.name);
  const item: CslItem = {
    id: '',
    type: types.includes('Conference') ? 'paper-conference' : types.includes('JournalArticle') && venue ? 'article-journal' : 'article',
    title,
    author: (Array.isArray(p.authors) ? p.authors : []).flatMap((a): CslName[] => {
      const n = isObject(a) ? text(a.name) : undefined;
      const parsed = n ? parseBibNames(n)[0] : undefined;
      return parsed ? [parsed.given ? { family: parsed.family, given: parsed.given } : { family: parsed.family }] : [];
    }),
  };
  if (date) item.issued = { 'date-parts': [[Number(date[1]), Number(date[2]), Number(date[3])]] };
  else if (year) item.issued = { 'date-parts': [[year]] };
  if (venue) item['container-title'] = venue;
  if (journal && scalar(journal.volume)) item.volume = scalar(journal.volume);
  if (journal && text(journal.pages)) item.page = text(journal.pages);
  if (doi) item.DOI = doi;
  const url = text(p.url);
  if (url) item.URL = url;
  if (arxiv) item.custom = { arxiv, summary: '' };
  const pdfObj = isObject(p.openAccessPdf) ? p.openAccessPdf : undefined;
  const extra: S2Extra = {
    ...(text(p.paperId) ? { paperId: text(p.paperId) } : {}),
    ...(typeof p.citationCount === 'number' ? { citationCount: p.citationCount } : {}),
    ...(pdfObj && text(pdfObj.url) ? { pdf: text(pdfObj.url) } : {}),
  };
  return { item, extra };
}

export type S2Answer = { papers: Array<{ item: CslItem; extra: S2Extra }> } | { error: string };

/**
 * A Semantic Scholar answer: one paper (`/paper/{id}`), a batch (`/paper/batch`: a list with null for
 * each unknown id) or a search (`/paper/search`: `{data: [...]}`). An `{error}` answer is its message.
 */
export function parseSemanticScholar(body: string): S2Answer {
  const r = parseJson(body, 'Semantic Scholar');
  if ('error' in r) return r;
  const j = r.json;
  if (isObject(j) && typeof j.error === 'string') return { error: `Semantic Scholar: ${j.error}` };
  const list = Array.isArray(j) ? j : isObject(j) && Array.isArray(j.data) ? j.data : isObject(j) && 'paperId' in j ? [j] : undefined;
  if (!list) return { error: 'Semantic Scholar answered JSON that is neither a paper nor a list of papers' };
  return { papers: list.flatMap((p) => (isObject(p) ? s2Item(p) ?? [] : [])) };
}

/**
 * The four services, each through its documented public interface, on top of httpClient.ts:
 *   arXiv API            https://export.arxiv.org/api/query (id_list=…; search_query=…)
 *   doi.org              content negotiation, Accept: application/vnd.citationstyles.csl+json
 *   Crossref REST API    https://api.crossref.org/works (query.bibliographic=…; /works/{doi})
 *   Semantic Scholar     https://api.semanticscholar.org/graph/v1/paper/batch and /paper/search
 * Every answer becomes records (core/online) marked with the service, the request and the date, or a
 * message saying what failed. Nothing here throws.
 */
import { parseArxivAtom, type ParsedAnswer } from '../core/online/arxivAtom';
import { parseCrossref, parseDoiCsl, parseSemanticScholar, S2_FIELDS } from '../core/online/cslAnswers';
import { citable, looseTitle, recordMatches, refLabel, SERVICE_NAMES, type OnlineRecord, type OnlineRef } from '../core/online/records';
import type { OnlineService } from '../core/model';
import { fetchText, type FetchOptions, type FetchResult } from './httpClient';

/** One service's answer: its records, or why there are none (`notFound`: the service answered, but knows no such paper). */
export type ServiceAnswer =
  | { service: OnlineService; ok: true; records: OnlineRecord[] }
  | { service: OnlineService; ok: false; message: string; notFound?: boolean };

/** The host each service is asked at (the prompts name them; doi.org's redirects go on to the hosts httpClient.ts allows). */
export const SERVICE_HOSTS: Readonly<Record<OnlineService, string>> = {
  arxiv: 'export.arxiv.org', doi: 'doi.org', crossref: 'api.crossref.org', semanticscholar: 'api.semanticscholar.org',
};
const ARXIV = `https://${SERVICE_HOSTS.arxiv}`;
const CROSSREF = `https://${SERVICE_HOSTS.crossref}`;
const S2 = `https://${SERVICE_HOSTS.semanticscholar}`;

const SEARCH_ROWS = 10;
const CSL_JSON = 'application/vnd.citationstyles.csl+json';

/** A DOI in a URL path: each character as it is but those a path cannot hold. */
const doiPath = (doi: string) => doi.split('/').map(encodeURIComponent).join('/');

function records(service: OnlineService, url: string, parsed: ParsedAnswer): ServiceAnswer {
  if ('error' in parsed) return { service, ok: false, message: parsed.error };
  const fetched = new Date().toISOString();
  return { service, ok: true, records: parsed.items.map((item) => ({ service, fetched, url, item })) };
}

async function ask(service: OnlineService, url: string, parse: (body: string) => ParsedAnswer, options: FetchOptions, notFound: (r: Extract<FetchResult, { ok: false }>) => boolean = (r) => r.status === 404): Promise<ServiceAnswer> {
  const r = await fetchText(url, options);
  if (!r.ok) return { service, ok: false, message: r.message, ...(notFound(r) ? { notFound: true } : {}) };
  return records(service, url, parse(r.body));
}

export function arxivById(id: string, options: FetchOptions = {}): Promise<ServiceAnswer> {
  const url = `${ARXIV}/api/query?id_list=${encodeURIComponent(id)}&max_results=1`;
  return fetchText(url, { accept: 'application/atom+xml', ...options }).then((r) => {
    // arXiv answers a malformed id with HTTP 400 and an error entry saying why.
    const parsed = r.ok || r.body ? parseArxivAtom(r.ok ? r.body : r.body ?? '') : undefined;
    if (!r.ok && (!parsed || !('error' in parsed))) return { service: 'arxiv', ok: false, message: r.message } as ServiceAnswer;
    return records('arxiv', url, parsed!);
  });
}

export function arxivSearch(query: string, options: FetchOptions = {}): Promise<ServiceAnswer> {
  const terms = query.split(/\s+/).filter(Boolean).map((t) => `all:${t.replace(/["()]/g, '')}`).join(' AND ');
  const url = `${ARXIV}/api/query?search_query=${encodeURIComponent(terms)}&max_results=${SEARCH_ROWS}`;
  return ask('arxiv', url, parseArxivAtom, { accept: 'application/atom+xml', ...options });
}

export function doiCsl(doi: string, options: FetchOptions = {}): Promise<ServiceAnswer> {
  return ask('doi', `https://${SERVICE_HOSTS.doi}/${doiPath(doi)}`, parseDoiCsl, { accept: CSL_JSON, ...options });
}

export function crossrefWork(doi: string, options: FetchOptions = {}): Promise<ServiceAnswer> {
  return ask('crossref', `${CROSSREF}/works/${doiPath(doi)}`, parseCrossref, options);
}

export function crossrefSearch(query: string, options: FetchOptions = {}): Promise<ServiceAnswer> {
  const url = `${CROSSREF}/works?query.bibliographic=${encodeURIComponent(query)}&rows=${SEARCH_ROWS}`;
  return ask('crossref', url, parseCrossref, options);
}

function s2(url: string, options: FetchOptions, pick: (r: OnlineRecord) => boolean = () => true): Promise<ServiceAnswer> {
  return fetchText(url, options).then((r): ServiceAnswer => {
    if (!r.ok) return { service: 'semanticscholar', ok: false, message: r.message, ...(r.status === 404 ? { notFound: true } : {}) };
    const parsed = parseSemanticScholar(r.body);
    if ('error' in parsed) return { service: 'semanticscholar', ok: false, message: parsed.error };
    const fetched = new Date().toISOString();
    const recs = parsed.papers.map(({ item, extra }): OnlineRecord => ({ service: 'semanticscholar', fetched, url, item, ...(extra.citationCount !== undefined ? { citationCount: extra.citationCount } : {}), ...(extra.pdf ? { pdf: extra.pdf } : {}) }));
    return { service: 'semanticscholar', ok: true, records: recs.filter(pick) };
  });
}

/** Semantic Scholar's record of an arXiv id or DOI (its batch endpoint: the answer lists null for an unknown id). */
export function semanticScholarById(ref: Extract<OnlineRef, { kind: 'arxiv' | 'doi' }>, options: FetchOptions = {}): Promise<ServiceAnswer> {
  const id = ref.kind === 'arxiv' ? `ARXIV:${ref.id}` : `DOI:${ref.id}`;
  return s2(`${S2}/graph/v1/paper/batch?fields=${S2_FIELDS}`, { method: 'POST', json: { ids: [id] }, ...options }, (r) => recordMatches(r, ref));
}

export function semanticScholarSearch(query: string, options: FetchOptions = {}): Promise<ServiceAnswer> {
  return s2(`${S2}/graph/v1/paper/search?query=${encodeURIComponent(query)}&limit=${SEARCH_ROWS}&fields=${S2_FIELDS}`, options);
}

/** Which services a look-up of `ref` asks, in order (for the ask-once prompt and messages). */
export function servicesFor(ref: OnlineRef): OnlineService[] {
  return ref.kind === 'arxiv' ? ['arxiv', 'semanticscholar'] : ref.kind === 'doi' ? ['doi', 'crossref', 'semanticscholar'] : ['arxiv', 'crossref'];
}

/** The services a search asks. */
export const SEARCH_SERVICES: readonly OnlineService[] = ['arxiv', 'crossref', 'semanticscholar'];

export type LookUpAnswer = { ok: true; record: OnlineRecord } | { ok: false; message: string; notFound: boolean };

/**
 * The record of the paper `ref` names: each service in turn until one knows it (the first answer is
 * kept whole: one record, one service). A title must match a result's title up to case and punctuation.
 */
export async function lookUpRef(ref: OnlineRef, options: FetchOptions = {}): Promise<LookUpAnswer> {
  const attempts: Array<() => Promise<ServiceAnswer>> =
    ref.kind === 'arxiv' ? [() => arxivById(ref.id, options), () => semanticScholarById(ref, options)]
    : ref.kind === 'doi' ? [() => doiCsl(ref.id, options), () => crossrefWork(ref.id, options), () => semanticScholarById(ref, options)]
    : [() => arxivSearch(ref.text, options), () => crossrefSearch(ref.text, options)];
  const failures: string[] = [];
  let answered = 0;
  for (const attempt of attempts) {
    const a = await attempt();
    if (a.ok) {
      answered++;
      const match = a.records.find((r) => recordMatches(r, ref) || (ref.kind === 'title' && looseTitle(String(r.item.title)) === looseTitle(ref.text)));
      if (match && citable(match.item)) return { ok: true, record: match };
      failures.push(`${SERVICE_NAMES[a.service]}: ${match ? 'its record has no authors' : 'no such paper'}`);
    } else {
      if (a.notFound) answered++;
      failures.push(`${SERVICE_NAMES[a.service]}: ${a.notFound ? 'no such paper' : a.message}`);
    }
  }
  const notFound = answered === attempts.length;
  return { ok: false, notFound, message: `${notFound ? 'No service knows' : 'Could not look up'} ${refLabel(ref)} (${failures.join('; ')})` };
}

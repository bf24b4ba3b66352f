/**
 * The bundled paper database: validation of `server/data/papers.json` and lookups by every
 * name a paper goes by (canonical key, alias, nickname, arXiv id, DOI, normalised title).
 * Loaded once at start; the maps are built in one pass so loading stays well under 20 ms.
 */
import type { CodeRepo, CitationCount, CslName, Paper, PaperCustom, RelatedPaper } from './model';
import { normalizeArxivId, normalizeDoi } from './refRecognizers';

export interface PaperDb {
  /** Valid papers, in file order. */
  readonly papers: readonly Paper[];
  /** By canonical key, then by alias (exact case: BibTeX keys are case-sensitive). */
  byKey(key: string): Paper | undefined;
  /** By nickname, case-insensitively and ignoring punctuation ("resnet", "Mask R-CNN"). */
  byNickname(name: string): Paper | undefined;
  /** By arXiv id; a version suffix ("v3") or an "arXiv:" prefix is ignored. */
  byArxiv(id: string): Paper | undefined;
  /** By DOI, case-insensitively; "https://doi.org/" and "doi:" prefixes are ignored. */
  byDoi(doi: string): Paper | undefined;
  /** By title, compared after `normalizeTitle`. */
  byTitle(title: string): Paper | undefined;
  /** Whatever `ml-papers show` takes: key, alias, nickname, arXiv id or link, DOI or link. */
  resolveAny(query: string): Paper | undefined;
}

export interface PaperDbLoad {
  db: PaperDb;
  /** One line per dropped item or dropped field, naming the item and the field. */
  problems: string[];
}

/** Lowercase ASCII letters and digits only (accents folded), so spelling variants of a title compare equal. */
export function normalizeTitle(title: string): string {
  return title.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Lowercase letters and digits only: how nicknames and nickname queries are compared. */
export function normalizeNickname(name: string): string {
  return normalizeTitle(name);
}

/** The arXiv id without version, from an id, "arXiv:" id or arxiv.org link; undefined when it is none. */
export function arxivKey(s: string): string | undefined {
  return normalizeArxivId(s)?.id;
}

/** The DOI lowercased, without "doi:" or resolver prefix; undefined when it does not look like one. */
export function doiKey(s: string): string | undefined {
  return normalizeDoi(s);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/**
 * Validates the parsed JSON once and indexes it. Never throws: an item missing an id, title,
 * authors or summary is dropped; a bad optional field is dropped from its item; each is a problem.
 */
export function loadPaperDb(json: unknown): PaperDbLoad {
  const problems: string[] = [];
  const papers: Paper[] = [];
  if (!Array.isArray(json)) {
    problems.push('papers.json: expected a JSON array of CSL-JSON items');
    return { db: buildDb(papers, problems), problems };
  }
  json.forEach((item, i) => {
    const p = validateItem(item, i, problems);
    if (p) papers.push(p);
  });
  return { db: buildDb(papers, problems), problems };
}

function validateItem(item: unknown, i: number, problems: string[]): Paper | undefined {
  if (!isObj(item)) { problems.push(`papers.json item ${i}: not an object`); return undefined; }
  if (!nonEmpty(item.id)) { problems.push(`papers.json item ${i}: id is missing`); return undefined; }
  const where = `papers.json item ${i} (${item.id})`;
  const bad = (field: string, what: string) => problems.push(`${where}: ${field} ${what}`);
  if (!nonEmpty(item.title)) { bad('title', 'is missing'); return undefined; }
  if (!Array.isArray(item.author) || item.author.length === 0) { bad('author', 'is missing'); return undefined; }
  const authors: CslName[] = [];
  item.author.forEach((a, j) => {
    if (!isObj(a)) bad(`author[${j}]`, 'is not a name object');
    else if (nonEmpty(a.literal)) authors.push(a as CslName);
    else if (!nonEmpty(a.family)) bad(`author[${j}].family`, 'is missing');
    else if (a.given !== undefined && !isStr(a.given)) bad(`author[${j}].given`, 'is not a string');
    else authors.push(a as CslName);
  });
  if (authors.length === 0) return undefined;
  if (!isObj(item.custom)) { bad('custom', 'is missing'); return undefined; }
  const c = item.custom;
  if (!nonEmpty(c.summary)) { bad('custom.summary', 'is missing'); return undefined; }
  const custom: PaperCustom = { ...(c as unknown as PaperCustom) };
  if (c.arxiv !== undefined) {
    const a = isStr(c.arxiv) ? arxivKey(c.arxiv) : undefined;
    if (a) custom.arxiv = a; else { bad('custom.arxiv', `is not an arXiv id: ${JSON.stringify(c.arxiv)}`); delete custom.arxiv; }
  }
  for (const f of ['aliases', 'nicknames', 'topics', 'seeds', 'unverified'] as const) {
    const v = c[f];
    if (v === undefined) continue;
    if (!Array.isArray(v) || !v.every(nonEmpty)) { bad(`custom.${f}`, 'is not a list of strings'); delete custom[f]; }
  }
  if (c.code !== undefined) {
    if (!Array.isArray(c.code)) { bad('custom.code', 'is not a list'); delete custom.code; }
    else custom.code = c.code.filter((r, j): r is CodeRepo => {
      const ok = isObj(r) && nonEmpty(r.url) && /^https?:\/\//.test(r.url) && typeof r.official === 'boolean';
      if (!ok) bad(`custom.code[${j}]`, 'needs an http(s) url and a boolean official');
      return ok;
    });
  }
  if (c.citations !== undefined) {
    if (!Array.isArray(c.citations)) { bad('custom.citations', 'is not a list'); delete custom.citations; }
    else custom.citations = c.citations.filter((r, j): r is CitationCount => {
      const ok = isObj(r) && typeof r.count === 'number' && Number.isFinite(r.count) && nonEmpty(r.source) && nonEmpty(r.date);
      if (!ok) bad(`custom.citations[${j}]`, 'needs a numeric count, a source and a date');
      return ok;
    });
  }
  if (c.related !== undefined) {
    if (!Array.isArray(c.related)) { bad('custom.related', 'is not a list'); delete custom.related; }
    else custom.related = c.related.filter((r, j): r is RelatedPaper => {
      const ok = isObj(r) && nonEmpty(r.key) && nonEmpty(r.relation);
      if (!ok) bad(`custom.related[${j}]`, 'needs a key and a relation');
      return ok;
    });
  }
  if (item.DOI !== undefined && !(isStr(item.DOI) && doiKey(item.DOI))) bad('DOI', `is not a DOI: ${JSON.stringify(item.DOI)}`);
  return { ...(item as Obj), id: item.id, type: isStr(item.type) ? item.type : 'article-journal', title: item.title, author: authors, custom } as Paper;
}

function buildDb(papers: Paper[], problems: string[]): PaperDb {
  const keys = new Map<string, Paper>();
  const aliases = new Map<string, Paper>();
  const nicknames = new Map<string, Paper>();
  const arxiv = new Map<string, Paper>();
  const doi = new Map<string, Paper>();
  const titles = new Map<string, Paper>();
  const kept: Paper[] = [];
  for (const p of papers) {
    if (keys.has(p.id)) { problems.push(`papers.json: duplicate id ${p.id}; the later item is dropped`); continue; }
    keys.set(p.id, p);
    kept.push(p);
  }
  // Secondary names: the first paper to claim one keeps it, so a clash never silently moves a name.
  const claim = (map: Map<string, Paper>, name: string | undefined, p: Paper, what: string) => {
    if (!name) return;
    const had = map.get(name);
    if (had && had !== p) problems.push(`papers.json (${p.id}): ${what} ${name} already belongs to ${had.id}`);
    else map.set(name, p);
  };
  for (const p of kept) {
    for (const a of p.custom.aliases ?? []) {
      if (keys.has(a) && keys.get(a) !== p) problems.push(`papers.json (${p.id}): alias ${a} is the id of another paper`);
      else claim(aliases, a, p, 'alias');
    }
    for (const n of p.custom.nicknames ?? []) claim(nicknames, normalizeNickname(n), p, 'nickname');
    claim(arxiv, p.custom.arxiv, p, 'arXiv id');
    if (p.DOI) claim(doi, doiKey(p.DOI), p, 'DOI');
    claim(titles, normalizeTitle(p.title), p, 'title');
  }
  for (const p of kept) {
    for (const r of p.custom.related ?? []) {
      if (!keys.has(r.key) && !aliases.has(r.key)) problems.push(`papers.json (${p.id}): custom.related key ${r.key} does not resolve`);
    }
  }
  const byKey = (k: string) => keys.get(k) ?? aliases.get(k);
  const byNickname = (n: string) => nicknames.get(normalizeNickname(n));
  const byArxiv = (id: string) => { const a = arxivKey(id); return a ? arxiv.get(a) : undefined; };
  const byDoi = (d: string) => { const k = doiKey(d); return k ? doi.get(k) : undefined; };
  const byTitle = (t: string) => { const n = normalizeTitle(t); return n ? titles.get(n) : undefined; };
  return {
    papers: kept,
    byKey,
    byNickname,
    byArxiv,
    byDoi,
    byTitle,
    resolveAny: (q) => {
      const t = q.trim();
      if (!t) return undefined;
      return byKey(t) ?? byArxiv(t) ?? byDoi(t) ?? byNickname(t);
    },
  };
}

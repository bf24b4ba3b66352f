/**
 * The bundled paper database: validation of `server/data/papers.json` and lookups by every
 * name a paper goes by (canonical key, alias, nickname, arXiv id, DOI, normalised title).
 * Loaded once at start; the maps are built in one pass so loading stays within its start-up budget
 * (bench/README.md, "bundled database load").
 */
import type { CodeRepo, CitationCount, CslName, Paper, PaperCustom, RelatedPaper } from './model';
import { normalizeArxivId, normalizeDoi } from './refRecognizers';

export interface PaperDb {
  /** Valid papers, in file order (a prepared database builds them all on first use of this list). */
  readonly papers: readonly Paper[];
  readonly size: number;
  /** The paper at `i` in file order, built on first use in a prepared database. */
  paperAt(i: number): Paper;
  /** The highest citation count the paper at `i` states, without building it. */
  citationsAt(i: number): number;
  /** The key of the paper at `i`, without building it. */
  idAt(i: number): string;
  /** The position of one of this database's papers. */
  positionOf(paper: Paper): number | undefined;
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

/**
 * A new-style arXiv id in canonical form (no prefix, no version), as the database stores it. Checked
 * before the general recogniser, whose one big case-insensitive regex is slow to compile and warm
 * up, a cost start-up should not pay for ids that are already canonical (bench/DESIGN.md §6).
 */
const CANONICAL_NEW_ARXIV_ID = /^(\d{4})\.(\d{4,5})$/;

/** The arXiv id without version, from an id, "arXiv:" id or arxiv.org link; undefined when it is none. */
export function arxivKey(s: string): string | undefined {
  const m = CANONICAL_NEW_ARXIV_ID.exec(s);
  if (!m) return normalizeArxivId(s)?.id;
  // The recogniser's rule for new-style ids: 4-digit numbers from 0704 to 1412, 5-digit from 1501.
  const yymm = Number(m[1]);
  const month = yymm % 100;
  const plausible = month >= 1 && month <= 12 && (m[2].length === 4 ? yymm >= 704 && yymm <= 1412 : yymm >= 1501);
  return plausible ? s : undefined;
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
 * The input is never modified: a valid item becomes its paper as it is (copying ~140 items with
 * object spread cost a third of the load: every item has its own shape, so V8 clones them the slow
 * way), and only an item with something to drop or fill in is copied.
 */
/** The highest citation count a database paper states (0 when none): what ranks papers of equal match. */
export function paperCitationCount(p: Paper): number {
  let best = 0;
  for (const c of p.custom.citations ?? []) if (c.count > best) best = c.count;
  return best;
}

/** A database file named `*.runtime.json` is a prepared one (see PreparedDatabase). */
export function isPreparedDatabase(file: string): boolean {
  return file.endsWith('.runtime.json');
}

/** Where a prepared database keeps its papers' lines: beside it, `.jsonl` for `.json`. */
export function preparedPapersFile(file: string): string {
  return `${file}l`;
}

export function loadPaperDb(json: unknown): PaperDbLoad {
  const problems: string[] = [];
  const papers: Paper[] = [];
  if (!Array.isArray(json)) {
    problems.push('papers.json: expected a JSON array of CSL-JSON items');
    return { db: buildDb(papers, problems), problems };
  }
  for (let i = 0; i < json.length; i++) {
    const p = validateItem(json[i], i, problems);
    if (p) papers.push(p);
  }
  return { db: buildDb(papers, problems), problems };
}

/**
 * The elements of `list` without a problem: the list itself when none has one (the common case, no
 * copy), otherwise a filtered copy, with each dropped element's problem reported.
 */
function keepValid<T>(list: readonly unknown[], problemOf: (v: unknown, j: number) => string | undefined, report: (problem: string) => void): T[] {
  let kept: unknown[] | undefined;
  for (let j = 0; j < list.length; j++) {
    const problem = problemOf(list[j], j);
    if (problem === undefined) { kept?.push(list[j]); continue; }
    report(problem);
    kept ??= list.slice(0, j);
  }
  return (kept ?? list) as T[];
}

/** An author CSL can print: a literal name, or a family name with an optional string given name. */
function authorProblem(a: unknown, j: number): string | undefined {
  if (!isObj(a)) return `author[${j}] is not a name object`;
  if (nonEmpty(a.literal)) return undefined;
  if (!nonEmpty(a.family)) return `author[${j}].family is missing`;
  if (a.given !== undefined && !isStr(a.given)) return `author[${j}].given is not a string`;
  return undefined;
}

const isCodeRepo = (r: unknown): r is CodeRepo => isObj(r) && nonEmpty(r.url) && /^https?:\/\//.test(r.url) && typeof r.official === 'boolean';
const isCitationCount = (r: unknown): r is CitationCount => isObj(r) && typeof r.count === 'number' && Number.isFinite(r.count) && nonEmpty(r.source) && nonEmpty(r.date);
const isRelatedPaper = (r: unknown): r is RelatedPaper => isObj(r) && nonEmpty(r.key) && nonEmpty(r.relation);
const STRING_LIST_FIELDS = ['aliases', 'nicknames', 'topics', 'seeds', 'unverified'] as const;

function validateItem(item: unknown, i: number, problems: string[]): Paper | undefined {
  if (!isObj(item)) { problems.push(`papers.json item ${i}: not an object`); return undefined; }
  if (!nonEmpty(item.id)) { problems.push(`papers.json item ${i}: id is missing`); return undefined; }
  const report = (problem: string) => problems.push(`papers.json item ${i} (${item.id}): ${problem}`);
  const bad = (field: string, what: string) => report(`${field} ${what}`);
  if (!nonEmpty(item.title)) { bad('title', 'is missing'); return undefined; }
  if (!Array.isArray(item.author) || item.author.length === 0) { bad('author', 'is missing'); return undefined; }
  const authors = keepValid<CslName>(item.author, authorProblem, report);
  if (authors.length === 0) return undefined;
  if (!isObj(item.custom)) { bad('custom', 'is missing'); return undefined; }
  const c = item.custom;
  if (!nonEmpty(c.summary)) { bad('custom.summary', 'is missing'); return undefined; }
  // Fields of `custom` to replace (undefined: drop); `custom` is copied only when there is one.
  const customEdits: Partial<Record<keyof PaperCustom, unknown>> = {};
  let customEdited = false;
  const edit = (field: keyof PaperCustom, value: unknown) => { customEdits[field] = value; customEdited = true; };
  if (c.arxiv !== undefined) {
    const a = isStr(c.arxiv) ? arxivKey(c.arxiv) : undefined;
    if (!a) { bad('custom.arxiv', `is not an arXiv id: ${JSON.stringify(c.arxiv)}`); edit('arxiv', undefined); }
    else if (a !== c.arxiv) edit('arxiv', a);
  }
  for (const f of STRING_LIST_FIELDS) {
    const v = c[f];
    if (v !== undefined && !(Array.isArray(v) && v.every(nonEmpty))) { bad(`custom.${f}`, 'is not a list of strings'); edit(f, undefined); }
  }
  const checkList = (field: 'code' | 'citations' | 'related', ok: (v: unknown) => boolean, what: string) => {
    const v = c[field];
    if (v === undefined) return;
    if (!Array.isArray(v)) { bad(`custom.${field}`, 'is not a list'); edit(field, undefined); return; }
    const kept = keepValid(v, (r, j) => (ok(r) ? undefined : `custom.${field}[${j}] ${what}`), report);
    if (kept !== v) edit(field, kept);
  };
  checkList('code', isCodeRepo, 'needs an http(s) url and a boolean official');
  checkList('citations', isCitationCount, 'needs a numeric count, a source and a date');
  checkList('related', isRelatedPaper, 'needs a key and a relation');
  if (item.DOI !== undefined && !(isStr(item.DOI) && doiKey(item.DOI))) bad('DOI', `is not a DOI: ${JSON.stringify(item.DOI)}`);

  if (!customEdited && authors === item.author && isStr(item.type)) return item as unknown as Paper;
  let custom = c as unknown as PaperCustom;
  if (customEdited) {
    const copy: Obj = { ...c };
    for (const [field, value] of Object.entries(customEdits)) {
      if (value === undefined) delete copy[field]; else copy[field] = value;
    }
    custom = copy as unknown as PaperCustom;
  }
  return { ...item, type: isStr(item.type) ? item.type : 'article-journal', author: authors, custom } as unknown as Paper;
}

/**
 * The prepared form of the database (scripts/build-db.mjs writes server/data/papers.runtime.json and,
 * beside it, papers.runtime.jsonl): what look-ups need of every paper (keys, names, ids, title,
 * citation count) as plain arrays, and each paper as one line of JSON text, read and parsed when
 * first asked for. Parsing two thousand papers' author lists and code links is most of a load; a
 * hover needs one paper.
 */
export interface PreparedDatabase {
  format: typeof PREPARED_FORMAT;
  /** Per paper, most cited first: id, aliases, nicknames, arXiv id, DOI, title, highest citation count. */
  index: Array<[string, string[], string[], string | null, string | null, string, number]>;
  /** Byte offsets of the papers' lines in the papers file (one more than papers: the file's length). */
  offsets: number[];
}

/** Reads bytes [start, end) of the papers file as text (the adapter's file access; the core reads nothing). */
export type PaperTextReader = (start: number, end: number) => string;

export const PREPARED_FORMAT = 'ml-papers-prepared/2';

export function isPreparedForm(json: unknown): json is PreparedDatabase {
  const j = json as Partial<PreparedDatabase> | undefined;
  return !!j && j.format === PREPARED_FORMAT && Array.isArray(j.index) && Array.isArray(j.offsets) && j.offsets.length === j.index.length + 1;
}

/**
 * A database over a prepared form, known to be valid (a test checks it against papers.json): keys and
 * aliases are mapped now, nicknames, arXiv ids, DOIs and titles on first use, papers when asked for.
 */
export function preparedDb(prepared: PreparedDatabase, read: PaperTextReader): PaperDb {
  const { index, offsets } = prepared;
  const n = index.length;
  const built: Array<Paper | undefined> = new Array(n);
  const positions = new Map<Paper, number>();
  const paperAt = (i: number): Paper => {
    let p = built[i];
    if (!p) { p = JSON.parse(read(offsets[i], offsets[i + 1])) as Paper; built[i] = p; positions.set(p, i); }
    return p;
  };
  const keys = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    keys.set(index[i][0], i);
    for (const a of index[i][1]) if (!keys.has(a)) keys.set(a, i);
  }
  const lazyMap = (names: (row: PreparedDatabase['index'][number]) => Array<string | null | undefined>) => {
    let map: Map<string, number> | undefined;
    return (name: string | undefined): Paper | undefined => {
      if (!map) {
        map = new Map();
        for (let i = 0; i < n; i++) for (const k of names(index[i])) if (k && !map.has(k)) map.set(k, i);
      }
      const i = name ? map.get(name) : undefined;
      return i === undefined ? undefined : paperAt(i);
    };
  };
  const nicknames = lazyMap((row) => row[2].map(normalizeNickname));
  const arxiv = lazyMap((row) => [row[3]]);
  const doi = lazyMap((row) => [row[4] ? doiKey(row[4]) : undefined]);
  const titles = lazyMap((row) => [normalizeTitle(row[5])]);
  let all: Paper[] | undefined;
  const byKey = (k: string) => { const i = keys.get(k); return i === undefined ? undefined : paperAt(i); };
  return {
    get papers() { return (all ??= Array.from({ length: n }, (_, i) => paperAt(i))); },
    size: n,
    paperAt,
    citationsAt: (i) => index[i][6],
    idAt: (i) => index[i][0],
    positionOf: (p) => positions.get(p),
    ...lookups(byKey, (q) => nicknames(normalizeNickname(q)), (id) => arxiv(arxivKey(id)), (d) => doi(doiKey(d)), (t) => titles(normalizeTitle(t))),
  };
}

type Lookups = Pick<PaperDb, 'byKey' | 'byNickname' | 'byArxiv' | 'byDoi' | 'byTitle' | 'resolveAny'>;

function lookups(byKey: Lookups['byKey'], byNickname: Lookups['byNickname'], byArxiv: Lookups['byArxiv'], byDoi: Lookups['byDoi'], byTitle: Lookups['byTitle']): Lookups {
  return {
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

/** A database over papers already built (validated from papers.json or another CSL-JSON file). */
function dbOver(papers: readonly Paper[], byKey: Lookups['byKey'], byNickname: Lookups['byNickname'], byArxiv: Lookups['byArxiv'], byDoi: Lookups['byDoi'], byTitle: Lookups['byTitle']): PaperDb {
  let positions: Map<Paper, number> | undefined;
  return {
    papers,
    size: papers.length,
    paperAt: (i) => papers[i],
    idAt: (i) => papers[i].id,
    citationsAt: (i) => paperCitationCount(papers[i]),
    positionOf: (p) => (positions ??= new Map(papers.map((x, i) => [x, i]))).get(p),
    ...lookups(byKey, byNickname, byArxiv, byDoi, byTitle),
  };
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
  return dbOver(
    kept,
    (k) => keys.get(k) ?? aliases.get(k),
    (n) => nicknames.get(normalizeNickname(n)),
    (id) => { const a = arxivKey(id); return a ? arxiv.get(a) : undefined; },
    (d) => { const k = doiKey(d); return k ? doi.get(k) : undefined; },
    (t) => { const n = normalizeTitle(t); return n ? titles.get(n) : undefined; },
  );
}

/**
 * The papers a document (or every document of the workspace) cites, each once, with what the
 * Papers view shows of it: title, year, venue, topics, the bibliography file that holds it, its
 * status (the same rule as the diagnostics: citeStatus.ts) and every place it is cited. Plain data:
 * the adapter turns spans into ranges, the client draws the tree.
 */
import { bibliographyScope, keyStatus, type KeyStatus } from './citeStatus';
import { scanOf } from './documentModel';
import type { Doc, FeatureContext } from './features/context';
import { paperUrl } from './features/documentLinks';
import type { IndexedEntry, Span } from './model';
import { baseName } from './render';

/**
 * - `in-bibliography`: a bibliography of the document defines the key;
 * - `missing`: the database or another file knows it, the document's bibliography does not;
 * - `unknown`: nothing defines the key;
 * - `same-paper`: the document's bibliography holds the paper under another key (`existing`);
 * - `no-bibliography`: known, and the document declares no bibliography.
 */
export type PaperStatus = 'in-bibliography' | 'missing' | 'unknown' | 'same-paper' | 'no-bibliography';

/** One place a key is cited. */
export interface CitationPlace {
  uri: string;
  /** The key itself, without `@` or braces. */
  span: Span;
  /** The key's status in this document (documents of a workspace can differ). */
  status: PaperStatus;
}

export interface CitedPaper {
  key: string;
  /** Undefined for an unknown key. */
  title?: string;
  year?: number;
  /** A user entry's venue (else the database's short form); a database paper's short form ("CVPR 2016"). */
  venue?: string;
  /** The database's topics (areas): "vision", "nlp", …; [] when it has none. */
  topics: string[];
  /**
   * URI of the bibliography file that holds the paper: the file defining the key, or, for
   * `same-paper`, the file holding `existing`. Undefined for a database paper and an unknown key.
   */
  file?: string;
  /** Where the entry the key resolves to comes from: a user file, the curated database, or the venue catalog. */
  source: 'file' | 'database' | 'catalog' | 'none';
  /** The worst status over the places it is cited (unknown, missing, same paper, no bibliography, in it). */
  status: PaperStatus;
  /** For `same-paper`: the key under which the bibliography holds it. */
  existing?: string;
  hasCode: boolean;
  paperUrl?: string;
  /** In order of appearance (documents in the order given). */
  citations: CitationPlace[];
}

/** Worst first: the status a workspace shows for a key cited with different statuses. */
const SEVERITY: readonly PaperStatus[] = ['unknown', 'missing', 'same-paper', 'no-bibliography', 'in-bibliography'];

function statusOf(s: KeyStatus, scope: { uris: readonly string[]; declared: boolean }): PaperStatus {
  switch (s.kind) {
    case 'unknown': return 'unknown';
    case 'same-paper': return 'same-paper';
    case 'missing': return 'missing';
    case 'undeclared': return 'no-bibliography';
    case 'in-bibliography': return 'in-bibliography';
    // BibTeX finds it ignoring case: it is where that entry is.
    case 'key-case': return s.entry.source.kind !== 'bundled' && scope.uris.includes(s.entry.source.uri) ? 'in-bibliography' : scope.declared ? 'missing' : 'no-bibliography';
  }
}

function sourceOf(e: IndexedEntry | undefined): CitedPaper['source'] {
  if (!e) return 'none';
  if (e.source.kind === 'bundled') return 'database';
  return e.source.kind === 'bib' && e.source.catalog ? 'catalog' : 'file';
}

/** Every field is set (undefined where absent), in one order: one object shape for all papers. */
function paperOf(key: string, s: KeyStatus, status: PaperStatus): CitedPaper {
  const entry = s.kind === 'unknown' ? undefined : s.entry;
  const custom = entry?.paper?.custom;
  const holder = s.kind === 'same-paper' ? s.existing : entry;
  return {
    key,
    title: entry?.title,
    year: entry?.year,
    // The database's short venue ("CVPR 2016") over its full proceedings title; a user's own entry keeps its venue.
    venue: !entry ? undefined : entry.source.kind === 'bundled' ? custom?.venueShort ?? entry.venue : entry.venue ?? custom?.venueShort,
    topics: custom?.topics ? [...custom.topics] : [],
    file: !holder || holder.source.kind === 'bundled' || sourceOf(holder) === 'catalog' ? undefined : holder.source.uri,
    source: sourceOf(entry),
    status,
    existing: s.kind === 'same-paper' ? s.existing.key : undefined,
    hasCode: (custom?.code?.length ?? 0) > 0,
    paperUrl: entry ? paperUrl(entry) : undefined,
    citations: [],
  };
}

/** The papers `doc` cites, each once, in order of first citation; [] for a .bib. */
export function citedPapers(ctx: FeatureContext, doc: Doc): CitedPaper[] {
  return citedPapersIn([{ ctx, doc }]);
}

/**
 * The papers a set of documents cites (the workspace form), each key once: its fields from the first
 * document citing it, its status the worst over all. Each document comes with its own context, as
 * each has its own bibliographies.
 */
export function citedPapersIn(docs: ReadonlyArray<{ ctx: FeatureContext; doc: Doc }>): CitedPaper[] {
  const byKey = new Map<string, CitedPaper>();
  for (const { ctx, doc } of docs) {
    if (doc.language === 'bibtex') continue;
    const scan = scanOf(doc, ctx.config);
    const scope = bibliographyScope(ctx, doc, scan);
    // One look-up per key and document: a 300-citation note cites far fewer distinct keys.
    const statusHere = new Map<string, PaperStatus>();
    for (const c of scan.cites) {
      let status = statusHere.get(c.key);
      let paper = byKey.get(c.key);
      if (status === undefined) {
        const s = keyStatus(ctx.index, c.key, scope);
        statusHere.set(c.key, (status = statusOf(s, scope)));
        if (!paper) byKey.set(c.key, (paper = paperOf(c.key, s, status)));
        else if (SEVERITY.indexOf(status) < SEVERITY.indexOf(paper.status)) paper.status = status;
      }
      paper!.citations.push({ uri: doc.uri, span: c.span, status });
    }
  }
  return [...byKey.values()];
}

export type Grouping = 'topic' | 'year' | 'file';

export interface PaperGroup {
  /** Stable within a grouping: the topic, the year, the file's URI; '' for the group of papers without one. */
  id: string;
  /** What the tree shows: "vision", "2016", "refs.bib", "No topic", "ML Papers database", "Unknown keys". */
  label: string;
  papers: CitedPaper[];
}

/**
 * `papers` in groups: by topic (a paper with several topics is in each; topics in alphabetical
 * order, "No topic" last), by year (oldest first, "No year" last) or by the bibliography file that
 * holds them (files alphabetically, then database papers, then unknown keys). Papers keep their order.
 */
export function groupPapers(papers: readonly CitedPaper[], by: Grouping): PaperGroup[] {
  const groups = new Map<string, PaperGroup>();
  const add = (id: string, label: string, p: CitedPaper) => {
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { id, label, papers: [] }));
    g.papers.push(p);
  };
  for (const p of papers) {
    if (by === 'topic') {
      if (!p.topics.length) add('', 'No topic', p);
      for (const t of p.topics) add(t, t, p);
    } else if (by === 'year') add(p.year === undefined ? '' : String(p.year), p.year === undefined ? 'No year' : String(p.year), p);
    else if (p.file) add(p.file, baseName(p.file), p);
    else if (p.source === 'none') add('unknown', 'Unknown keys', p);
    else add('', 'ML Papers database', p);
  }
  return [...groups.values()].sort((a, b) => rank(a, by) - rank(b, by) || compareLabels(a, b, by));
}

/** Groups without a value go last (for files: database, then unknown keys). */
function rank(g: PaperGroup, by: Grouping): number {
  if (by === 'file') return g.id === 'unknown' ? 2 : g.id === '' ? 1 : 0;
  return g.id === '' ? 1 : 0;
}

function compareLabels(a: PaperGroup, b: PaperGroup, by: Grouping): number {
  if (by === 'year') return Number(a.id) - Number(b.id);
  return a.label < b.label ? -1 : a.label > b.label ? 1 : 0;
}

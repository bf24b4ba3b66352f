/**
 * One index over the bundled database and the user's bibliography files (see DESIGN.md, "The
 * CitationIndex"). Files arrive as text from the adapter; the index never reads the disk.
 */
import { parseBib } from './bibParser';
import { latexToText } from './latexText';
import type { BibEntry, BibParseResult, CslItem, IndexedEntry, Paper, PersonName, Problem } from './model';
import { arxivKey, type PaperDb } from './paperDb';
import { citationCount, SearchIndex, type SearchResult } from './search';

interface FileState {
  kind: 'bib' | 'csl-json';
  text: string;
  entries: IndexedEntry[];
  problems: Problem[];
  /** Offsets of line starts, computed on first use. */
  lineStarts?: number[];
  /** The file's entries by the database paper they match, computed on first use (same-paper checks per cited key). */
  byPaper?: Map<Paper, IndexedEntry[]>;
  /** Search segments of the file: its URI, plus `uri#n` when it was indexed in chunks. */
  segments: string[];
}

const BUNDLED = 'ml-papers:bundled';

/** The most search segments a file indexed in slices is split into (see setParsedBibGradually). */
const MAX_SEGMENTS = 256;

export interface IndexSize {
  bundled: number;
  /** Entries from user files. */
  user: number;
  files: number;
}

export class CitationIndex {
  private readonly fileStates = new Map<string, FileState>();
  /** User entries by key, in file insertion order. */
  private readonly userByKey = new Map<string, IndexedEntry[]>();
  private readonly bundledByPaper = new Map<Paper, IndexedEntry>();
  private readonly searchIndex = new SearchIndex();

  constructor(readonly db: PaperDb) {
    // Most-cited first: an empty query lists the bundled papers in this order.
    const entries = db.papers.map((p) => paperEntry(p));
    entries.sort((a, b) => citationCount(b) - citationCount(a));
    for (const e of entries) this.bundledByPaper.set(e.paper!, e);
    this.searchIndex.setSegment(BUNDLED, entries);
  }

  /** Indexes a .bib file's text, replacing what the file held before. Returns the parse problems. */
  setBibFile(uri: string, text: string): Problem[] {
    const prev = this.fileStates.get(uri);
    if (prev && prev.kind === 'bib' && prev.text.length === text.length && prev.text === text) return prev.problems;
    return this.setParsedBib(uri, text, parseBib(text));
  }

  /** Like setBibFile, for a text already parsed (e.g. off the request path). */
  setParsedBib(uri: string, text: string, parsed: BibParseResult): Problem[] {
    const entries = parsed.entries.map((b) => this.bibEntry(uri, b));
    this.replace(uri, { kind: 'bib', text, entries, problems: parsed.problems, segments: [] });
    return parsed.problems;
  }

  /** Indexes a CSL-JSON file (an array of items). A syntax error loses the file, not the server. */
  setCslJsonFile(uri: string, text: string): Problem[] {
    const prev = this.fileStates.get(uri);
    if (prev && prev.kind === 'csl-json' && prev.text.length === text.length && prev.text === text) return prev.problems;
    const problems: Problem[] = [];
    const entries: IndexedEntry[] = [];
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      const at = /position (\d+)/.exec(String((e as Error).message));
      const start = at ? Math.min(Number(at[1]), text.length) : 0;
      problems.push({ span: { start, end: Math.min(text.length, start + 1) }, message: `Not valid JSON: ${(e as Error).message}`, severity: 'error', code: 'csl-json-syntax' });
    }
    if (json !== undefined && !Array.isArray(json)) {
      problems.push({ span: { start: 0, end: Math.min(1, text.length) }, message: 'A CSL-JSON bibliography must be an array of items', severity: 'error', code: 'csl-json-shape' });
    } else if (Array.isArray(json)) {
      json.forEach((item, i) => {
        const key = typeof item?.id === 'string' && item.id ? item.id : typeof item?.['citation-key'] === 'string' ? item['citation-key'] : undefined;
        if (!key) {
          problems.push({ span: { start: 0, end: 0 }, message: `Item ${i} has no id`, severity: 'warning', code: 'csl-json-item' });
          return;
        }
        const e = cslEntry(item as CslItem, key, { kind: 'csl-json', uri });
        e.paper = this.samePaper(e);
        entries.push(e);
      });
    }
    this.replace(uri, { kind: 'csl-json', text, entries, problems, segments: [] });
    return problems;
  }

  /**
   * Like setParsedBib for a big file, but indexed in chunks of entries that each take about
   * `sliceMs` of CPU, awaiting `pause()` between chunks so an editor's requests are answered while it
   * is indexed (entries become searchable chunk by chunk). A newer version of the same file, or its
   * removal, stops an unfinished run. Resolves with the parse problems.
   */
  async setParsedBibGradually(uri: string, text: string, parsed: BibParseResult, pause: () => Promise<void>, sliceMs = 10): Promise<Problem[]> {
    this.removeFile(uri);
    const generation = this.bump(uri);
    const state: FileState = { kind: 'bib', text, entries: [], problems: parsed.problems, segments: [] };
    this.fileStates.set(uri, state);
    // Never more than about MAX_SEGMENTS slices per file: each is a search segment, and a query
    // visits every segment (hundreds of tiny ones made 100k completion several times slower).
    const minSize = Math.max(100, Math.ceil(parsed.entries.length / MAX_SEGMENTS));
    let size = minSize;
    for (let i = 0, n = 0; i < parsed.entries.length; n++) {
      const started = Date.now();
      const chunk = parsed.entries.slice(i, i + size).map((b) => this.bibEntry(uri, b));
      i += chunk.length;
      for (const e of chunk) state.entries.push(e);
      this.addKeys(chunk);
      const id = n === 0 ? uri : `${uri}#${n}`;
      this.searchIndex.setSegment(id, chunk, uri);
      state.segments.push(id);
      state.byPaper = undefined;
      // Aim the next chunk at the time slice: fewer, larger segments keep search fast.
      const took = Math.max(1, Date.now() - started);
      size = Math.max(minSize, Math.min(50_000, Math.round(size * Math.min(4, sliceMs / took))));
      await pause();
      if (this.generations.get(uri) !== generation) break;
    }
    return parsed.problems;
  }

  private readonly generations = new Map<string, number>();

  /** Marks a new version of `uri`: an unfinished gradual run for an older one stops. */
  private bump(uri: string): number {
    const g = (this.generations.get(uri) ?? 0) + 1;
    this.generations.set(uri, g);
    return g;
  }

  removeFile(uri: string): void {
    this.bump(uri);
    const prev = this.fileStates.get(uri);
    if (!prev) return;
    for (const e of prev.entries) {
      const list = this.userByKey.get(e.key);
      if (!list) continue;
      const rest = list.filter((x) => x !== e);
      if (rest.length) this.userByKey.set(e.key, rest); else this.userByKey.delete(e.key);
    }
    this.fileStates.delete(uri);
    for (const id of prev.segments) this.searchIndex.removeSegment(id);
  }

  /** URIs of the indexed user files, in the order they were first added. */
  files(): string[] {
    return [...this.fileStates.keys()];
  }

  /** The text the index holds for a user file (for line numbers and edits). */
  fileText(uri: string): string | undefined {
    return this.fileStates.get(uri)?.text;
  }

  /** The problems of the last parse of a user file, or [] when the file is unknown. */
  fileProblems(uri: string): Problem[] {
    return this.fileStates.get(uri)?.problems ?? [];
  }

  /** Entries defined in one user file, in file order. */
  fileEntries(uri: string): readonly IndexedEntry[] {
    return this.fileStates.get(uri)?.entries ?? [];
  }

  /** 1-based line of an offset in a user file, or undefined when the file is unknown. */
  lineOf(uri: string, offset: number): number | undefined {
    const f = this.fileStates.get(uri);
    if (!f) return undefined;
    if (!f.lineStarts) {
      f.lineStarts = [0];
      for (let i = f.text.indexOf('\n'); i >= 0; i = f.text.indexOf('\n', i + 1)) f.lineStarts.push(i + 1);
    }
    const ls = f.lineStarts;
    let lo = 0, hi = ls.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >>> 1; if (ls[mid] <= offset) lo = mid; else hi = mid - 1; }
    return lo + 1;
  }

  /**
   * The entry a cited key means: the document's own bibliographies (`preferUris`, in order), then
   * other user files, then the bundled database by canonical key, then by alias. Nicknames are
   * not cite keys. Undefined when nothing defines the key.
   */
  resolve(key: string, preferUris?: readonly string[]): IndexedEntry | undefined {
    const user = this.userByKey.get(key);
    if (user?.length) {
      for (const uri of preferUris ?? []) {
        const e = user.find((x) => x.source.kind !== 'bundled' && x.source.uri === uri);
        if (e) return e;
      }
      return user[0];
    }
    return this.bundledFor(key);
  }

  /** The bundled entry for a canonical key or alias, or undefined. */
  bundledFor(key: string): IndexedEntry | undefined {
    const p = this.db.byKey(key);
    return p ? this.bundledByPaper.get(p) : undefined;
  }

  /** The bundled entry of a database paper. */
  bundledEntry(paper: Paper): IndexedEntry | undefined {
    return this.bundledByPaper.get(paper);
  }

  /** Every user definition of `key` (for duplicate-key diagnostics), in file insertion order. */
  entriesForKey(key: string): readonly IndexedEntry[] {
    return this.userByKey.get(key) ?? [];
  }

  /** The database paper an entry is: same arXiv id (version dropped), DOI (any case) or normalised title. */
  samePaper(entry: IndexedEntry): Paper | undefined {
    if (entry.source.kind === 'bundled') return entry.paper;
    return (entry.arxiv ? this.db.byArxiv(entry.arxiv) : undefined)
      ?? (entry.doi ? this.db.byDoi(entry.doi) : undefined)
      ?? (entry.title ? this.db.byTitle(entry.title) : undefined);
  }

  /** User entries that are `paper` (restricted to `uris` when given): offer their key instead of adding a duplicate. */
  findInFiles(paper: Paper, uris?: readonly string[]): IndexedEntry[] {
    const out: IndexedEntry[] = [];
    const files = uris ?? [...this.fileStates.keys()];
    for (const uri of files) {
      const state = this.fileStates.get(uri);
      if (!state) continue;
      if (!state.byPaper) {
        state.byPaper = new Map();
        for (const e of state.entries) if (e.paper) { const l = state.byPaper.get(e.paper); if (l) l.push(e); else state.byPaper.set(e.paper, [e]); }
      }
      out.push(...(state.byPaper.get(paper) ?? []));
    }
    return out;
  }

  size(): IndexSize {
    let user = 0;
    for (const f of this.fileStates.values()) user += f.entries.length;
    return { bundled: this.db.papers.length, user, files: this.fileStates.size };
  }

  /**
   * Ranked search over every source (see search.ts). One key appears once: the best-ranked entry
   * for it. `preferUris` (the document's bibliographies) win ties.
   */
  search(query: string, limit: number, preferUris?: readonly string[]): SearchResult {
    const r = this.searchIndex.search(query, { limit: limit + 8, prefer: preferUris });
    const seen = new Set<string>();
    const results = r.results.filter((h) => !seen.has(h.entry.key) && (seen.add(h.entry.key), true)).slice(0, limit);
    return { results, total: r.total, incomplete: r.incomplete || r.results.length > results.length };
  }

  /** Makes `entries` resolvable by key (a key may have several definitions across files). */
  private addKeys(entries: readonly IndexedEntry[]): void {
    for (const e of entries) {
      const list = this.userByKey.get(e.key);
      if (list) list.push(e); else this.userByKey.set(e.key, [e]);
    }
  }

  private replace(uri: string, state: FileState): void {
    this.removeFile(uri);
    this.fileStates.set(uri, state);
    this.addKeys(state.entries);
    this.searchIndex.setSegment(uri, state.entries);
    state.segments = [uri];
  }

  private bibEntry(uri: string, b: BibEntry): IndexedEntry {
    const f = b.fields;
    const e: IndexedEntry = {
      key: b.key,
      source: { kind: 'bib', uri, span: b.span, keySpan: b.keySpan },
      type: b.type,
      title: f.title ? latexToText(f.title) : '',
      authors: parseBibNames(f.author ?? f.editor ?? ''),
      year: yearOf(f.year ?? f.date),
      venue: firstText(f.journal, f.journaltitle, f.booktitle, f.publisher, f.school, f.institution),
      doi: f.doi ? stripDoi(f.doi) : undefined,
      arxiv: bibArxiv(f),
      url: f.url?.trim() || undefined,
      fields: f,
    };
    e.paper = this.samePaper(e);
    return e;
  }
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
  if (f.url) { const a = arxivKey(f.url); if (a) return a; }
  for (const v of [f.journal, f.note, f.howpublished, f.volume]) {
    const m = v ? /arxiv[:\s]*(?:abs\/)?(\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?\/\d{7})/i.exec(v) : null;
    if (m) return arxivKey(m[1]);
  }
  return undefined;
}

/** Splits on " and " outside braces. */
function splitTop(s: string, sep: RegExp): string[] {
  const out: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0) {
      sep.lastIndex = i;
      const m = sep.exec(s);
      if (m && m.index === i) { out.push(s.slice(start, i)); start = i + m[0].length; i = start - 1; }
    }
  }
  out.push(s.slice(start));
  return out;
}

/** BibTeX name list ("Last, First and First von Last and {Org Name}") → family/given. "others" is dropped. */
export function parseBibNames(value: string): PersonName[] {
  const out: PersonName[] = [];
  for (const raw of splitTop(value.replace(/\s+/g, ' ').trim(), /\s+and\s+/iy)) {
    const name = raw.trim();
    if (!name || name.toLowerCase() === 'others') continue;
    const parts = splitTop(name, /,/y).map((p) => p.trim());
    if (parts.length >= 2) {
      const family = latexToText(parts[0]);
      const given = latexToText(parts[parts.length - 1]);
      if (family) out.push(given ? { family, given } : { family });
      continue;
    }
    const wordsAt = splitTop(name, /\s+/y).filter(Boolean);
    if (wordsAt.length === 1) { out.push({ family: latexToText(wordsAt[0]) }); continue; }
    // "First von Last": the family name starts at the first lowercase word (a particle) or is the last word.
    let cut = wordsAt.length - 1;
    for (let i = 1; i < wordsAt.length - 1; i++) if (/^[a-z]/.test(wordsAt[i])) { cut = i; break; }
    const family = latexToText(wordsAt.slice(cut).join(' '));
    const given = latexToText(wordsAt.slice(0, cut).join(' '));
    out.push(given ? { family, given } : { family });
  }
  return out;
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

function cslEntry(item: CslItem, key: string, source: IndexedEntry['source']): IndexedEntry {
  const custom = item.custom && typeof item.custom === 'object' ? item.custom : undefined;
  const arxiv = (typeof custom?.arxiv === 'string' ? arxivKey(custom.arxiv) : undefined) ?? (typeof item.URL === 'string' ? arxivKey(item.URL) : undefined);
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
function paperEntry(p: Paper): IndexedEntry {
  const e = cslEntry(p, p.id, { kind: 'bundled' });
  e.paper = p;
  return e;
}


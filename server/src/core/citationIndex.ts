/**
 * One index over the bundled database and the user's bibliography files (see DESIGN.md, "The
 * CitationIndex"). Files arrive as text from the adapter; the index never reads the disk.
 *
 * A user file's entries are held by one or more stores (entryStore.ts): objects for a CSL-JSON file,
 * packed chunks for .bib files (prepared in the index worker for big ones, inline for small ones).
 * Lookups by key, by paper and by offset go to the stores, so a big file is never turned into
 * objects all at once; only `fileEntries` builds every entry of a file.
 */
import { parseBib } from './bibParser';
import { normalizeArxivId, normalizeDoi } from './refRecognizers';
import { cslEntry, paperEntry, samePaper } from './bibEntries';
import { ArrayEntryStore, LazyEntryStore, type EntryStore, type FileEntryStore } from './entryStore';
import type { BibParseResult, CslItem, EntryBrief, IndexedEntry, Paper, Problem, Span } from './model';
import { ONLINE_URI } from './online/records';
import type { PaperDb } from './paperDb';
import { lineIndex, lineIndexOf, type LineIndex } from './lineIndex';
import { CHUNK_ENTRIES, keyHash, PackedEntryStore, prepareChunk, type PreparedChunk, type PreparedRange } from './preparedEntries';
import { buildKeySegment, SearchIndex, segmentBytes, type SearchHit, type SearchResult, type SegmentData } from './search';

export { parseBibNames } from './bibEntries';

interface FileState {
  kind: 'bib' | 'csl-json';
  /** The file's text; absent for a big file read from disk (its line starts are kept instead). */
  text?: string;
  lines?: LineIndex;
  problems: Problem[];
  /** The file's entries in file order: one store per prepared chunk. */
  stores: FileEntryStore[];
  /** The file's search segments (one per complete chunk or prepared range, plus key-only ones meanwhile). */
  segments: string[];
  /** Chunks sent with keys alone, by store: their key-only segment and how many entries ranges have covered since. */
  pending: Map<PackedEntryStore, { keysSegment: string; covered: number }>;
  /** Segments made for the file so far (names new segment ids: `uri`, then `uri#1`, ...). */
  made: number;
  /** Every entry as an object, built on the first `fileEntries` call. */
  entries?: IndexedEntry[];
  /**
   * The file's entries by the database paper they match, computed on first use (same-paper checks per
   * cited key). Positions, not entries: built entries held here were kept for good (208 at 100k).
   */
  byPaper?: Map<Paper, Array<{ store: FileEntryStore; i: number }>>;
}

const BUNDLED = 'ml-papers:bundled';
/** A store's keys lowercased, to their first entry: a store's keys never change, so nothing invalidates this. */
const lowerKeys = new WeakMap<FileEntryStore, Map<string, number>>();

export interface IndexSize {
  bundled: number;
  /** Entries from user files (the catalog's are not theirs). */
  user: number;
  files: number;
  /** Entries of the venue catalog (see setCatalog). */
  catalog: number;
  /** Papers fetched online and kept in the user's cache (see setOnlineEntries). */
  online: number;
  /** User entries searchable by key only so far (their full search structures are being prepared). */
  preparing: number;
}

export class CitationIndex {
  private readonly fileStates = new Map<string, FileState>();
  /** The bundled papers' entries, most cited first (built when first asked for). */
  private readonly bundled: LazyEntryStore;
  /** Position in `bundled` of the database's paper at each position of the database. */
  private readonly bundledPosition: Int32Array;
  private readonly searchIndex = new SearchIndex();
  /** Bumped by every new version or removal of a file: a chunk for an older version is dropped. */
  private readonly generations = new Map<string, number>();
  /**
   * The venue catalog's file (metadata only, scripts/build-catalog.mjs): the last tier. Its keys
   * resolve after the bundled database's, its entries rank below others of equal score, and it is
   * not one of the user's files (no duplicate-key checks, not in the status bar's count).
   */
  private catalogUri: string | undefined;

  constructor(readonly db: PaperDb) {
    // Most-cited first: an empty query lists the bundled papers in this order. Counts and keys come
    // without building the papers (a prepared database builds each when first asked for).
    const order = Array.from({ length: db.size }, (_, i) => i).sort((a, b) => db.citationsAt(b) - db.citationsAt(a));
    this.bundledPosition = new Int32Array(db.size);
    order.forEach((dbPos, i) => { this.bundledPosition[dbPos] = i; });
    const paper = (i: number) => db.paperAt(order[i]);
    this.bundled = new LazyEntryStore(order.length, (i) => paperEntry(paper(i)), (i) => db.idAt(order[i]), paper);
    this.searchIndex.setSegmentStore(BUNDLED, this.bundled);
  }

  /** Names the venue catalog's file (undefined: none); set before the file is indexed. */
  setCatalog(uri: string | undefined): void {
    this.catalogUri = uri;
  }

  /** Whether `uri` is the venue catalog's file. */
  isCatalog(uri: string): boolean {
    return uri === this.catalogUri;
  }

  /** The user's files: every indexed file but the catalog and the online tier. */
  private userStates(): Array<[string, FileState]> {
    return [...this.fileStates].filter(([uri]) => uri !== this.catalogUri && uri !== ONLINE_URI);
  }

  /**
   * Replaces the papers fetched online (server/src/online/: the user's cache). Their tier comes after
   * the bundled database and before the venue catalog: a fetched key never shadows a user's or a
   * bundled one, and fetched entries are not the user's files (no duplicate-key checks, no count).
   */
  setOnlineEntries(entries: IndexedEntry[]): void {
    for (const e of entries) e.paper = samePaper(this.db, e);
    const generation = this.beginFile(ONLINE_URI, 'csl-json', '', []);
    this.addStore(ONLINE_URI, generation, new ArrayEntryStore(entries));
  }

  /** The fetched entry with this arXiv id (no version) or DOI (any case), if any. */
  onlineFor(ref: { arxiv?: string; doi?: string }): IndexedEntry | undefined {
    const doi = ref.doi?.toLowerCase();
    for (const s of this.fileStates.get(ONLINE_URI)?.stores ?? []) {
      for (let i = 0; i < s.size; i++) {
        const e = s.entry(i);
        if ((ref.arxiv && e.arxiv === ref.arxiv) || (doi && e.doi?.toLowerCase() === doi)) return e;
      }
    }
    return undefined;
  }

  /** Indexes a .bib file's text, replacing what the file held before. Returns the parse problems. */
  setBibFile(uri: string, text: string): Problem[] {
    const prev = this.fileStates.get(uri);
    if (prev && prev.kind === 'bib' && prev.text?.length === text.length && prev.text === text) return prev.problems;
    return this.setParsedBib(uri, text, parseBib(text));
  }

  /** Like setBibFile, for a text already parsed. */
  setParsedBib(uri: string, text: string, parsed: BibParseResult): Problem[] {
    const generation = this.beginFile(uri, 'bib', text, parsed.problems);
    for (let i = 0; i < parsed.entries.length || i === 0; i += CHUNK_ENTRIES) {
      this.addPrepared(uri, generation, prepareChunk(parsed.entries.slice(i, i + CHUNK_ENTRIES), this.db));
    }
    return parsed.problems;
  }

  /** Indexes a CSL-JSON file (an array of items). A syntax error loses the file, not the server. */
  setCslJsonFile(uri: string, text: string): Problem[] {
    const prev = this.fileStates.get(uri);
    if (prev && prev.kind === 'csl-json' && prev.text?.length === text.length && prev.text === text) return prev.problems;
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
        e.paper = samePaper(this.db, e);
        entries.push(e);
      });
    }
    const generation = this.beginFile(uri, 'csl-json', text, problems);
    this.addStore(uri, generation, new ArrayEntryStore(entries));
    return problems;
  }

  /**
   * Starts a new version of a user file: what the file held leaves the index, and chunks of entries
   * follow with `addPrepared` (from the index worker, as they are ready). Returns the version's
   * generation, which those calls must name.
   */
  beginFile(uri: string, kind: 'bib' | 'csl-json', text: string | { length: number; lineStarts: Int32Array }, problems: Problem[]): number {
    this.removeFile(uri);
    const generation = this.generations.get(uri)!;
    const state: FileState = { kind, problems, stores: [], segments: [], pending: new Map(), made: 0 };
    // A big file from disk comes without its text (up to twice its size in memory): positions need
    // only its line starts, and what needs the text reads the file.
    if (typeof text === 'string') state.text = text; else state.lines = lineIndexOf(text.lineStarts, text.length);
    this.fileStates.set(uri, state);
    return generation;
  }

  /**
   * Adds the next chunk of a file begun with `beginFile`; its entries become searchable at once.
   * False (and nothing changes) when the file has been replaced or removed since.
   */
  addPrepared(uri: string, generation: number, chunk: PreparedChunk): boolean {
    const store = new PackedEntryStore(uri, chunk, this.db, this.isCatalog(uri));
    if (!this.addStore(uri, generation, store, chunk)) return false;
    if (!chunk.complete) {
      const state = this.fileStates.get(uri)!;
      state.pending.set(store, { keysSegment: state.segments[state.segments.length - 1], covered: 0 });
    }
    return true;
  }

  /**
   * Adds the full search structures of a range of the file's last chunk (one sent with its keys
   * alone). When the ranges cover the chunk, its key-only segment goes. False when outdated.
   */
  addRange(uri: string, generation: number, range: PreparedRange): boolean {
    const state = this.fileStates.get(uri);
    if (!state || this.generations.get(uri) !== generation) return false;
    const store = state.stores[state.stores.length - 1];
    const pending = store instanceof PackedEntryStore ? state.pending.get(store) : undefined;
    if (!pending) return false;
    (store as PackedEntryStore).setPapers(range);
    const id = `${uri}#${state.made++}`;
    this.searchIndex.setBuiltSegment(id, range.segment, rangeView(store, range.from, range.segment.count), uri);
    state.segments.push(id);
    pending.covered += range.segment.count;
    if (pending.covered >= store.size) {
      this.searchIndex.removeSegment(pending.keysSegment);
      state.segments = state.segments.filter((s) => s !== pending.keysSegment);
      state.pending.delete(store as PackedEntryStore);
      // The chunk still pointed at the key-only structures (sorted keys, their ids, per-entry
      // arrays, all sized by the file) though no search uses them any more.
      (store as PackedEntryStore).chunk.segment = buildKeySegment([]);
    }
    state.byPaper = undefined;
    return true;
  }

  private addStore(uri: string, generation: number, store: FileEntryStore, chunk?: PreparedChunk): boolean {
    const state = this.fileStates.get(uri);
    if (!state || this.generations.get(uri) !== generation) return false;
    const id = state.made === 0 ? uri : `${uri}#${state.made}`;
    state.made++;
    if (chunk) this.searchIndex.setBuiltSegment(id, chunk.segment, store, uri);
    else this.searchIndex.setSegment(id, (store as ArrayEntryStore).entries, uri);
    state.stores.push(store);
    state.segments.push(id);
    state.entries = undefined;
    state.byPaper = undefined;
    return true;
  }

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
    this.fileStates.delete(uri);
    for (const id of prev.segments) this.searchIndex.removeSegment(id);
  }

  /** URIs of the indexed user files, in the order they were first added. */
  files(): string[] {
    return [...this.fileStates.keys()];
  }

  /** The text the index holds for a user file; undefined when unknown or held as line starts only (see beginFile). */
  fileText(uri: string): string | undefined {
    return this.fileStates.get(uri)?.text;
  }

  hasFile(uri: string): boolean {
    return this.fileStates.has(uri);
  }

  /** Offset/position conversion for a user file, with or without its text. */
  filePositions(uri: string): LineIndex | undefined {
    const f = this.fileStates.get(uri);
    if (!f) return undefined;
    f.lines ??= lineIndex(f.text ?? '');
    return f.lines;
  }

  /** The problems of the last parse of a user file, or [] when the file is unknown. */
  fileProblems(uri: string): Problem[] {
    return this.fileStates.get(uri)?.problems ?? [];
  }

  /** Entries defined in one user file, in file order (builds every entry object: for keys alone see keysDefinedElsewhere). */
  fileEntries(uri: string): readonly IndexedEntry[] {
    const state = this.fileStates.get(uri);
    if (!state) return [];
    if (!state.entries) {
      state.entries = [];
      for (const s of state.stores) for (let i = 0; i < s.size; i++) state.entries.push(s.entry(i));
    }
    return state.entries;
  }

  /**
   * The keys of `uri` that another user file defines too, in file order, with where they are
   * written. Walks whichever side has fewer keys: a 100k-entry bib beside a few small ones costs a
   * probe per key of the small ones, not one per key of the big one (which blocked requests
   * when such a file finished indexing). At most `limit` keys, the first in file order.
   */
  keysDefinedElsewhere(uri: string, limit = Infinity): Array<{ key: string; keySpan: Span }> {
    const state = this.fileStates.get(uri);
    if (!state) return [];
    const size = (st: FileState) => st.stores.reduce((n, s) => n + s.size, 0);
    let others = 0;
    for (const [u, st] of this.userStates()) if (u !== uri) others += size(st);
    const found: Array<{ store: number; i: number }> = [];
    if (others < size(state)) {
      const asked = new Set<string>();
      for (const [u, st] of this.userStates()) {
        if (u === uri) continue;
        for (const s of st.stores) {
          for (let i = 0; i < s.size; i++) {
            const key = s.key(i);
            if (asked.has(key)) continue;
            asked.add(key);
            const hash = keyHash(key);
            state.stores.forEach((own, k) => { for (const j of own.idsOfKey(key, hash)) found.push({ store: k, i: j }); });
          }
        }
      }
      found.sort((a, b) => a.store - b.store || a.i - b.i);
      found.length = Math.min(found.length, limit);
    } else {
      for (let k = 0; k < state.stores.length && found.length < limit; k++) {
        const s = state.stores[k];
        for (let i = 0; i < s.size && found.length < limit; i++) if (this.definedOutside(s.key(i), uri)) found.push({ store: k, i });
      }
    }
    return found.flatMap(({ store, i }) => {
      const s = state.stores[store];
      const keySpan = s.keySpan(i);
      return keySpan ? [{ key: s.key(i), keySpan }] : [];
    });
  }

  /** The bib entry of a user file whose key is written around `offset` (e.g. under the cursor in a .bib). */
  entryWithKeyAt(uri: string, offset: number): IndexedEntry | undefined {
    const state = this.fileStates.get(uri);
    for (const s of state?.stores ?? []) {
      for (let i = 0; i < s.size; i++) {
        const k = s.keySpan(i);
        if (k && k.start <= offset && offset <= k.end) return s.entry(i);
      }
    }
    return undefined;
  }

  /** 1-based line of an offset in a user file, or undefined when the file is unknown. */
  lineOf(uri: string, offset: number): number | undefined {
    const lines = this.filePositions(uri);
    return lines ? lines.positionAt(offset).line + 1 : undefined;
  }

  /**
   * The entry a cited key means: the document's own bibliographies (`preferUris`, in order), then
   * other user files, then the bundled database by canonical key, then by alias, then the venue
   * catalog (a catalog key equal to a curated one never shadows it). Nicknames are not cite keys.
   * Undefined when nothing defines the key.
   */
  resolve(key: string, preferUris?: readonly string[]): IndexedEntry | undefined {
    for (const uri of preferUris ?? []) {
      if (this.isCatalog(uri)) continue;
      const e = this.firstInFile(this.fileStates.get(uri), key);
      if (e) return e;
    }
    for (const [, state] of this.userStates()) {
      const e = this.firstInFile(state, key);
      if (e) return e;
    }
    return this.bundledFor(key) ?? this.firstInFile(this.fileStates.get(ONLINE_URI), key)
      ?? (this.catalogUri !== undefined ? this.firstInFile(this.fileStates.get(this.catalogUri), key) : undefined);
  }

  /**
   * The user entry whose key equals `key` ignoring case (the document's bibliographies first, as in
   * `resolve`), as BibTeX would find it; undefined when no user file has one. Only asked when `resolve`
   * found nothing: each file store's lowercased keys are built once, on the first such question.
   */
  resolveIgnoringCase(key: string, preferUris?: readonly string[]): IndexedEntry | undefined {
    const lower = key.toLowerCase();
    const inFile = (state: FileState | undefined): IndexedEntry | undefined => {
      for (const s of state?.stores ?? []) {
        let keys = lowerKeys.get(s);
        if (!keys) {
          keys = new Map();
          for (let i = s.size - 1; i >= 0; i--) keys.set(s.key(i).toLowerCase(), i);
          lowerKeys.set(s, keys);
        }
        const i = keys.get(lower);
        if (i !== undefined) return s.entry(i);
      }
      return undefined;
    };
    // The user's files only: the venue catalog is not a bibliography BibTeX reads.
    for (const uri of preferUris ?? []) {
      if (this.isCatalog(uri)) continue;
      const e = inFile(this.fileStates.get(uri));
      if (e) return e;
    }
    for (const [, state] of this.userStates()) {
      const e = inFile(state);
      if (e) return e;
    }
    return undefined;
  }

  /**
   * What a user means by a key, arXiv id, DOI or nickname typed on its own (a command, the CLI's
   * `show`): a cited key as `resolve` finds it, else the bundled paper those name.
   */
  lookUp(query: string): IndexedEntry | undefined {
    const entry = this.resolve(query);
    if (entry) return entry;
    const paper = this.db.resolveAny(query);
    if (paper) return this.bundledEntry(paper);
    const arxiv = normalizeArxivId(query)?.id;
    const doi = arxiv ? undefined : normalizeDoi(query);
    return arxiv || doi ? this.onlineFor({ arxiv, doi }) : undefined;
  }

  /** The bundled entry for a canonical key or alias, or undefined. */
  bundledFor(key: string): IndexedEntry | undefined {
    const p = this.db.byKey(key);
    return p ? this.bundledEntry(p) : undefined;
  }

  /** The bundled entry of a database paper. */
  bundledEntry(paper: Paper): IndexedEntry | undefined {
    const dbPos = this.db.positionOf(paper);
    return dbPos === undefined ? undefined : this.bundled.entry(this.bundledPosition[dbPos]);
  }

  /**
   * Where bib files other than `uri` write `key`, without building their entries (the duplicate-key
   * check asks this for up to 1,000 keys at once: building both entries of each was what made it
   * slow when two big files shared their keys).
   */
  keyDefinitionsElsewhere(key: string, uri: string): Array<{ uri: string; keySpan: Span }> {
    const out: Array<{ uri: string; keySpan: Span }> = [];
    const hash = keyHash(key);
    for (const [other, state] of this.userStates()) {
      if (other === uri) continue;
      for (const s of state.stores) {
        for (const i of s.idsOfKey(key, hash)) {
          const keySpan = s.keySpan(i);
          if (keySpan) out.push({ uri: other, keySpan });
        }
      }
    }
    return out;
  }

  /**
   * Whether a user file other than `uri` defines `key`. Builds no entry and hashes the key once:
   * the duplicate check asks this for every key of a big file.
   */
  definedOutside(key: string, uri: string): boolean {
    const hash = keyHash(key);
    for (const [other, state] of this.userStates()) {
      if (other === uri) continue;
      for (const s of state.stores) if (s.idsOfKey(key, hash).length) return true;
    }
    return false;
  }

  /** Whether a user file, the bundled database or a fetched paper defines `key` (so the catalog's entry for it is not reached). */
  private definedBeforeCatalog(key: string): boolean {
    if (this.db.byKey(key)) return true;
    const hash = keyHash(key);
    // Every file but the catalog: the user's files and the fetched papers.
    for (const [uri, st] of this.fileStates) if (uri !== this.catalogUri && st.stores.some((s) => s.idsOfKey(key, hash).length > 0)) return true;
    return false;
  }

  private firstInFile(state: FileState | undefined, key: string): IndexedEntry | undefined {
    for (const s of state?.stores ?? []) {
      const ids = s.idsOfKey(key);
      if (ids.length) return s.entry(ids[0]);
    }
    return undefined;
  }

  /** The database paper an entry is: same arXiv id (version dropped), DOI (any case) or normalised title. */
  samePaper(entry: IndexedEntry): Paper | undefined {
    return samePaper(this.db, entry);
  }

  /** User entries that are `paper` (restricted to `uris` when given): offer their key instead of adding a duplicate. */
  findInFiles(paper: Paper, uris?: readonly string[]): IndexedEntry[] {
    const out: IndexedEntry[] = [];
    const files = uris ?? this.userStates().map(([uri]) => uri);
    for (const uri of files) {
      const state = this.fileStates.get(uri);
      if (!state) continue;
      if (!state.byPaper) {
        state.byPaper = new Map();
        const byPaper = state.byPaper;
        for (const s of state.stores) {
          const add = (p: Paper, i: number) => { const l = byPaper.get(p); if (l) l.push({ store: s, i }); else byPaper.set(p, [{ store: s, i }]); };
          // A packed store scans its paper ids in one pass, cheaper than asking paper(i) one by one.
          if (s instanceof PackedEntryStore) s.forEachPaper(add);
          else for (let i = 0; i < s.size; i++) { const p = s.paper(i); if (p) add(p, i); }
        }
      }
      for (const { store, i } of state.byPaper.get(paper) ?? []) out.push(store.entry(i));
    }
    return out;
  }

  /**
   * Bytes the index holds in arrays and string lists: packed entries with their key tables and
   * papers, and search structures (a chunk's structures not in the search index count as packed).
   */
  memoryBytes(): { packed: number; search: number } {
    const counted = new Set<SegmentData>();
    const search = this.searchIndex.memoryBytes(counted);
    let packed = 0;
    for (const f of this.fileStates.values()) {
      for (const s of f.stores) {
        if (!(s instanceof PackedEntryStore)) continue;
        const c = s.chunk;
        packed += c.packed.ints.byteLength + c.packed.pool.byteLength + c.paperIds.byteLength + c.keyTable.byteLength;
        if (!counted.has(c.segment)) packed += segmentBytes(c.segment);
      }
    }
    return { packed, search };
  }

  size(): IndexSize {
    let user = 0;
    let catalog = 0;
    let online = 0;
    let preparing = 0;
    for (const [uri, f] of this.fileStates) {
      for (const s of f.stores) if (this.isCatalog(uri)) catalog += s.size; else if (uri === ONLINE_URI) online += s.size; else user += s.size;
      for (const [s, p] of f.pending) preparing += s.size - p.covered;
    }
    return { bundled: this.db.size, user, files: this.userStates().length, catalog, online, preparing };
  }

  /**
   * Up to `n` entries spread evenly over the users' files (the bundled database when there are none),
   * as briefs: material for queries like the ones users type (see warmUp.ts).
   */
  sampleBriefs(n: number): EntryBrief[] {
    const stores = [...this.fileStates.values()].flatMap((s) => s.stores);
    const total = stores.reduce((sum, s) => sum + s.size, 0);
    if (total === 0) return Array.from({ length: Math.min(n, this.bundled.size) }, (_, i) => this.bundled.entry(i));
    const out: EntryBrief[] = [];
    n = Math.min(n, total);
    const step = total / Math.max(1, n);
    let store = 0, before = 0;
    for (let k = 0; k < n && k * step < total; k++) {
      const at = Math.floor(k * step + step / 2);
      while (at >= before + stores[store].size) before += stores[store++].size;
      out.push(stores[store].brief(at - before));
    }
    return out;
  }

  /**
   * Ranked search over every source (see search/index.ts). One key appears once: the best-ranked entry
   * for it. `preferUris` (the document's bibliographies) win ties; the catalog's entries lose them.
   */
  search(query: string, limit: number, preferUris?: readonly string[]): SearchResult {
    const r = this.searchIndex.search(query, { limit: limit + 8, prefer: preferUris, last: this.catalogUri });
    const seen = new Set<string>();
    // A catalog entry whose key a user file or the bundled database defines would be offered under a
    // key that means the other paper (see resolve): it is left out.
    const shadowed = (h: SearchHit) => {
      const src = h.brief().source;
      return src.kind === 'bib' && !!src.catalog && this.definedBeforeCatalog(h.key);
    };
    const results = r.results.filter((h) => !seen.has(h.key) && (seen.add(h.key), true) && !shadowed(h)).slice(0, limit);
    return { results, total: r.total, incomplete: r.incomplete || r.results.length > results.length };
  }
}

/** Entries [from, from + size) of a store, as a store of their own (a segment over one prepared range). */
function rangeView(store: EntryStore, from: number, size: number): EntryStore {
  return { size, entry: (i) => store.entry(from + i), brief: (i) => store.brief(from + i), key: (i) => store.key(from + i) };
}

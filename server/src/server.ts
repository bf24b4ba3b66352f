/**
 * The LSP adapter: capabilities, the handler table, and the glue between open documents, the
 * workspace's bibliography files and the protocol-free core. Every handler finds the document,
 * calls one core function and converts its result; every handler is guarded, so a failure is
 * logged with the URI and feature and answers empty instead of taking the server down.
 */
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import {
  CodeActionKind,
  CompletionItemKind,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MarkupKind,
  SymbolKind,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Connection,
  type DocumentLink,
  type InitializeResult,
  type Location,
  type TextEdit,
  type WorkspaceEdit,
  type WorkspaceSymbol,
  ResponseError,
  ErrorCodes,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { defaultDatabasePath, languageOf, loadBundledIndex } from './bundled';
import { scanDocument } from './core/citeScanner';
import { defaultConfig, type Config, type DocLanguage, type Paper, type Problem, type ScanResult } from './core/model';
import { bibliographyFor, bibliographyTargetFor, planAdditions } from './core/bibliography';
import { entryToBibtex, paperToBibtex } from './core/bibtex';
import { hover } from './core/features/hover';
import { completion, completionDocumentation } from './core/features/completion';
import { warmUpQueries } from './core/warmUp';
import { implementation } from './core/features/implementation';
import { definition } from './core/features/definition';
import { references } from './core/features/references';
import { rename } from './core/features/rename';
import { diagnostics, duplicateKeyProblems } from './core/features/diagnostics';
import { codeActions } from './core/features/codeActions';
import { symbols } from './core/features/symbols';
import { documentLinks } from './core/features/documentLinks';
import type { FeatureContext, Doc as FeatureDocument } from './core/features/context';
import { renderCard } from './core/render';
import { definedIn } from './core/features/hover';
import { paperUrl } from './core/features/documentLinks';
import { clientAbilities, toDiagnostic, toHover, toRange, type ClientAbilities, type Positions } from './convert';
import { normalizeSettings } from './settings';
import { findFiles, isInside, languageOfPath, pathToUri, readTextFile, resolveBibliographyPath, uriToPath } from './workspace';
import { WORKER_MIN_BYTES, debounce, loadBibFile, loadDatabase, prepareBibText, type IndexSink } from './indexing';
import type { JobBegin } from './indexWorker';
import { recordHandlerTime, registerDebugStats } from './debugStats';
import { PaperDetailsRequest, SearchRequest, ServerCommands, StatusNotification, VirtualBibRequest, type PaperSummary } from './protocol';

export interface ServerOptions {
  /** Path of the bundled database; defaults to server/data/papers.json beside dist/. */
  databasePath?: string;
}

/** Workspaces with fewer user entries answer fast enough without a warm-up (see warmUpOnce). */
const WARM_UP_MIN_ENTRIES = 2_000;
const WARM_UP_QUERIES = 150;
/** The document the warm-up completes in (never an editor's: only the text below). */
const WARM_UP_URI = 'ml-papers-warm-up:/notes.md';

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  let abilities: ClientAbilities = clientAbilities({});
  let config: Config = defaultConfig;
  let roots: string[] = [];
  const dbFile = options.databasePath ?? defaultDatabasePath();
  const { index, problems: dbProblems } = loadBundledIndex(dbFile);
  /** Bibliography files we read from disk (not open in the editor), with their mtime to skip no-op changes. */
  const diskBibs = new Map<string, { mtimeMs: number; size: number }>();
  /** Files that failed to load, for the status bar and diagnostics. */
  const failures = new Map<string, string>();
  const scans = new Map<string, { version: number; scan: ScanResult }>();
  let indexing = false;
  let initialSettingsRaw: unknown;
  /** False when the editor says the workspace is untrusted: then the server only reads, never proposes writes. */
  let workspaceTrusted = true;

  const log = (msg: string) => connection.console.log(msg);
  registerDebugStats(connection, () => {
    const { packed, search } = index.memoryBytes();
    const mb = (n: number) => Math.round(n / 104857.6) / 10;
    return { ...index.size(), packedMB: mb(packed), searchMB: mb(search) };
  });

  function guard<T>(feature: string, uri: string, empty: T, fn: () => T): T {
    const start = performance.now();
    try {
      return fn();
    } catch (e) {
      connection.console.error(`[${feature}] ${uri}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return empty;
    } finally {
      recordHandlerTime(feature, performance.now() - start);
    }
  }

  function featureDoc(doc: TextDocument): FeatureDocument | undefined {
    const language = languageOf(doc.languageId, doc.uri);
    return language ? { uri: doc.uri, language, text: doc.getText(), version: doc.version } : undefined;
  }

  function scanOf(doc: TextDocument, language: DocLanguage): ScanResult {
    const cached = scans.get(doc.uri);
    if (cached && cached.version === doc.version) return cached.scan;
    const scan = scanDocument(doc.getText(), language, { customCiteCommands: config.customCiteCommands });
    scans.set(doc.uri, { version: doc.version, scan });
    return scan;
  }

  /** The bibliography files a document names, as URIs (read-only use; they may lie outside the workspace). */
  function declaredBibUris(doc: TextDocument, language: DocLanguage): string[] {
    const docPath = uriToPath(doc.uri);
    if (!docPath || language === 'bibtex') return [];
    return scanOf(doc, language).bibliographies.map((d) => pathToUri(resolveBibliographyPath(docPath, d.path, d.kind)));
  }

  function ctxFor(doc?: TextDocument): FeatureContext {
    const language = doc ? languageOf(doc.languageId, doc.uri) : undefined;
    return { index, config, docBibUris: doc && language ? declaredBibUris(doc, language) : [] };
  }

  /* ------------------------------ indexing ------------------------------ */

  function sendStatus(): void {
    const size = index.size();
    const params: StatusNotification.Params = {
      bundled: size.bundled,
      bibEntries: size.user,
      bibFiles: size.files,
      indexing,
      failures: [...failures].map(([uri, message]) => ({ uri, message })),
    };
    void connection.sendNotification(StatusNotification.method, params);
  }

  /**
   * Where the index worker delivers a file: the text and reader problems begin a new version of the
   * file in the index, and each prepared chunk becomes searchable as it arrives (requests are
   * answered in between, from what is indexed so far). Nothing is taken while the file is open in
   * an editor: the editor's text wins.
   */
  function sinkFor(uri: string, kind: 'bib' | 'database'): IndexSink {
    return sinkInto(uri, (b) => {
      forgetRead(uri);
      if (documents.get(uri)) return -1;
      return index.beginFile(uri, 'bib', kind === 'bib' && b.lineStarts ? { length: b.length ?? 0, lineStarts: b.lineStarts } : '', b.problems);
    });
  }

  /** A sink whose chunks go to the version of `uri` that `begin` starts (it returns -1 to drop them all). */
  function sinkInto(uri: string, begin: (b: JobBegin) => number): IndexSink {
    let generation = -1;
    return {
      begin: (b) => { generation = begin(b); },
      chunk: (c) => { if (generation >= 0) index.addPrepared(uri, generation, c); },
      range: (r) => { if (generation >= 0) index.addRange(uri, generation, r); },
    };
  }

  /** Reads one bibliography file from disk into the index unless it is open (the editor's text wins) or unchanged. */
  async function loadDiskFile(file: string, progress?: (percent: number, message: string) => void): Promise<boolean> {
    const uri = pathToUri(file);
    if (documents.get(uri)) return false;
    const databases = config.databases.map((f) => path.resolve(roots[0] ?? process.cwd(), f));
    if (databases.includes(path.resolve(file))) {
      // A JSON-lines paper database: streamed and prepared in the index worker (or read from its cache).
      const db = await loadDatabase(file, diskBibs.get(uri), dbFile, sinkFor(uri, 'database'), progress);
      if (db.kind === 'unchanged') return false;
      if (db.kind === 'failed') {
        failures.set(uri, db.message);
        connection.console.warn(db.message);
        if (!documents.get(uri)) { index.removeFile(uri); diskBibs.delete(uri); }
        return true;
      }
      failures.delete(uri);
      diskBibs.set(uri, db.stamp);
      log(`Indexed database ${path.basename(file)}: ${db.entries} papers${db.fromCache ? ' (from cache)' : ''} in ${Math.round(db.ms)} ms`);
      return true;
    }
    // A stat decides first: an unchanged file is not read again. Big files are parsed and prepared in the index worker.
    // A file new to the index may first show its scanned keys (see core/bibKeyScan.ts); a changed
    // one keeps its full entries until the new ones are ready.
    const read = await loadBibFile(file, config.maxBibFileBytes, diskBibs.get(uri), dbFile, sinkFor(uri, 'bib'), !index.hasFile(uri));
    if (read.kind === 'unchanged' || documents.get(uri)) return false;
    if (read.kind === 'failed') {
      failures.set(uri, read.message);
      if (diskBibs.has(uri) || index.hasFile(uri)) { index.removeFile(uri); diskBibs.delete(uri); }
      void connection.sendDiagnostics({ uri, diagnostics: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: read.message, severity: 2, source: 'ml-papers' }] });
      return true;
    }
    diskBibs.set(uri, read.stamp);
    failures.delete(uri);
    if (read.kind === 'loaded') {
      if (read.parsed) index.setParsedBib(uri, read.text, read.parsed);
      else index.setCslJsonFile(uri, read.text);
    }
    const problems = index.fileProblems(uri);
    publishFileProblems(uri, problems);
    if (problems.some((p) => p.severity === 'error')) failures.set(uri, `${problems.filter((p) => p.severity === 'error').length} error(s) while reading ${path.basename(file)}`);
    return true;
  }

  /** Publishes a bibliography's reader problems and its keys that other bibliographies define too (from the index: no second parse). */
  function publishFileProblems(uri: string, problems: readonly Problem[]): void {
    const doc = index.filePositions(uri);
    if (!doc) return;
    const dup = /\.bib$/i.test(uri)
      ? guard('diagnostics', uri, [], () => {
        const limit = Math.max(0, 1000 - problems.length);
        return duplicateKeyProblems(ctxFor(), uri, index.keysDefinedElsewhere(uri, limit), undefined, limit);
      })
      : [];
    void connection.sendDiagnostics({ uri, diagnostics: [...problems.slice(0, 1000), ...dup].map((p) => toDiagnostic(doc, p)) });
  }

  async function indexWorkspace(): Promise<void> {
    indexing = true;
    sendStatus();
    const started = Date.now();
    const progress = abilities.workDoneProgress ? await connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    try {
      const found = await findFiles(roots, ['.bib']);
      const extra = config.bibFiles.map((f) => (path.isAbsolute(f) ? f : path.resolve(roots[0] ?? process.cwd(), f)));
      const declared = documents.all().flatMap((d) => {
        const lang = languageOf(d.languageId, d.uri);
        return lang ? declaredBibUris(d, lang).map((u) => uriToPath(u)!).filter(Boolean) : [];
      });
      const all = [...new Set([...found, ...extra, ...declared])];
      const databases = config.databases.map((f) => path.resolve(roots[0] ?? process.cwd(), f));
      progress?.begin('ML Papers: indexing bibliographies', 0, `${all.length + databases.length} files`, false);
      let done = 0;
      for (const f of all) {
        await guardAsync('index', f, () => loadDiskFile(f));
        done++;
        progress?.report(Math.round((done / Math.max(all.length + databases.length, 1)) * 100), path.basename(f));
      }
      // Databases last: they are the biggest, and the user's own files should answer first.
      for (const f of databases) {
        await guardAsync('index', f, () => loadDiskFile(f, (pct, msg) => progress?.report(pct, `${path.basename(f)}: ${msg}`)));
        done++;
      }
      // Files no longer present in the workspace or settings leave the index.
      const keep = new Set([...all, ...databases].map(pathToUri));
      for (const uri of [...diskBibs.keys()]) if (!keep.has(uri)) { index.removeFile(uri); diskBibs.delete(uri); }
      log(`Indexed ${all.length} bibliography file(s), ${index.size().user} entries, in ${Date.now() - started} ms`);
    } finally {
      progress?.done();
      indexing = false;
      sendStatus();
      revalidateAll();
      warmUpOnce();
    }
  }

  /**
   * Once per server, after the first indexing of a workspace with many entries: completions for
   * queries made from the index (core/warmUp.ts), one per turn of the event loop so that requests
   * go first, so that the user's first keystrokes meet compiled search code. In the bench at 100k
   * entries this took the completion p99 over stdio from ~9.5-10 to ~6.5-7.5 ms (150 queries).
   */
  let warmedUp = false;
  function warmUpOnce(): void {
    if (warmedUp || index.size().user < WARM_UP_MIN_ENTRIES) return;
    warmedUp = true;
    const queries = warmUpQueries(index.sampleBriefs(2 * WARM_UP_QUERIES), WARM_UP_QUERIES);
    const started = performance.now();
    let busy = 0;
    const step = (k: number): void => {
      if (k >= queries.length) {
        log(`Warmed up the search with ${queries.length} queries: ${Math.round(busy)} ms of work over ${Math.round(performance.now() - started)} ms`);
        return;
      }
      const text = `[@${queries[k]}`;
      const t = performance.now();
      try {
        completion(ctxFor(), { uri: WARM_UP_URI, language: 'markdown', text }, text.length, { documentation: false });
      } catch (e) {
        // Only a warm-up: a failure is logged and the rest skipped; requests are unaffected.
        connection.console.error(`[warm-up] ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        return;
      }
      busy += performance.now() - t;
      setTimeout(() => step(k + 1), 0);
    };
    setTimeout(() => step(0), 0);
  }

  async function guardAsync<T>(feature: string, uri: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      connection.console.error(`[${feature}] ${uri}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return undefined;
    }
  }

  /** Makes sure the bibliographies a document names are indexed (they may live outside the workspace). */
  async function ensureDeclared(doc: TextDocument): Promise<void> {
    const lang = languageOf(doc.languageId, doc.uri);
    if (!lang) return;
    let changed = false;
    for (const uri of declaredBibUris(doc, lang)) {
      if (!diskBibs.has(uri) && !documents.get(uri) && !failures.has(uri)) {
        changed = (await guardAsync('index', uri, () => loadDiskFile(uriToPath(uri)!))) || changed;
      }
    }
    if (changed) { sendStatus(); revalidateAll(); }
  }

  /* ------------------------------ diagnostics ------------------------------ */

  const pending = new Map<string, NodeJS.Timeout>();
  function scheduleValidation(uri: string, delay = 120): void {
    clearTimeout(pending.get(uri));
    pending.set(uri, setTimeout(() => { pending.delete(uri); validate(uri); }, delay));
  }

  function validate(uri: string): void {
    const doc = documents.get(uri);
    if (!doc) return;
    const fdoc = featureDoc(doc);
    if (!fdoc) return;
    const problems = guard('diagnostics', uri, [], () => (config.diagnostics.enabled || fdoc.language === 'bibtex' ? diagnostics(ctxFor(doc), fdoc) : []));
    void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: problems.slice(0, 1000).map((p) => toDiagnostic(doc, p)) });
  }

  function revalidateAll(): void {
    for (const d of documents.all()) scheduleValidation(d.uri, 30);
  }

  /* ------------------------------ lifecycle ------------------------------ */

  connection.onInitialize((params): InitializeResult => {
    abilities = clientAbilities(params.capabilities);
    const folders = params.workspaceFolders?.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p) ?? [];
    const rootFromUri = params.rootUri ? uriToPath(params.rootUri) : undefined;
    roots = folders.length ? folders : rootFromUri ? [rootFromUri] : params.rootPath ? [params.rootPath] : [];
    const init = params.initializationOptions as { settings?: unknown; workspaceTrusted?: unknown } | undefined;
    workspaceTrusted = init?.workspaceTrusted !== false;
    initialSettingsRaw = init?.settings;
    if (initialSettingsRaw) config = normalizeSettings(initialSettingsRaw);
    for (const p of dbProblems) connection.console.warn(p);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['{', ',', '@', ';', '['], resolveProvider: true },
        implementationProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        workspaceSymbolProvider: true,
        documentLinkProvider: { resolveProvider: false },
        executeCommandProvider: { commands: Object.values(ServerCommands) },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'ml-papers', version: '0.1.0' },
    };
  });

  async function pullSettings(): Promise<void> {
    if (!abilities.configuration) return;
    try {
      const raw = await connection.workspace.getConfiguration({ section: 'mlPapers' });
      config = normalizeSettings(raw ?? initialSettingsRaw);
    } catch (e) {
      connection.console.warn(`Could not read settings: ${(e as Error).message}`);
    }
  }

  connection.onInitialized(async () => {
    if (abilities.watchedFilesDynamic) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.bib' }, { globPattern: '**/*.{md,tex,json}' }] }).catch(() => undefined);
    }
    await pullSettings();
    await indexWorkspace();
  });

  connection.onDidChangeConfiguration(async (change) => {
    const before = JSON.stringify(config);
    if (abilities.configuration) await pullSettings();
    else config = normalizeSettings((change.settings as { mlPapers?: unknown } | undefined)?.mlPapers ?? change.settings);
    scans.clear();
    if (JSON.stringify(config) !== before) await indexWorkspace();
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    let changed = false;
    for (const ev of params.changes) {
      const file = uriToPath(ev.uri);
      if (!file) continue;
      const isBib = /\.bib$/i.test(file);
      const isTracked = diskBibs.has(ev.uri) || failures.has(ev.uri);
      if (!isBib && !isTracked) continue;
      forgetRead(ev.uri);
      if (ev.type === FileChangeType.Deleted) {
        if (!documents.get(ev.uri)) index.removeFile(ev.uri);
        diskBibs.delete(ev.uri);
        failures.delete(ev.uri);
        void connection.sendDiagnostics({ uri: ev.uri, diagnostics: [] });
        changed = true;
      } else {
        changed = (await guardAsync('index', ev.uri, () => loadDiskFile(file))) || changed;
      }
    }
    if (changed) { sendStatus(); revalidateAll(); }
  });

  documents.onDidOpen((e) => {
    const lang = languageOf(e.document.languageId, e.document.uri);
    if (lang === 'bibtex') { setOpenBib(e.document); sendStatus(); revalidateAll(); }
    else void ensureDeclared(e.document);
    scheduleValidation(e.document.uri, 0);
  });
  documents.onDidChangeContent((e) => {
    const lang = languageOf(e.document.languageId, e.document.uri);
    if (lang === 'bibtex') { setOpenBib(e.document); revalidateAll(); }
    else { scheduleValidation(e.document.uri); void ensureDeclared(e.document); }
  });
  documents.onDidClose((e) => {
    scans.delete(e.document.uri);
    clearTimeout(pending.get(e.document.uri));
    const lang = languageOf(e.document.languageId, e.document.uri);
    if (lang === 'bibtex') {
      // The editor's text leaves; the file on disk (if any) takes its place.
      index.removeFile(e.document.uri);
      diskBibs.delete(e.document.uri);
      const file = uriToPath(e.document.uri);
      if (file) void loadDiskFile(file).then(() => { sendStatus(); revalidateAll(); });
    } else {
      void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    }
  });

  function setOpenBib(doc: TextDocument): void {
    const text = doc.getText();
    if (text.length < WORKER_MIN_BYTES || index.fileText(doc.uri) === text) {
      guard('index', doc.uri, undefined, () => {
        index.setBibFile(doc.uri, text);
        diskBibs.delete(doc.uri);
      });
      return;
    }
    // A big open bib: parsed in the index worker once typing pauses; until then the index answers
    // from the previous version. A result for an outdated version is dropped (a newer one follows).
    // The version is taken now: `doc` is the one live document object, whose version moves on.
    const version = doc.version;
    const current = () => documents.get(doc.uri)?.version === version;
    debounce(doc.uri, 300, () => {
      void guardAsync('index', doc.uri, async () => {
        if (!current()) return;
        // The text may have changed while the worker parsed it: an outdated version is dropped.
        const prepared = await prepareBibText(text, dbFile, sinkInto(doc.uri, (b) => (current() ? index.beginFile(doc.uri, 'bib', text, b.problems) : -1)));
        if (!prepared && current()) index.setBibFile(doc.uri, text);
        if (!current()) return;
        diskBibs.delete(doc.uri);
        sendStatus();
        revalidateAll();
      });
    });
  }

  /* ------------------------------ features ------------------------------ */

  connection.onHover((params) => {
    const doc = documents.get(params.textDocument.uri);
    const fdoc = doc && featureDoc(doc);
    if (!doc || !fdoc) return null;
    return guard('hover', doc.uri, null, () => {
      const r = hover(ctxFor(doc), fdoc, doc.offsetAt(params.position));
      return r ? toHover(doc, r, abilities) : null;
    });
  });

  connection.onCompletion((params): CompletionList | null => {
    const doc = documents.get(params.textDocument.uri);
    const fdoc = doc && featureDoc(doc);
    if (!doc || !fdoc) return null;
    return guard('completion', doc.uri, null, () => {
      const ctx = ctxFor(doc);
      const lazyDocs = abilities.resolveCompletionDocs;
      // Core renders the Markdown card; a plain-text client gets its card below (rendered once, not twice).
      const r = completion(ctx, fdoc, doc.offsetAt(params.position), { documentation: !lazyDocs && abilities.markdownCompletionDocs });
      if (!r) return null;
      const range = toRange(doc, r.span);
      // Each item replaces the partial key with its label (the key), as a plain-text edit: the
      // format's default, so no item states it. A client that takes list-wide defaults gets the range
      // and the resolve data once: a 50-item answer shrinks from ~28 KB to ~16 KB, and on this
      // machine every KB of answer costs ~0.03 ms of round trip (bench/DESIGN.md §9).
      const defaults = abilities.completionDefaults;
      const shared = lazyDocs && defaults.data ? commonSource(r.items) : undefined;
      const sharedData: CompletionData | undefined = shared === undefined ? undefined : { source: shared, uri: doc.uri };
      const items: CompletionItem[] = r.items.map((it, i) => ({
        label: it.key,
        kind: CompletionItemKind.Reference,
        detail: it.detail,
        ...(!lazyDocs
          ? { documentation: abilities.markdownCompletionDocs ? { kind: MarkupKind.Markdown, value: it.documentationMarkdown ?? '' } : completionDocumentation(ctx, it.key, it.source)?.plaintext ?? it.key }
          : it.source === sharedData?.source ? {} : { data: { source: it.source, uri: doc.uri } satisfies CompletionData }),
        filterText: it.filterText,
        sortText: it.sortText ?? String(i).padStart(5, '0'),
        ...(defaults.editRange ? {} : { textEdit: { range, newText: it.key } }),
      }));
      const itemDefaults = { ...(defaults.editRange ? { editRange: range } : {}), ...(sharedData ? { data: sharedData } : {}) };
      return { isIncomplete: r.incomplete, ...(Object.keys(itemDefaults).length ? { itemDefaults } : {}), items };
    });
  });

  /**
   * What a completion item carries for completionItem/resolve: where its entry comes from and the
   * document asking (whose bibliographies decide between same-key entries). The key is the label.
   */
  interface CompletionData { source: string; uri: string }

  /** The source most items come from: it goes into the list's defaults, so only the others state theirs. */
  function commonSource(items: readonly { source: string }[]): string | undefined {
    const counts = new Map<string, number>();
    let best: string | undefined;
    let bestCount = 0;
    for (const it of items) {
      const n = (counts.get(it.source) ?? 0) + 1;
      counts.set(it.source, n);
      if (n > bestCount) { best = it.source; bestCount = n; }
    }
    return best;
  }

  connection.onCompletionResolve((item): CompletionItem => {
    const data = item.data as Partial<CompletionData> | undefined;
    if (!data || typeof data.source !== 'string' || typeof data.uri !== 'string' || item.documentation !== undefined) return item;
    const { source, uri } = data;
    const doc = documents.get(uri);
    return guard('completion resolve', uri, item, () => {
      const card = completionDocumentation(ctxFor(doc), item.label, source);
      if (!card) return item;
      return { ...item, documentation: abilities.markdownCompletionDocs ? { kind: MarkupKind.Markdown, value: card.markdown } : card.plaintext };
    });
  });

  connection.onImplementation((params): Location[] => {
    const doc = documents.get(params.textDocument.uri);
    const fdoc = doc && featureDoc(doc);
    if (!doc || !fdoc) return [];
    return guard('implementation', doc.uri, [], () => {
      const repos = implementation(ctxFor(doc), fdoc, doc.offsetAt(params.position)) ?? [];
      const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      return repos.map((r) => ({ uri: r.url, range: zero }));
    });
  });

  connection.onDefinition((params): Location[] => {
    const doc = documents.get(params.textDocument.uri);
    const fdoc = doc && featureDoc(doc);
    if (!doc || !fdoc) return [];
    return guard('definition', doc.uri, [], () => {
      const r = definition(ctxFor(doc), fdoc, doc.offsetAt(params.position));
      if (!r) return [];
      if ('virtualKey' in r) {
        return [{ uri: `ml-papers:/${encodeURIComponent(r.virtualKey)}.bib`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }];
      }
      const target = documents.get(r.uri) ?? textDocForFile(r.uri);
      return target ? [{ uri: r.uri, range: toRange(target, r.selection) }] : [];
    });
  });

  /** Offsets to positions in an indexed file that is not open. */
  function textDocForFile(uri: string): Positions | undefined {
    return index.filePositions(uri);
  }

  /** Every Markdown/LaTeX/BibTeX text of the workspace: open documents win over the disk. */
  async function workspaceDocs(): Promise<FeatureDocument[]> {
    const out = new Map<string, FeatureDocument>();
    for (const d of documents.all()) { const f = featureDoc(d); if (f) out.set(d.uri, f); }
    for (const file of await findFiles(roots, ['.md', '.markdown', '.qmd', '.tex', '.bib'])) {
      const uri = pathToUri(file);
      if (out.has(uri)) continue;
      const language = languageOfPath(file);
      if (!language) continue;
      // An indexed .bib is already in memory (a big one should not be read again per request).
      const held = language === 'bibtex' ? index.fileText(uri) : undefined;
      if (held !== undefined) { out.set(uri, { uri, language, text: held }); continue; }
      const read = await readTextFile(file, config.maxBibFileBytes);
      if (read.ok) out.set(uri, { uri, language, text: read.text });
    }
    return [...out.values()];
  }

  function docOf(uri: string, fdocs: FeatureDocument[]): TextDocument | undefined {
    const open = documents.get(uri);
    if (open) return open;
    const f = fdocs.find((d) => d.uri === uri);
    return f ? TextDocument.create(uri, f.language, 0, f.text) : undefined;
  }

  function keyAt(doc: TextDocument, offset: number): { key: string; span: { start: number; end: number } } | undefined {
    const lang = languageOf(doc.languageId, doc.uri);
    if (!lang) return undefined;
    if (lang === 'bibtex') {
      const entry = index.entryWithKeyAt(doc.uri, offset);
      return entry && entry.source.kind === 'bib' ? { key: entry.key, span: entry.source.keySpan } : undefined;
    }
    const site = scanOf(doc, lang).cites.find((c) => c.span.start <= offset && offset <= c.span.end);
    return site ? { key: site.key, span: site.span } : undefined;
  }

  connection.onReferences(async (params): Promise<Location[]> => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const at = guard('references', doc.uri, undefined, () => keyAt(doc, doc.offsetAt(params.position)));
    if (!at) return [];
    const fdocs = await workspaceDocs();
    return guard('references', doc.uri, [], () => references(ctxFor(doc), fdocs, at.key).flatMap((r) => {
      const d = docOf(r.uri, fdocs);
      return d ? [{ uri: r.uri, range: toRange(d, r.span) }] : [];
    }));
  });

  connection.onPrepareRename((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    return guard('rename', doc.uri, null, () => {
      const at = keyAt(doc, doc.offsetAt(params.position));
      return at ? { range: toRange(doc, at.span), placeholder: at.key } : null;
    });
  });

  connection.onRenameRequest(async (params): Promise<WorkspaceEdit | null> => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const at = guard('rename', doc.uri, undefined, () => keyAt(doc, doc.offsetAt(params.position)));
    if (!at) return null;
    const newKey = params.newName.trim();
    if (!/^[^\s{},%#"'()=\\@]+$/.test(newKey)) throw new Error(`"${params.newName}" is not a valid citation key.`);
    const fdocs = await workspaceDocs();
    return guard('rename', doc.uri, null, () => {
      const result = rename(ctxFor(doc), fdocs, at.key, newKey);
      if ('error' in result) throw new ResponseError(ErrorCodes.InvalidParams, result.error);
      const changes: Record<string, TextEdit[]> = {};
      for (const e of result.edits) {
        const d = docOf(e.uri, fdocs);
        if (!d) continue;
        (changes[e.uri] ??= []).push({ range: toRange(d, e.span), newText: e.newText });
      }
      return { changes };
    });
  });

  connection.onCodeAction((params): CodeAction[] => {
    const doc = documents.get(params.textDocument.uri);
    const fdoc = doc && featureDoc(doc);
    if (!doc || !fdoc) return [];
    return guard('codeAction', doc.uri, [], () => {
      const span = { start: doc.offsetAt(params.range.start), end: doc.offsetAt(params.range.end) };
      const problems = params.context.diagnostics.map((d) => ({
        span: { start: doc.offsetAt(d.range.start), end: doc.offsetAt(d.range.end) },
        message: typeof d.message === 'string' ? d.message : d.message.value,
        severity: 'warning' as const,
        code: typeof d.code === 'string' ? d.code : undefined,
        data: d.data as Record<string, string> | undefined,
      }));
      const actions: CodeAction[] = [];
      for (const a of codeActions(ctxFor(doc), fdoc, span, problems)) {
        if (a.kind === 'edit') {
          actions.push({
            title: a.title,
            kind: CodeActionKind.QuickFix,
            isPreferred: a.preferred,
            edit: { changes: { [doc.uri]: a.edits.map((e) => ({ range: toRange(doc, e.span), newText: e.newText })) } },
          });
        } else if (a.kind === 'addToBib' && workspaceTrusted) {
          const edit = bibEditFor(doc, [a.key]);
          if (edit) actions.push({ title: edit.title, kind: CodeActionKind.QuickFix, edit: edit.edit });
        }
      }
      return actions;
    });
  });

  /**
   * The workspace edit that appends the missing entries for `keys` to the document's bibliography,
   * creating references.bib and declaring it when the document names none. Returns undefined when
   * nothing is missing or the target lies outside the workspace (we never write there).
   */
  function bibEditFor(doc: TextDocument, keys: string[]): { title: string; edit: WorkspaceEdit; added: string[]; file: string; sameAs: Array<{ cited: string; existing: string }> } | undefined {
    const lang = languageOf(doc.languageId, doc.uri);
    const docPath = uriToPath(doc.uri);
    if (!lang || lang === 'bibtex' || !docPath) return undefined;
    const scan = scanOf(doc, lang);
    const target = bibliographyTargetFor(scan, docPath, doc.getText());
    const file = 'path' in target ? target.path : target.create;
    if (roots.length && !isInside(file, roots)) {
      connection.console.warn(`Not writing ${file}: it is outside the workspace.`);
      return undefined;
    }
    const uri = pathToUri(file);
    if (failures.has(uri) && !documents.get(uri) && !index.hasFile(uri)) {
      // The file could not be read as a bibliography (binary, too big, unreadable): never append to it.
      connection.console.warn(`Not writing ${file}: ${failures.get(uri)}`);
      return undefined;
    }
    const bibDoc = documents.get(uri);
    // A references.bib may already exist beside an undeclared document: append to it, never replace it.
    const existingText = bibDoc?.getText() ?? bibTextOf(uri, file);
    const bibText = existingText ?? '';
    const userUris = [uri, ...declaredBibUris(doc, lang)];
    const plan = planAdditions({
      citedKeys: keys,
      bibText,
      lookup: (k) => index.resolve(k, userUris)?.paper,
      samePaperInBib: (item) => index.findInFiles(item as Paper, [uri])[0]?.key,
      format: config.bibFormat,
    });
    if (!plan.added.length) return undefined;
    const bibTarget = bibDoc ?? TextDocument.create(uri, 'bibtex', 0, bibText);
    const insertAt = bibTarget.positionAt(plan.insertOffset);
    const documentChanges: NonNullable<WorkspaceEdit['documentChanges']> = [];
    if (existingText === undefined) documentChanges.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
    documentChanges.push({ textDocument: { uri, version: bibDoc?.version ?? null }, edits: [{ range: { start: insertAt, end: insertAt }, newText: plan.insertText }] });
    if ('create' in target) {
      const pos = doc.positionAt(target.declarationEdit.offset);
      documentChanges.push({ textDocument: { uri: doc.uri, version: doc.version }, edits: [{ range: { start: pos, end: pos }, newText: target.declarationEdit.text }] });
    }
    const name = path.basename(file);
    const title = plan.added.length === 1 ? `Add BibTeX entry for ${plan.added[0]} to ${name}` : `Add ${plan.added.length} missing entries to ${name}`;
    return { title, edit: { documentChanges }, added: plan.added, file, sameAs: plan.sameAs };
  }

  function tryRead(file: string): string | undefined {
    try { return readFileSync(file, 'utf8'); } catch { return undefined; }
  }

  /**
   * The text of a bibliography on disk for an edit: the index's copy, or for a big file the index
   * holds as line starts only, one read kept for a while. A quick fix is asked for on every cursor
   * move over a missing key; reading a 48 MB file each time would stall the editor.
   */
  const readTexts = new Map<string, { text: string; timer: NodeJS.Timeout }>();
  function bibTextOf(uri: string, file: string): string | undefined {
    const held = index.fileText(uri);
    if (held !== undefined) return held;
    const kept = readTexts.get(uri);
    if (kept) { kept.timer.refresh(); return kept.text; }
    const text = tryRead(file);
    if (text !== undefined && index.hasFile(uri)) {
      const timer = setTimeout(() => readTexts.delete(uri), 30_000);
      timer.unref();
      readTexts.set(uri, { text, timer });
    }
    return text;
  }

  /** Forgets a kept read of `uri` (the file changed, or the index dropped it). */
  function forgetRead(uri: string): void {
    clearTimeout(readTexts.get(uri)?.timer);
    readTexts.delete(uri);
  }

  connection.onWorkspaceSymbol((params): WorkspaceSymbol[] => guard('symbols', '', [], () =>
    symbols(ctxFor(), params.query).map((s) => {
      const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      let location: Location;
      if ('virtualKey' in s.location) location = { uri: `ml-papers:/${encodeURIComponent(s.location.virtualKey)}.bib`, range: zero };
      else {
        const target = documents.get(s.location.uri) ?? textDocForFile(s.location.uri);
        location = { uri: s.location.uri, range: target ? toRange(target, s.location.span) : zero };
      }
      return { name: s.name, kind: SymbolKind.Key, containerName: s.container, location };
    })));

  connection.onDocumentLinks((params): DocumentLink[] => {
    const doc = documents.get(params.textDocument.uri);
    const fdoc = doc && featureDoc(doc);
    if (!doc || !fdoc) return [];
    return guard('documentLinks', doc.uri, [], () => documentLinks(ctxFor(doc), fdoc).map((l) => ({ range: toRange(doc, l.span), target: l.url })));
  });

  /* ------------------------------ custom requests and commands ------------------------------ */

  connection.onRequest(SearchRequest.method, (params: SearchRequest.Params): SearchRequest.Result => guard('search', '', [], () => {
    const r = index.search(String(params?.query ?? ''), Math.min(Math.max(Number(params?.limit) || 50, 1), 500));
    return r.results.map(({ entry }): PaperSummary => ({
      key: entry.key,
      title: entry.title,
      authors: entry.authors.map((a) => a.family).join(', '),
      year: entry.year,
      venue: entry.venue ?? entry.paper?.custom.venueShort,
      nicknames: entry.paper?.custom.nicknames ?? [],
      source: entry.source.kind === 'bundled' ? 'bundled' : entry.source.uri,
      hasCode: (entry.paper?.custom.code?.length ?? 0) > 0,
    }));
  }));

  connection.onRequest(PaperDetailsRequest.method, (params: PaperDetailsRequest.Params): PaperDetailsRequest.Response => guard('paperDetails', '', null, () => {
    const entry = index.resolve(String(params?.key ?? '')) ?? (index.db.resolveAny(String(params?.key ?? '')) ? index.bundledEntry(index.db.resolveAny(String(params.key))!) : undefined);
    if (!entry) return null;
    const card = renderCard(entry, { hover: { summary: true, code: true, citations: true }, definedIn: definedIn(ctxFor(), entry) });
    const paper = entry.paper;
    return {
      key: entry.key,
      title: entry.title,
      markdown: card.markdown,
      bibtex: entry.source.kind === 'bundled' && paper ? paperToBibtex(paper, entry.key, config.bibFormat) : entryToBibtex(entry, entry.key, config.bibFormat),
      paperUrl: paperUrl(entry),
      code: (paper?.custom.code ?? []).map((c) => ({ url: c.url, official: c.official, framework: c.framework, owner: c.owner })),
      related: (paper?.custom.related ?? []).map((r) => ({ key: r.key, relation: r.relation, title: index.db.byKey(r.key)?.title ?? r.key })),
    };
  }));

  connection.onRequest(VirtualBibRequest.method, (params: VirtualBibRequest.Params): VirtualBibRequest.Result => guard('virtualBib', String(params?.uri), null, () => {
    const key = decodeURIComponent(String(params?.uri ?? '').replace(/^ml-papers:\/?/, '').replace(/\.bib$/, ''));
    const entry = index.resolve(key);
    return entry ? entryToBibtex(entry, key, config.bibFormat) : null;
  }));

  connection.onExecuteCommand(async (params) => {
    const args = params.arguments ?? [];
    switch (params.command) {
      case ServerCommands.bibtexFor: {
        const key = String(args[0] ?? '');
        const format = args[1] === 'biblatex' || args[1] === 'bibtex' ? args[1] : config.bibFormat;
        const entry = index.resolve(key) ?? (index.db.resolveAny(key) ? index.bundledEntry(index.db.resolveAny(key)!) : undefined);
        if (!entry) throw new Error(`Unknown citation key: ${key}`);
        return entry.source.kind === 'bundled' && entry.paper ? paperToBibtex(entry.paper, key, format) : entryToBibtex(entry, key, format);
      }
      case ServerCommands.addMissingEntries: {
        const uri = String(args[0] ?? '');
        if (!workspaceTrusted) throw new Error('This workspace is not trusted: ML Papers does not write to its files. Trust the workspace to add entries.');
        const doc = documents.get(uri);
        if (!doc) throw new Error(`The document ${uri} is not open.`);
        const lang = languageOf(doc.languageId, doc.uri);
        if (!lang || lang === 'bibtex') throw new Error('Add missing entries works on Markdown and LaTeX documents.');
        const keys = scanOf(doc, lang).cites.map((c) => c.key);
        const plan = bibEditFor(doc, keys);
        if (!plan) return { added: [], file: null, sameAs: [] };
        const applied = await connection.workspace.applyEdit({ label: plan.title, edit: plan.edit });
        if (!applied.applied) throw new Error(`The editor did not apply the edit${applied.failureReason ? `: ${applied.failureReason}` : ''}.`);
        return { added: plan.added, file: pathToUri(plan.file), sameAs: plan.sameAs };
      }
      case ServerCommands.workspaceBibliography: {
        const fdocs = (await workspaceDocs()).filter((d) => d.language !== 'bibtex');
        const keys = fdocs.flatMap((d) => scanDocument(d.text, d.language, { customCiteCommands: config.customCiteCommands }).cites.map((c) => c.key));
        const bib = bibliographyFor(keys, (k) => index.resolve(k)?.paper, config.bibFormat);
        return { text: bib.text, keys: bib.written, unknown: bib.unknown };
      }
      default:
        throw new Error(`Unknown command ${params.command}`);
    }
  });

  connection.onShutdown(() => {
    for (const t of pending.values()) clearTimeout(t);
  });

  documents.listen(connection);
}

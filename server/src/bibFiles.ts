/**
 * The bibliography files the index holds, and how they get there: the workspace's `.bib` files,
 * those a document declares, those the settings name, the large paper databases, and `.bib`
 * files open in the editor (whose text wins over the disk). Big files are read and prepared in
 * the index worker (indexing.ts); requests are answered from what is indexed so far.
 */
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import { FileChangeType, type FileEvent } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { WORKER_MIN_BYTES, debounce, loadBibFile, loadDatabase, prepareBibText, type FileStamp, type IndexSink } from './indexing';
import type { JobBegin } from './indexWorkerProtocol';
import { BIB_EXTENSIONS } from './languages';
import { StatusNotification } from './protocol';
import type { DiagnosticsPublisher } from './publishDiagnostics';
import type { Session } from './session';
import { searchWarmUp } from './warmUpSearch';
import { defaultCatalogPath } from './bundled';
import { findFiles, pathToUri, uriToPath } from './workspace';

/** How long a bibliography read for an edit is kept (see `textOf`). */
const KEPT_READ_MS = 30_000;

type Progress = (percent: number, message: string) => void;

export class BibFiles {
  /** Bibliography files read from disk (not open in the editor), with their stamp to skip no-op changes. */
  private readonly onDisk = new Map<string, FileStamp>();
  /** Files that failed to load, for the status bar and diagnostics. */
  readonly failures = new Map<string, string>();
  private indexing = false;
  /** The venue catalog's path while it is enabled (set by indexWorkspace). */
  private catalog: string | undefined;
  private readonly keptReads = new Map<string, { text: string; timer: NodeJS.Timeout }>();
  private readonly warmUp: () => void;

  constructor(private readonly session: Session, private readonly diagnostics: DiagnosticsPublisher) {
    this.warmUp = searchWarmUp(session);
  }

  sendStatus(): void {
    const size = this.session.index.size();
    const params: StatusNotification.Params = {
      bundled: size.bundled,
      bibEntries: size.user,
      bibFiles: size.files,
      fetched: size.online,
      indexing: this.indexing,
      failures: [...this.failures].map(([uri, message]) => ({ uri, message })),
    };
    void this.session.connection.sendNotification(StatusNotification.method, params);
  }

  /** After the index changed: the status bar and every open document's diagnostics follow. */
  changed(): void {
    this.sendStatus();
    this.diagnostics.revalidateAll();
  }

  /** Reads every bibliography of the workspace, the settings and the open documents; drops those that left. */
  async indexWorkspace(): Promise<void> {
    const s = this.session;
    this.indexing = true;
    this.sendStatus();
    const started = Date.now();
    const progress = s.abilities.workDoneProgress ? await s.connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    try {
      const bibs = await this.workspaceBibliographies();
      // The venue catalog, when the settings enable it and the install has it: the index's last tier.
      const catalog = s.config.catalogEnabled ? defaultCatalogPath() : undefined;
      this.catalog = catalog && path.resolve(catalog);
      s.index.setCatalog(this.catalog && pathToUri(this.catalog));
      const databases = this.databaseFiles();
      const total = Math.max(bibs.length + databases.length, 1);
      progress?.begin('ML Papers: indexing bibliographies', 0, `${bibs.length + databases.length} files`, false);
      let done = 0;
      for (const f of bibs) {
        await s.guardAsync('index', f, () => this.loadDiskFile(f));
        done++;
        progress?.report(Math.round((done / total) * 100), path.basename(f));
      }
      // Databases last: they are the biggest, and the user's own files should answer first.
      for (const f of databases) {
        await s.guardAsync('index', f, () => this.loadDiskFile(f, (pct, msg) => progress?.report(pct, `${path.basename(f)}: ${msg}`)));
      }
      const keep = new Set([...bibs, ...databases].map(pathToUri));
      for (const uri of [...this.onDisk.keys()]) if (!keep.has(uri)) this.forget(uri);
      s.log(`Indexed ${bibs.length} bibliography file(s), ${s.index.size().user} entries, in ${Date.now() - started} ms`);
    } finally {
      progress?.done();
      this.indexing = false;
      this.changed();
      this.warmUp();
    }
  }

  /** The `.bib` files under the workspace folders, those the settings name, and those open documents declare. */
  private async workspaceBibliographies(): Promise<string[]> {
    const s = this.session;
    const found = await findFiles(s.roots, BIB_EXTENSIONS);
    const extra = s.config.bibFiles.map((f) => this.resolveSetting(f));
    const declared = s.documents.all().flatMap((d) => {
      const fdoc = s.featureDoc(d);
      return fdoc ? s.declaredBibUris(fdoc).map((u) => uriToPath(u)).filter((p): p is string => !!p) : [];
    });
    return [...new Set([...found, ...extra, ...declared, ...s.project.existingBibliographies()])];
  }

  /** The `mlPapers.databases` files, then the venue catalog when it is enabled (the index's last tier). */
  private databaseFiles(): string[] {
    const files = this.session.config.databases.map((f) => this.resolveSetting(f));
    return this.catalog && !files.includes(this.catalog) ? [...files, this.catalog] : files;
  }

  private resolveSetting(file: string): string {
    return path.isAbsolute(file) ? file : path.resolve(this.session.roots[0] ?? process.cwd(), file);
  }

  /** A file that left the workspace or the settings leaves the index. */
  private forget(uri: string): void {
    this.session.index.removeFile(uri);
    this.onDisk.delete(uri);
  }

  /** Reads one file from disk into the index unless it is open (the editor's text wins) or unchanged. True when the index changed. */
  private async loadDiskFile(file: string, progress?: Progress): Promise<boolean> {
    if (this.session.documents.get(pathToUri(file))) return false;
    return this.databaseFiles().includes(path.resolve(file)) ? this.loadDatabaseFile(file, progress) : this.loadBibliographyFile(file);
  }

  /** A JSON-lines paper database: streamed and prepared in the index worker (or read from its cache). */
  private async loadDatabaseFile(file: string, progress?: Progress): Promise<boolean> {
    const s = this.session;
    const uri = pathToUri(file);
    const db = await loadDatabase(file, this.onDisk.get(uri), s.dbFile, this.sinkFor(uri, 'database'), progress);
    if (db.kind === 'unchanged') return false;
    if (db.kind === 'failed') {
      this.failures.set(uri, db.message);
      s.connection.console.warn(db.message);
      if (!s.documents.get(uri)) this.forget(uri);
      return true;
    }
    this.failures.delete(uri);
    this.onDisk.set(uri, db.stamp);
    s.log(`Indexed database ${path.basename(file)}: ${db.entries} papers${db.fromCache ? ' (from cache)' : ''} in ${Math.round(db.ms)} ms`);
    return true;
  }

  /**
   * A `.bib` or CSL-JSON file. A stat decides first: an unchanged file is not read again. Big files
   * are parsed and prepared in the index worker. A file new to the index may first show its
   * scanned keys (core/bibKeyScan.ts); a changed one keeps its full entries until the new ones are ready.
   */
  private async loadBibliographyFile(file: string): Promise<boolean> {
    const s = this.session;
    const uri = pathToUri(file);
    const read = await loadBibFile(file, s.config.maxBibFileBytes, this.onDisk.get(uri), s.dbFile, this.sinkFor(uri, 'bib'), !s.index.hasFile(uri));
    if (read.kind === 'unchanged' || s.documents.get(uri)) return false;
    if (read.kind === 'failed') {
      this.failures.set(uri, read.message);
      if (this.onDisk.has(uri) || s.index.hasFile(uri)) this.forget(uri);
      this.diagnostics.publishUnreadable(uri, read.message);
      return true;
    }
    this.onDisk.set(uri, read.stamp);
    this.failures.delete(uri);
    if (read.kind === 'loaded') {
      if (read.parsed) s.index.setParsedBib(uri, read.text, read.parsed);
      else s.index.setCslJsonFile(uri, read.text);
    }
    const problems = s.index.fileProblems(uri);
    this.diagnostics.publishFileProblems(uri, problems);
    const errors = problems.filter((p) => p.severity === 'error').length;
    if (errors) this.failures.set(uri, `${errors} error(s) while reading ${path.basename(file)}`);
    return true;
  }

  /**
   * Where the index worker delivers a file: the text and reader problems begin a new version of the
   * file in the index, and each prepared chunk becomes searchable as it arrives. Nothing is taken
   * while the file is open in an editor: the editor's text wins.
   */
  private sinkFor(uri: string, kind: 'bib' | 'database'): IndexSink {
    const s = this.session;
    return this.sinkInto(uri, (b) => {
      this.forgetRead(uri);
      if (s.documents.get(uri)) return -1;
      return s.index.beginFile(uri, 'bib', kind === 'bib' && b.lineStarts ? { length: b.length ?? 0, lineStarts: b.lineStarts } : '', b.problems);
    });
  }

  /** A sink whose chunks go to the version of `uri` that `begin` starts (it returns -1 to drop them all). */
  private sinkInto(uri: string, begin: (b: JobBegin) => number): IndexSink {
    const index = this.session.index;
    let generation = -1;
    return {
      begin: (b) => { generation = begin(b); },
      chunk: (c) => { if (generation >= 0) index.addPrepared(uri, generation, c); },
      range: (r) => { if (generation >= 0) index.addRange(uri, generation, r); },
    };
  }

  /** Makes sure the bibliographies a document names are indexed (they may live outside the workspace). */
  async ensureDeclared(doc: TextDocument): Promise<void> {
    const s = this.session;
    const fdoc = s.featureDoc(doc);
    if (!fdoc) return;
    let changed = false;
    for (const uri of s.declaredBibUris(fdoc)) {
      if (!this.onDisk.has(uri) && !s.documents.get(uri) && !this.failures.has(uri)) {
        changed = (await s.guardAsync('index', uri, () => this.loadDiskFile(uriToPath(uri)!))) || changed;
      }
    }
    if (changed) this.changed();
  }

  /**
   * After the project model changed (a root's bibliography, an inclusion, a project file): the
   * bibliographies now declared are indexed and every open document is checked again.
   */
  async projectChanged(): Promise<void> {
    for (const doc of this.session.documents.all()) await this.ensureDeclared(doc);
    this.diagnostics.revalidateAll();
  }

  /** The files that changed on disk: `.bib` files and any file the index holds or failed to read. */
  async onWatchedFiles(changes: readonly FileEvent[]): Promise<void> {
    const s = this.session;
    let changed = false;
    for (const ev of changes) {
      const file = uriToPath(ev.uri);
      if (!file) continue;
      const tracked = this.onDisk.has(ev.uri) || this.failures.has(ev.uri);
      if (!/\.bib$/i.test(file) && !tracked) continue;
      this.forgetRead(ev.uri);
      if (ev.type === FileChangeType.Deleted) {
        if (!s.documents.get(ev.uri)) s.index.removeFile(ev.uri);
        this.onDisk.delete(ev.uri);
        this.failures.delete(ev.uri);
        this.diagnostics.clear(ev.uri);
        changed = true;
      } else {
        changed = (await s.guardAsync('index', ev.uri, () => this.loadDiskFile(file))) || changed;
      }
    }
    if (changed) this.changed();
  }

  /**
   * A `.bib` opened or edited in the editor: its text replaces the file's in the index (a small one
   * now, and the caller tells the documents; a big one once the worker has prepared it).
   */
  setOpenBib(doc: TextDocument): void {
    const s = this.session;
    const text = doc.getText();
    if (text.length < WORKER_MIN_BYTES || s.index.fileText(doc.uri) === text) {
      s.guard('index', doc.uri, undefined, () => {
        s.index.setBibFile(doc.uri, text);
        this.onDisk.delete(doc.uri);
      });
      return;
    }
    // A big open bib: parsed in the index worker once typing pauses; until then the index answers
    // from the previous version. The version is taken now: `doc` is the one live document object,
    // whose version moves on, and a result for an outdated version is dropped (a newer one follows).
    const version = doc.version;
    const current = () => s.documents.get(doc.uri)?.version === version;
    debounce(doc.uri, 300, () => {
      void s.guardAsync('index', doc.uri, async () => {
        if (!current()) return;
        const prepared = await prepareBibText(text, s.dbFile, this.sinkInto(doc.uri, (b) => (current() ? s.index.beginFile(doc.uri, 'bib', text, b.problems) : -1)));
        if (!prepared && current()) s.index.setBibFile(doc.uri, text);
        if (!current()) return;
        this.onDisk.delete(doc.uri);
        this.changed();
      });
    });
  }

  /** A `.bib` closed in the editor: the editor's text leaves; the file on disk (if any) takes its place. */
  closeBib(uri: string): void {
    this.forget(uri);
    const file = uriToPath(uri);
    if (file) void this.loadDiskFile(file).then(() => this.changed());
  }

  /** True when `uri` could not be read as a bibliography and is not held otherwise: never append to it. */
  unreadable(uri: string): string | undefined {
    const s = this.session;
    return !s.documents.get(uri) && !s.index.hasFile(uri) ? this.failures.get(uri) : undefined;
  }

  /**
   * The text of a bibliography on disk for an edit: the index's copy, or for a big file the index
   * holds as line starts only, one read kept for a while. A quick fix is asked for on every cursor
   * move over a missing key; reading a big file each time would stall the editor.
   */
  textOf(uri: string, file: string): string | undefined {
    const held = this.session.index.fileText(uri);
    if (held !== undefined) return held;
    const kept = this.keptReads.get(uri);
    if (kept) { kept.timer.refresh(); return kept.text; }
    let text: string | undefined;
    try { text = readFileSync(file, 'utf8'); } catch { return undefined; }
    if (this.session.index.hasFile(uri)) {
      const timer = setTimeout(() => this.keptReads.delete(uri), KEPT_READ_MS);
      timer.unref();
      this.keptReads.set(uri, { text, timer });
    }
    return text;
  }

  /** Forgets a kept read of `uri` (the file changed, or the index dropped it). */
  private forgetRead(uri: string): void {
    clearTimeout(this.keptReads.get(uri)?.timer);
    this.keptReads.delete(uri);
  }
}

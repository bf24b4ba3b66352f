/**
 * What every part of the adapter shares: the connection, the open documents, the index, the
 * settings and what the client can do, and the helpers every handler goes through (`withDoc`,
 * `guard`). The parts (bibFiles, publishDiagnostics, the handler files) each take a Session.
 */
import { FileChangeType, type Connection, type FileEvent, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { loadBundledIndex } from './bundled';
import type { CitationIndex } from './core/citationIndex';
import { scanOf } from './core/documentModel';
import type { Doc, FeatureContext } from './core/features/context';
import { defaultConfig, type Config, type ScanResult } from './core/model';
import { clientAbilities, type ClientAbilities } from './convert';
import { recordHandlerTime } from './debugStats';
import { languageOf } from './languages';
import { ProjectModel } from './project';
import { configForDocument, type DocProject } from './core/project';
import { pathToUri, uriToPath } from './workspace';

export class Session {
  readonly index: CitationIndex;
  /** Problems met loading the bundled database, reported once the client is listening. */
  readonly databaseProblems: readonly string[];
  config: Config = defaultConfig;
  /** Workspace folders as paths: where bibliographies are searched and the only place edits may write. */
  roots: string[] = [];
  abilities: ClientAbilities = clientAbilities({});
  /** False when the editor says the workspace is untrusted: then the server only reads, never proposes writes. */
  workspaceTrusted = true;
  /** Which documents are compiled together and which bibliographies apply to each (built at indexing, then kept up to date). */
  readonly project = new ProjectModel();

  constructor(
    readonly connection: Connection,
    readonly documents: TextDocuments<TextDocument>,
    /** Path of the bundled database (the index worker reads it too). */
    readonly dbFile: string,
  ) {
    const { index, problems } = loadBundledIndex(dbFile);
    this.index = index;
    this.databaseProblems = problems;
  }

  log(message: string): void {
    this.connection.console.log(message);
  }

  /** Runs one handler: a failure is logged with the feature and URI and answers `empty`, never taking the server down. */
  guard<T>(feature: string, uri: string, empty: T, fn: () => T): T {
    const start = performance.now();
    try {
      return fn();
    } catch (e) {
      this.logFailure(feature, uri, e);
      return empty;
    } finally {
      recordHandlerTime(feature, performance.now() - start);
    }
  }

  async guardAsync<T>(feature: string, uri: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      this.logFailure(feature, uri, e);
      return undefined;
    }
  }

  private logFailure(feature: string, uri: string, e: unknown): void {
    this.connection.console.error(`[${feature}] ${uri}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  }

  /**
   * The shape of most handlers: the open document `uri` in a language we read, or `empty`; then `fn`
   * under `guard`.
   */
  withDoc<T>(feature: string, uri: string, empty: T, fn: (doc: TextDocument, fdoc: Doc) => T): T {
    const doc = this.documents.get(uri);
    const fdoc = doc && this.featureDoc(doc);
    if (!doc || !fdoc) return empty;
    return this.guard(feature, uri, empty, () => fn(doc, fdoc));
  }

  /** An open document as the core sees it, or undefined for a language we do not read. */
  featureDoc(doc: TextDocument): Doc | undefined {
    const language = languageOf(doc.languageId, doc.uri);
    return language ? { uri: doc.uri, language, text: doc.getText(), version: doc.version } : undefined;
  }

  scanOf(fdoc: Doc): ScanResult {
    return scanOf(fdoc, this.configFor(fdoc));
  }

  /** The keys `fdoc` cites, in order, read with its project's cite macros. */
  citedKeys(fdoc: Doc): string[] {
    return this.scanOf(fdoc).cites.map((c) => c.key);
  }

  /**
   * The settings as they apply to a document: the cite commands its project defines (a chapter
   * uses the `\mycite` of its root's preamble) join `mlPapers.customCiteCommands`.
   */
  configFor(fdoc?: Doc): Config {
    return configForDocument(this.config, fdoc && this.placeOf(fdoc)?.inProject);
  }

  /**
   * A document's file and its place in the project model (kept current by the server's document
   * events); undefined for a document without a file and for a .bib.
   */
  private placeOf(fdoc: Doc): { docPath: string; inProject?: DocProject } | undefined {
    const docPath = uriToPath(fdoc.uri);
    return docPath && fdoc.language !== 'bibtex' ? { docPath, inProject: this.project.of(docPath) } : undefined;
  }

  /** Builds the project model from the workspace's files; open documents' texts win over the disk. */
  async loadProject(): Promise<void> {
    const held = this.documents.all().flatMap((d) => {
      const fdoc = this.featureDoc(d);
      const file = uriToPath(d.uri);
      return fdoc && file && fdoc.language !== 'bibtex' ? [{ file, text: fdoc.text, language: fdoc.language, scan: this.scanOf(fdoc) }] : [];
    });
    await this.project.load(this.roots, held);
  }

  /** Files changed on disk: notes not open, project files, bibliography files. True when the model's answers changed. */
  async projectFilesChanged(changes: readonly FileEvent[]): Promise<boolean> {
    let changed = false;
    const isOpen = (file: string) => !!this.documents.get(pathToUri(file));
    for (const ev of changes) {
      const file = uriToPath(ev.uri);
      if (file) changed = (await this.project.fileChanged(file, ev.type === FileChangeType.Deleted, isOpen)) || changed;
    }
    return changed;
  }

  /**
   * Takes an open document's current text into the project model; true when some document's roots
   * or bibliographies changed. Nothing is read from disk, and an unchanged text costs a comparison.
   */
  syncProject(fdoc: Doc): boolean {
    const docPath = uriToPath(fdoc.uri);
    if (!docPath || fdoc.language === 'bibtex') return false;
    return this.project.setDocument(docPath, fdoc.text, fdoc.language, this.scanOf(fdoc));
  }

  /**
   * The bibliography files that apply to a document, as URIs (read-only use; they may lie outside
   * the workspace): those of its project (a chapter gets its root's), resolved where LaTeX or pandoc
   * look. A document the model does not hold (no file path) gets its own declarations.
   */
  declaredBibUris(fdoc: Doc): string[] {
    const place = this.placeOf(fdoc);
    return place ? this.bibUrisOf(fdoc, place.docPath) : [];
  }

  private bibUrisOf(fdoc: Doc, docPath: string): string[] {
    return this.project.bibliographiesOf(docPath, () => this.scanOf(fdoc).bibliographies).map(pathToUri);
  }

  /** What a core feature gets: the index, the settings, and the bibliographies of the document asking (if any). */
  ctxFor(fdoc?: Doc): FeatureContext {
    const place = fdoc && this.placeOf(fdoc);
    const docBibUris = fdoc && place ? this.bibUrisOf(fdoc, place.docPath) : [];
    const backend = place?.inProject?.backend;
    return { index: this.index, config: configForDocument(this.config, place?.inProject), docBibUris, bibliographyDeclared: docBibUris.length > 0, ...(backend ? { backend } : {}) };
  }

  /** `ctxFor` for an open TextDocument (nothing when it is undefined or in a language we do not read). */
  ctxForOpen(doc: TextDocument | undefined): FeatureContext {
    return this.ctxFor(doc && this.featureDoc(doc));
  }
}

/**
 * The LSP adapter's entry: it creates the shared Session and the parts that hold state (the
 * bibliography files, the diagnostics publisher), registers the handlers, and follows the editor's
 * lifecycle: initialize, settings, watched files, documents opening, changing and closing.
 *
 * The parts, one job each:
 *   session.ts            connection, documents, index, settings, client abilities; withDoc/guard
 *   capabilities.ts       the initialize answer
 *   bibFiles.ts           bibliography files and databases into the index (indexing.ts runs the worker)
 *   project.ts            the project model: roots, inclusions, which bibliographies apply to each document
 *   publishDiagnostics.ts when and what diagnostics are sent
 *   featureHandlers.ts    hover, completion, implementation, definition, code actions, symbols, links
 *   keyHandlers.ts        references and rename across the workspace
 *   bibliographyEdits.ts  the edit that appends BibTeX entries to a bibliography
 *   customRequests.ts     our own requests and commands (protocol.ts)
 *   tableNotesRequests.ts the literature table and paper note requests
 *   convert.ts            core ⇄ LSP conversions
 */
import { DidChangeWatchedFilesNotification, FileChangeType, TextDocuments, type Connection, type InitializeParams } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { BibFiles } from './bibFiles';
import { defaultDatabasePath } from './bundled';
import { initializeResult } from './capabilities';
import { clientAbilities } from './convert';
import { registerCustomRequests } from './customRequests';
import { registerDebugStats } from './debugStats';
import { registerFeatureHandlers } from './featureHandlers';
import { registerKeyHandlers } from './keyHandlers';
import { registerTableNotesRequests } from './tableNotesRequests';
import { registerPaperGraphRequest } from './paperGraphRequest';
import { languageOf } from './languages';
import { DiagnosticsPublisher } from './publishDiagnostics';
import { Session } from './session';
import { changesTheIndex, normalizeSettings } from './settings';
import { uriToPath } from './workspace';

export interface ServerOptions {
  /** Path of the bundled database; defaults to server/data/papers.json beside dist/. */
  databasePath?: string;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const session = new Session(connection, documents, options.databasePath ?? defaultDatabasePath());
  const diagnostics = new DiagnosticsPublisher(session);
  const bibFiles = new BibFiles(session, diagnostics);
  registerDebugStats(connection, () => {
    const { packed, search } = session.index.memoryBytes();
    const mb = (n: number) => Math.round(n / 104857.6) / 10;
    return { ...session.index.size(), packedMB: mb(packed), searchMB: mb(search) };
  });
  followLifecycle(session, bibFiles);
  followDocuments(session, bibFiles, diagnostics);
  registerFeatureHandlers(session, bibFiles);
  registerKeyHandlers(session);
  registerCustomRequests(session, bibFiles);
  registerTableNotesRequests(session);
  registerPaperGraphRequest(session);
  connection.onShutdown(() => diagnostics.dispose());
  documents.listen(connection);
}

/** initialize, the settings (pulled when the client answers configuration requests, pushed otherwise), watched files. */
function followLifecycle(session: Session, bibFiles: BibFiles): void {
  const { connection } = session;
  /** Settings sent with `initialize`: the fallback when the client answers no configuration request. */
  let initialSettings: unknown;

  connection.onInitialize((params) => {
    session.abilities = clientAbilities(params.capabilities);
    session.roots = workspaceRoots(params);
    const init = params.initializationOptions as { settings?: unknown; workspaceTrusted?: unknown } | undefined;
    session.workspaceTrusted = init?.workspaceTrusted !== false;
    initialSettings = init?.settings;
    if (initialSettings) session.config = normalizeSettings(initialSettings);
    for (const p of session.databaseProblems) connection.console.warn(p);
    return initializeResult();
  });

  async function pullSettings(): Promise<void> {
    if (!session.abilities.configuration) return;
    try {
      const raw = await connection.workspace.getConfiguration({ section: 'mlPapers' });
      session.config = normalizeSettings(raw ?? initialSettings);
    } catch (e) {
      connection.console.warn(`Could not read settings: ${(e as Error).message}`);
    }
  }

  connection.onInitialized(async () => {
    if (session.abilities.watchedFilesDynamic) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.bib' }, { globPattern: '**/*.{md,markdown,Rmd,rmd,qmd,tex,ltx,json,yml,yaml}' }] }).catch(() => undefined);
    }
    await pullSettings();
    await session.guardAsync('project', '', () => session.loadProject());
    await bibFiles.indexWorkspace();
  });

  connection.onDidChangeConfiguration(async (change) => {
    const before = session.config;
    if (session.abilities.configuration) await pullSettings();
    else session.config = normalizeSettings((change.settings as { mlPapers?: unknown } | undefined)?.mlPapers ?? change.settings);
    if (changesTheIndex(before, session.config)) await bibFiles.indexWorkspace();
    else if (JSON.stringify(session.config) !== JSON.stringify(before)) bibFiles.changed();
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    await bibFiles.onWatchedFiles(params.changes);
    if (await session.projectFilesChanged(params.changes)) await bibFiles.projectChanged();
  });
}

/**
 * Documents opening, changing and closing. An open .bib's text replaces the file's in the index; a
 * note gets its diagnostics and the bibliographies it declares indexed.
 */
function followDocuments(session: Session, bibFiles: BibFiles, diagnostics: DiagnosticsPublisher): void {
  const { documents } = session;
  // A note's text goes into the project model first: when its inclusions or declarations change
  // what applies to other documents, those are checked again too.
  const syncProject = (doc: TextDocument) => {
    const fdoc = session.featureDoc(doc);
    if (fdoc && session.guard('project', doc.uri, false, () => session.syncProject(fdoc))) void bibFiles.projectChanged();
  };
  documents.onDidOpen((e) => {
    if (isBib(e.document)) { bibFiles.setOpenBib(e.document); bibFiles.changed(); }
    else { syncProject(e.document); void bibFiles.ensureDeclared(e.document); }
    diagnostics.schedule(e.document.uri, 0);
  });
  documents.onDidChangeContent((e) => {
    if (isBib(e.document)) { bibFiles.setOpenBib(e.document); diagnostics.revalidateAll(); }
    else { syncProject(e.document); diagnostics.schedule(e.document.uri); void bibFiles.ensureDeclared(e.document); }
  });
  documents.onDidClose((e) => {
    diagnostics.cancel(e.document.uri);
    if (isBib(e.document)) bibFiles.closeBib(e.document.uri);
    else {
      diagnostics.clear(e.document.uri);
      // The file on disk takes the editor's place in the project model.
      void session.projectFilesChanged([{ uri: e.document.uri, type: FileChangeType.Changed }]).then((c) => { if (c) void bibFiles.projectChanged(); });
    }
  });
}

function isBib(doc: TextDocument): boolean {
  return languageOf(doc.languageId, doc.uri) === 'bibtex';
}

/** The workspace folders as paths (older clients send only rootUri or rootPath). */
function workspaceRoots(params: InitializeParams): string[] {
  const folders = params.workspaceFolders?.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p) ?? [];
  if (folders.length) return folders;
  const fromUri = params.rootUri ? uriToPath(params.rootUri) : undefined;
  return fromUri ? [fromUri] : params.rootPath ? [params.rootPath] : [];
}

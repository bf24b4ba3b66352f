/**
 * VS Code entry: starts the bundled language server over IPC and wires the commands, the status
 * bar and the implementation middleware to it. No citation logic lives here.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { ClientCommands, EDITOR_LANGUAGE_IDS, PaperDetailsRequest, StatusNotification, VirtualBibRequest, keyInLine } from '../../server/src/protocol';
import { registerCommands } from './commands';
import type { ServerAccess } from './serverAccess';
import { cslJsonFiles, isAbsolutePath } from './files';
import { registerGraphView } from './graphView';
import { implementationMiddleware, openedExternally } from './implementation';
import { registerOnlineCommands } from './onlineLookUp';
import { registerPaperView } from './paperView';
import { registerPapersView, type PapersViewApi } from './papersView';
import { serverEnvOverrides } from './serverEnv';
import { createStatusBar, type StatusBar } from './statusBar';
import { registerTableNotesCommands } from './tableNotes';

/** What `activate` returns: other extensions (and our extension-host tests) may use it. */
export interface MlPapersApi {
  readonly client: LanguageClient;
  readonly statusBar: StatusBar;
  /** Fires with every URL the extension opens in the browser (repositories, paper pages). */
  readonly onDidOpenExternal: vscode.Event<string>;
  /** The Papers view's tree (papersView.ts). */
  readonly papersView: PapersViewApi;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<MlPapersApi> {
  const output = vscode.window.createOutputChannel('ML Papers', { log: true });
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverEnv = () => serverEnvOverrides(process.env, process.platform, vscode.workspace.getConfiguration('http').get<string>('proxy'));
  const runOptions = { env: serverEnv() };
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: runOptions },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };

  const bibWatcher = vscode.workspace.createFileSystemWatcher('**/*.bib');
  // The details request is bound late: the middleware is created before the client exists.
  const repoDetails = async (document: vscode.TextDocument, position: vscode.Position) => {
    const key = keyInLine(document.lineAt(position.line).text, position.character);
    if (!key || !client) return undefined;
    const d = await client.sendRequest<PaperDetailsRequest.Response>(PaperDetailsRequest.method, { key });
    return d?.code;
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: EDITOR_LANGUAGE_IDS.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    synchronize: { configurationSection: 'mlPapers', fileEvents: [bibWatcher] },
    outputChannel: output,
    traceOutputChannel: output,
    // The server only reads in untrusted workspaces (see capabilities.untrustedWorkspaces).
    // A function, so a restart after the user grants trust sends the new state.
    initializationOptions: () => ({ workspaceTrusted: vscode.workspace.isTrusted }),
    // The hover of an arXiv id or DOI nothing local knows links to "Look up online": that one command
    // may run from hover Markdown, no other.
    markdown: { isTrusted: { enabledCommands: [ClientCommands.lookUpOnline] } },
    middleware: implementationMiddleware(repoDetails),
  };
  // The id "mlPapers" makes vscode-languageclient honour the `mlPapers.trace.server` setting.
  client = new LanguageClient('mlPapers', 'ML Papers', serverOptions, clientOptions);
  const statusBar = createStatusBar(output);
  const started = client;
  context.subscriptions.push(
    output,
    bibWatcher,
    statusBar,
    openedExternally,
    registerPaperView(
      (key) => started.sendRequest<PaperDetailsRequest.Response>(PaperDetailsRequest.method, { key }),
      (uri) => started.sendRequest<VirtualBibRequest.Result>(VirtualBibRequest.method, { uri } satisfies VirtualBibRequest.Params),
    ),
    started.onNotification(StatusNotification.method, (p: StatusNotification.Params) => statusBar.update(p)),
    watchCslJsonSettings(started),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (started.isRunning()) void started.restart();
    }),
    // The proxy is part of the server's environment: a new one needs a new server process.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('http.proxy')) return;
      runOptions.env = serverEnv();
      if (started.isRunning()) void started.restart();
    }),
  );

  const access: ServerAccess = {
    request: (method, params, token) => started.sendRequest(method, params, token),
    executeCommand: (command, args) => started.sendRequest('workspace/executeCommand', { command, arguments: args }),
    restart: async () => {
      output.appendLine('Restarting the ML Papers server…');
      await started.restart();
    },
    output,
  };
  context.subscriptions.push(...registerCommands(access, context.globalState));
  context.subscriptions.push(...registerOnlineCommands(access, context.globalState));
  const papersView = registerPapersView(access, started, context);
  context.subscriptions.push(...registerTableNotesCommands(access));
  context.subscriptions.push(registerGraphView(access, context.extensionUri));

  try {
    await started.start();
  } catch (e) {
    // The commands stay registered so "Restart server" can be tried after fixing the cause.
    output.appendLine(`The ML Papers server did not start: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { client: started, statusBar, onDidOpenExternal: openedExternally.event, papersView };
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c?.isRunning()) await c.stop();
}

/**
 * Watches the CSL-JSON files named in `mlPapers.bibFiles` and forwards their changes as
 * `workspace/didChangeWatchedFiles`; re-created whenever the setting changes.
 */
function watchCslJsonSettings(c: LanguageClient): vscode.Disposable {
  let watchers: vscode.Disposable[] = [];
  const forward = (type: FileChangeType) => (uri: vscode.Uri) => {
    if (c.isRunning()) void c.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri.toString(), type }] });
  };
  const rebuild = (): void => {
    for (const w of watchers) w.dispose();
    watchers = [];
    const files = cslJsonFiles(vscode.workspace.getConfiguration('mlPapers').get('bibFiles'));
    const folders = vscode.workspace.workspaceFolders ?? [];
    for (const file of files) {
      const patterns = isAbsolutePath(file)
        ? [new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file))]
        : folders.map((f) => new vscode.RelativePattern(f, file.replace(/\\/g, '/')));
      for (const pattern of patterns) {
        const w = vscode.workspace.createFileSystemWatcher(pattern);
        w.onDidCreate(forward(FileChangeType.Created));
        w.onDidChange(forward(FileChangeType.Changed));
        w.onDidDelete(forward(FileChangeType.Deleted));
        watchers.push(w);
      }
    }
  };
  rebuild();
  const configWatch = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('mlPapers.bibFiles')) rebuild();
  });
  return new vscode.Disposable(() => {
    configWatch.dispose();
    for (const w of watchers) w.dispose();
  });
}

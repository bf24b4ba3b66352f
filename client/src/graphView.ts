/**
 * "ML Papers: Show Related-Papers Graph": a webview panel of the papers the active Markdown or
 * LaTeX document (or the workspace) cites, from the server's `mlPapers/paperGraph`. The panel
 * only draws: the graph, its layout and its SVG come from the server's core, so "Export SVG"
 * saves what `ml-papers graph --format svg` writes. The webview script (client/webview/graphWebview.ts)
 * runs under a strict content security policy: nothing but our nonce'd script and our stylesheet.
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PaperDetailsRequest, PaperGraphRequest, type PaperGraph } from '../../server/src/protocol';
import { Commands, insertCitation } from './commands';
import type { ServerAccess } from './serverAccess';
import type { FromGraphWebview, GraphScope, ToGraphWebview } from './graphMessages';
import { openInBrowser } from './implementation';
import { syntaxFor } from './insertion';

export const SHOW_GRAPH_COMMAND = 'mlPapers.showGraph';

/** What the command returns: the open panel, for the extension-host tests and other extensions. */
export interface GraphPanelHandle {
  readonly panel: vscode.WebviewPanel;
  /** The graph last sent to the webview. */
  graph(): PaperGraph | undefined;
  /** Resolves when the webview has drawn the next graph, with the node elements it made. */
  rendered(): Promise<{ nodes: number; suggested: number }>;
  /** What the Cite button does: a citation at the cursor of the last Markdown/LaTeX editor. */
  cite(key: string): Promise<boolean>;
  /** What the Export SVG button does; `target` skips the save dialog. */
  exportSvg(target?: vscode.Uri): Promise<vscode.Uri | undefined>;
  /** Focuses a node and opens its card, as the keyboard does. */
  select(key: string): void;
}

/** Typing pauses shorter than this do not redraw the graph of the document being edited. */
const REFRESH_DEBOUNCE_MS = 600;

const isCitingEditor = (e: vscode.TextEditor | undefined): e is vscode.TextEditor =>
  !!e && e.document.uri.scheme !== 'ml-papers' && syntaxFor(e.document.languageId) !== 'plain';

export function registerGraphView(server: ServerAccess, extensionUri: vscode.Uri): vscode.Disposable {
  let lastEditor = isCitingEditor(vscode.window.activeTextEditor) ? vscode.window.activeTextEditor : undefined;
  let open: GraphPanel | undefined;
  const follow = vscode.window.onDidChangeActiveTextEditor((e) => {
    if (!isCitingEditor(e)) return;
    lastEditor = e;
    open?.documentChanged(e.document);
  });
  const command = vscode.commands.registerCommand(SHOW_GRAPH_COMMAND, async (arg?: unknown, scopeArg?: unknown): Promise<GraphPanelHandle> => {
    const uri = arg instanceof vscode.Uri ? arg : lastEditor?.document.uri;
    const scope: GraphScope = scopeArg === 'workspace' || !uri ? 'workspace' : 'document';
    if (!open || open.disposed) open = new GraphPanel(server, extensionUri, () => lastEditor);
    await open.show(scope, uri);
    return open.handle;
  });
  return vscode.Disposable.from(follow, command, new vscode.Disposable(() => open?.panel.dispose()));
}

class GraphPanel {
  readonly panel: vscode.WebviewPanel;
  disposed = false;
  private scope: GraphScope = 'document';
  private uri: vscode.Uri | undefined;
  private current: PaperGraph | undefined;
  private svg = '';
  private webviewReady: Promise<void>;
  private renderWaiters: Array<(r: { nodes: number; suggested: number }) => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly server: ServerAccess, private readonly extensionUri: vscode.Uri, private readonly lastEditor: () => vscode.TextEditor | undefined) {
    this.panel = vscode.window.createWebviewPanel('mlPapers.graph', 'Related Papers', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    });
    let ready: () => void = () => undefined;
    this.webviewReady = new Promise((r) => (ready = r));
    this.subscriptions.push(
      this.panel.webview.onDidReceiveMessage((m: FromGraphWebview) => { if (m.type === 'ready') ready(); void this.onMessage(m); }),
      vscode.workspace.onDidChangeTextDocument((e) => { if (this.scope === 'document' && e.document.uri.toString() === this.uri?.toString()) this.refreshSoon(); }),
      vscode.workspace.onDidSaveTextDocument(() => { if (this.scope === 'workspace') this.refreshSoon(); }),
    );
    this.panel.onDidDispose(() => {
      this.disposed = true;
      clearTimeout(this.timer);
      for (const s of this.subscriptions) s.dispose();
    });
    this.panel.webview.html = this.html();
  }

  /** The webview's answer to the last graph sent, once it has come. */
  private lastRendered: { nodes: number; suggested: number } | undefined;
  /** Numbers the graph requests: an answer older than the newest request is dropped, and so is its webview's "rendered". */
  private sequence = 0;

  get handle(): GraphPanelHandle {
    return {
      panel: this.panel,
      graph: () => this.current,
      rendered: () => (this.lastRendered ? Promise.resolve(this.lastRendered) : new Promise((resolve) => this.renderWaiters.push(resolve))),
      cite: (key) => this.cite(key),
      exportSvg: (target) => this.exportSvg(target),
      select: (key) => void this.post({ type: 'select', key }),
    };
  }

  async show(scope: GraphScope, uri: vscode.Uri | undefined): Promise<void> {
    this.scope = scope;
    if (uri) this.uri = uri;
    this.panel.reveal(undefined, false);
    await this.refresh();
  }

  /** The active editor moved to another Markdown/LaTeX document: a document graph follows it. */
  documentChanged(doc: vscode.TextDocument): void {
    if (this.disposed || doc.uri.toString() === this.uri?.toString()) return;
    this.uri = doc.uri;
    if (this.scope === 'document') this.refreshSoon();
  }

  private refreshSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), REFRESH_DEBOUNCE_MS);
  }

  private async refresh(): Promise<void> {
    const scope: GraphScope = this.scope === 'document' && this.uri ? 'document' : 'workspace';
    const mine = ++this.sequence;
    this.lastRendered = undefined;
    try {
      const params: PaperGraphRequest.Params = { scope, render: 'svg', ...(scope === 'document' ? { uri: this.uri!.toString() } : {}) };
      const answer = await this.server.request<PaperGraphRequest.Result>(PaperGraphRequest.method, params);
      if (this.disposed || mine !== this.sequence) return;
      this.current = answer.graph;
      this.svg = answer.rendered ?? '';
      this.panel.title = `Related Papers: ${answer.title}`;
      await this.post({ type: 'graph', graph: answer.graph, svg: this.svg, title: answer.title, scope, canCite: !!this.lastEditor(), sequence: mine });
    } catch (e) {
      if (mine !== this.sequence) return;
      this.server.output.appendLine(`paper graph failed: ${e instanceof Error ? e.message : String(e)}`);
      await this.post({ type: 'error', message: `The graph could not be made: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  private async post(message: ToGraphWebview): Promise<void> {
    await this.webviewReady;
    if (!this.disposed) await this.panel.webview.postMessage(message);
  }

  private async onMessage(m: FromGraphWebview): Promise<void> {
    switch (m.type) {
      case 'rendered': {
        if (m.sequence !== this.sequence) return;
        this.lastRendered = { nodes: m.nodes, suggested: m.suggested };
        const waiting = this.renderWaiters;
        this.renderWaiters = [];
        for (const resolve of waiting) resolve(this.lastRendered);
        return;
      }
      case 'details': {
        const details = await this.server.request<PaperDetailsRequest.Response>(PaperDetailsRequest.method, { key: m.key } satisfies PaperDetailsRequest.Params);
        return this.post({ type: 'details', key: m.key, details });
      }
      case 'cite': await this.cite(m.key); return;
      case 'openUrl': if (/^https?:\/\//.test(m.url)) openInBrowser(m.url); return;
      case 'showDetails': await vscode.commands.executeCommand(Commands.showDetails, m.key); return;
      case 'export': await this.exportSvg(); return;
      case 'scope': this.scope = m.scope; await this.refresh(); return;
      case 'refresh': await this.refresh(); return;
      default: return;
    }
  }

  /** Inserts a citation of `key` at the cursor of the last Markdown/LaTeX editor, in its syntax. */
  private async cite(key: string): Promise<boolean> {
    const last = this.lastEditor();
    if (!last || last.document.isClosed) {
      void vscode.window.showInformationMessage(`ML Papers: open a Markdown or LaTeX file to cite ${key}.`);
      return false;
    }
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === last.document)
      ?? await vscode.window.showTextDocument(last.document, { viewColumn: last.viewColumn, preserveFocus: true, selection: last.selection });
    const done = await insertCitation(editor, key);
    if (done) await this.post({ type: 'cited', key, where: path.basename(editor.document.uri.path) });
    return done;
  }

  /** Saves the graph's SVG (the server's, as the CLI writes it) where the user chooses. */
  private async exportSvg(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    if (!this.svg) return undefined;
    const base = this.scope === 'document' && this.uri ? this.uri.path.replace(/\.[^./]*$/, '') : 'related-papers';
    const folder = this.uri ? vscode.Uri.joinPath(this.uri, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
    const suggested = folder ? vscode.Uri.joinPath(folder, `${path.basename(base)}.graph.svg`) : undefined;
    const uri = target ?? await vscode.window.showSaveDialog({ defaultUri: suggested, filters: { 'SVG image': ['svg'] }, title: 'Export the related-papers graph' });
    if (!uri) return undefined;
    await vscode.workspace.fs.writeFile(uri, Buffer.from(this.svg, 'utf8'));
    void vscode.window.setStatusBarMessage(`$(check) Graph saved to ${path.basename(uri.path)}`, 4000);
    return uri;
  }

  /** The page: a toolbar, the drawing and the card; our script (nonce) and stylesheet only. */
  private html(): string {
    const webview = this.panel.webview;
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'graphWebview.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'graph.css'));
    const csp = `default-src 'none'; img-src ${webview.cspSource} data:; style-src ${webview.cspSource}; font-src ${webview.cspSource}; script-src 'nonce-${nonce}';`;
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Related Papers</title>
</head>
<body>
<header role="toolbar" aria-label="Graph">
<button data-scope="document" aria-pressed="true">Document</button>
<button data-scope="workspace" aria-pressed="false">Workspace</button>
<button id="fit" title="Show the whole graph">Fit</button>
<button id="export" title="Save the graph as an SVG file">Export SVG</button>
<button id="refresh">Refresh</button>
<span id="status" role="status">Loading…</span>
</header>
<main id="canvas" aria-label="Related papers: Tab or the arrow keys move between papers, Enter opens a paper's card"></main>
<aside id="card" hidden aria-label="Paper" aria-live="polite"></aside>
<div id="announce" class="visually-hidden" aria-live="polite"></div>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }
}

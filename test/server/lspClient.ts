/**
 * A minimal LSP client for tests: starts `node dist/server.js --stdio` as a child process and
 * speaks JSON-RPC over its stdin/stdout, exactly as Neovim or Emacs would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { pathToFileURL } from 'node:url';
import { StdioMessageReader, StdioMessageWriter } from '../../server/src/stdioTransport';

export interface Diag { range: { start: { line: number; character: number }; end: { line: number; character: number } }; message: string; severity?: number; code?: string | number; data?: unknown }

export class LspTestClient {
  readonly connection: MessageConnection;
  readonly child: ChildProcess;
  readonly diagnostics = new Map<string, Diag[]>();
  readonly notifications: Array<{ method: string; params: unknown }> = [];
  readonly logs: string[] = [];
  readonly appliedEdits: unknown[] = [];
  private diagWaiters: Array<() => void> = [];
  stderr = '';
  settings: Record<string, unknown> = {};
  private versions = new Map<string, number>();

  /**
   * `framing: 'lean'` reads and writes frames with the server's own stdio framing (one write per
   * message, messages handed on as their bytes arrive), as editors with their own JSON-RPC code do;
   * the default is vscode-jsonrpc's, as VS Code-based clients do. The bench times with 'lean' so
   * that its figures are the server's, not the measuring client's.
   */
  /** The bundled venue catalog is off unless `env` names one (ML_PAPERS_CATALOG): most tests want the curated tier alone. */
  constructor(serverJs = path.resolve('dist/server.js'), env: NodeJS.ProcessEnv = {}, options: { framing?: 'library' | 'lean'; args?: string[] } = {}) {
    this.child = spawn(process.execPath, [serverJs, '--stdio', ...(options.args ?? [])], { stdio: ['pipe', 'pipe', 'pipe'], env: { ML_PAPERS_CATALOG: '', ...process.env, ...env } });
    this.child.stderr!.on('data', (d) => (this.stderr += d.toString()));
    this.connection = options.framing === 'lean'
      ? createMessageConnection(new StdioMessageReader(this.child.stdout!), new StdioMessageWriter(this.child.stdin!))
      : createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diag[] }) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      const w = this.diagWaiters; this.diagWaiters = []; w.forEach((f) => f());
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => { this.logs.push(p.message); });
    this.connection.onNotification((method: string, params: unknown) => { this.notifications.push({ method, params }); });
    this.connection.onRequest('workspace/configuration', (p: { items: Array<{ section?: string }> }) => p.items.map(() => this.settings));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('workspace/applyEdit', (p: { edit: unknown }) => { this.appliedEdits.push(p.edit); return { applied: true }; });
    this.connection.listen();
  }

  async initialize(rootPath: string, capabilities: Record<string, unknown> = defaultCapabilities, initializationOptions?: unknown): Promise<any> {
    const rootUri = pathToFileURL(rootPath).toString();
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid, rootUri, capabilities, initializationOptions,
      workspaceFolders: [{ uri: rootUri, name: path.basename(rootPath) }],
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  open(uri: string, languageId: string, text: string): void {
    this.versions.set(uri, 1);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  change(uri: string, text: string): void {
    const v = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, v);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text }] });
  }

  request<T = any>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest(method, params) as Promise<T>;
  }

  /** Resolves once diagnostics for `uri` satisfy `ok` (the server publishes asynchronously). */
  async waitForDiagnostics(uri: string, ok: (d: Diag[]) => boolean = () => true, timeoutMs = 10000): Promise<Diag[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const d = this.diagnostics.get(uri);
      if (d && ok(d)) return d;
      if (Date.now() > deadline) throw new Error(`no matching diagnostics for ${uri}; last: ${JSON.stringify(d)}\nstderr: ${this.stderr}`);
      await new Promise<void>((res) => { this.diagWaiters.push(res); setTimeout(res, 200); });
    }
  }

  /** Resolves once a notification with `method` satisfying `ok` has arrived. */
  async waitForNotification(method: string, ok: (p: any) => boolean = () => true, timeoutMs = 10000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const n = this.notifications.find((x) => x.method === method && ok(x.params));
      if (n) return n.params;
      if (Date.now() > deadline) throw new Error(`no ${method} notification; stderr: ${this.stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async shutdown(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch { /* the process may already be gone */ }
    await new Promise<void>((res) => {
      if (this.child.exitCode !== null) return res();
      const t = setTimeout(() => { this.child.kill('SIGKILL'); res(); }, 2000);
      this.child.once('exit', () => { clearTimeout(t); res(); });
    });
    this.connection.dispose();
  }
}

export const defaultCapabilities = {
  textDocument: {
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: {
      completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] } },
      // What vscode-languageclient 11 advertises: lists may state these once for all their items.
      completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
    },
    synchronization: { didSave: true },
    publishDiagnostics: { relatedInformation: true },
    documentLink: {},
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } },
    rename: { prepareSupport: true },
  },
  workspace: { configuration: true, workspaceFolders: true, applyEdit: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
  window: { workDoneProgress: true },
};

/** Position of the first occurrence of `needle` in `text` (plus `delta` characters), as an LSP position. */
export function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" not in text`);
  const before = text.slice(0, at + delta);
  const lines = before.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

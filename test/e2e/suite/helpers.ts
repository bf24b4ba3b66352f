/**
 * Helpers for the extension-host suite. Every wait polls for a real signal with a deadline;
 * nothing sleeps a fixed time hoping the server is ready.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MlPapersApi } from '../../../client/src/extension';

export const extensionId = 'ml-papers.ml-papers';

/**
 * Calls `probe` every `intervalMs` until `done(result)` holds, and returns that result;
 * fails with the last result after `timeoutMs`.
 */
export async function poll<T>(what: string, probe: () => Thenable<T> | T, done: (r: T) => boolean, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let error: unknown;
  for (;;) {
    try {
      last = await probe();
      error = undefined;
      if (done(last)) return last;
    } catch (e) {
      error = e;
    }
    if (Date.now() > deadline) {
      assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${error ? String(error) : JSON.stringify(last)?.slice(0, 800)}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite runs with test/e2e/workspace (a copy) open');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function open(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** The position `offset` characters into the first occurrence of `needle` (after `after`, if given). */
export function at(doc: vscode.TextDocument, needle: string, offset = 0, after?: string): vscode.Position {
  const text = doc.getText();
  const from = after === undefined ? 0 : text.indexOf(after);
  const i = text.indexOf(needle, from);
  assert.ok(from >= 0 && i >= 0, `${needle} is in ${doc.uri.path}`);
  return doc.positionAt(i + offset);
}

let api: Promise<MlPapersApi> | undefined;

/** Activates the extension (opening a Markdown file does it too) and waits for the server to run. */
export function extension(): Promise<MlPapersApi> {
  api ??= (async () => {
    const ext = vscode.extensions.getExtension<MlPapersApi>(extensionId);
    assert.ok(ext, `${extensionId} is installed or under development`);
    const exports = await ext.activate();
    await poll('the language client to run', () => exports.client.isRunning(), (r) => r, 60_000);
    return exports;
  })();
  return api;
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

export function hovers(doc: vscode.TextDocument, pos: vscode.Position): Thenable<vscode.Hover[]> {
  return vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
}

export async function completionLabels(doc: vscode.TextDocument, pos: vscode.Position): Promise<string[]> {
  return (await completionItems(doc, pos)).map(labelOf);
}

export function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** The items VS Code would show, the first `resolve` of them resolved (documentation filled in). */
export async function completionItems(doc: vscode.TextDocument, pos: vscode.Position, resolve = 0): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos, undefined, resolve);
  return list.items;
}

/** Resolves with the next URL the extension opens in the browser. */
export function nextOpenedUrl(api: MlPapersApi, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no URL opened within ${timeoutMs} ms`));
    }, timeoutMs);
    const sub = api.onDidOpenExternal((url) => {
      clearTimeout(timer);
      sub.dispose();
      resolve(url);
    });
  });
}

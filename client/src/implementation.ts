/**
 * "Go to Implementation" on a cited paper opens its code repository in the browser.
 * The server answers `textDocument/implementation` with https Locations (one per repository);
 * VS Code would try to open those as text documents, so the client middleware takes them,
 * opens one directly or lets the user pick among several, and hands VS Code nothing.
 */
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import { repoRow, uniqueRepos, type RepoInfo } from './present';

/** Fired with every URL the extension opens in the browser (used by the extension-host tests). */
export const openedExternally = new vscode.EventEmitter<string>();

/**
 * Opens `url` in the browser and tells listeners. Not awaited: VS Code may first ask the user
 * whether to trust the domain, and a provider or command must not wait on that dialog.
 */
export function openInBrowser(url: string): void {
  openedExternally.fire(url);
  // A refusal (the user declines the domain, or no browser) is the user's answer, not an error.
  vscode.env.openExternal(vscode.Uri.parse(url, true)).then(undefined, () => false);
}

/**
 * Opens one of `repos`: the only one directly, else the one the user picks (official first).
 * Returns the opened URL, or undefined when there was nothing to open or the user cancelled.
 */
export async function openRepository(repos: readonly RepoInfo[], title: string): Promise<string | undefined> {
  const ordered = uniqueRepos(repos);
  if (ordered.length === 0) return undefined;
  let chosen: RepoInfo | undefined = ordered[0];
  if (ordered.length > 1) {
    const items = ordered.map((r) => ({ ...repoRow(r), repo: r }));
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Open which implementation?', matchOnDescription: true });
    chosen = picked?.repo;
  }
  if (!chosen) return undefined;
  openInBrowser(chosen.url);
  return chosen.url;
}

function isWeb(uri: vscode.Uri): boolean {
  return uri.scheme === 'https' || uri.scheme === 'http';
}

type Target = vscode.Location | vscode.LocationLink;

function targetUri(t: Target): vscode.Uri {
  return 'targetUri' in t ? t.targetUri : t.uri;
}

/** The entries of whatever shape a definition-like result has. */
function targets(result: vscode.Definition | vscode.LocationLink[] | null | undefined): Target[] {
  if (!result) return [];
  return Array.isArray(result) ? result : [result];
}

/**
 * Client middleware for implementation requests. `details` supplies repository metadata
 * (official, framework, owner) for the paper at the position when the server knows it.
 */
export function implementationMiddleware(
  details: (document: vscode.TextDocument, position: vscode.Position) => Promise<RepoInfo[] | undefined>,
): Middleware {
  return {
    async provideImplementation(document, position, token, next) {
      const result = await next(document, position, token);
      const all = targets(result);
      const web = all.map(targetUri).filter(isWeb);
      // Anything that is not a web link (a future server might point into files) goes to VS Code.
      if (web.length === 0 || token.isCancellationRequested) return result;
      let repos: RepoInfo[] = web.map((u) => ({ url: u.toString(true) }));
      if (repos.length > 1) {
        const known = await details(document, position).catch(() => undefined);
        if (known?.length) {
          const byUrl = new Map(known.map((r) => [r.url.replace(/\/$/, ''), r]));
          repos = repos.map((r) => byUrl.get(r.url.replace(/\/$/, '')) ?? r);
        }
      }
      await openRepository(repos, 'ML Papers: implementations');
      // VS Code must not open the https URIs as documents. An empty answer would make it say
      // "No implementation found" next to the cursor while the browser opens, so file locations
      // (none for a paper) are returned, or else the cursor position itself: going there is a no-op.
      const files = all.filter((t) => !isWeb(targetUri(t)));
      return files.length ? (files as vscode.Location[] | vscode.LocationLink[]) : [new vscode.Location(document.uri, position)];
    },
  };
}

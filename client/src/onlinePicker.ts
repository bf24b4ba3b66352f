/**
 * Search papers and Insert citation with the online section: the shared paper picker, plus results
 * from arXiv, Semantic Scholar and Crossref below the local rows (as the user pauses, when online
 * look-up is on; behind one "Search online for …" row that asks first, when it is off). A paper
 * picked from the online rows is looked up (kept in the cache and indexed) before it is cited.
 */
import * as vscode from 'vscode';
import { OnlineSearchRequest } from '../../server/src/protocol';
import { lookUp, withConsent } from './onlineLookUp';
import { onlineItems, openPaperPicker, type OnlineSection, type PaperItem } from './paperPicker';
import type { OnlineRowGroup } from './present';
import type { ServerAccess } from './serverAccess';

export interface PickedPaper {
  key: string;
  /** Fetched from an online service just now: its entry belongs in the document's bibliography. */
  fetched: boolean;
}

function onlineAllowed(): boolean {
  return vscode.workspace.isTrusted && vscode.workspace.getConfiguration('mlPapers').get<boolean>('online.enabled') === true;
}

export async function pickPaperWithOnline(server: ServerAccess, state: vscode.Memento, title: string): Promise<PickedPaper | undefined> {
  const picker = openPaperPicker(server, title, '', onlineSection(server, onlineAllowed()));
  return resolvePick(server, state, await picker.picked);
}

/** The picker's online section: results as the user pauses when `auto` (look-up allowed), else one row that asks. */
export function onlineSection(server: ServerAccess, auto: boolean): OnlineSection {
  return { auto, search: (query, signal) => searchOnline(server, query, signal) };
}

/** What a picked row becomes: its key, after looking the paper up when an online service found it. */
export async function resolvePick(server: ServerAccess, state: vscode.Memento, picked: PaperItem | undefined): Promise<PickedPaper | undefined> {
  let item = picked;
  if (item?.searchOnline) item = await searchOnlineAndPick(server, state, item.searchOnline);
  if (!item) return undefined;
  if (item.online && !item.key) {
    const paper = await lookUp(server, state, item.online.ref);
    return paper && { key: paper.key, fetched: true };
  }
  return item.key ? { key: item.key, fetched: false } : undefined;
}

/** The picker's automatic online section (the setting is on): a quiet request; a refusal shows nothing. */
async function searchOnline(server: ServerAccess, query: string, signal: AbortSignal): Promise<OnlineRowGroup[]> {
  const cancel = new vscode.CancellationTokenSource();
  signal.addEventListener('abort', () => cancel.cancel(), { once: true });
  try {
    const r = await server.request<OnlineSearchRequest.Result>(OnlineSearchRequest.method, { query } satisfies OnlineSearchRequest.Params, cancel.token);
    return r.ok ? r.services : [];
  } finally {
    cancel.dispose();
  }
}

/** "Search online for …" chosen: ask if need be, search, and offer the results in a second picker. */
async function searchOnlineAndPick(server: ServerAccess, state: vscode.Memento, query: string): Promise<PaperItem | undefined> {
  const found = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `ML Papers: searching online for "${query}"…` }, () =>
    withConsent(state, `search for "${query}"`, (once) =>
      server.request<OnlineSearchRequest.Result>(OnlineSearchRequest.method, { query, once } satisfies OnlineSearchRequest.Params)));
  if (!found) return undefined;
  const items = onlineItems(found.services);
  if (!items.some((i) => i.online)) {
    void vscode.window.showInformationMessage(`ML Papers: no service found "${query}".`);
    return undefined;
  }
  // Not filtered by VS Code while nothing is typed: the services' own order is kept.
  return vscode.window.showQuickPick(items, { title: `ML Papers: online results for "${query}"`, matchOnDescription: true, matchOnDetail: true });
}

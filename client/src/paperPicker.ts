/**
 * The paper picker every command shares (Search papers, Insert citation, Copy BibTeX of…): a quick
 * pick fed by `mlPapers/search` as the user types, listing the rows in the server's order.
 */
import * as vscode from 'vscode';
import { SearchRequest, type OnlineSearchResult, type PaperSummary } from '../../server/src/protocol';
import { onlineRow, paperRow, type OnlineRowGroup } from './present';
import { SearchFeed } from './searchFeed';

/** What the picker needs from the language client (ServerAccess in commands.ts has it). */
export interface PickerServer {
  request<R>(method: string, params: unknown, token?: vscode.CancellationToken): Promise<R>;
  output: { appendLine(line: string): void };
}

/**
 * A row: a paper the index knows (`key`), a paper an online service found (`online`; its `key` is the
 * index's key when the index already has it, else empty), or the row that asks to search online.
 */
export type PaperItem = vscode.QuickPickItem & { key: string; online?: OnlineSearchResult; searchOnline?: string };

export interface PaperPicker {
  quickPick: vscode.QuickPick<PaperItem>;
  /** The chosen key, or undefined when the picker was closed without a choice (or chose an online row). */
  chosen: Promise<string | undefined>;
  /** The chosen row, whatever it is. */
  picked: Promise<PaperItem | undefined>;
}

/**
 * The "online results" section below the local rows (Search papers and Insert citation only). With
 * online look-up allowed (`auto`), results of `search` come in as the user pauses; otherwise one row
 * offers to search online, which asks the user first (onlinePicker.ts).
 */
export interface OnlineSection {
  auto: boolean;
  search(query: string, signal: AbortSignal): Promise<OnlineRowGroup[]>;
}

/** Online services are slower, and arXiv asks for one request every 3 s: wait for a longer pause. */
const onlineDebounceMs = 700;
/** Queries shorter than this are not sent online. */
const onlineMinLength = 3;

/** Typing pauses shorter than this do not send a search. */
const searchDebounceMs = 120;
/** Rows per answer: the server's best, as in completion. */
const searchLimit = 50;

/**
 * Shows the picker; `initial` pre-fills the query (the word under the cursor).
 *
 * VS Code filters and re-sorts quick-pick rows by how the typed text matches them; only `sortByLabel`
 * (a proposed API) or the internal `matchOnLabel` could switch that off. So nothing is left for it to
 * match: the label is an icon without text, description and detail are not matched, and every row is
 * `alwaysShow`. Rows then keep the order they are given in, the server's ranking (the e2e suite checks
 * this in code-server).
 */
export function openPaperPicker(server: PickerServer, title: string, initial = '', online?: OnlineSection): PaperPicker {
  const qp = vscode.window.createQuickPick<PaperItem>();
  qp.title = title;
  qp.placeholder = 'Search by key, title words, author, nickname (ResNet) or year';
  qp.matchOnDescription = false;
  qp.matchOnDetail = false;
  qp.value = initial;
  const rows = { local: [] as PaperItem[], online: [] as PaperItem[] };
  const compose = () => { qp.items = [...rows.local, ...rows.online]; };
  const feed = new SearchFeed<PaperSummary>(
    (query, signal) => {
      const cancel = new vscode.CancellationTokenSource();
      signal.addEventListener('abort', () => cancel.cancel(), { once: true });
      const params: SearchRequest.Params = { query, limit: searchLimit };
      return server.request<PaperSummary[] | null>(SearchRequest.method, params, cancel.token)
        .then((found) => found ?? [])
        .finally(() => cancel.dispose());
    },
    {
      show: (found, query) => {
        rows.local = found.map((p) => ({ ...paperRow(p), alwaysShow: true, key: p.key }));
        if (online && !online.auto) rows.online = searchOnlineRow(query);
        compose();
      },
      busy: (busy) => {
        qp.busy = busy;
      },
      failed: (e, query) => server.output.appendLine(`search for "${query}" failed: ${String(e)}`),
    },
    searchDebounceMs,
  );
  const onlineFeed = online?.auto ? onlineResultsFeed(online, server, (items) => { rows.online = items; compose(); }) : undefined;
  const picked = new Promise<PaperItem | undefined>((resolve) => {
    let item: PaperItem | undefined;
    qp.onDidChangeValue((value) => {
      feed.type(value);
      onlineFeed?.type(value.trim().length >= onlineMinLength ? value : '');
    });
    qp.onDidAccept(() => {
      // Enter before any result has arrived keeps the picker open instead of choosing nothing.
      item = qp.selectedItems[0] ?? qp.activeItems[0];
      if (item !== undefined) qp.hide();
    });
    qp.onDidHide(() => {
      feed.dispose();
      onlineFeed?.dispose();
      qp.dispose();
      resolve(item);
    });
  });
  qp.show();
  void feed.now(initial);
  if (initial.trim().length >= onlineMinLength) void onlineFeed?.now(initial);
  return { quickPick: qp, picked, chosen: picked.then((i) => (i && !i.online && !i.searchOnline ? i.key : undefined)) };
}

/** The one row that offers to search online for `query` (asks first), when online look-up is off. */
function searchOnlineRow(query: string): PaperItem[] {
  if (query.trim().length < onlineMinLength) return [];
  return [
    { label: 'online', kind: vscode.QuickPickItemKind.Separator, key: '' },
    { label: '$(globe)', description: `Search online for "${query.trim()}"…`, detail: 'arXiv, Semantic Scholar and Crossref (asks before anything goes online)', alwaysShow: true, key: '', searchOnline: query.trim() },
  ];
}

/** Online results as the user pauses: a section per service, below the local rows. */
function onlineResultsFeed(online: OnlineSection, server: PickerServer, show: (items: PaperItem[]) => void): SearchFeed<OnlineRowGroup> {
  return new SearchFeed<OnlineRowGroup>(
    (query, signal) => (query ? online.search(query, signal) : Promise.resolve([])),
    {
      show: (groups) => show(onlineItems(groups)),
      busy: () => undefined,
      failed: (e, query) => server.output.appendLine(`online search for "${query}" failed: ${String(e)}`),
    },
    onlineDebounceMs,
  );
}

/** Service sections as quick-pick rows: a separator naming the service, then its papers. */
export function onlineItems(groups: readonly OnlineRowGroup[]): PaperItem[] {
  return groups.flatMap((g) => g.results.length === 0 && !g.message ? [] : [
    { label: `${g.name} (online)`, kind: vscode.QuickPickItemKind.Separator, key: '' } as PaperItem,
    ...(g.message ? [{ label: '$(warning)', description: g.message, alwaysShow: true, key: '' } as PaperItem] : []),
    ...g.results.map((r): PaperItem => ({ ...onlineRow(r), alwaysShow: true, key: r.knownKey ?? '', online: r })),
  ]);
}

/** Shows the picker and resolves with the chosen key, or undefined when cancelled. */
export function pickPaper(server: PickerServer, title: string, initial = ''): Promise<string | undefined> {
  return openPaperPicker(server, title, initial).chosen;
}

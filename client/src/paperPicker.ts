/**
 * The paper picker every command shares (Search papers, Insert citation, Copy BibTeX of…): a quick
 * pick fed by `mlPapers/search` as the user types, listing the rows in the server's order.
 */
import * as vscode from 'vscode';
import { SearchRequest, type PaperSummary } from '../../server/src/protocol';
import { paperRow } from './present';
import { SearchFeed } from './searchFeed';

/** What the picker needs from the language client (ServerAccess in commands.ts has it). */
export interface PickerServer {
  request<R>(method: string, params: unknown, token?: vscode.CancellationToken): Promise<R>;
  output: { appendLine(line: string): void };
}

export type PaperItem = vscode.QuickPickItem & { key: string };

export interface PaperPicker {
  quickPick: vscode.QuickPick<PaperItem>;
  /** The chosen key, or undefined when the picker was closed without a choice. */
  chosen: Promise<string | undefined>;
}

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
export function openPaperPicker(server: PickerServer, title: string, initial = ''): PaperPicker {
  const qp = vscode.window.createQuickPick<PaperItem>();
  qp.title = title;
  qp.placeholder = 'Search by key, title words, author, nickname (ResNet) or year';
  qp.matchOnDescription = false;
  qp.matchOnDetail = false;
  qp.value = initial;
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
      show: (found) => {
        qp.items = found.map((p) => ({ ...paperRow(p), alwaysShow: true, key: p.key }));
      },
      busy: (busy) => {
        qp.busy = busy;
      },
      failed: (e, query) => server.output.appendLine(`search for "${query}" failed: ${String(e)}`),
    },
    searchDebounceMs,
  );
  const chosen = new Promise<string | undefined>((resolve) => {
    let key: string | undefined;
    qp.onDidChangeValue((value) => feed.type(value));
    qp.onDidAccept(() => {
      // Enter before any result has arrived keeps the picker open instead of choosing nothing.
      key = qp.selectedItems[0]?.key ?? qp.activeItems[0]?.key;
      if (key !== undefined) qp.hide();
    });
    qp.onDidHide(() => {
      feed.dispose();
      qp.dispose();
      resolve(key);
    });
  });
  qp.show();
  void feed.now(initial);
  return { quickPick: qp, chosen };
}

/** Shows the picker and resolves with the chosen key, or undefined when cancelled. */
export function pickPaper(server: PickerServer, title: string, initial = ''): Promise<string | undefined> {
  return openPaperPicker(server, title, initial).chosen;
}

// The online section of the paper picker in real VS Code, against the local stand-in of the services
// that scripts/e2e.mjs starts (real recorded answers of arXiv, Semantic Scholar and Crossref; the
// server is pointed at it by ML_PAPERS_ONLINE_TEST_ENDPOINTS). Off, the picker offers one row that
// asks first and the server refuses to search; on, a section per service follows the local rows, and
// a paper picked there is looked up and known to the index under its new key.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { onlineSection, resolvePick } from '../../../client/src/onlinePicker';
import { openPaperPicker, type PaperItem } from '../../../client/src/paperPicker';
import type { ServerAccess } from '../../../client/src/serverAccess';
import { OnlineSearchRequest, PaperDetailsRequest } from '../../../server/src/protocol';
import { extension, open, poll } from './helpers';

/** What the extension keeps in its global state (the "Never" answer), for one test. */
function memento(): vscode.Memento {
  const store = new Map<string, unknown>();
  return { keys: () => [...store.keys()], get: (k: string, d?: unknown) => (store.has(k) ? store.get(k) : d), update: async (k: string, v: unknown) => { store.set(k, v); } } as vscode.Memento;
}

async function access(): Promise<ServerAccess> {
  const api = await extension();
  const output = vscode.window.createOutputChannel('ML Papers online test');
  return {
    request: (method, params, token) => api.client.sendRequest(method, params, token),
    executeCommand: (command, args) => api.client.sendRequest('workspace/executeCommand', { command, arguments: args }),
    restart: () => api.client.restart(),
    output,
  };
}

const isSeparator = (i: PaperItem) => i.kind === vscode.QuickPickItemKind.Separator;
const setting = () => vscode.workspace.getConfiguration('mlPapers');

suite('Online look-up in the paper picker', () => {
  suiteSetup(async () => {
    await open('review.md');
    await extension();
  });
  suiteTeardown(async () => {
    await setting().update('online.enabled', undefined, vscode.ConfigurationTarget.Global);
  });

  test('off: one last row offers to search online, and the server refuses to search without asking', async () => {
    const server = await access();
    const refused = await server.request<OnlineSearchRequest.Result>(OnlineSearchRequest.method, { query: 'testing' } satisfies OnlineSearchRequest.Params);
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.reason, 'disabled');
    const picker = openPaperPicker(server, 'ML Papers: Search papers (online test)', '', onlineSection(server, false));
    const qp = picker.quickPick;
    try {
      qp.value = 'testing';
      const items = await poll('the search-online row', () => qp.items, (its) => its.some((i) => i.searchOnline));
      const last = items[items.length - 1];
      assert.equal(last.searchOnline, 'testing');
      assert.match(String(last.description), /Search online for "testing"/);
      assert.ok(items.slice(0, -2).every((i) => !isSeparator(i) && !i.online), 'local rows first');
    } finally {
      qp.hide();
    }
  });

  test('on: a section per service below the local rows, and a picked paper is looked up and indexed', async () => {
    const server = await access();
    await setting().update('online.enabled', true, vscode.ConfigurationTarget.Global);
    await poll('the server to take the setting', () => server.request<OnlineSearchRequest.Result>(OnlineSearchRequest.method, { query: 'testing' }), (r) => r.ok);
    const picker = openPaperPicker(server, 'ML Papers: Search papers (online test)', '', onlineSection(server, true));
    const qp = picker.quickPick;
    let items: readonly PaperItem[];
    try {
      qp.value = 'testing';
      items = await poll('the online sections', () => qp.items, (its) => its.some((i) => i.online), 30_000);
    } finally {
      qp.hide();
    }
    const firstSection = items.findIndex(isSeparator);
    assert.ok(firstSection >= 0);
    assert.ok(items.slice(0, firstSection).every((i) => !i.online && i.key !== ''), 'local rows come first');
    const sections = items.filter(isSeparator).map((i) => i.label);
    assert.equal(sections[0], 'arXiv (online)', sections.join(', '));
    const row = items.find((i) => i.online && !i.key && i.online.arxiv)!;
    assert.ok(row, 'an arXiv result the index does not have yet');
    const picked = await resolvePick(server, memento(), row);
    assert.ok(picked?.fetched, 'looked up');
    const details = await server.request<PaperDetailsRequest.Response>(PaperDetailsRequest.method, { key: picked!.key } satisfies PaperDetailsRequest.Params);
    assert.equal(details?.title, row.online!.title);
    assert.match(details!.markdown, /From arXiv, fetched \d{4}-\d{2}-\d{2}/);
  });
});

// The online look-up over real stdio, against the local mock (test/onlineMock.ts): the hover's offer
// and background fetch, the requests (look-up, search, cache), the quick fix on an unknown key that is
// an arXiv id, citing a fetched paper through the bibliography edit, and the gates (setting off,
// "just this once", untrusted workspace).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient, positionOf } from './lspClient';
import { MOCK, OnlineMock } from '../onlineMock';

const mock = new OnlineMock();
let dir: string;
let ws: string;
let env: NodeJS.ProcessEnv;
let client: LspTestClient;
const uri = (f: string) => pathToFileURL(f).toString();

async function hoverText(docUri: string, text: string, needle: string): Promise<string> {
  const h = await client.request('textDocument/hover', { textDocument: { uri: docUri }, position: positionOf(text, needle, 2) });
  return h?.contents?.value ?? '';
}

async function setOnline(enabled: boolean): Promise<void> {
  client.settings = { online: { enabled } };
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { mlPapers: client.settings } });
  // Settings are pulled asynchronously: wait until the gate shows the new value (refreshing no key asks nothing).
  for (let i = 0; i < 100; i++) {
    const r = await client.request('mlPapers/onlineCache', { action: 'refresh', keys: ['no-such-key'] });
    if (enabled === (r.ok === true)) return;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error('the server did not take the setting');
}

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mlp-online-lsp-'));
  ws = path.join(dir, 'ws');
  mkdirSync(ws);
  env = { ML_PAPERS_ONLINE_TEST_ENDPOINTS: await mock.start(), ML_PAPERS_ONLINE_TEST_ARXIV_INTERVAL_MS: '0', ML_PAPERS_CACHE_DIR: path.join(dir, 'cache') };
  client = new LspTestClient(undefined, env);
  client.settings = {};
  await client.initialize(ws);
  await client.waitForNotification('mlPapers/status', (p) => p.indexing === false);
});

after(async () => {
  await client?.shutdown();
  await mock.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('off by default: the hover on an unknown arXiv id offers "Look up online" and asks nothing', async () => {
  const text = `New today: arXiv:${MOCK.arxivId}.\n`;
  const docUri = uri(path.join(ws, 'today.md'));
  client.open(docUri, 'markdown', text);
  const md = await hoverText(docUri, text, MOCK.arxivId);
  const link = /\[Look up online\]\(command:mlPapers\.lookUpOnline\?([^)]+)\) \(arXiv, Semantic Scholar\)/.exec(md);
  assert.ok(link, md);
  assert.deepEqual(JSON.parse(decodeURIComponent(link[1])), [{ ref: MOCK.arxivId, uri: docUri }]);
  const r = await client.request('mlPapers/onlineLookUp', { ref: MOCK.arxivId });
  assert.equal(r.ok, false);
  assert.equal(r.reason, 'disabled');
  assert.deepEqual(r.services, [{ id: 'arxiv', name: 'arXiv', host: 'export.arxiv.org' }, { id: 'semanticscholar', name: 'Semantic Scholar', host: 'api.semanticscholar.org' }]);
  const s = await client.request('mlPapers/onlineSearch', { query: 'testing' });
  assert.equal(s.reason, 'disabled');
  assert.equal(mock.seen.length, 0);
});

test('"just this once" fetches; the paper is then a first-class entry: hover, completion, BibTeX', async () => {
  const r = await client.request('mlPapers/onlineLookUp', { ref: `https://arxiv.org/abs/${MOCK.arxivId}v1`, once: true });
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.equal(r.source, 'fetched');
  assert.equal(r.paper.key, MOCK.arxivKey);
  assert.equal(r.paper.service, 'arxiv');
  assert.equal(r.paper.source, 'online');
  assert.match(r.paper.markdown, /From arXiv, fetched \d{4}-\d{2}-\d{2}/);
  assert.equal(mock.requestsTo('export.arxiv.org').length, 1);
  // Asked again: from the cache, no request.
  const again = await client.request('mlPapers/onlineLookUp', { ref: MOCK.arxivId });
  assert.equal(again.source, 'cache');
  assert.equal(mock.requestsTo('export.arxiv.org').length, 1);
  const text = `Heat [@${MOCK.arxivKey}] and arXiv:${MOCK.arxivId}; more [@stanley`;
  const docUri = uri(path.join(ws, 'cited.md'));
  client.open(docUri, 'markdown', text);
  assert.match(await hoverText(docUri, text, MOCK.arxivKey), /\*\*Heat-bath random walks with Markov bases\*\*[\s\S]*From arXiv, fetched/);
  const bare = await hoverText(docUri, text, `arXiv:${MOCK.arxivId}`);
  assert.match(bare, /Heat-bath random walks/);
  assert.match(bare, new RegExp(`Cite as \`${MOCK.arxivKey}\``));
  const c = await client.request('textDocument/completion', { textDocument: { uri: docUri }, position: { line: 0, character: text.length } });
  assert.ok((c.items ?? c).some((i: { label: string }) => i.label === MOCK.arxivKey));
  const bib = await client.request('workspace/executeCommand', { command: 'mlPapers.server.bibtexFor', arguments: [MOCK.arxivKey] });
  assert.match(bib, /^@misc\{stanley2016heat,\n[\s\S]*eprint = \{1605\.08386\}/);
  // No file of its own: symbols and definitions open the read-only ml-papers:/<key>.bib.
  const symbols = await client.request('workspace/symbol', { query: 'heat bath markov' });
  const sym = symbols.find((x: { name: string }) => x.name === MOCK.arxivKey);
  assert.equal(sym?.location.uri, `ml-papers:/${MOCK.arxivKey}.bib`);
  assert.equal(sym?.containerName, 'fetched from arXiv');
  assert.match(await client.request('mlPapers/virtualBib', { uri: sym.location.uri }), /^@misc\{stanley2016heat,/);
  const cached = readFileSync(path.join(dir, 'cache', 'online', 'records.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(cached.map((x) => [x.service, x.item.id]), [['arxiv', MOCK.arxivKey]]);
});

test('enabled: hovering an unknown DOI fetches it in the background; the next hover shows the card', async () => {
  await setOnline(true);
  const text = `Water: doi:${MOCK.doi}\n`;
  const docUri = uri(path.join(ws, 'water.md'));
  client.open(docUri, 'markdown', text);
  const started = Date.now();
  const first = await hoverText(docUri, text, MOCK.doi);
  assert.ok(Date.now() - started < 1000);
  assert.match(first, /Looking it up online \(doi\.org, Crossref, Semantic Scholar\)/);
  await client.waitForNotification('mlPapers/onlineFetched', (p) => p.key === MOCK.doiKey);
  const second = await hoverText(docUri, text, MOCK.doi);
  assert.match(second, /\*\*The Structure of Ordinary Water\*\*[\s\S]*Frank[\s\S]*From doi\.org, fetched/);
  assert.doesNotMatch(second, /Look(ing)? up online/i);
});

test('the quick fix on an unknown key that is an arXiv id, then citing the fetched paper through the bibliography edit', async () => {
  const tex = path.join(ws, 'paper.tex');
  const text = `\\bibliography{refs}\nWalks \\cite{${MOCK.arxivId}}.\n`;
  writeFileSync(tex, text);
  writeFileSync(path.join(ws, 'refs.bib'), '@misc{own2020, title = {Own}, author = {Own, A.}, year = {2020}}\n');
  const docUri = uri(tex);
  client.open(docUri, 'latex', text);
  const diags = await client.waitForDiagnostics(docUri, (d) => d.some((x) => x.code === 'unknown-key'));
  const unknown = diags.find((x) => x.code === 'unknown-key')!;
  const actions = await client.request('textDocument/codeAction', { textDocument: { uri: docUri }, range: unknown.range, context: { diagnostics: [unknown] } });
  const fix = actions.find((a: { title: string }) => a.title === `Look up ${MOCK.arxivId} online`);
  assert.ok(fix, JSON.stringify(actions));
  assert.equal(fix.command.command, 'mlPapers.lookUpOnline');
  assert.deepEqual(fix.command.arguments, [{ ref: MOCK.arxivId, uri: docUri, range: unknown.range }]);
  // What the client's command does next: look up, then cite.
  const r = await client.request('mlPapers/onlineLookUp', { ref: MOCK.arxivId });
  assert.equal(r.ok, true);
  const before = client.appliedEdits.length;
  const cited = await client.request('workspace/executeCommand', { command: 'mlPapers.server.citeFetched', arguments: [docUri, r.paper.key, unknown.range] });
  assert.deepEqual(cited, { key: MOCK.arxivKey, added: [MOCK.arxivKey], file: uri(path.join(ws, 'refs.bib')) });
  const [replace, append] = client.appliedEdits.slice(before) as any[];
  assert.deepEqual(replace.changes[docUri], [{ range: unknown.range, newText: MOCK.arxivKey }]);
  const inserted = append.documentChanges.at(-1).edits[0].newText as string;
  assert.match(inserted, /^\n?@misc\{stanley2016heat,\n  author = \{Stanley, Caprice and Windisch, Tobias\},\n  title = \{Heat-bath random walks with \{Markov\} bases\},/);
  // Once the editor holds the entry, citing it again adds nothing: no duplicates.
  const bibUri = uri(path.join(ws, 'refs.bib'));
  client.open(bibUri, 'bibtex', readFileSync(path.join(ws, 'refs.bib'), 'utf8') + inserted);
  await client.waitForDiagnostics(bibUri);
  const twice = await client.request('workspace/executeCommand', { command: 'mlPapers.server.addMissingEntries', arguments: [docUri, [MOCK.arxivKey]] });
  assert.deepEqual(twice.added, []);
});

test('search: each service\'s results; picking one stores it without a second request', async () => {
  const s = await client.request('mlPapers/onlineSearch', { query: 'testing' });
  assert.equal(s.ok, true, JSON.stringify(s));
  assert.deepEqual(s.services.map((x: { service: string; ok: boolean }) => [x.service, x.ok]), [['arxiv', true], ['semanticscholar', true], ['crossref', true]]);
  const arxiv = s.services[0].results;
  assert.equal(arxiv.length, 10);
  assert.equal(arxiv[0].title, 'Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques');
  const seen = mock.seen.length;
  const picked = await client.request('mlPapers/onlineLookUp', { ref: arxiv[0].ref });
  assert.equal(picked.ok, true, JSON.stringify(picked));
  assert.equal(picked.source, 'fetched');
  assert.equal(mock.seen.length, seen);
  assert.equal(picked.paper.title, arxiv[0].title);
});

test('the cache: list, refresh (a request), forget (none)', async () => {
  const list = await client.request('mlPapers/onlineCache', { action: 'list' });
  assert.ok(list.papers.some((p: { key: string }) => p.key === MOCK.doiKey));
  const n = mock.seen.length;
  const refreshed = await client.request('mlPapers/onlineCache', { action: 'refresh', keys: [MOCK.arxivKey] });
  assert.deepEqual([refreshed.refreshed, refreshed.failed], [[MOCK.arxivKey], []]);
  assert.equal(mock.seen.length, n + 1);
  const forgotten = await client.request('mlPapers/onlineCache', { action: 'forget', keys: [MOCK.doiKey] });
  assert.deepEqual(forgotten.forgotten, [MOCK.doiKey]);
  assert.equal(mock.seen.length, n + 1);
  const text = `Water: doi:${MOCK.doi}\n`;
  await setOnline(false);
  assert.match(await hoverText(uri(path.join(ws, 'water.md')), text, MOCK.doi), /\[Look up online\]/);
});

test('failures answer with a reason and a message, never an error', async () => {
  const bad = await client.request('mlPapers/onlineLookUp', { ref: MOCK.offListDoi, once: true });
  assert.equal(bad.reason, 'failed');
  assert.match(bad.message, /Refused a redirect from doi\.org to https:\/\/evil\.example\.com\/steal/);
  const none = await client.request('mlPapers/onlineLookUp', { ref: MOCK.unknownArxivId, once: true });
  assert.equal(none.reason, 'not-found');
  const empty = await client.request('mlPapers/onlineLookUp', { ref: '  ' });
  assert.equal(empty.reason, 'invalid');
});

test('an untrusted workspace: no offer, no look-up, even when enabled and asked "once"', async () => {
  const other = new LspTestClient(undefined, env);
  other.settings = { online: { enabled: true } };
  try {
    await other.initialize(ws, undefined, { workspaceTrusted: false, settings: other.settings });
    const n = mock.seen.length;
    const r = await other.request('mlPapers/onlineLookUp', { ref: '2101.00042', once: true });
    assert.equal(r.reason, 'untrusted');
    const text = 'See arXiv:2101.00042.\n';
    const docUri = uri(path.join(ws, 'untrusted.md'));
    other.open(docUri, 'markdown', text);
    const h = await other.request('textDocument/hover', { textDocument: { uri: docUri }, position: positionOf(text, '2101.00042', 2) });
    assert.doesNotMatch(h.contents.value, /Look up online|Looking it up/);
    assert.equal(mock.seen.length, n);
  } finally {
    await other.shutdown();
  }
});

// Indexing at scale, over real stdio: big bibs parsed off the request path, JSON-lines paper
// databases, and re-indexing only what changed (observed through mlPapers/debugStats).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync, rmSync, readdirSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from './lspClient';

const ENTRIES = 20_000;

/** A generated bib of `n` entries (~6 MB at 20k, so the server hands it to the index worker). */
function bigBib(n: number): string {
  const parts: string[] = ['@string{jmlr = "Journal of Machine Learning Research"}\n'];
  for (let i = 0; i < n; i++) {
    parts.push(`@article{gen${i}key,\n  title = {Generated {Study} number ${i} of scalable indexing for literature reviews},\n  author = {M{\\"u}ller, Anna and Smith, John and Garc{\\'i}a, Lu},\n  journal = jmlr,\n  year = ${2000 + (i % 25)},\n  abstract = {${'Long abstract text that makes the entry realistic. '.repeat(3)}}\n}\n\n`);
  }
  return parts.join('');
}

const note = 'Cited: [@he2016deep].\n';

interface Stats { fileReads: number; unchanged: number; workerJobs: number; cacheHits: number; index: { user: number; files: number; preparing?: number }; last: Record<string, { viaWorker: boolean; entries: number; fromCache?: boolean }> }

async function statsWhen(client: LspTestClient, ok: (s: Stats) => boolean, timeoutMs = 60_000): Promise<Stats> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await client.request<Stats>('mlPapers/debugStats', {});
    if (ok(s)) return s;
    if (Date.now() > deadline) throw new Error(`debugStats never matched; last: ${JSON.stringify(s)}\nstderr: ${client.stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const progressKinds: string[] = [];
let dir: string;
let bigFile: string;
let client: LspTestClient;
let mdUri: string;
/** The hover's answer, and whether the end of indexing had been announced when it arrived. */
const seen: { hoverText?: string; indexedBeforeHover?: boolean } = {};
const indexedStatus = (n: { method: string; params: unknown }) => {
  const p = n.params as { indexing?: boolean; bibEntries?: number };
  return n.method === 'mlPapers/status' && p.indexing === false && (p.bibEntries ?? 0) >= ENTRIES;
};

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mlp-indexing-'));
  bigFile = path.join(dir, 'big.bib');
  writeFileSync(bigFile, bigBib(ENTRIES));
  writeFileSync(path.join(dir, 'small.bib'), '@misc{small2020one, title = {One Small Entry}, year = 2020}\n');
  writeFileSync(path.join(dir, 'notes.md'), note);
  mdUri = pathToFileURL(path.join(dir, 'notes.md')).toString();
  client = new LspTestClient();
  // vscode-jsonrpc routes $/progress by token, not to generic notification handlers.
  client.connection.onUnhandledProgress((p: { value: { kind?: string } }) => progressKinds.push(p.value?.kind ?? ''));
  await client.initialize(dir);
  client.open(mdUri, 'markdown', note);
  // Sent while the 20k-entry bib is being read: it must not wait for indexing to finish.
  const h = await client.request('textDocument/hover', { textDocument: { uri: mdUri }, position: { line: 0, character: 12 } });
  // Messages arrive in the order the server sent them: a status sent before the answer is already here.
  seen.indexedBeforeHover = client.notifications.some(indexedStatus);
  seen.hoverText = h?.contents?.value ?? '';
  await statsWhen(client, (s) => s.index.user >= ENTRIES + 1);
  await client.waitForNotification('mlPapers/status', (p) => p.indexing === false && p.bibEntries >= ENTRIES);
});

after(async () => {
  await client.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

test('a hover sent while a 20k-entry bib is indexed is answered before indexing ends', () => {
  assert.match(seen.hoverText ?? '', /Deep Residual Learning/);
  assert.equal(seen.indexedBeforeHover, false);
  assert.ok(client.notifications.some(indexedStatus));
});

test('once the 20k-entry workspace is indexed, the server warms up its completion path on its own, without counting it as requests', async () => {
  const deadline = Date.now() + 60_000;
  let line: string | undefined;
  while (!(line = client.logs.find((l) => l.startsWith('Warmed up the search'))) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const m = /with (\d+) queries: (\d+) ms of work/.exec(line ?? '');
  assert.ok(m, `no warm-up in the log:\n${client.logs.join('\n')}`);
  assert.ok(Number(m[1]) >= 100, line);
  assert.ok(!client.logs.some((l) => l.includes('[warm-up]')), 'no warm-up query failed');
  // Completion statistics (debugStats, the bench's in-server figures) hold only the editor's requests.
  const s = await client.request<{ handlerMs: Record<string, number[]> }>('mlPapers/debugStats', {});
  assert.equal(s.handlerMs.completion, undefined);
  // And real completions are answered as before.
  const text = 'See [@gen1234';
  client.change(mdUri, text);
  const r = await client.request<{ items: Array<{ label: string }> }>('textDocument/completion', { textDocument: { uri: mdUri }, position: { line: 0, character: text.length } });
  assert.equal(r.items[0]?.label, 'gen1234key');
  client.change(mdUri, note);
});

test('the big bib is parsed in the index worker, the small one on the server thread, with progress reported', async () => {
  const s = await client.request<Stats>('mlPapers/debugStats', {});
  assert.equal(s.last[bigFile]?.viaWorker, true);
  assert.equal(s.last[bigFile]?.entries, ENTRIES);
  assert.equal(s.last[path.join(dir, 'small.bib')]?.viaWorker, false);
  assert.ok(s.workerJobs >= 1);
  assert.equal(progressKinds[0], 'begin');
  assert.ok(progressKinds.includes('report'), progressKinds.join(','));
  assert.ok(progressKinds.includes('end'), progressKinds.join(','));
});

test('entries of the big bib are searchable once indexed, macros resolved', async () => {
  const hits = await client.request<Array<{ key: string; venue?: string }>>('mlPapers/search', { query: 'gen12345key' });
  assert.equal(hits[0]?.key, 'gen12345key');
  assert.equal(hits[0]?.venue, 'Journal of Machine Learning Research');
});

test('a no-op change notification re-reads nothing; a real change re-reads only that file', async () => {
  const before = await client.request<Stats>('mlPapers/debugStats', {});
  const bigUri = pathToFileURL(bigFile).toString();
  const smallUri = pathToFileURL(path.join(dir, 'small.bib')).toString();
  void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: bigUri, type: 2 }, { uri: smallUri, type: 2 }] });
  const noop = await statsWhen(client, (s) => s.unchanged >= before.unchanged + 2);
  assert.equal(noop.fileReads, before.fileReads);

  writeFileSync(path.join(dir, 'small.bib'), '@misc{small2020one, title = {One Small Entry}, year = 2020}\n@misc{small2021two, title = {Two}}\n');
  void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: bigUri, type: 2 }, { uri: smallUri, type: 2 }] });
  // Wait for the re-read file to be indexed too: the read is counted before its entries land.
  const changed = await statsWhen(client, (s) => s.fileReads > noop.fileReads && s.unchanged > noop.unchanged && s.index.user === ENTRIES + 2);
  assert.equal(changed.fileReads, noop.fileReads + 1);
  assert.equal(changed.index.user, ENTRIES + 2);
});

test('editing a big bib in the editor re-indexes it through the worker once typing pauses', async () => {
  const before = await client.request<Stats>('mlPapers/debugStats', {});
  const uri = pathToFileURL(bigFile).toString();
  const base = bigBib(ENTRIES);
  client.open(uri, 'bibtex', base);
  // Two quick edits: only the last version is indexed.
  client.change(uri, `${base}@misc{typed2024half, title = {Half}}\n`);
  client.change(uri, `${base}@misc{typed2024whole, title = {Typed While Indexed}}\n`);
  const after = await statsWhen(client, (s) => s.index.user === ENTRIES + 3);
  const hits = await client.request<Array<{ key: string }>>('mlPapers/search', { query: 'typed2024' });
  assert.deepEqual(hits.map((h) => h.key), ['typed2024whole']);
  assert.ok(after.workerJobs > before.workerJobs);
});

test('a JSON-lines paper database is indexed from the setting, searchable by title words and arXiv id, and cached for the next start; a cut-short cache is read as a miss', async () => {
  const dbDir = mkdtempSync(path.join(tmpdir(), 'mlp-db-'));
  const cacheDir = path.join(dbDir, 'cache');
  const db = path.join(dbDir, 'arxiv.jsonl');
  writeFileSync(db, [
    JSON.stringify({ id: '1901.00001', title: 'Quantum Widgets for Entangled Gradients', authors: 'Jane Doe, R. Roe and Q. Public', categories: 'cs.LG quant-ph', doi: null, update_date: '2019-01-15', abstract: 'We study widgets.' }),
    '{"this line is": broken',
    JSON.stringify({ id: 'cs/0112017', title: 'An Old-Style Identifier', authors: 'A. Ancient', categories: 'cs.AI', update_date: '2001-12-01' }),
    '',
  ].join('\n'));
  // Caches an earlier version wrote: this database's goes once a new one is written, another file's stays.
  mkdirSync(cacheDir, { recursive: true });
  const hashOf = (f: string) => createHash('sha1').update(path.resolve(f)).digest('hex').slice(0, 20);
  writeFileSync(path.join(cacheDir, `${hashOf(db)}.v1.idx`), 'stale');
  const othersCache = path.join(cacheDir, `${hashOf(path.join(dbDir, 'other.jsonl'))}.v1.idx`);
  writeFileSync(othersCache, 'stale');
  const settings = { databases: [db] };
  for (const run of ['first', 'second', 'after a crash']) {
    if (run === 'after a crash') {
      // A cache cut short (as by a crash or a full disk while it was written) has no end record.
      const cache = path.join(cacheDir, readdirSync(cacheDir).find((f) => f.startsWith(hashOf(db)))!);
      truncateSync(cache, Math.floor(statSync(cache).size * 0.6));
    }
    const c = new LspTestClient(undefined, { ML_PAPERS_CACHE_DIR: cacheDir });
    c.settings = settings;
    try {
      await c.initialize(dbDir, undefined, { settings });
      const s = await statsWhen(c, (x) => x.last[db] !== undefined);
      assert.equal(s.last[db].entries, 2);
      assert.equal(s.last[db].fromCache, run === 'second');
      const byTitle = await c.request<Array<{ key: string; title: string }>>('mlPapers/search', { query: 'quantum widgets' });
      assert.equal(byTitle[0]?.key, 'doe2019quantum');
      const byId = await c.request<Array<{ key: string }>>('mlPapers/search', { query: '1901.00001' });
      assert.equal(byId[0]?.key, 'doe2019quantum');
      const old = await c.request<Array<{ key: string }>>('mlPapers/search', { query: 'ancient2001' });
      assert.equal(old[0]?.key, 'ancient2001old');
    } finally {
      await c.shutdown();
    }
  }
  assert.deepEqual(readdirSync(cacheDir).filter((f) => f.endsWith('.idx')).sort(), [path.basename(othersCache), readdirSync(cacheDir).find((f) => f.startsWith(hashOf(db)))!].sort());
  assert.ok(!existsSync(path.join(cacheDir, `${hashOf(db)}.v1.idx`)), 'the earlier version\'s cache of this database is gone');
  rmSync(dbDir, { recursive: true, force: true });
});

test('adding a missing entry to a big bib held without its text appends at its end, from one read kept for the next quick fixes', async () => {
  const uri = pathToFileURL(path.join(dir, 'big-note.md')).toString();
  const text = '---\nbibliography: big.bib\n---\nResidual learning [@he2016deep].\n';
  const c = new LspTestClient();
  try {
    await c.initialize(dir);
    await statsWhen(c, (s) => s.index.user >= ENTRIES + 1 && !s.index.preparing);
    c.open(uri, 'markdown', text);
    const result = await c.request<{ added: string[] }>('workspace/executeCommand', { command: 'mlPapers.server.addMissingEntries', arguments: [uri] });
    assert.deepEqual(result.added, ['he2016deep']);
    const edit = c.appliedEdits.at(-1) as { documentChanges: Array<{ textDocument?: { uri: string }; edits: Array<{ range: { start: unknown }; newText: string }> }> };
    const change = edit.documentChanges.find((d) => d.textDocument?.uri === pathToFileURL(bigFile).toString())!;
    const lines = bigBib(ENTRIES).split('\n');
    assert.deepEqual(change.edits[0].range.start, { line: lines.length - 1, character: 0 });
    assert.match(change.edits[0].newText, /@inproceedings\{he2016deep,/);
    // The quick fix on the citation is offered from the kept read (and a second ask is answered as well).
    const diags = (await c.waitForDiagnostics(uri)).filter((d) => d.code === 'missing-from-bib');
    for (let i = 0; i < 2; i++) {
      const actions = await c.request<Array<{ title: string }>>('textDocument/codeAction', { textDocument: { uri }, range: diags[0].range, context: { diagnostics: diags } });
      assert.ok(actions.some((a) => /he2016deep.*big\.bib/.test(a.title)), actions.map((a) => a.title).join(' | '));
    }
  } finally {
    await c.shutdown();
  }
});

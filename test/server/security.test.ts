// Security and limits of the language server, spoken to over stdio as any editor would:
// paths from documents are only read outside the workspace, never written; the server opens no
// sockets and starts no processes; oversized, binary and pathological bibliographies are reported
// and skipped or cut off instead of stalling the server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { LspTestClient, positionOf } from './lspClient';

const uri = (file: string) => pathToFileURL(file).toString();
const inside = (u: string, root: string) => {
  if (!u.startsWith('file:')) return false;
  const rel = path.relative(root, fileURLToPath(u));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
};

/** Every file URI a workspace edit touches (changes, text document edits and resource operations). */
function editedUris(edit: any): string[] {
  const out = Object.keys(edit?.changes ?? {});
  for (const c of edit?.documentChanges ?? []) out.push(c.textDocument?.uri ?? c.uri ?? c.newUri ?? c.oldUri);
  return out;
}

// Records every attempt to start a process, resolve a name or open a socket, to a file.
const preload = `
const fs = require('node:fs');
const file = process.env.MLP_RECORD;
fs.writeFileSync(file + '.loaded', String(process.pid));
const record = (what, arg) => { try { fs.appendFileSync(file, what + ' ' + String(typeof arg === 'object' ? JSON.stringify(arg) : arg).slice(0, 200) + '\\n'); } catch {} };
function wrap(mod, label, names) {
  for (const name of names) {
    const orig = mod[name];
    if (typeof orig !== 'function') continue;
    mod[name] = function (...args) { record(label + '.' + name, args[0]); return orig.apply(this, args); };
  }
}
wrap(require('node:child_process'), 'child_process', ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']);
wrap(require('node:net'), 'net', ['connect', 'createConnection', 'createServer']);
wrap(require('node:net').Socket.prototype, 'net.Socket', ['connect']);
wrap(require('node:http'), 'http', ['request', 'get', 'createServer']);
wrap(require('node:https'), 'https', ['request', 'get']);
wrap(require('node:tls'), 'tls', ['connect']);
wrap(require('node:dns'), 'dns', ['lookup', 'resolve', 'resolve4', 'resolve6']);
wrap(require('node:dgram'), 'dgram', ['createSocket']);
if (typeof globalThis.fetch === 'function') wrap(globalThis, 'global', ['fetch']);
`;

let base: string;
let ws: string;
let outside: string;
let record: string;
let client: LspTestClient;

const outsideBib = `@article{outside2020only,
  title = {A Paper Only the Outside Bibliography Knows},
  author = {Far, Away},
  year = {2020}
}
`;

// Each @string doubles the previous one: fully expanded, s40 would be 2^40 characters.
const exponentialBib = '@string{s0 = "ab"}\n' + Array.from({ length: 40 }, (_, i) => `@string{s${i + 1} = s${i} # s${i}}`).join('\n') + `
@misc{exploding2020,
  title = s40,
  year = {2020}
}

@misc{afterExplosion2021,
  title = {An Ordinary Entry After the Explosion},
  year = {2021}
}
`;

before(async () => {
  base = mkdtempSync(path.join(tmpdir(), 'mlp-security-'));
  ws = path.join(base, 'ws');
  outside = path.join(base, 'outside');
  mkdirSync(ws);
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'refs.bib'), outsideBib);
  writeFileSync(path.join(ws, 'exploding.bib'), exponentialBib);
  // A binary file that happens to end in .bib, and one over the (small) size limit.
  const binary = Buffer.alloc(4096);
  for (let i = 0; i < binary.length; i++) binary[i] = (i * 131) & 0xff;
  writeFileSync(path.join(ws, 'x.bib'), binary);
  let big = '';
  for (let i = 0; big.length < 1.5 * 1048576; i++) big += `@misc{huge${i}, title = {Entry ${i} of a huge file}, year = {2000}}\n`;
  writeFileSync(path.join(ws, 'huge.bib'), big);
  const preloadFile = path.join(base, 'record-calls.cjs');
  writeFileSync(preloadFile, preload);
  record = path.join(base, 'calls.log');
  writeFileSync(record, '');
  client = new LspTestClient(undefined, { NODE_OPTIONS: `--require ${preloadFile}`, MLP_RECORD: record });
  client.settings = { maxBibFileSizeMB: 1 };
  await client.initialize(ws);
  await client.waitForNotification('mlPapers/status', (p) => p.indexing === false && p.failures.length >= 2, 20000);
});

after(async () => {
  await client?.shutdown();
  rmSync(base, { recursive: true, force: true });
});

test('the preload that records process and network calls is active in the server', () => {
  assert.ok(existsSync(record + '.loaded'), 'preload did not run');
  assert.equal(Number(readFileSync(record + '.loaded', 'utf8')), client.child.pid);
});

test('a binary x.bib is reported with a clear message and skipped', async () => {
  const xUri = uri(path.join(ws, 'x.bib'));
  const d = await client.waitForDiagnostics(xUri);
  assert.deepEqual(d.map((x) => x.message), ['x.bib looks like a binary file, not text; it was skipped.']);
  const status = client.notifications.filter((n) => n.method === 'mlPapers/status').at(-1)!.params as { failures: Array<{ uri: string; message: string }> };
  assert.ok(status.failures.some((f) => f.uri === xUri && /binary/.test(f.message)));
});

test('a file over mlPapers.maxBibFileSizeMB is reported with its size and the setting, and skipped', async () => {
  const hugeUri = uri(path.join(ws, 'huge.bib'));
  const d = await client.waitForDiagnostics(hugeUri);
  assert.equal(d.length, 1);
  assert.match(d[0].message, /^huge\.bib is 1\.5 MB, over the 1 MB limit \(setting mlPapers\.maxBibFileSizeMB\); it was skipped\.$/);
  // None of its entries entered the index.
  const docUri = uri(path.join(ws, 'probe.md'));
  const text = 'See [@huge12].\n';
  client.open(docUri, 'markdown', text);
  const diags = await client.waitForDiagnostics(docUri, (x) => x.length > 0);
  assert.equal(diags[0].code, 'unknown-key');
});

test('exponential @string expansion is cut off with a diagnostic, and the entries around it still load', async () => {
  const bibUri = uri(path.join(ws, 'exploding.bib'));
  const d = await client.waitForDiagnostics(bibUri, (x) => x.length > 0);
  const cut = d.filter((x) => x.code === 'bib-expansion-limit');
  assert.ok(cut.length >= 1, JSON.stringify(d));
  assert.match(cut[0].message, /@string expansion/);
  assert.ok(cut[0].range.start.line >= 1, 'the diagnostic points at the macro or field, not the file start');
  const docUri = uri(path.join(ws, 'after.md'));
  const text = 'See [@afterExplosion2021] and [@exploding2020].\n';
  client.open(docUri, 'markdown', text);
  const h = await client.request('textDocument/hover', { textDocument: { uri: docUri }, position: positionOf(text, '@afterExplosion2021', 2) });
  assert.match(h?.contents?.value ?? '', /An Ordinary Entry After the Explosion/);
  const h2 = await client.request('textDocument/hover', { textDocument: { uri: docUri }, position: positionOf(text, '@exploding2020', 2) });
  assert.ok((h2?.contents?.value ?? '').length < 2_000_000, 'the expanded title is bounded');
});

test('a bibliography outside the workspace is read, but add-missing-entries refuses to write it', async () => {
  const texFile = path.join(ws, 'paper.tex');
  const tex = '\\documentclass{article}\n\\begin{document}\n\\cite{outside2020only} and \\cite{he2016deep}.\n\\bibliography{../outside/refs}\n\\end{document}\n';
  writeFileSync(texFile, tex);
  const texUri = uri(texFile);
  client.open(texUri, 'latex', tex);
  // Read: the outside entry resolves for hover.
  const h = await client.waitForDiagnostics(texUri, (d) => d.some((x) => x.code === 'missing-from-bib'));
  assert.ok(!h.some((x) => /outside2020only/.test(x.message)), JSON.stringify(h));
  const hover = await client.request('textDocument/hover', { textDocument: { uri: texUri }, position: positionOf(tex, 'outside2020only', 2) });
  assert.match(hover?.contents?.value ?? '', /A Paper Only the Outside Bibliography Knows/);
  // Never written: the command adds nothing and asks the editor to apply no edit.
  const before = client.appliedEdits.length;
  const r = await client.request('workspace/executeCommand', { command: 'mlPapers.server.addMissingEntries', arguments: [texUri] });
  assert.deepEqual(r, { added: [], file: null, sameAs: [] });
  assert.equal(client.appliedEdits.length, before);
  assert.equal(readFileSync(path.join(outside, 'refs.bib'), 'utf8'), outsideBib);
  // The quick fix for the missing entry offers no edit of a file outside the workspace either.
  const diags = client.diagnostics.get(texUri)!;
  const actions = await client.request<any[]>('textDocument/codeAction', { textDocument: { uri: texUri }, range: diags[0].range, context: { diagnostics: diags } });
  for (const a of actions) for (const u of editedUris(a.edit)) assert.ok(inside(u, ws), `${a.title} edits ${u}`);
});

test('\\addbibresource{../../../../etc/passwd} is at most read; nothing is written there', async () => {
  const texFile = path.join(ws, 'passwd.tex');
  const tex = '\\cite{he2016deep}\n\\addbibresource{../../../../etc/passwd}\n\\bibliography{../../../../etc/passwd}\n';
  writeFileSync(texFile, tex);
  const texUri = uri(texFile);
  client.open(texUri, 'latex', tex);
  await client.waitForDiagnostics(texUri);
  const before = client.appliedEdits.length;
  const r = await client.request('workspace/executeCommand', { command: 'mlPapers.server.addMissingEntries', arguments: [texUri] });
  assert.deepEqual(r, { added: [], file: null, sameAs: [] });
  assert.equal(client.appliedEdits.length, before);
  assert.equal(existsSync('/etc/passwd.bib'), false);
});

test('a document outside the workspace gets no new references.bib beside it', async () => {
  const mdFile = path.join(outside, 'note.md');
  const md = 'Residual learning [@he2016deep].\n';
  writeFileSync(mdFile, md);
  const mdUri = uri(mdFile);
  client.open(mdUri, 'markdown', md);
  await client.waitForDiagnostics(mdUri);
  const before = client.appliedEdits.length;
  const r = await client.request('workspace/executeCommand', { command: 'mlPapers.server.addMissingEntries', arguments: [mdUri] });
  assert.deepEqual(r, { added: [], file: null, sameAs: [] });
  assert.equal(client.appliedEdits.length, before);
});

test('inside the workspace the command edits only workspace files', async () => {
  const mdFile = path.join(ws, 'notes', 'review.md');
  mkdirSync(path.dirname(mdFile), { recursive: true });
  const md = 'Residual learning [@he2016deep] and Adam [@kingma2014adam].\n';
  writeFileSync(mdFile, md);
  const mdUri = uri(mdFile);
  client.open(mdUri, 'markdown', md);
  await client.waitForDiagnostics(mdUri);
  const before = client.appliedEdits.length;
  const r = await client.request('workspace/executeCommand', { command: 'mlPapers.server.addMissingEntries', arguments: [mdUri] });
  assert.deepEqual(r.added, ['he2016deep', 'kingma2014adam']);
  assert.equal(client.appliedEdits.length, before + 1);
  const uris = editedUris(client.appliedEdits.at(-1));
  assert.ok(uris.length >= 1);
  for (const u of uris) assert.ok(inside(u, ws), u);
  assert.ok(uris.includes(uri(path.join(ws, 'notes', 'references.bib'))), uris.join(', '));
});

test('the whole session started no process and opened no socket', async () => {
  // Exercise every feature that could reach out: completion, hover, symbols, links, definitions, commands.
  const docUri = uri(path.join(ws, 'notes', 'review.md'));
  const text = 'Residual learning [@he2016deep] and [@resn] https://arxiv.org/abs/1512.03385 doi:10.1038/nature14236\n';
  client.change(docUri, text);
  await client.request('textDocument/completion', { textDocument: { uri: docUri }, position: positionOf(text, '@resn', 5) });
  await client.request('textDocument/hover', { textDocument: { uri: docUri }, position: positionOf(text, '@he2016deep', 2) });
  await client.request('textDocument/implementation', { textDocument: { uri: docUri }, position: positionOf(text, '@he2016deep', 2) });
  await client.request('textDocument/definition', { textDocument: { uri: docUri }, position: positionOf(text, '@he2016deep', 2) });
  await client.request('textDocument/documentLink', { textDocument: { uri: docUri } });
  await client.request('workspace/symbol', { query: 'attention' });
  await client.request('mlPapers/search', { query: 'generative adversarial' });
  await client.request('mlPapers/paperDetails', { key: 'he2016deep' });
  await client.request('mlPapers/literatureTable', { uri: docUri, format: 'latex' });
  await client.request('mlPapers/paperNote', { key: 'he2016deep' });
  await client.request('workspace/executeCommand', { command: 'mlPapers.server.bibtexFor', arguments: ['he2016deep'] });
  await client.request('workspace/executeCommand', { command: 'mlPapers.server.workspaceBibliography', arguments: [] });
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(path.join(ws, 'exploding.bib')), type: 2 }] });
  await client.request('textDocument/hover', { textDocument: { uri: docUri }, position: positionOf(text, '@he2016deep', 2) });
  assert.equal(readFileSync(record, 'utf8'), '');
});

test('the recorder itself notices a process start and a connection attempt (so an empty record means something)', async () => {
  const { spawnSync } = await import('node:child_process');
  const probe = path.join(base, 'probe.log');
  writeFileSync(probe, '');
  const script = "require('node:child_process').spawnSync('true'); const s = require('node:net').connect(9, '127.0.0.1'); s.on('error', () => {});";
  const r = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, NODE_OPTIONS: `--require ${path.join(base, 'record-calls.cjs')}`, MLP_RECORD: probe }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const calls = readFileSync(probe, 'utf8');
  assert.match(calls, /^child_process\.spawnSync true$/m);
  assert.match(calls, /^net\.connect 9$/m);
});

/* ------------------------------ a 10 MB line ------------------------------ */

/** Hover latencies on `docUri` while the server indexes `bibFile`, from the file event until its diagnostics arrive. */
async function hoverLatenciesWhileIndexing(c: LspTestClient, docUri: string, position: { line: number; character: number }, bibFile: string): Promise<{ max: number; count: number; indexMs: number }> {
  const bibUri = uri(bibFile);
  c.diagnostics.delete(bibUri);
  const started = Date.now();
  await c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: bibUri, type: 1 }] });
  const latencies: number[] = [];
  let indexed = false;
  const done = c.waitForDiagnostics(bibUri, () => true, 60000).then(() => { indexed = true; });
  let indexMs = 0;
  void done.then(() => { indexMs = Date.now() - started; });
  // Keep one hover in flight at a time until indexing has finished, then one more.
  for (let extra = 1; !indexed || extra-- > 0;) {
    const t0 = process.hrtime.bigint();
    const h = await c.request('textDocument/hover', { textDocument: { uri: docUri }, position });
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    assert.match(h?.contents?.value ?? '', /Deep Residual Learning/);
  }
  await done;
  return { max: Math.max(...latencies), count: latencies.length, indexMs };
}

interface LineMeasurements { idleMedian: number; ordinary: { max: number; count: number; indexMs: number }; single: { max: number; count: number; indexMs: number }; longLineHover: string }
let lineMeasurements: Promise<LineMeasurements> | undefined;

/** One server session: idle hovers, then hovers while 10 MB of ordinary lines and 10 MB on one line are indexed. */
function measureLongLine(): Promise<LineMeasurements> {
  return (lineMeasurements ??= (async () => {
    const dir = path.join(base, 'line');
    mkdirSync(dir);
    const entry = (i: number) => `@misc{line${i}, title = {Entry number ${i} of a very long line}, author = {Doe, Jane}, year = {2000}}`;
    const entries: string[] = [];
    for (let size = 0, i = 0; size < 10 * 1048576; i++) { const e = entry(i); entries.push(e); size += e.length + 1; }
    const c = new LspTestClient();
    try {
      await c.initialize(dir);
      await c.waitForNotification('mlPapers/status', (p) => p.indexing === false);
      const docUri = uri(path.join(dir, 'note.md'));
      const text = 'Residual learning [@he2016deep] and [@line123].\n';
      c.open(docUri, 'markdown', text);
      await c.waitForDiagnostics(docUri);
      const position = positionOf(text, '@he2016deep', 2);
      const idle: number[] = [];
      for (let i = 0; i < 40; i++) {
        const t0 = process.hrtime.bigint();
        await c.request('textDocument/hover', { textDocument: { uri: docUri }, position });
        idle.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      idle.sort((a, b) => a - b);
      const lines = path.join(dir, 'lines.bib');
      writeFileSync(lines, entries.join('\n') + '\n');
      const ordinary = await hoverLatenciesWhileIndexing(c, docUri, position, lines);
      const oneLine = path.join(dir, 'oneline.bib');
      writeFileSync(oneLine, entries.join(' '));
      const single = await hoverLatenciesWhileIndexing(c, docUri, position, oneLine);
      const h = await c.request('textDocument/hover', { textDocument: { uri: docUri }, position: positionOf(text, '@line123', 2) });
      assert.equal(c.child.exitCode, null, 'the server is still running');
      return { idleMedian: idle[idle.length >> 1], ordinary, single, longLineHover: h?.contents?.value ?? '' };
    } finally {
      await c.shutdown();
    }
  })());
}

test('a 10 MB single-line .bib stalls hover on another document no more than 10 MB of ordinary lines do', async (t) => {
  const m = await measureLongLine();
  t.diagnostic(`idle hover median ${m.idleMedian.toFixed(2)} ms; indexing 10 MB: ordinary lines ${m.ordinary.indexMs} ms (slowest hover ${m.ordinary.max.toFixed(1)} ms of ${m.ordinary.count}), one line ${m.single.indexMs} ms (slowest hover ${m.single.max.toFixed(1)} ms of ${m.single.count})`);
  // Relative bound: the single line may cost what the same bytes cost as lines, with room for noise:
  // 3x, plus 60 idle hovers for one scheduling or GC pause of either process (both maxima are now
  // 20-50 ms, so a single such pause would otherwise decide the test). A line handled in quadratic
  // time stalls for seconds; a duplicate-key check over every key of the file stalled 230-350 ms.
  const bound = 3 * m.ordinary.max + 60 * m.idleMedian;
  assert.ok(m.single.max <= bound, `slowest hover ${m.single.max.toFixed(1)} ms with one line vs ${m.ordinary.max.toFixed(1)} ms with lines (bound ${bound.toFixed(1)} ms)`);
  // The entries on the long line are usable.
  assert.match(m.longLineHover, /Entry number 123 of a very long line/);
});

// A big .bib is read, parsed and prepared (entries packed, search structures built) in the index
// worker; the request thread only wraps the chunks it receives (CitationIndex.addPrepared/addRange),
// so a hover waits at most for one such hand-over plus the odd GC pause of either process.
// Measured: slowest hover 52-128 ms against an idle median of 0.5-1.3 ms (before the worker: 2-6 s).
// 300 idle hovers leaves room for those GC pauses on a shared 2-core machine; a blocking index
// build (seconds) still fails it by an order of magnitude.
test('hover on another document answers within 300 idle hovers while a 10 MB .bib is indexed', async () => {
  const m = await measureLongLine();
  const bound = 300 * m.idleMedian;
  assert.ok(m.single.max <= bound, `slowest hover ${m.single.max.toFixed(1)} ms while indexing one 10 MB line; bound ${bound.toFixed(1)} ms (300 × idle median ${m.idleMedian.toFixed(2)} ms)`);
  assert.ok(m.ordinary.max <= bound, `slowest hover ${m.ordinary.max.toFixed(1)} ms while indexing 10 MB of lines; bound ${bound.toFixed(1)} ms`);
});

// Server-level figures over real stdio JSON-RPC (the server as Neovim or Emacs would run it).
// Used by bench/run.mjs; each scenario starts its own server process.
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync, rmSync, mkdtempSync, copyFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const { LspTestClient } = require(path.join(root, 'dist/test/server/lspClient.js'));

const now = () => performance.now();
const pct = (sorted, p) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
const r2 = (x) => Math.round(x * 100) / 100;

/** A workspace folder holding `files` (name -> source path to copy, or text). */
function workspace(files) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mlp-bench-'));
  for (const [name, src] of Object.entries(files)) {
    if (src.copy) copyFileSync(src.copy, path.join(dir, name)); else writeFileSync(path.join(dir, name), src);
  }
  return dir;
}

/**
 * The measuring client frames messages the lean way (one write per message, handed on as the bytes
 * arrive; test/server/lspClient.ts), as editors with their own JSON-RPC code do, so that what it
 * times is the server and the pipe rather than the client's own event-loop turns.
 */
function startClient(env = {}) {
  // bench/ab.mjs points this at another build of the server to compare two commits in one run.
  const server = process.env.ML_PAPERS_BENCH_SERVER ?? path.join(root, 'dist/server.js');
  return new LspTestClient(server, env, { framing: 'lean' });
}

const NOTE = 'Cited: [@he2016deep].\nComplete: [@\n';

/** Keys and title words of a .bib, to build realistic queries (sampled, deterministic). */
export function sampleQueries(bibFile, count = 200) {
  const text = readFileSync(bibFile, 'utf8');
  const keys = [...text.matchAll(/^@\w+\{([^,\s]+),/gm)].map((m) => m[1]);
  const titles = [...text.matchAll(/^\s*title\s*=\s*[{"]+([A-Za-z][^}"\n]{8,80})/gim)].map((m) => m[1]);
  const qs = [];
  for (let i = 0; i < count; i++) {
    const k = keys[(i * 7919) % keys.length];
    const t = titles.length ? titles[(i * 104729) % titles.length] : k;
    const w = t.split(/\s+/).filter((x) => x.length > 3);
    switch (i % 4) {
      case 0: qs.push(k.slice(0, 3 + (i % 5))); break; // key prefix
      case 1: qs.push(k); break; // whole key
      case 2: qs.push((w[0] ?? k).slice(0, 5).toLowerCase()); break; // a title word's prefix
      default: qs.push(`${(w[0] ?? k).toLowerCase()} ${(w[1] ?? '').slice(0, 4).toLowerCase()}`.trim()); break; // two words
    }
  }
  return { keys, qs };
}

/** Types `[@<query>` on the last line and asks for completion; returns the latency and the items. */
async function complete(client, uri, query) {
  const text = `Cited: [@he2016deep].\nComplete: [@${query}\n`;
  client.change(uri, text);
  const t = now();
  const r = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 12 + query.length } });
  return { ms: now() - t, items: r?.items ?? [], answer: r };
}

async function hoverOnce(client, uri) {
  const t = now();
  const r = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 12 } });
  return { ms: now() - t, r };
}

/** Rejects when the server process exits (e.g. out of memory), so a scenario fails instead of hanging. */
function exited(client) {
  return new Promise((_, rej) => {
    const done = () => rej(new Error(`server exited (code ${client.child.exitCode}, signal ${client.child.signalCode}): ${client.stderr.split('\n').filter((l) => /memory|Error/i.test(l)).slice(0, 2).join(' ')}`));
    if (client.child.exitCode !== null || client.child.signalCode !== null) done(); else client.child.once('exit', done);
  });
}

/** Waits until indexing has put `minUser` user entries in the index (via mlPapers/debugStats). */
async function waitIndexed(client, minUser, timeoutMs) {
  const deadline = now() + timeoutMs;
  const dead = exited(client);
  dead.catch(() => undefined);
  for (;;) {
    const s = await Promise.race([client.request('mlPapers/debugStats', {}), dead]);
    // Ready means fully prepared: a big file is searchable by key before its full search structures arrive.
    if ((s.index?.user ?? 0) >= minUser && !s.index?.preparing) return s;
    if (now() > deadline) throw new Error(`index did not reach ${minUser} entries in ${timeoutMs} ms (has ${s.index?.user})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Latency at one index size: start a server on a workspace with `files`, wait for `entries` user
 * entries, then time `n` completions (varied queries) and `n` hovers, sequentially.
 */
export async function latencyAt({ label, files, entries, queries, settings = {}, n = 200, timeoutMs = 600_000, env = {}, settleMs = 0 }) {
  const dir = workspace({ ...files, 'notes.md': NOTE });
  const client = startClient(env);
  client.settings = settings;
  const t0 = now();
  try {
    await client.initialize(dir, undefined, { settings });
    const uri = pathToFileURL(path.join(dir, 'notes.md')).toString();
    client.open(uri, 'markdown', NOTE);
    const stats = await waitIndexed(client, entries, timeoutMs);
    const indexedMs = now() - t0;
    // Steady state: latency is measured once the index workers have stopped (1 s after their last
    // job) and the request thread has collected what indexing left behind. The hand-over itself is
    // measured by timeToFirstCompletion (slowest hover while indexing).
    for (let s = stats; s.workersRunning; s = await client.request('mlPapers/debugStats', {})) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1000));
    // Memory of the index itself, before the latency requests (which grow V8's young generation to
    // its maximum; V8 keeps that for a while even when idle).
    const indexed = await client.request('mlPapers/debugStats', {});
    // Warm-up: the first requests pay for JIT compilation, not for the index.
    for (let i = 0; i < 20; i++) await complete(client, uri, queries[i % queries.length]);
    // The timed loops keep no answer: while this process held every completion list it was timing,
    // its own scavenges took 8-10 ms (now 1-2 ms), four of them inside timed requests at 100k.
    const comp = [];
    let empty = 0;
    for (let i = 0; i < n; i++) { const c = await complete(client, uri, queries[i % queries.length]); comp.push(c.ms); if (!c.items.length) empty++; }
    client.change(uri, NOTE);
    for (let i = 0; i < 20; i++) await hoverOnce(client, uri);
    const hov = [];
    let hoverAnswer = null;
    for (let i = 0; i < n; i++) { const h = await hoverOnce(client, uri); hov.push(h.ms); hoverAnswer = h.r; }
    comp.sort((a, b) => a - b); hov.sort((a, b) => a - b);
    const after = await client.request('mlPapers/debugStats', {});
    // What transportFloor replays: the same queries asked again, untimed (search is deterministic).
    const answers = [];
    for (let i = 0; i < n; i++) answers.push((await complete(client, uri, queries[i % queries.length])).answer);
    // The server's own time in its handlers for the same requests (the last n of each), beside the
    // client's round trip: what is left is the transport, JSON and both processes' scheduling.
    const handler = (feature) => {
      const t = (after.handlerMs?.[feature] ?? []).slice(-n).sort((a, b) => a - b);
      return t.length ? { p50: r2(pct(t, 50)), p99: r2(pct(t, 99)), max: r2(t[t.length - 1]) } : undefined;
    };
    // A long-running server: V8 gives back heap it no longer needs only after some seconds of low
    // allocation (its memory reducer), so memory is also read once the server has idled.
    let settled;
    if (settleMs) { await new Promise((r) => setTimeout(r, settleMs)); settled = await client.request('mlPapers/debugStats', {}); }
    return {
      label, entries: after.index?.user, indexedMs: Math.round(indexedMs),
      completion: { p50: r2(pct(comp, 50)), p99: r2(pct(comp, 99)), max: r2(comp[comp.length - 1]), emptyAnswers: empty },
      hover: { p50: r2(pct(hov, 50)), p99: r2(pct(hov, 99)), max: r2(hov[hov.length - 1]) },
      inServer: { completion: handler('completion'), hover: handler('hover') },
      rssMB: after.rssMB, heapUsedMB: after.heapUsedMB, heapTotalMB: after.heapTotalMB, rssIndexedMB: indexed.rssMB, heapTotalIndexedMB: indexed.heapTotalMB,
      ...(settled ? { settledRssMB: settled.rssMB, settledAfterMs: settleMs, settledHeapTotalMB: settled.heapTotalMB } : {}), stats: { fileReads: after.fileReads, workerJobs: after.workerJobs, cacheHits: after.cacheHits, last: after.last },
      indexStatsAtReady: stats.index,
      // Not written to the results file (too big): what transportFloor replays.
      recorded: { answers, hoverAnswer, queries: queries.slice(0, n) },
    };
  } finally {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The same requests as latencyAt, answered by bench/replayServer.ts with the answers our server
 * gave (same bytes, no index): the round-trip floor of two node processes talking vscode-jsonrpc
 * over stdio on this machine, measured in the same run as our figures. `libraryFraming`: the
 * replay server reads and writes stdio with vscode-languageserver's own framing instead of ours.
 */
export async function transportFloor({ recorded, n = 200, libraryFraming = false }) {
  const dir = workspace({ 'notes.md': NOTE });
  const client = new LspTestClient(path.join(root, 'dist/bench/replayServer.js'), {}, { framing: 'lean', args: libraryFraming ? ['--library-framing'] : [] });
  try {
    await client.initialize(dir);
    const uri = pathToFileURL(path.join(dir, 'notes.md')).toString();
    client.open(uri, 'markdown', NOTE);
    const { answers, hoverAnswer, queries } = recorded;
    // Warm-up with the same answers, then the timed run replays them from the first.
    await client.request('bench/replay', { completions: answers, hover: hoverAnswer });
    for (let i = 0; i < 20; i++) await complete(client, uri, queries[i % queries.length]);
    await client.request('bench/replay', { completions: answers, hover: hoverAnswer });
    const comp = [];
    for (let i = 0; i < n; i++) comp.push((await complete(client, uri, queries[i % queries.length])).ms);
    client.change(uri, NOTE);
    for (let i = 0; i < 20; i++) await hoverOnce(client, uri);
    const hov = [];
    for (let i = 0; i < n; i++) hov.push((await hoverOnce(client, uri)).ms);
    comp.sort((a, b) => a - b); hov.sort((a, b) => a - b);
    return { completion: { p50: r2(pct(comp, 50)), p99: r2(pct(comp, 99)), max: r2(comp[comp.length - 1]) }, hover: { p50: r2(pct(hov, 50)), p99: r2(pct(hov, 99)), max: r2(hov[hov.length - 1]) } };
  } finally {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * From spawning the server to the first completion whose items include one of the big bib's keys,
 * with hover requests every 50 ms meanwhile (the slowest says whether the server stayed responsive).
 */
export async function timeToFirstCompletion({ bibFile, keys, timeoutMs = 600_000 }) {
  const dir = workspace({ 'big.bib': { copy: bibFile }, 'notes.md': NOTE });
  const target = keys[Math.floor(keys.length / 2)];
  const query = target.slice(0, Math.min(target.length, 12));
  const t0 = now();
  const client = startClient();
  const hoverTimes = [];
  let stop = false;
  try {
    await client.initialize(dir);
    const uri = pathToFileURL(path.join(dir, 'notes.md')).toString();
    const text = `Cited: [@he2016deep].\nComplete: [@${query}\n`;
    client.open(uri, 'markdown', text);
    const prober = (async () => {
      while (!stop) {
        const t = now();
        await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 12 } });
        hoverTimes.push(now() - t);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    let firstAnswerMs;
    let ms;
    for (;;) {
      const r = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 12 + query.length } });
      firstAnswerMs ??= now() - t0;
      const item = (r?.items ?? []).find((it) => it.label === target);
      // The key may first come from the quick scan (no title yet: "still reading its file");
      // the second figure is when the item shows its title and authors.
      if (item) ms ??= now() - t0;
      if (item && !/still reading/.test(item.detail ?? '')) break;
      if (now() - t0 > timeoutMs) throw new Error('timed out waiting for the big bib in completion');
      await new Promise((r) => setTimeout(r, 20));
    }
    const titledMs = now() - t0;
    stop = true;
    await prober;
    hoverTimes.sort((a, b) => a - b);
    return { ms: Math.round(ms), titledMs: Math.round(titledMs), firstAnswerMs: Math.round(firstAnswerMs), hoverDuringIndexing: { count: hoverTimes.length, p50: r2(pct(hoverTimes, 50)), max: r2(hoverTimes[hoverTimes.length - 1] ?? NaN) } };
  } finally {
    stop = true;
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Spawn → initialize → open → first hover answered, with only the bundled database (empty workspace).
 * `env` is merged over this process's environment (an undefined value removes a variable).
 *
 * Every start but a user's first finds the code cache that launch.ts writes 2 s into a start (in a
 * scratch cache directory here), so one start that lives that long comes first; it is reported too
 * (`firstStartMs`: the first start after an install or upgrade, which compiles the bundle).
 */
export async function coldStart(runs = 5, env = {}) {
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'mlp-bench-cache-'));
  const startEnv = { ML_PAPERS_CACHE_DIR: cacheDir, ...env };
  const once = async (lingerMs) => {
    const dir = workspace({ 'notes.md': NOTE });
    const t0 = now();
    const client = startClient(startEnv);
    try {
      await client.initialize(dir);
      const uri = pathToFileURL(path.join(dir, 'notes.md')).toString();
      client.open(uri, 'markdown', NOTE);
      const h = await hoverOnce(client, uri);
      if (!h.r) throw new Error('cold start: hover gave no answer');
      const ms = now() - t0;
      if (lingerMs) await new Promise((r) => setTimeout(r, lingerMs));
      const { codeCache } = await client.request('mlPapers/debugStats', {});
      return { ms, codeCache };
    } finally {
      await client.shutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    const first = await once(2500);
    const out = [];
    const states = {};
    for (let i = 0; i < runs; i++) {
      const r = await once(0);
      out.push(r.ms);
      states[r.codeCache ?? 'none'] = (states[r.codeCache ?? 'none'] ?? 0) + 1;
    }
    out.sort((a, b) => a - b);
    return { medianMs: Math.round(out[Math.floor(out.length / 2)]), minMs: Math.round(out[0]), runs, firstStartMs: Math.round(first.ms), codeCache: states };
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

/** No-op save and a second start with a database: what gets re-read (debugStats counters). */
export async function reindexChecks({ bibFile, dbFile, cacheDir }) {
  const dir = workspace({ 'a.bib': { copy: bibFile }, 'b.bib': '@misc{small2020one, title = {One}}\n', 'notes.md': NOTE });
  const env = { ML_PAPERS_CACHE_DIR: cacheDir };
  const settings = { databases: [dbFile] };
  const result = {};
  for (const run of ['first', 'second']) {
    const client = startClient(env);
    client.settings = settings;
    const t0 = now();
    try {
      await client.initialize(dir, undefined, { settings });
      const s = await waitIndexed(client, 1, 600_000);
      void s;
      // Wait for the database too: its entries arrive after the bibs.
      let st;
      for (;;) { st = await client.request('mlPapers/debugStats', {}); if (st.last[dbFile]) break; await new Promise((r) => setTimeout(r, 25)); }
      result[`${run}StartDatabaseMs`] = Math.round(now() - t0);
      result[`${run}StartDatabaseLoad`] = st.last[dbFile];
      if (run === 'second') {
        const before = await client.request('mlPapers/debugStats', {});
        const bUri = pathToFileURL(path.join(dir, 'b.bib')).toString();
        await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: bUri, type: 2 }, { uri: pathToFileURL(path.join(dir, 'a.bib')).toString(), type: 2 }] });
        await new Promise((r) => setTimeout(r, 300));
        const after = await client.request('mlPapers/debugStats', {});
        result.noOpSave = { fileReadsBefore: before.fileReads, fileReadsAfter: after.fileReads, unchangedSkips: after.unchanged - before.unchanged };
      }
    } finally {
      await client.shutdown();
    }
  }
  rmSync(dir, { recursive: true, force: true });
  return result;
}

#!/usr/bin/env node
// npm run bench: our .bib reader against the peers, then server-level figures over real stdio.
// One run prints both tables and writes bench/results/<date>.json and bench/results/latest.json.
//
//   node bench/run.mjs [--runs N] [--quick] [--no-1m] [--only parse|server|graph]
//
// --quick skips the slow peers on the 100k file and the 1M scenario; --no-1m skips only the latter.
// Synthetic inputs are generated into bench/results/tmp/ (gitignored). Needs `node esbuild.js` first
// (npm run bench does it): the server scenarios run dist/server.js.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const root = path.resolve(here, '..');
const tmp = path.join(here, 'results', 'tmp');
const shared = path.resolve(root, '..', 'shared');
const realDir = process.env.ML_PAPERS_BIB_DATA ?? path.join(shared, 'data', 'bib');
const makeBigBib = process.env.ML_PAPERS_MAKE_BIG_BIB ?? path.join(shared, 'tools', 'make-big-bib.mjs');

const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const opt = (f, d) => { const i = args.indexOf(f); return i >= 0 ? args[i + 1] : d; };
const runs = Number(opt('--runs', 5));
const quick = flag('--quick');
const with1m = !quick && !flag('--no-1m');
const only = opt('--only', '');

mkdirSync(tmp, { recursive: true });
const log = (s) => process.stderr.write(`${s}\n`);

function machine() {
  const cpus = os.cpus();
  return { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryGB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${process.platform} ${os.release()}`, loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100) };
}

/* ------------------------------ inputs ------------------------------ */

function ensureSynthBib(n, name) {
  const out = path.join(tmp, name);
  if (!existsSync(out)) {
    log(`generating ${name} ...`);
    const r = spawnSync(process.execPath, [makeBigBib, '--n', String(n), '--out', out], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`make-big-bib failed for ${name}`);
  }
  return out;
}

function ensureJsonl(n, name) {
  const out = path.join(tmp, name);
  if (!existsSync(out)) {
    log(`generating ${name} ...`);
    const r = spawnSync(process.execPath, [path.join(here, 'make-arxiv-jsonl.mjs'), '--n', String(n), '--out', out], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`make-arxiv-jsonl failed for ${name}`);
  }
  return out;
}

/* ------------------------------ parse stage ------------------------------ */

const PARSERS = ['ours', 'citation-js', 'bibtex-parse', 'bibtex-tidy', 'latex-utensils'];

function runParser(parser, file, n) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=4096', path.join(here, 'parse-child.mjs'), parser, file, String(n)], { encoding: 'utf8', timeout: 15 * 60_000 });
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop());
  } catch {
    return { ok: false, error: (r.stderr || r.error?.message || `exit ${r.status}`).split('\n').find((l) => /Error|error/.test(l))?.slice(0, 160) ?? `exit ${r.status}` };
  }
}

async function parseStage() {
  // Our reader, bundled alone (the child must not load the LSP libraries).
  await esbuild.build({ entryPoints: [path.join(root, 'server/src/core/bibParser.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: path.join(tmp, 'bibParser.cjs'), logLevel: 'silent' });
  const files = ['boldt-phd-thesis-zotero.bib', 'refdb-percyliang-all.bib', 'iridia-references-all.bib', 'cmlbib-neurips2019-2020-icml2020.bib'].map((f) => path.join(realDir, f));
  files.push(ensureSynthBib(10_000, 'synth10k.bib'), ensureSynthBib(100_000, 'synth100k.bib'));
  const rows = [];
  for (const file of files) {
    const big = statSync(file).size > 20e6;
    for (const parser of PARSERS) {
      if (big && quick && parser !== 'ours' && parser !== 'citation-js') continue;
      const n = big ? Math.max(1, Math.min(runs, 3)) : runs;
      log(`parse: ${parser} on ${path.basename(file)} (${n} runs)`);
      const r = runParser(parser, file, n);
      rows.push({ file: path.basename(file), parser, ...r, mbps: r.ok ? Math.round((r.bytes / 1e6 / (r.ms / 1000)) * 10) / 10 : null });
    }
  }
  return rows;
}

function printParseTable(rows) {
  const files = [...new Set(rows.map((r) => r.file))];
  const lines = ['| file | parser | ms (median) | MB/s | entries | errors | peak RSS MB | ours ÷ peer (speed) |', '|---|---|---:|---:|---:|---:|---:|---:|'];
  for (const f of files) {
    const ours = rows.find((r) => r.file === f && r.parser === 'ours');
    for (const r of rows.filter((x) => x.file === f)) {
      const ratio = r.parser === 'ours' || !r.ok || !ours?.ok ? '' : `${(r.ms / ours.ms).toFixed(1)}×`;
      lines.push(r.ok
        ? `| ${f} | ${r.parser} | ${r.ms.toFixed(1)} | ${r.mbps} | ${r.entries} | ${r.errors} | ${r.rssMB} | ${ratio} |`
        : `| ${f} | ${r.parser} | ✗ ${r.error ?? ''} | | | | ${r.rssMB ?? ''} | |`);
    }
  }
  return lines.join('\n');
}

/* ------------------------------ server level ------------------------------ */

/** Loading the bundled database the server loads (the prepared papers.runtime.json), in a fresh process each time. */
async function bundledLoad(n = 5) {
  const out = path.join(tmp, 'bundledLoad.cjs');
  await esbuild.build({
    stdin: { contents: `const t0 = performance.now(); const { loadBundledIndex } = require(${JSON.stringify(path.join(root, 'server/src/bundled.ts'))}); const t1 = performance.now(); loadBundledIndex(${JSON.stringify(path.join(root, 'server/data/papers.runtime.json'))}); const t2 = performance.now(); console.log(JSON.stringify({ requireMs: t1 - t0, loadMs: t2 - t1 }));`, resolveDir: root, loader: 'js' },
    bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'silent',
  });
  const times = [];
  for (let i = 0; i < n; i++) {
    const r = spawnSync(process.execPath, [out], { encoding: 'utf8' });
    times.push(JSON.parse(r.stdout).loadMs);
  }
  times.sort((a, b) => a - b);
  return { medianMs: Math.round(times[Math.floor(n / 2)] * 10) / 10, minMs: Math.round(times[0] * 10) / 10, runs: n };
}

/** Runs `fn` but gives up after `ms` (a scenario that cannot finish must not hang the whole bench). */
async function within(ms, what, fn) {
  let timer;
  try {
    return await Promise.race([fn(), new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`${what}: gave up after ${ms / 1000} s`)), ms); })]);
  } catch (e) {
    return { failed: String(e.message ?? e).split('\n')[0] };
  } finally {
    clearTimeout(timer);
  }
}

/** How long the 100k and 1M servers idle before their memory is read a second time. */
const SETTLE_MS = 30_000;

/**
 * Requests per latency scenario (each a different query where the file gives that many): a p99 of
 * 200 was the second-slowest request, and moved by 2-3x between runs on this VM; of 1,000 it is the
 * tenth-slowest.
 */
const LATENCY_REQUESTS = 1000;

/**
 * Right after a latency scenario, the same requests against the replay server (the transport
 * floor, see server-bench.mjs transportFloor); the recorded answers are dropped afterwards.
 */
async function floorOf(sb, l) {
  if (!l?.recorded) return;
  log(`server: transport floor at ${l.label}`);
  l.floor = await within(300_000, `floor ${l.label}`, () => sb.transportFloor({ recorded: l.recorded, n: LATENCY_REQUESTS }));
  l.libraryFramingFloor = await within(300_000, `floor ${l.label} (library framing)`, () => sb.transportFloor({ recorded: l.recorded, n: LATENCY_REQUESTS, libraryFraming: true }));
  delete l.recorded;
}

async function serverStage() {
  const sb = await import('./server-bench.mjs');
  const out = {};
  log('server: bundled database load');
  out.bundledLoad = await bundledLoad();
  log('server: node start-up baseline');
  const nodeAlone = (env) => {
    const base = [];
    for (let i = 0; i < 5; i++) { const t = performance.now(); spawnSync(process.execPath, ['-e', '0'], { env }); base.push(performance.now() - t); }
    base.sort((a, b) => a - b);
    return Math.round(base[2]);
  };
  out.nodeBaseline = { medianMs: nodeAlone(process.env), note: 'spawn of `node -e 0`: the floor under any cold start on this machine' };
  // The second cold start and the latency and memory scenarios start the server with the environment
  // the VS Code client gives it (client/src/serverEnv.ts); the 100k scenario runs a second time with
  // this process's own environment, as an editor running `node dist/server.js --stdio` would start it.
  const asVsCode = require(path.join(root, 'dist/bench/serverEnv.js')).serverEnvOverrides(process.env);
  out.vscodeEnv = Object.fromEntries(Object.entries(asVsCode).map(([k, v]) => [k, v ?? null]));
  log('server: cold start');
  out.coldStart = await within(120_000, 'cold start', () => sb.coldStart(5));
  // NODE_EXTRA_CA_CERTS makes node parse a certificate file before any script runs. The VS Code
  // client starts the server without it (client/src/serverEnv.ts); an editor that runs
  // `node dist/server.js --stdio` passes on whatever its user has set. Both are measured when set.
  if (process.env.NODE_EXTRA_CA_CERTS) {
    const { NODE_EXTRA_CA_CERTS: _, ...without } = process.env;
    out.nodeBaselineWithoutCaCerts = { medianMs: nodeAlone(without) };
    out.coldStartWithoutCaCerts = await within(120_000, 'cold start without NODE_EXTRA_CA_CERTS', () => sb.coldStart(5, asVsCode));
  }
  const bib1k = ensureSynthBib(1_000, 'synth1k.bib');
  const bib10k = ensureSynthBib(10_000, 'synth10k.bib');
  const bib100k = ensureSynthBib(100_000, 'synth100k.bib');
  // Read once: the 100k file's keys (first completion) and queries (both 100k latency runs).
  const q100k = sb.sampleQueries(bib100k, LATENCY_REQUESTS);
  log('server: start -> first completion with the 100k bib');
  out.firstCompletion100k = await within(600_000, 'first completion 100k', () => sb.timeToFirstCompletion({ bibFile: bib100k, keys: q100k.keys }));
  out.latency = [];
  for (const [label, file, entries] of [['1k', bib1k, 1_000], ['10k', bib10k, 10_000], ['100k', bib100k, 100_000]]) {
    log(`server: latency at ${label}`);
    const q = file === bib100k ? q100k : sb.sampleQueries(file, LATENCY_REQUESTS);
    out.latency.push(await within(900_000, `latency ${label}`, () => sb.latencyAt({ label, files: { 'big.bib': { copy: file } }, entries, queries: q.qs, n: LATENCY_REQUESTS, env: asVsCode, settleMs: entries >= 100_000 ? SETTLE_MS : 0 })));
    await floorOf(sb, out.latency[out.latency.length - 1]);
  }
  log('server: latency at 100k, with the environment as given');
  out.latency100kAsGiven = await within(900_000, 'latency 100k as given', async () => {
    const { recorded: _, ...l } = await sb.latencyAt({ label: '100k', files: { 'big.bib': { copy: bib100k } }, entries: 100_000, queries: q100k.qs, n: LATENCY_REQUESTS });
    return l;
  });
  if (with1m) {
    const db1m = ensureJsonl(1_000_000, 'arxiv1m.jsonl');
    const queries = ['vaswani2017', 'attention trans', 'he2016', 'resid', 'kingma', 'diffusion mod', 'graph conv', 'schmidt2019', 'scaling laws', 'contrastive'];
    log('server: latency at 1M (JSON-lines database)');
    out.latency.push(await within(900_000, 'latency 1M', () => sb.latencyAt({ label: '1M (database)', files: {}, entries: 1_000_000, queries, n: LATENCY_REQUESTS, settings: { databases: [db1m] }, env: { ...asVsCode, ML_PAPERS_CACHE_DIR: path.join(tmp, 'cache') }, settleMs: SETTLE_MS })));
    await floorOf(sb, out.latency[out.latency.length - 1]);
  }
  log('server: re-index checks (no-op save, database cache)');
  const db100k = ensureJsonl(100_000, 'arxiv100k.jsonl');
  out.reindex = await within(900_000, 're-index', () => sb.reindexChecks({ bibFile: bib10k, dbFile: db100k, cacheDir: path.join(tmp, 'cache-reindex-' + Date.now()) }));
  return out;
}

function printServerTable(s) {
  const L = ['| figure | value | target | met |', '|---|---:|---:|:-:|'];
  const row = (name, value, target, ok) => L.push(`| ${name} | ${value} | ${target} | ${ok === undefined ? '' : ok ? 'yes' : 'no'} |`);
  const fail = (x) => x?.failed;
  row('bundled database load (median of 5 processes)', `${s.bundledLoad.medianMs} ms`, '< 20 ms', s.bundledLoad.medianMs < 20);
  if (s.nodeBaseline) row('node start-up alone (`node -e 0`, median of 5; context for the cold start)', `${s.nodeBaseline.medianMs} ms`, '', undefined);
  if (!fail(s.coldStart)) row('cold start → first hover answer, bundled DB only (median of 5)', `${s.coldStart.medianMs} ms`, '< 150 ms', s.coldStart.medianMs < 150);
  else row('cold start', s.coldStart.failed, '< 150 ms', false);
  if (s.nodeBaselineWithoutCaCerts) row('node start-up alone without NODE_EXTRA_CA_CERTS (set on this machine)', `${s.nodeBaselineWithoutCaCerts.medianMs} ms`, '', undefined);
  if (s.coldStartWithoutCaCerts) {
    if (!fail(s.coldStartWithoutCaCerts)) row('cold start → first hover, as the VS Code client starts the server (its environment: no NODE_EXTRA_CA_CERTS)', `${s.coldStartWithoutCaCerts.medianMs} ms`, '< 150 ms', s.coldStartWithoutCaCerts.medianMs < 150);
    else row('cold start without NODE_EXTRA_CA_CERTS', s.coldStartWithoutCaCerts.failed, '< 150 ms', false);
  }
  const fc = s.firstCompletion100k;
  if (!fail(fc)) {
    row('start → first completion including the 100k bib', `${fc.ms} ms`, '< 1500 ms', fc.ms < 1500);
    if (fc.titledMs !== undefined) row('start → the same completion item with its title and authors (after the parse)', `${fc.titledMs} ms`, '', undefined);
    row('slowest hover while the 100k bib is indexed', `${fc.hoverDuringIndexing.max} ms (${fc.hoverDuringIndexing.count} probes, p50 ${fc.hoverDuringIndexing.p50} ms)`, 'responsive', fc.hoverDuringIndexing.max < 100);
  } else row('start → first completion including the 100k bib', fc.failed, '< 1500 ms', false);
  if (s.vscodeEnv) row('latency and memory below: the server started with the VS Code client\'s environment changes (client/src/serverEnv.ts)', Object.entries(s.vscodeEnv).map(([k, v]) => `${k}=${v ?? '(removed)'}`).join(', ') || 'none', '', undefined);
  for (const l of s.latency) {
    if (fail(l)) { row(`latency at ${l.label ?? '?'}`, l.failed, '', false); continue; }
    const big = /1M/.test(l.label);
    const cTarget = big ? 20 : /100k/.test(l.label) ? 5 : undefined;
    row(`completion p50 / p99 at ${l.label} (${l.entries} entries)`, `${l.completion.p50} / ${l.completion.p99} ms`, cTarget ? `p99 < ${cTarget} ms` : '', cTarget ? l.completion.p99 < cTarget : undefined);
    row(`hover p50 / p99 at ${l.label}`, `${l.hover.p50} / ${l.hover.p99} ms`, 'p99 < 1 ms', l.hover.p99 < 1);
    const c = l.inServer?.completion, h = l.inServer?.hover;
    if (c && h) row(`inside the server at ${l.label}: handler time of the same requests (completion, hover p50 / p99)`, `${c.p50} / ${c.p99} ms, ${h.p50} / ${h.p99} ms`, '', undefined);
    if (l.floor && !fail(l.floor)) {
      const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(1)}×` : '–');
      row(`transport floor at ${l.label}: the same answers replayed by a bare vscode-languageserver with our stdio framing (completion, hover p50 / p99)`,
        `${l.floor.completion.p50} / ${l.floor.completion.p99} ms, ${l.floor.hover.p50} / ${l.floor.hover.p99} ms`, '', undefined);
      const lf = l.libraryFramingFloor;
      if (lf && !fail(lf)) row(`the same replay with vscode-languageserver's own stdio framing (completion, hover p50 / p99)`,
        `${lf.completion.p50} / ${lf.completion.p99} ms, ${lf.hover.p50} / ${lf.hover.p99} ms`, '', undefined);
      row(`ours ÷ floor at ${l.label} (completion p99, hover p99)`, `${ratio(l.completion.p99, l.floor.completion.p99)}, ${ratio(l.hover.p99, l.floor.hover.p99)}`, '', undefined);
    }
    row(`index ready at ${l.label} (server start → all entries indexed)`, `${l.indexedMs} ms`, '', undefined);
    const rTarget = big ? 1024 : /100k/.test(l.label) ? 200 : undefined;
    if (l.rssIndexedMB !== undefined) row(`RSS at ${l.label} once indexed (workers stopped, before the latency requests; V8 heap total ${l.heapTotalIndexedMB} MB)`, `${l.rssIndexedMB} MB`, rTarget ? `< ${rTarget} MB` : '', rTarget ? l.rssIndexedMB < rTarget : undefined);
    row(`RSS at ${l.label} after the latency requests (V8 heap total ${l.heapTotalMB ?? '?'} MB)`, `${l.rssMB} MB`, rTarget ? `< ${rTarget} MB` : '', rTarget ? l.rssMB < rTarget : undefined);
    if (l.settledRssMB !== undefined) row(`RSS at ${l.label} after ${l.settledAfterMs / 1000} s idle`, `${l.settledRssMB} MB`, rTarget ? `< ${rTarget} MB` : '', rTarget ? l.settledRssMB < rTarget : undefined);
  }
  const g = s.latency100kAsGiven;
  if (g && !fail(g)) {
    row('100k, the server started with the environment as given (as `node dist/server.js --stdio` from another editor): completion, hover p50 / p99',
      `${g.completion.p50} / ${g.completion.p99} ms, ${g.hover.p50} / ${g.hover.p99} ms`, '', undefined);
    row('RSS at 100k, environment as given: once indexed, after the latency requests', `${g.rssIndexedMB} MB, ${g.rssMB} MB`, '< 200 MB', g.rssMB < 200 && g.rssIndexedMB < 200);
  } else if (g) row('latency at 100k, environment as given', g.failed, '', false);
  const ri = s.reindex;
  if (!fail(ri)) {
    row('no-op change of two bibs: files re-read', `${ri.noOpSave.fileReadsAfter - ri.noOpSave.fileReadsBefore} (skipped by stat: ${ri.noOpSave.unchangedSkips})`, '0', ri.noOpSave.fileReadsAfter === ri.noOpSave.fileReadsBefore);
    row('100k-record JSON-lines database: load, first start (stream)', `${ri.firstStartDatabaseLoad.ms} ms`, '', undefined);
    row('same database, second start (on-disk cache)', `${ri.secondStartDatabaseLoad.ms} ms (from cache: ${ri.secondStartDatabaseLoad.fromCache})`, 'faster', ri.secondStartDatabaseLoad.ms < ri.firstStartDatabaseLoad.ms);
  } else row('re-index checks', ri.failed, '', false);
  return L.join('\n');
}

/* ------------------------------ main ------------------------------ */

const started = new Date();
const results = { date: started.toISOString(), machine: machine(), options: { runs, quick, with1m } };
if (!only || only === 'parse') {
  results.parse = await parseStage();
  console.log('\n## Parse stage (string in memory → entries)\n');
  console.log(printParseTable(results.parse));
}
if (!only || only === 'server') {
  if (!existsSync(path.join(root, 'dist/server.js')) || !existsSync(path.join(root, 'dist/test/server/lspClient.js'))) {
    console.error('dist/ is missing: run `node esbuild.js` (npm run bench does) first');
    process.exit(1);
  }
  results.server = await serverStage();
  console.log('\n## Server over stdio\n');
  console.log(printServerTable(results.server));
}
if (!only || only === 'graph') {
  const { graphStage, printGraphTable } = await import('./graph.mjs');
  results.graph = await graphStage(root, tmp, log);
  console.log('\n## Related-papers graph of a 300-citation document\n');
  console.log(printGraphTable(results.graph));
}
const m = results.machine;
console.log(`\nMachine: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, Node ${m.node}, load average at start ${m.loadAverageAtStart.join(' / ')}`);
const dir = path.join(here, 'results');
const stamp = started.toISOString().replace(/[:]/g, '-').replace(/\..*/, '');
writeFileSync(path.join(dir, `${stamp}.json`), JSON.stringify(results, null, 2) + '\n');
// A run of one stage (--only) does not replace the last full run's latest.json.
if (!only) writeFileSync(path.join(dir, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
console.log(`\nResults: bench/results/${stamp}.json${only ? '' : ' (and latest.json)'}`);


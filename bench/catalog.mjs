#!/usr/bin/env node
// What the venue catalog (server/data/catalog.jsonl.gz) costs: cold start to the first hover with
// the catalog on and off (bench/server-bench.mjs coldStart, alternating), the time from spawn until
// the catalog is indexed on a first start (no cache) and a second one (from the cache), and the
// server's RSS once indexing is over, with and without it. Needs `npm run build` first.
//
//   node bench/catalog.mjs [--runs 5] [--catalog server/data/catalog.jsonl.gz]
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as sb from './server-bench.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { LspTestClient } = require(path.join(root, 'dist/test/server/lspClient.js'));
const args = process.argv.slice(2);
const opt = (f, d) => { const i = args.indexOf(f); return i >= 0 ? args[i + 1] : d; };
const runs = Number(opt('--runs', 5));
const catalog = path.resolve(root, opt('--catalog', 'server/data/catalog.jsonl.gz'));
const NOTE = 'Cited: [@he2016deep].\n';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** One start on an empty workspace: ms until the catalog is indexed (when on), then RSS once the worker is done. */
async function start(on, cacheDir) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mlp-cat-ws-'));
  writeFileSync(path.join(dir, 'notes.md'), NOTE);
  const t0 = performance.now();
  const client = new LspTestClient(path.join(root, 'dist/server.js'), { ML_PAPERS_CACHE_DIR: cacheDir, ML_PAPERS_CATALOG: on ? catalog : '' }, { framing: 'lean' });
  try {
    await client.initialize(dir);
    client.open(pathToFileURL(path.join(dir, 'notes.md')).toString(), 'markdown', NOTE);
    let s;
    for (;;) {
      s = await client.request('mlPapers/debugStats', {});
      if (on ? s.last[catalog] && !s.index.preparing : client.logs.some((l) => /^Indexed \d+ bibliography/.test(l))) break;
      await sleep(20);
    }
    const indexedMs = Math.round(performance.now() - t0);
    // The worker's memory counts in RSS until it stops; the cache is written by then.
    for (let i = 0; i < 200 && s.workersRunning; i++) { await sleep(50); s = await client.request('mlPapers/debugStats', {}); }
    await sleep(500);
    s = await client.request('mlPapers/debugStats', {});
    return { indexedMs, fromCache: on ? s.last[catalog].fromCache : undefined, entries: on ? s.last[catalog].entries : 0, rssMB: s.rssMB, heapUsedMB: s.heapUsedMB, arrayBuffersMB: s.arrayBuffersMB };
  } finally {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
}

const out = { catalog: path.relative(root, catalog) };
const offCold = [], onCold = [];
for (let r = 0; r < 3; r++) {
  offCold.push(await sb.coldStart(runs, { ML_PAPERS_CATALOG: '' }));
  onCold.push(await sb.coldStart(runs, { ML_PAPERS_CATALOG: catalog }));
}
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
out.coldStartToFirstHoverMs = { off: med(offCold.map((c) => c.medianMs)), on: med(onCold.map((c) => c.medianMs)), offRuns: offCold.map((c) => c.medianMs), onRuns: onCold.map((c) => c.medianMs) };
const cacheDir = mkdtempSync(path.join(tmpdir(), 'mlp-cat-cache-'));
try {
  out.off = await start(false, cacheDir);
  out.firstStart = await start(true, cacheDir);
  out.secondStart = await start(true, cacheDir);
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}
console.log(JSON.stringify(out, null, 1));

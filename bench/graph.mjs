// The related-papers graph of a 300-citation document, side by side in one run: in process (scan,
// model + layout, each writer) and through the server as the webview asks for it (mlPapers/paperGraph
// with its SVG), beside a hover in the same server session. Target: the graph opens in under a second.
//   node bench/run.mjs --only graph     (needs `node esbuild.js` first: it uses dist/test/server/lspClient.js)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const require = createRequire(import.meta.url);
const CITATIONS = 300;
const ROUNDS = 15;

/**
 * A review citing 300 database papers: every paper with relations (so the graph has edges and
 * suggestions), then every seventh other paper, in database order. Deterministic.
 */
export function reviewOf(ids, related, n = 300) {
  const keys = [...ids.filter((id) => related.has(id)), ...ids.filter((id, i) => !related.has(id) && i % 7 === 0)].slice(0, n);
  return { keys, text: `# A review\n\n${keys.map((k, i) => `Paper ${i} [@${k}].`).join('\n')}\n` };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return Math.round(s[Math.floor(s.length / 2)] * 100) / 100; };

/** In a fresh process: load the database, then time each stage ROUNDS times (the first round apart: cold code). */
async function inProcess(root, tmp) {
  const out = path.join(tmp, 'graphBench.cjs');
  const src = (f) => JSON.stringify(path.join(root, f));
  await esbuild.build({
    stdin: {
      contents: `
const { loadBundledIndex } = require(${src('server/src/bundled.ts')});
const { citedKeys } = require(${src('server/src/core/documentModel.ts')});
const { paperGraph } = require(${src('server/src/core/paperGraph.ts')});
const w = require(${src('server/src/core/paperGraphWriters.ts')});
const { defaultConfig } = require(${src('server/src/core/model.ts')});
const { index } = loadBundledIndex(${src('server/data/papers.runtime.json')});
const db = index.db;
const ids = Array.from({ length: db.size }, (_, i) => db.idAt(i)).sort();
const related = new Set(db.papers.filter((p) => (p.custom.related ?? []).length).map((p) => p.id));
const { text } = (${reviewOf.toString()})(ids, related, ${CITATIONS});
const rounds = ${ROUNDS};
const t = { scan: [], model: [], svg: [], dot: [], mermaid: [], total: [] };
let g;
for (let r = 0; r < rounds; r++) {
  const doc = { uri: 'file:///review' + r + '.md', language: 'markdown', text: text + ' '.repeat(r) };
  const t0 = performance.now(); const keys = citedKeys(doc, defaultConfig);
  const t1 = performance.now(); g = paperGraph(keys, index);
  const t2 = performance.now(); const svg = w.graphToSvg(g);
  const t3 = performance.now(); w.graphToDot(g);
  const t4 = performance.now(); w.graphToMermaid(g);
  const t5 = performance.now();
  t.scan.push(t1 - t0); t.model.push(t2 - t1); t.svg.push(t3 - t2); t.dot.push(t4 - t3); t.mermaid.push(t5 - t4); t.total.push(t3 - t0);
  if (r === 0) t.svgBytes = svg.length;
}
console.log(JSON.stringify({ t, nodes: g.nodes.length, cited: g.nodes.filter((n) => n.status === 'cited').length, edges: g.edges.length, width: g.width, height: g.height }));
`,
      resolveDir: root, loader: 'js',
    },
    bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'silent', external: ['citation-js'],
  });
  const r = spawnSync(process.execPath, [out], { encoding: 'utf8', cwd: root });
  if (r.status !== 0) throw new Error(r.stderr);
  const res = JSON.parse(r.stdout);
  const stage = (xs) => ({ firstMs: Math.round(xs[0] * 100) / 100, medianMs: median(xs.slice(1)) });
  return { nodes: res.nodes, cited: res.cited, edges: res.edges, svgBytes: res.t.svgBytes, size: `${Math.round(res.width)}×${Math.round(res.height)}`,
    scan: stage(res.t.scan), model: stage(res.t.model), svg: stage(res.t.svg), dot: stage(res.t.dot), mermaid: stage(res.t.mermaid), total: stage(res.t.total) };
}

/** Through the server, as the panel asks: the first graph request, then warm ones, beside hovers. */
async function overStdio(root, text, firstKey) {
  const { LspTestClient } = require(path.join(root, 'dist/test/server/lspClient.js'));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mlp-graph-bench-'));
  writeFileSync(path.join(dir, 'review.md'), text);
  const uri = pathToFileURL(path.join(dir, 'review.md')).toString();
  const client = new LspTestClient(path.join(root, 'dist/server.js'), {}, { framing: 'lean' });
  try {
    await client.initialize(dir);
    await client.waitForNotification('mlPapers/status', (p) => p.indexing === false, 30_000);
    client.open(uri, 'markdown', text);
    const hoverAt = { textDocument: { uri }, position: { line: 2, character: text.split('\n')[2].indexOf(firstKey) + 1 } };
    await client.request('textDocument/hover', hoverAt);
    const time = async (fn) => { const t = performance.now(); await fn(); return performance.now() - t; };
    const graph = () => client.request('mlPapers/paperGraph', { uri, scope: 'document', render: 'svg' });
    const first = await time(graph);
    const graphs = [];
    const hovers = [];
    for (let i = 0; i < ROUNDS; i++) {
      graphs.push(await time(graph));
      hovers.push(await time(() => client.request('textDocument/hover', hoverAt)));
    }
    return { firstMs: Math.round(first * 10) / 10, graphMedianMs: median(graphs), hoverMedianMs: median(hovers) };
  } finally {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function graphStage(root, tmp, log) {
  log('graph: 300-citation document, in process');
  const proc = await inProcess(root, tmp);
  log('graph: the same through the server');
  const papers = require(path.join(root, 'server/data/papers.runtime.json')).index;
  const ids = papers.map((row) => row[0]).sort();
  const full = JSON.parse(require('node:fs').readFileSync(path.join(root, 'server/data/papers.json'), 'utf8'));
  const related = new Set(full.filter((p) => (p.custom?.related ?? []).length).map((p) => p.id));
  const { keys, text } = reviewOf(ids, related, CITATIONS);
  const stdio = await overStdio(root, text, keys[0]);
  return { citations: keys.length, inProcess: proc, stdio };
}

export function printGraphTable(g) {
  const p = g.inProcess;
  const row = (what, s) => `| ${what} | ${s.firstMs} | ${s.medianMs} |`;
  return [
    `${g.citations} citations → ${p.nodes} nodes (${p.cited} cited, ${p.nodes - p.cited} suggested), ${p.edges} relations, ${p.size} px, SVG ${(p.svgBytes / 1024).toFixed(0)} KB`,
    '',
    '| stage (in process) | first run (ms) | median of the next (ms) |',
    '|---|---|---|',
    row('scan the document (cited keys)', p.scan),
    row('model + layout (paperGraph)', p.model),
    row('SVG', p.svg),
    row('DOT', p.dot),
    row('Mermaid', p.mermaid),
    row('scan + model + layout + SVG', p.total),
    '',
    `Through the server (mlPapers/paperGraph with render: svg, as the webview asks): first ${g.stdio.firstMs} ms, then median ${g.stdio.graphMedianMs} ms; a hover in the same session: median ${g.stdio.hoverMedianMs} ms (graph ÷ hover ${(g.stdio.graphMedianMs / Math.max(g.stdio.hoverMedianMs, 0.01)).toFixed(0)}×). Target: the graph opens in under 1000 ms: ${g.stdio.firstMs < 1000 ? 'met' : 'NOT met'}.`,
  ].join('\n');
}

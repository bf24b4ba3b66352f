// `ml-papers graph` end to end: node dist/cli.js as a child process on a folder of notes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const cli = path.resolve('dist/cli.js');
let dir: string;

function run(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mlp-cli-graph-'));
  mkdirSync(path.join(dir, 'notes'));
  writeFileSync(path.join(dir, 'notes', 'bert.md'), 'BERT [@devlin2019bert] and the Transformer [@Vaswani.Attention.2017].\n');
  writeFileSync(path.join(dir, 'notes', 'gans.tex'), 'GANs \\cite{goodfellow2014generative}, WGAN \\cite{arjovsky2017wasserstein}, \\cite{nobody2099none}.\n');
  writeFileSync(path.join(dir, 'notes', 'refs.bib'), '@inproceedings{Vaswani.Attention.2017,\n  title = {Attention Is All You Need},\n  author = {Vaswani, Ashish},\n  year = {2017},\n  eprint = {1706.03762}\n}\n');
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('graph notes/ --format mermaid: every cited paper, the relations between them, the suggestions', () => {
  const r = run(['graph', 'notes', '--format', 'mermaid']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^flowchart LR\n/);
  const labels = new Map([...r.stdout.matchAll(/^ {4}(n\d+)\("([^"]*)"\)$/gm)].map((m) => [m[2], m[1]]));
  for (const l of ['BERT', 'Transformer', 'GAN', 'WGAN', 'nobody2099none']) assert.ok(labels.has(l), `${l} in ${[...labels.keys()].join(', ')}`);
  assert.ok(r.stdout.includes(`  ${labels.get('BERT')} -->|"builds on"| ${labels.get('Transformer')}\n`), 'BERT builds on the Transformer (the user key)');
  assert.ok(r.stdout.includes(`  ${labels.get('WGAN')} -.->|"honourable mention of"| ${labels.get('GAN')}\n`), 'a dotted arrow for an honourable mention');
  assert.ok(labels.has('GPT') && labels.has('ELMo'), 'what BERT improves on is suggested');
  assert.match(r.stdout, new RegExp(`class [n\\d,]*${labels.get('GPT')}[n\\d,]* suggested`));
  assert.match(r.stderr, /5 cited papers, \d+ suggested, \d+ relations/);
});

test('graph --out: the format from the extension, written atomically; SVG and DOT that Graphviz reads', () => {
  const svg = run(['graph', 'notes/bert.md', '--out', 'graph.svg']);
  assert.equal(svg.code, 0, svg.stderr);
  const text = readFileSync(path.join(dir, 'graph.svg'), 'utf8');
  assert.match(text, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.ok(text.includes('<title id="graph-title">Related papers of bert.md</title>'));
  assert.match(svg.stderr, /graph\.svg: 2 cited papers/);
  assert.equal(run(['graph', 'notes', '--out', 'graph.dot']).code, 0);
  const dot = spawnSync('dot', ['-Tsvg', path.join(dir, 'graph.dot')], { encoding: 'utf8' });
  assert.equal(dot.status, 0, dot.stderr || String(dot.error));
  assert.equal(run(['graph', 'notes', '--out', 'review.md']).code, 0);
  assert.match(readFileSync(path.join(dir, 'review.md'), 'utf8'), /^```mermaid\nflowchart LR\n[\s\S]*```\n$/);
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
});

test('graph: bad input gets a clear message and exit 2', () => {
  const noArgs = run(['graph']);
  assert.equal(noArgs.code, 2);
  assert.match(noArgs.stderr, /graph needs files or folders/);
  const badFormat = run(['graph', 'notes', '--format', 'png']);
  assert.equal(badFormat.code, 2);
  assert.match(badFormat.stderr, /--format must be svg, dot or mermaid, not "png"/);
  const missing = run(['graph', 'nowhere']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read nowhere/);
  const onlyBib = run(['graph', 'notes/refs.bib']);
  assert.equal(onlyBib.code, 2);
  assert.match(onlyBib.stderr, /no Markdown or LaTeX files/);
});

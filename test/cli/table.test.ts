// `ml-papers table` end to end: `node dist/cli.js table …` as a child process.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const cli = path.resolve('dist/cli.js');
let dir: string;

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const review = `---
bibliography: references.bib
---
Attention [@vaswani2017attention], residual networks [@He.Zhang.2016] and Adam [@kingma2015adam].
Unknown: [@nobody2099nothing].
`;

const paper = `\\documentclass{article}
\\begin{document}
GANs \\citep{goodfellow2014generative} and attention \\cite{vaswani2017attention}.
\\end{document}
`;

const references = `@inproceedings{He.Zhang.2016,
  title = {Deep Residual Learning for Image Recognition},
  author = {He, Kaiming and Zhang, Xiangyu and Ren, Shaoqing and Sun, Jian},
  booktitle = {CVPR},
  year = {2016}
}
`;

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mlp-cli-table-'));
  writeFileSync(path.join(dir, 'review.md'), review);
  writeFileSync(path.join(dir, 'paper.tex'), paper);
  writeFileSync(path.join(dir, 'references.bib'), references);
  writeFileSync(path.join(dir, 'empty.md'), 'No citations here.\n');
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** The keys of a Markdown table's rows, in order. */
const markdownKeys = (text: string) => [...text.matchAll(/^\| \[@([^\]]+)\] \|/gm)].map((m) => m[1]);

test('a Markdown note gets a Markdown table, oldest first; unknown keys are named on stderr', () => {
  const r = run(['table', 'review.md']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\| Paper \| Title \| Year \| Venue \| Summary \| Code \|\n/);
  assert.deepEqual(markdownKeys(r.stdout), ['kingma2015adam', 'He.Zhang.2016', 'vaswani2017attention']);
  // The user's key for ResNet: its own venue, the database's summary and code.
  assert.match(r.stdout, /\| \[@He\.Zhang\.2016\] \| Deep Residual Learning for Image Recognition \| 2016 \| CVPR \| Introduced residual .*KaimingHe\/deep-residual-networks/);
  assert.match(r.stderr, /no row for keys nothing knows: nobody2099nothing/);
  assert.match(r.stderr, /3 papers/);
});

test('--format and --sort: CSV sorted by topic', () => {
  const r = run(['table', 'review.md', '--format', 'csv', '--sort', 'topic']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\r\n');
  assert.equal(lines[0], 'key,title,authors,year,venue,topic,summary,code,code_official');
  assert.deepEqual(lines.slice(1, -1).map((l) => l.split(',')[0]), ['He.Zhang.2016', 'vaswani2017attention', 'kingma2015adam']);
  assert.equal(lines.at(-1), '');
});

test('a LaTeX file gets a longtable, and the packages it needs are named', () => {
  const r = run(['table', 'paper.tex']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\\begin\{longtable\}/);
  assert.deepEqual([...r.stdout.matchAll(/^\\cite\{([^}]+)\}/gm)].map((m) => m[1]), ['goodfellow2014generative', 'vaswani2017attention']);
  assert.match(r.stderr, /needs \\usepackage\{longtable,array,url\}/);
});

test('--out writes the file atomically, in the format its extension names', () => {
  const r = run(['table', 'review.md', 'paper.tex', '--out', 'papers.csv']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  const csv = readFileSync(path.join(dir, 'papers.csv'), 'utf8');
  assert.deepEqual(csv.split('\r\n').slice(1, -1).map((l) => l.split(',')[0]), ['goodfellow2014generative', 'kingma2015adam', 'He.Zhang.2016', 'vaswani2017attention']);
  assert.match(r.stderr, /4 papers written to papers\.csv/);
  assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.tmp')), []);
  // --format wins over the extension.
  assert.equal(run(['table', 'review.md', '--out', 'papers.txt', '--format', 'md']).code, 0);
  assert.deepEqual(markdownKeys(readFileSync(path.join(dir, 'papers.txt'), 'utf8')), ['kingma2015adam', 'He.Zhang.2016', 'vaswani2017attention']);
});

test('bad input: a clear message and exit 2; nothing cited: exit 1', () => {
  for (const [args, message] of [
    [['table'], /table needs files or folders/],
    [['table', 'review.md', '--format', 'html'], /--format must be md, tex or csv, not html/],
    [['table', 'review.md', '--sort', 'colour'], /--sort must be year or topic, not colour/],
    [['table', 'missing.md'], /cannot read missing\.md/],
    [['table', 'references.bib'], /no Markdown or LaTeX files/],
  ] as Array<[string[], RegExp]>) {
    const r = run(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
  const none = run(['table', 'empty.md']);
  assert.equal(none.code, 1);
  assert.equal(none.stdout, '');
  assert.match(none.stderr, /cite no paper/);
});

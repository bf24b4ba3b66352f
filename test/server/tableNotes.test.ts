// The literature table and paper note requests over real stdio JSON-RPC, as any editor would send them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LiteratureTableRequest, PaperNoteRequest } from '../../server/src/protocol';
import { LspTestClient } from './lspClient';

const md = `---
bibliography: refs.bib
---
Attention [@vaswani2017attention], residual networks [@He.Zhang.2016] and Adam [@kingma2015adam].
Again [@vaswani2017attention]; unknown [@nobody2099nothing].
`;

const tex = `\\documentclass{article}
\\begin{document}
\\citet{vaswani2017attention} and \\citep{kingma2015adam}.
\\end{document}
`;

// The user's own key for ResNet: the table cites it as written, with the database's facts.
const bib = `@inproceedings{He.Zhang.2016,
  title = {Deep Residual Learning for Image Recognition},
  author = {He, Kaiming and Zhang, Xiangyu and Ren, Shaoqing and Sun, Jian},
  booktitle = {CVPR},
  year = {2016}
}
`;

let dir: string;
let client: LspTestClient;
const uriOf = (name: string) => pathToFileURL(path.join(dir, name)).toString();

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mlp-table-'));
  writeFileSync(path.join(dir, 'review.md'), md);
  writeFileSync(path.join(dir, 'paper.tex'), tex);
  writeFileSync(path.join(dir, 'refs.bib'), bib);
  client = new LspTestClient();
  await client.initialize(dir);
  await client.waitForNotification('mlPapers/status', (p) => p.indexing === false && p.bibEntries >= 1);
  client.open(uriOf('review.md'), 'markdown', md);
  client.open(uriOf('paper.tex'), 'latex', tex);
});

after(async () => {
  await client.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

const table = (params: LiteratureTableRequest.Params) => client.request<LiteratureTableRequest.Response>(LiteratureTableRequest.method, params);

test('a Markdown document gets a Markdown table of the papers it cites, oldest first', async () => {
  const r = await table({ uri: uriOf('review.md') });
  assert.ok(r);
  assert.equal(r.format, 'markdown');
  assert.equal(r.rows, 3);
  assert.deepEqual(r.unknown, ['nobody2099nothing']);
  assert.deepEqual(r.packages, []);
  const lines = r.text.trimEnd().split('\n');
  assert.equal(lines[0], '| Paper | Title | Year | Venue | Summary | Code |');
  assert.deepEqual(lines.slice(2).map((l) => /^\| (\S+) \|/.exec(l)?.[1]), ['[@kingma2015adam]', '[@He.Zhang.2016]', '[@vaswani2017attention]']);
  // The user's entry resolves to the database paper: its summary and official code are in the row.
  assert.match(lines[3], /\| Deep Residual Learning for Image Recognition \| 2016 \| CVPR \| Introduced residual/);
  assert.match(lines[3], /\[KaimingHe\/deep-residual-networks\]\(https:\/\/github\.com\/KaimingHe\/deep-residual-networks\) \|$/);
});

test('sorted by topic, and in another format when asked', async () => {
  const r = await table({ uri: uriOf('review.md'), sort: 'topic', format: 'csv' });
  assert.ok(r);
  assert.equal(r.format, 'csv');
  // ResNet and the Transformer are filed under "architecture" first (by year within it), Adam under "optimisation".
  assert.deepEqual(r.text.split('\r\n').slice(1, -1).map((l) => l.split(',')[0]), ['He.Zhang.2016', 'vaswani2017attention', 'kingma2015adam']);
  assert.match(r.text, /^He\.Zhang\.2016,Deep Residual Learning for Image Recognition,"He, Zhang, Ren, Sun",2016,CVPR,architecture,/m);
});

test('a LaTeX document gets a longtable with \\cite and the packages it needs', async () => {
  const r = await table({ uri: uriOf('paper.tex'), sort: 'year' });
  assert.ok(r);
  assert.equal(r.format, 'latex');
  assert.deepEqual(r.packages, ['longtable', 'array', 'url']);
  assert.match(r.text, /\\begin\{longtable\}/);
  assert.deepEqual([...r.text.matchAll(/^\\cite\{([^}]+)\}/gm)].map((m) => m[1]), ['kingma2015adam', 'vaswani2017attention']);
});

test('a document that is not open, a .bib, or nonsense parameters: null or the defaults, never an error', async () => {
  assert.equal(await table({ uri: uriOf('nothere.md') }), null);
  client.open(uriOf('refs.bib'), 'bibtex', bib);
  assert.equal(await table({ uri: uriOf('refs.bib') }), null);
  assert.equal(await client.request(LiteratureTableRequest.method, null), null);
  const r = await client.request<LiteratureTableRequest.Response>(LiteratureTableRequest.method, { uri: uriOf('review.md'), sort: 'colour', format: 42 });
  assert.equal(r?.format, 'markdown');
  assert.match(r!.text, /^\| Paper \| Title \|/);
});

test('a paper note: its file name and text for a key, a nickname, or nothing for an unknown key', async () => {
  const note = await client.request<PaperNoteRequest.Response>(PaperNoteRequest.method, { key: 'he2016deep' });
  assert.ok(note);
  assert.equal(note.fileName, 'he2016deep.md');
  assert.match(note.text, /^---\ntitle: "Deep Residual Learning for Image Recognition"\n/);
  assert.match(note.text, /\nNotes on \[@he2016deep\]\.\n/);
  assert.match(note.text, /\n## My thoughts\n/);
  const byNickname = await client.request<PaperNoteRequest.Response>(PaperNoteRequest.method, { key: 'ResNet' });
  assert.equal(byNickname?.key, 'he2016deep');
  // A user's key is noted under that key.
  assert.equal((await client.request<PaperNoteRequest.Response>(PaperNoteRequest.method, { key: 'He.Zhang.2016' }))?.fileName, 'He.Zhang.2016.md');
  assert.equal(await client.request(PaperNoteRequest.method, { key: 'nobody2099nothing' }), null);
  assert.equal(await client.request(PaperNoteRequest.method, {}), null);
});

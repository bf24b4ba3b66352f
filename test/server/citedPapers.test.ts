// The Papers view's request over stdio, as any editor would send it: one open document, the whole
// workspace (a note on disk the editor never opened included), grouping, and adding one paper.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CitedPapersRequest, ServerCommands } from '../../server/src/protocol';
import { LspTestClient, positionOf } from './lspClient';

let dir: string;
let client: LspTestClient;
const uri = (rel: string) => pathToFileURL(path.join(dir, rel)).toString();

const REFS = '@inproceedings{He.Zhang.Ren.ea.2016,\n  title = {Deep Residual Learning for Image Recognition},\n  booktitle = {CVPR},\n  year = {2016},\n  eprint = {1512.03385}\n}\n\n@misc{smith2020notes,\n  title = {Unpublished Notes},\n  year = {2020}\n}\n';
const NOTE = '---\nbibliography: refs.bib\n---\nResNets [@he2016deep] and notes [@smith2020notes].\nAttention [@vaswani2017attention], again @vaswani2017attention.\nUnknown [@nosuch2099].\n';
const CHAPTER = '\\cite{kingma2015adam,smith2020notes}\n\\bibliography{refs}\n';

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mlp-cited-'));
  writeFileSync(path.join(dir, 'refs.bib'), REFS);
  writeFileSync(path.join(dir, 'note.md'), NOTE);
  writeFileSync(path.join(dir, 'chapter.tex'), CHAPTER);
  client = new LspTestClient();
  await client.initialize(dir);
  await client.waitForNotification('mlPapers/status', (p) => p.indexing === false && p.bibEntries >= 2);
  client.open(uri('note.md'), 'markdown', NOTE);
});

after(async () => {
  await client.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

const cited = (params: CitedPapersRequest.Params) => client.request<CitedPapersRequest.Result>(CitedPapersRequest.method, params);

test('the papers an open document cites: fields, status, and each citation as a range', async () => {
  const r = await cited({ uri: uri('note.md'), scope: 'document' });
  assert.equal(r.documents, 1);
  assert.deepEqual(r.papers.map((p) => `${p.key} ${p.status}${p.existing ? ` as ${p.existing}` : ''} ${p.year ?? '-'} ${p.venue ?? '-'} ${p.file ? path.basename(p.file) : p.source}`), [
    'he2016deep same-paper as He.Zhang.Ren.ea.2016 2016 CVPR 2016 refs.bib',
    'smith2020notes in-bibliography 2020 - refs.bib',
    'vaswani2017attention missing 2017 NeurIPS 2017 database',
    'nosuch2099 unknown - - none',
  ]);
  const vaswani = r.papers[2];
  assert.equal(vaswani.title, 'Attention Is All You Need');
  assert.deepEqual(vaswani.topics, ['architecture', 'nlp']);
  assert.equal(vaswani.citations.length, 2);
  const start = positionOf(NOTE, 'vaswani2017attention');
  assert.deepEqual(vaswani.citations[0], { uri: uri('note.md'), status: 'missing', range: { start, end: { line: start.line, character: start.character + 'vaswani2017attention'.length } } });
  assert.equal(vaswani.citations[1].range.start.character, positionOf(NOTE, '@vaswani2017attention.', 1).character);
});

test('grouped by bibliography file, the groups list the keys; a document that is not open gives nothing', async () => {
  const r = await cited({ uri: uri('note.md'), scope: 'document', groupBy: 'file' });
  assert.deepEqual(r.groups?.map((g) => `${g.label}: ${g.keys.join(' ')}`), ['refs.bib: he2016deep smith2020notes', 'ML Papers database: vaswani2017attention', 'Unknown keys: nosuch2099']);
  assert.deepEqual(await cited({ uri: uri('chapter.tex'), scope: 'document' }), { papers: [], documents: 0 });
  assert.deepEqual(await cited({ scope: 'document' }), { papers: [], documents: 0 });
});

test('the workspace: every note, open or on disk, each key once with the places in each document', async () => {
  const r = await cited({ scope: 'workspace', groupBy: 'year' });
  assert.equal(r.documents, 2);
  const byKey = new Map(r.papers.map((p) => [p.key, p]));
  assert.deepEqual([...byKey.keys()].sort(), ['he2016deep', 'kingma2015adam', 'nosuch2099', 'smith2020notes', 'vaswani2017attention']);
  assert.deepEqual(byKey.get('smith2020notes')!.citations.map((c) => `${path.basename(c.uri)}:${c.range.start.line} ${c.status}`).sort(), ['chapter.tex:0 in-bibliography', 'note.md:3 in-bibliography']);
  assert.equal(byKey.get('kingma2015adam')!.status, 'missing');
  assert.deepEqual(r.groups?.map((g) => g.label), ['2015', '2016', '2017', '2020', 'No year']);
});

test('typing changes the answer; adding one paper appends only that entry, as an edit', async () => {
  client.change(uri('note.md'), `${NOTE}GANs [@goodfellow2014generative].\n`);
  const r = await cited({ uri: uri('note.md'), scope: 'document' });
  assert.equal(r.papers.at(-1)?.key, 'goodfellow2014generative');
  const result = await client.request('workspace/executeCommand', { command: ServerCommands.addMissingEntries, arguments: [uri('note.md'), ['vaswani2017attention']] });
  assert.deepEqual(result.added, ['vaswani2017attention']);
  const edit = JSON.stringify(client.appliedEdits.at(-1));
  assert.match(edit, /@\w+\{vaswani2017attention,/);
  assert.doesNotMatch(edit, /goodfellow2014generative/);
});

test('bad parameters get an empty answer, not an error', async () => {
  assert.deepEqual(await client.request(CitedPapersRequest.method, null), { papers: [], documents: 0 });
  assert.deepEqual(await client.request(CitedPapersRequest.method, { scope: 'document', uri: 42, groupBy: 'colour' }), { papers: [], documents: 0 });
});

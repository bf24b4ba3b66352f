// The language server spoken to over real stdio JSON-RPC, as Neovim or Emacs would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient, positionOf } from './lspClient';

const md = `---
bibliography: refs.bib
---
# Notes

Residual networks [@he2016deep] and Adam [@kingma2014adam; @Vaswani.Attention.2017].
A typo: [@vaswani2017atention]. Unknown: [@nobody2099nothing].
🎉🎉 After emoji: [@goodfellow2014generative].
Complete here: [@resn]
See https://arxiv.org/abs/1512.03385 for the paper.
`;

const tex = `\\documentclass{article}
\\begin{document}
As shown by \\citet{he2016deep} and \\citep[p.~3]{kingma2014adam,Vaswani.Attention.2017}.
% \\cite{commented2020out}
\\bibliography{refs}
\\end{document}
`;

const bib = `@inproceedings{Vaswani.Attention.2017,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish and Shazeer, Noam and Parmar, Niki and Uszkoreit, Jakob and Jones, Llion and Gomez, Aidan N. and Kaiser, {\\L}ukasz and Polosukhin, Illia},
  booktitle = {Advances in Neural Information Processing Systems},
  year = {2017},
  eprint = {1706.03762}
}

@article{broken2020entry,
  title = {An entry whose braces never close,
  year = 2020

@misc{after2021broken,
  title = {The Entry After the Broken One},
  author = {Doe, Jane},
  year = {2021}
}
`;

let dir: string;
let client: LspTestClient;
let mdUri: string;
let texUri: string;
let bibUri: string;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mlp-server-'));
  writeFileSync(path.join(dir, 'notes.md'), md);
  writeFileSync(path.join(dir, 'paper.tex'), tex);
  writeFileSync(path.join(dir, 'refs.bib'), bib);
  mdUri = pathToFileURL(path.join(dir, 'notes.md')).toString();
  texUri = pathToFileURL(path.join(dir, 'paper.tex')).toString();
  bibUri = pathToFileURL(path.join(dir, 'refs.bib')).toString();
  client = new LspTestClient();
  await client.initialize(dir);
  await client.waitForNotification('mlPapers/status', (p) => p.indexing === false && p.bibEntries >= 2);
  client.open(mdUri, 'markdown', md);
  client.open(texUri, 'latex', tex);
});

after(async () => {
  await client.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

const hoverText = (h: any) => (h?.contents?.value ?? '') as string;

test('hover on a pandoc citation shows title, authors, venue, summary and code', async () => {
  const h = await client.request('textDocument/hover', { textDocument: { uri: mdUri }, position: positionOf(md, '@he2016deep', 3) });
  const text = hoverText(h);
  assert.match(text, /Deep Residual Learning for Image Recognition/);
  assert.match(text, /Kaiming He/);
  assert.match(text, /CVPR/);
  assert.match(text, /github\.com\/KaimingHe\/deep-residual-networks/);
  assert.equal(h.contents.kind, 'markdown');
});

test('hover on a user key for a database paper shows the database summary and where the key is defined', async () => {
  const h = await client.request('textDocument/hover', { textDocument: { uri: texUri }, position: positionOf(tex, 'Vaswani.Attention', 4) });
  const text = hoverText(h);
  assert.match(text, /Attention Is All You Need/);
  assert.match(text, /refs\.bib:1/);
  assert.match(text, /Transformer|attention/i);
});

test('hover ranges are UTF-16: a key after emoji is found where the editor shows it', async () => {
  const pos = positionOf(md, '@goodfellow2014generative', 5);
  const h = await client.request('textDocument/hover', { textDocument: { uri: mdUri }, position: pos });
  assert.match(hoverText(h), /Generative Adversarial/);
  assert.deepEqual(h.range.start, { line: pos.line, character: pos.character - 4 });
  assert.equal(h.range.end.character - h.range.start.character, 'goodfellow2014generative'.length);
});

test('hover on a bare arXiv link shows the paper', async () => {
  const h = await client.request('textDocument/hover', { textDocument: { uri: mdUri }, position: positionOf(md, 'arxiv.org/abs/1512', 5) });
  assert.match(hoverText(h), /Deep Residual Learning/);
});

test('completion inside [@resn finds ResNet first and replaces only the partial key', async () => {
  const pos = positionOf(md, '[@resn', 6);
  const list = await client.request('textDocument/completion', { textDocument: { uri: mdUri }, position: pos });
  assert.ok(list.items.length > 0);
  assert.equal(list.items[0].label, 'he2016deep');
  assert.match(list.items[0].detail, /He.*2016.*Deep Residual/);
  // The client takes list defaults (as VS Code does): the range is stated once and each item inserts its label.
  assert.deepEqual(list.itemDefaults.editRange, { start: { line: pos.line, character: pos.character - 4 }, end: pos });
  for (const item of list.items) {
    assert.equal(item.textEdit, undefined, `${item.label} has no edit of its own`);
    assert.notEqual(item.insertTextFormat, 2, `${item.label} is plain text`);
  }
  assert.equal(typeof list.isIncomplete, 'boolean');
});

/** The item as a client sends it back for resolve: list defaults filled in (LSP 3.17). */
function withDefaults(list: any, item: any): any {
  return { ...item, data: item.data ?? list.itemDefaults?.data };
}

test('a client that resolves completion items gets the card on resolve, not in every list', async () => {
  const pos = positionOf(md, '[@resn', 6);
  const list = await client.request('textDocument/completion', { textDocument: { uri: mdUri }, position: pos });
  const first = list.items[0];
  assert.equal(first.documentation, undefined, 'the list stays small: cards come on resolve');
  const resolved = await client.request('completionItem/resolve', withDefaults(list, first));
  assert.equal(resolved.documentation.kind, 'markdown');
  assert.match(resolved.documentation.value, /\*\*Deep Residual Learning for Image Recognition\*\*/);
  assert.equal(resolved.label, first.label);
  assert.equal(resolved.filterText, first.filterText);
});

test('items from another source than most of the list carry their own resolve data, and resolve from that source', async () => {
  // "attention" finds the bundled paper and the user's Vaswani.Attention.2017 in refs.bib.
  const text = 'Complete: [@attention\n';
  const uri = pathToFileURL(path.join(dir, 'attention.md')).toString();
  client.open(uri, 'markdown', text);
  const list = await client.request('textDocument/completion', { textDocument: { uri }, position: positionOf(text, '[@attention', 11) });
  const user = list.items.find((i: any) => i.label === 'Vaswani.Attention.2017');
  const bundled = list.items.find((i: any) => i.label === 'vaswani2017attention');
  assert.ok(user && bundled, list.items.map((i: any) => i.label).join(' '));
  const sources = [user, bundled].map((i: any) => withDefaults(list, i).data.source);
  assert.deepEqual(sources, [bibUri, 'bundled']);
  assert.ok(list.items.filter((i: any) => i.data).length < list.items.length, 'the common source is stated once, in the defaults');
  const card = await client.request('completionItem/resolve', withDefaults(list, user));
  assert.match(card.documentation.value, /Defined in refs\.bib/);
  assert.match(card.documentation.value, /Same paper as `vaswani2017attention` in the ML Papers database/);
});

test('completion in LaTeX after a comma offers the user bib entries and the database', async () => {
  const pos = positionOf(tex, 'kingma2014adam,', 15);
  const list = await client.request('textDocument/completion', { textDocument: { uri: texUri }, position: pos });
  const labels = list.items.map((i: any) => i.label);
  assert.ok(labels.includes('Vaswani.Attention.2017'), labels.slice(0, 10).join(' '));
});

test('go to implementation returns the code repositories, official first', async () => {
  const locs = await client.request('textDocument/implementation', { textDocument: { uri: mdUri }, position: positionOf(md, '@he2016deep', 3) });
  assert.ok(locs.length >= 1);
  assert.match(locs[0].uri, /^https:\/\/github\.com\/KaimingHe\//);
});

test('go to definition jumps to the user entry in refs.bib, and to a virtual BibTeX document for database papers', async () => {
  const user = await client.request('textDocument/definition', { textDocument: { uri: texUri }, position: positionOf(tex, 'Vaswani.Attention', 2) });
  assert.equal(user[0].uri, bibUri);
  assert.equal(user[0].range.start.line, 0);
  const db = await client.request('textDocument/definition', { textDocument: { uri: mdUri }, position: positionOf(md, '@he2016deep', 3) });
  assert.equal(db[0].uri, 'ml-papers:/he2016deep.bib');
  const text = await client.request('mlPapers/virtualBib', { uri: db[0].uri });
  assert.match(text, /@inproceedings\{he2016deep,/);
});

test('find references of a key covers Markdown, LaTeX and the .bib entry', async () => {
  const refs = await client.request('textDocument/references', { textDocument: { uri: texUri }, position: positionOf(tex, 'Vaswani.Attention', 2), context: { includeDeclaration: true } });
  const uris = new Set(refs.map((r: any) => r.uri));
  assert.ok(uris.has(mdUri) && uris.has(texUri) && uris.has(bibUri), [...uris].join(' '));
});

test('rename a key edits every document and the .bib entry', async () => {
  const edit = await client.request('textDocument/rename', { textDocument: { uri: mdUri }, position: positionOf(md, 'Vaswani.Attention', 2), newName: 'vaswani2017attention' });
  const files = Object.keys(edit.changes);
  assert.ok(files.includes(mdUri) && files.includes(texUri) && files.includes(bibUri), files.join(' '));
  for (const edits of Object.values(edit.changes) as any[]) for (const e of edits) assert.equal(e.newText, 'vaswani2017attention');
});

test('diagnostics: unknown keys with did-you-mean, a commented-out cite is ignored', async () => {
  const diags = await client.waitForDiagnostics(mdUri, (d) => d.some((x) => /atention/.test(x.message)));
  const typo = diags.find((d) => /vaswani2017atention/.test(d.message))!;
  assert.match(typo.message, /vaswani2017attention/);
  assert.ok(diags.some((d) => /nobody2099nothing/.test(d.message)));
  assert.ok(!diags.some((d) => /he2016deep/.test(d.message) && d.code === 'unknown-key'));
  const texDiags = await client.waitForDiagnostics(texUri);
  assert.ok(!texDiags.some((d) => /commented2020out/.test(d.message)));
});

test('a broken .bib entry is reported with its range and the entries after it still load', async () => {
  const diags = await client.waitForDiagnostics(bibUri, (d) => d.length > 0);
  assert.ok(diags.some((d) => d.range.start.line >= 8 && d.range.start.line <= 11), JSON.stringify(diags));
  const list = await client.request('workspace/symbol', { query: 'Entry After the Broken' });
  assert.ok(list.some((s: any) => s.name.includes('after2021broken') || s.name.includes('Entry After')), JSON.stringify(list.slice(0, 3)));
});

test('code action fixes a typo to the suggested key', async () => {
  const diags = await client.waitForDiagnostics(mdUri, (d) => d.some((x) => /atention/.test(x.message)));
  const typo = diags.find((d) => /vaswani2017atention/.test(d.message))!;
  const actions = await client.request('textDocument/codeAction', { textDocument: { uri: mdUri }, range: typo.range, context: { diagnostics: [typo] } });
  const fix = actions.find((a: any) => /vaswani2017attention/.test(a.title));
  assert.ok(fix, JSON.stringify(actions.map((a: any) => a.title)));
  assert.equal(fix.edit.changes[mdUri][0].newText, 'vaswani2017attention');
});

test('workspace symbols search papers by nickname', async () => {
  const syms = await client.request('workspace/symbol', { query: 'ResNet' });
  assert.ok(syms.length > 0);
  assert.match(syms[0].name, /he2016deep/);
});

test('a .bib file created on disk is indexed after the watched-files notification', async () => {
  const file = path.join(dir, 'more.bib');
  writeFileSync(file, '@article{fresh2024key,\n  title = {A Freshly Added Paper},\n  author = {New, Author},\n  year = {2024}\n}\n');
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(file).toString(), type: 1 }] });
  const deadline = Date.now() + 5000;
  let found = false;
  while (!found && Date.now() < deadline) {
    const res = await client.request('mlPapers/search', { query: 'freshly added' });
    found = res.some((r: any) => r.key === 'fresh2024key');
    if (!found) await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(found);
});

test('adding the missing entries sends a workspace edit that appends to refs.bib without touching it', async () => {
  const result = await client.request('workspace/executeCommand', { command: 'mlPapers.server.addMissingEntries', arguments: [mdUri] });
  assert.ok(result.added.includes('he2016deep'));
  assert.ok(result.added.includes('kingma2014adam'), 'the alias key is written as cited');
  assert.ok(!result.added.includes('Vaswani.Attention.2017'));
  const edit: any = client.appliedEdits.at(-1);
  const change = edit.documentChanges.find((c: any) => c.textDocument?.uri === bibUri);
  const lines = bib.split('\n');
  assert.deepEqual(change.edits[0].range.start, { line: lines.length - 1, character: 0 });
  assert.match(change.edits[0].newText, /@inproceedings\{he2016deep,/);
  assert.match(change.edits[0].newText, /\{kingma2014adam,/);
});

test('BibTeX for a key comes from the database with the key as given', async () => {
  const text = await client.request('workspace/executeCommand', { command: 'mlPapers.server.bibtexFor', arguments: ['kingma2014adam'] });
  assert.match(text, /^@inproceedings\{kingma2014adam,/);
  assert.match(text, /Kingma, Diederik P/);
});

test('a client without Markdown support gets plain-text hovers', async () => {
  const sub = mkdtempSync(path.join(tmpdir(), 'mlp-plain-'));
  mkdirSync(sub, { recursive: true });
  const plain = new LspTestClient();
  try {
    await plain.initialize(sub, { textDocument: {} });
    const uri = pathToFileURL(path.join(sub, 'a.md')).toString();
    const text = 'See [@he2016deep].\n';
    plain.open(uri, 'markdown', text);
    const h = await plain.request('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'he2016', 2) });
    assert.equal(h.contents.kind, 'plaintext');
    assert.match(h.contents.value, /Deep Residual Learning/);
    assert.doesNotMatch(h.contents.value, /\*\*/);
    const list = await plain.request('textDocument/completion', { textDocument: { uri }, position: positionOf(text, 'he2016', 2) });
    assert.equal(typeof list.items[0].documentation, 'string');
    // Without list defaults every item carries its edit (here: the whole key under the cursor).
    assert.equal(list.itemDefaults, undefined);
    assert.deepEqual(list.items[0].textEdit, { range: { start: { line: 0, character: 6 }, end: { line: 0, character: 16 } }, newText: list.items[0].label });
  } finally {
    await plain.shutdown();
    rmSync(sub, { recursive: true, force: true });
  }
});

test('a client that resolves items but takes no list defaults gets each item\'s own edit and resolve data', async () => {
  const sub = mkdtempSync(path.join(tmpdir(), 'mlp-nodefaults-'));
  const older = new LspTestClient();
  try {
    const caps = { textDocument: { completion: { completionItem: { documentationFormat: ['markdown'], resolveSupport: { properties: ['documentation'] } } } } };
    await older.initialize(sub, caps);
    const uri = pathToFileURL(path.join(sub, 'a.md')).toString();
    const text = 'See [@resn\n';
    older.open(uri, 'markdown', text);
    const list = await older.request('textDocument/completion', { textDocument: { uri }, position: positionOf(text, '[@resn', 6) });
    assert.equal(list.itemDefaults, undefined);
    const first = list.items[0];
    assert.equal(first.label, 'he2016deep');
    assert.deepEqual(first.textEdit, { range: { start: { line: 0, character: 6 }, end: { line: 0, character: 10 } }, newText: 'he2016deep' });
    assert.deepEqual(first.data, { source: 'bundled', uri });
    const resolved = await older.request('completionItem/resolve', first);
    assert.match(resolved.documentation.value, /Deep Residual Learning/);
  } finally {
    await older.shutdown();
    rmSync(sub, { recursive: true, force: true });
  }
});

test('typed before existing text, the key completes from what is before the cursor; a client that can choose may insert or replace', async () => {
  const sub = mkdtempSync(path.join(tmpdir(), 'mlp-insert-replace-'));
  const vscodeLike = new LspTestClient();
  try {
    const caps = { textDocument: { completion: { completionItem: { insertReplaceSupport: true, documentationFormat: ['markdown'], resolveSupport: { properties: ['documentation'] } }, completionList: { itemDefaults: ['editRange', 'data'] } } } };
    await vscodeLike.initialize(sub, caps);
    const uri = pathToFileURL(path.join(sub, 'a.tex')).toString();
    const text = 'As in \\cite{kaimingGenerative models}.\n';
    vscodeLike.open(uri, 'latex', text);
    const cursor = positionOf(text, 'Generative');
    const list = await vscodeLike.request('textDocument/completion', { textDocument: { uri }, position: cursor });
    assert.ok(list.items.some((i: { label: string }) => i.label === 'he2016deep'), 'kaiming finds He et al.');
    const start = positionOf(text, 'kaiming');
    assert.deepEqual(list.itemDefaults.editRange, {
      insert: { start, end: cursor },
      replace: { start, end: positionOf(text, ' models') },
    });
  } finally {
    await vscodeLike.shutdown();
    rmSync(sub, { recursive: true, force: true });
  }
});

test('the server survives garbage requests and keeps answering', async () => {
  // A null position is a client bug: the guarded handler logs it and answers empty.
  assert.equal(await client.request('textDocument/hover', { textDocument: { uri: mdUri }, position: null }), null);
  const h = await client.request('textDocument/hover', { textDocument: { uri: 'file:///does/not/exist.md' }, position: { line: 0, character: 0 } });
  assert.equal(h, null);
  const ok = await client.request('textDocument/hover', { textDocument: { uri: mdUri }, position: positionOf(md, '@he2016deep', 3) });
  assert.match(hoverText(ok), /Deep Residual/);
});

test('in an untrusted workspace the server reads but never proposes or applies writes', async () => {
  const sub = mkdtempSync(path.join(tmpdir(), 'mlp-untrusted-'));
  const untrusted = new LspTestClient();
  try {
    await untrusted.initialize(sub, undefined, { workspaceTrusted: false });
    const uri = pathToFileURL(path.join(sub, 'a.tex')).toString();
    const text = '\\cite{he2016deep}\n\\bibliography{refs}\n';
    untrusted.open(uri, 'latex', text);
    const h = await untrusted.request('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'he2016', 2) });
    assert.match(hoverText(h), /Deep Residual Learning/);
    const diags = await untrusted.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'missing-from-bib'));
    const actions = await untrusted.request('textDocument/codeAction', { textDocument: { uri }, range: diags[0].range, context: { diagnostics: diags } });
    assert.deepEqual(actions.filter((a: any) => /Add BibTeX/.test(a.title)), []);
    await assert.rejects(untrusted.request('workspace/executeCommand', { command: 'mlPapers.server.addMissingEntries', arguments: [uri] }), /not trusted/);
    assert.equal(untrusted.appliedEdits.length, 0);
  } finally {
    await untrusted.shutdown();
    rmSync(sub, { recursive: true, force: true });
  }
});

test('a declared bibliography that could not be read (binary) is never appended to', async () => {
  const sub = mkdtempSync(path.join(tmpdir(), 'mlp-binary-'));
  const bin = Buffer.alloc(4096);
  for (let i = 0; i < bin.length; i++) bin[i] = (i * 37) % 256;
  writeFileSync(path.join(sub, 'refs.bib'), bin);
  const c = new LspTestClient();
  try {
    await c.initialize(sub);
    await c.waitForNotification('mlPapers/status', (p) => p.indexing === false && p.failures.length >= 1);
    const uri = pathToFileURL(path.join(sub, 'a.tex')).toString();
    c.open(uri, 'latex', '\\cite{he2016deep}\n\\bibliography{refs}\n');
    await c.waitForDiagnostics(uri);
    const r = await c.request('workspace/executeCommand', { command: 'mlPapers.server.addMissingEntries', arguments: [uri] });
    assert.deepEqual(r.added, []);
    assert.equal(c.appliedEdits.length, 0);
  } finally {
    await c.shutdown();
    rmSync(sub, { recursive: true, force: true });
  }
});

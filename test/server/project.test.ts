// The project model over stdio, as an editor sees it: a multi-file LaTeX project whose chapters use
// the main document's bibliography (declared in a section file), a bookdown-like Markdown book whose
// bibliography is declared relative to the project root; and LaTeX itself agreeing on where the .bib is.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient, type Diag } from './lspClient';
import { bookProject, latexProject, writeTree } from '../projectFixtures';

/** A root defining a cite macro that only its chapter uses (no other project here cites vaswani2017attention). */
const macroProject = {
  'main.tex': '\\documentclass{article}\n\\newcommand{\\mycite}[1]{\\cite{#1}}\n\\begin{document}\n\\input{chapter}\n\\bibliography{refs}\n\\end{document}\n',
  'chapter.tex': 'Attention \\mycite{vaswani2017attention} replaced recurrence.\n',
  'refs.bib': '',
};
let dir: string;
let client: LspTestClient;
const uri = (rel: string) => pathToFileURL(path.join(dir, rel)).toString();
const render = (ds: Diag[]) => ds.map((d) => `${d.code}: ${d.message}`).sort();

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mlp-project-'));
  writeTree(path.join(dir, 'thesis'), latexProject);
  writeTree(path.join(dir, 'book'), bookProject);
  writeTree(path.join(dir, 'macros'), macroProject);
  client = new LspTestClient();
  await client.initialize(dir);
  await client.waitForNotification('mlPapers/status', (p) => p.indexing === false && p.bibEntries >= 2);
});

after(async () => {
  await client.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

test('a LaTeX chapter uses the root\'s bibliography, declared in a section file and found from the main folder', async () => {
  const intro = uri('thesis/sections/intro.tex');
  client.open(intro, 'latex', latexProject['sections/intro.tex']);
  const ds = await client.waitForDiagnostics(intro, (d) => d.length > 0);
  assert.deepEqual(render(ds), ["missing-from-bib: 'he2016deep' is in the ML Papers database but not in refs.bib"]);
  // Nothing looked for sections/refs.bib, and every bibliography read.
  const status = await client.waitForNotification('mlPapers/status', (p) => p.indexing === false);
  assert.deepEqual(status.failures, []);
  assert.ok(![...client.diagnostics.values()].flat().some((d) => /does not exist/.test(d.message)));
  assert.ok(!client.diagnostics.has(uri('thesis/sections/refs.bib')));
});

test('editing the section that declares the bibliography moves every chapter to the new one', async () => {
  const intro = uri('thesis/sections/intro.tex');
  const refsTex = uri('thesis/sections/references.tex');
  client.open(refsTex, 'latex', latexProject['sections/references.tex']);
  client.change(refsTex, '\\bibliography{other}\n');
  const ds = await client.waitForDiagnostics(intro, (d) => d.some((x) => /other\.bib/.test(x.message)));
  assert.deepEqual(render(ds), [
    "missing-from-bib: 'he2016deep' is in the ML Papers database but not in other.bib",
    "missing-from-bib: 'mykey2020' is defined in refs.bib but not in other.bib",
  ]);
  client.change(refsTex, latexProject['sections/references.tex']);
  await client.waitForDiagnostics(intro, (d) => d.length === 1 && /not in refs\.bib/.test(d[0].message));
});

test('a bookdown chapter: bibliography: src/bib.bib in src/title.md resolves from the project root', async () => {
  const ch1 = uri('book/src/ch1.md');
  client.open(ch1, 'markdown', bookProject['src/ch1.md']);
  const ds = await client.waitForDiagnostics(ch1, (d) => d.length > 0);
  assert.deepEqual(render(ds), ["missing-from-bib: 'he2016deep' is in the ML Papers database but not in bib.bib"]);
  const title = uri('book/src/title.md');
  client.open(title, 'markdown', bookProject['src/title.md']);
  assert.deepEqual(await client.waitForDiagnostics(title), []);
  assert.ok(![...client.diagnostics.keys()].some((u) => u.includes('src/src')));
});

test('LaTeX agrees: pdflatex and bibtex on the same project find refs.bib from the main folder', () => {
  for (const tool of ['/usr/bin/pdflatex', '/usr/bin/bibtex']) assert.ok(existsSync(tool), `${tool} is needed for this test`);
  const work = mkdtempSync(path.join(tmpdir(), 'mlp-latex-'));
  try {
    writeTree(work, latexProject);
    const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { cwd: work, encoding: 'utf8', timeout: 60000 });
    const first = run('/usr/bin/pdflatex', ['-interaction=nonstopmode', '-halt-on-error', 'main.tex']);
    assert.equal(first.status, 0, first.stdout);
    run('/usr/bin/bibtex', ['main']);
    const blg = readFileSync(path.join(work, 'main.blg'), 'utf8');
    assert.doesNotMatch(blg, /couldn't open database file/);
    assert.match(blg, /Database file #1: refs\.bib/);
    assert.match(readFileSync(path.join(work, 'main.bbl'), 'utf8'), /\\bibitem\{mykey2020\}/);
    // And where the section file sits there is no refs.bib: had BibTeX looked there, it would have failed.
    cpSync(path.join(work, 'refs.bib'), path.join(work, 'refs.moved'));
    rmSync(path.join(work, 'refs.bib'));
    run('/usr/bin/bibtex', ['main']);
    assert.match(readFileSync(path.join(work, 'main.blg'), 'utf8'), /couldn't open database file refs\.bib/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('a chapter\'s keys cited through its root\'s macro reach the workspace bibliography and Add missing entries', async () => {
  const chapter = uri('macros/chapter.tex');
  client.open(chapter, 'latex', macroProject['chapter.tex']);
  await client.waitForDiagnostics(chapter, (d) => d.some((x) => /vaswani2017attention/.test(x.message)));
  const bib = await client.request<{ keys: string[] }>('workspace/executeCommand', { command: 'mlPapers.server.workspaceBibliography', arguments: [] });
  assert.ok(bib.keys.includes('vaswani2017attention'), bib.keys.join(' '));
  const added = await client.request<{ added: string[] }>('workspace/executeCommand', { command: 'mlPapers.server.addMissingEntries', arguments: [chapter] });
  assert.deepEqual(added.added, ['vaswani2017attention']);
});

// `ml-papers check` and `bib` on multi-file projects: the CLI builds the server's project model.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { bookProject, latexProject, writeTree } from '../projectFixtures';

const cli = path.resolve('dist/cli.js');
let dir: string;

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mlp-cli-project-'));
  writeTree(path.join(dir, 'thesis'), latexProject);
  writeTree(path.join(dir, 'book'), bookProject);
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('check on a LaTeX project: the chapter gets the note against the root\'s refs.bib, and no missing file', () => {
  const r = run(['check', 'thesis']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "thesis/sections/intro.tex:1:43: information: 'he2016deep' is in the ML Papers database but not in refs.bib [missing-from-bib]\n");
});

test('check on a bookdown project: the bibliography a chapter front matter names resolves from the project root', () => {
  const r = run(['check', 'book']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "book/src/ch1.md:3:36: information: 'he2016deep' is in the ML Papers database but not in bib.bib [missing-from-bib]\n");
});

test('a chapter given alone still finds its root in the current folder, and the root\'s bibliography', () => {
  const r = run(['check', 'thesis/sections/intro.tex']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "thesis/sections/intro.tex:1:43: information: 'he2016deep' is in the ML Papers database but not in refs.bib [missing-from-bib]\n");
});

test('a cite macro defined in the root\'s preamble counts in a chapter, and the root\'s biblatex decides key case there', () => {
  writeTree(path.join(dir, 'macros'), {
    'main.tex': '\\documentclass{article}\n\\usepackage{biblatex}\n\\addbibresource{refs.bib}\n\\newcommand{\\mycite}[1]{\\parencite{#1}}\n\\begin{document}\n\\input{chapter}\n\\printbibliography\n\\end{document}\n',
    'chapter.tex': 'Ours \\mycite{mykey2020}, unknown \\mycite{nobody2099nothing}, case \\cite{MyKey2020}.\n',
    'refs.bib': '@article{mykey2020,\n  title = {A Local Entry},\n  author = {Doe, Jane},\n  journal = {J},\n  year = {2020}\n}\n',
  });
  const r = run(['check', 'macros', '--format', 'json']);
  const findings = JSON.parse(r.stdout) as Array<{ file: string; message: string; severity: string; code?: string }>;
  const chapter = findings.filter((f) => f.file.endsWith('chapter.tex'));
  // \mycite{nobody2099nothing} is a citation (an unknown key), the macro body's #1 is none, and under
  // biblatex (declared in main.tex, not in the chapter) a case-only match is an unknown key, not a hint.
  assert.ok(chapter.some((f) => f.severity === 'warning' && f.message.includes('nobody2099nothing')), JSON.stringify(chapter));
  assert.ok(chapter.some((f) => f.severity === 'warning' && f.message.includes('MyKey2020')), JSON.stringify(chapter));
  assert.ok(!findings.some((f) => f.message.includes('#1')), JSON.stringify(findings));
  assert.ok(!chapter.some((f) => /^Unknown citation key 'mykey2020'/.test(f.message)), JSON.stringify(chapter));
  assert.equal(chapter.length, 2, JSON.stringify(chapter));
});

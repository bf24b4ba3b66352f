// The CLI end to end: `node dist/cli.js …` as a child process, as a terminal user or a CI job runs it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const cli = path.resolve('dist/cli.js');
const databaseSize = (JSON.parse(readFileSync(path.resolve('server/data/papers.json'), 'utf8')) as unknown[]).length;

let dir: string;

interface Run { code: number | null; stdout: string; stderr: string }

function run(args: string[], cwd = dir): Run {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30000, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const review = `---
bibliography: references.bib
---
Residual networks [@he2016deep] and Adam [@kingma2014adam].
A typo: [@vaswani2017atention].
`;

const reviewTex = `\\documentclass{article}
\\begin{document}
Attention \\cite{vaswani2017attention} and GANs \\citep{goodfellow2014generative}.
\\bibliography{references}
\\end{document}
`;

// The user's file: a comment, odd spacing and an entry for ResNet under the user's own key.
const userBib = `% My bibliography. Hand-edited; keep this comment and the spacing below.
@article{He.Zhang.Ren.ea.2016,
   title   = {Deep Residual Learning for Image Recognition},
   author  = {He, Kaiming and Zhang, Xiangyu and Ren, Shaoqing and Sun, Jian},
   eprint  = {1512.03385},
   year    = 2016
}

@misc{mine2020note,  title = {A note of mine}, year = {2020}}
`;

const brokenBib = `@article{good2019one,
  title = {A Good Entry},
  year = {2019}
}

@article{broken2020entry,
  title = {Braces that never close,
  year = 2020

@misc{after2021broken,
  title = {The Entry After the Broken One},
  year = {2021}
}
`;

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mlp-cli-'));
  mkdirSync(path.join(dir, 'notes'));
  writeFileSync(path.join(dir, 'notes', 'review.md'), review);
  writeFileSync(path.join(dir, 'notes', 'review.tex'), reviewTex);
  writeFileSync(path.join(dir, 'notes', 'references.bib'), userBib);
  mkdirSync(path.join(dir, 'broken'));
  writeFileSync(path.join(dir, 'broken', 'refs.bib'), brokenBib);
  writeFileSync(path.join(dir, 'broken', 'paper.md'), '---\nbibliography: refs.bib\n---\nSee [@good2019one] and [@after2021broken].\n');
});

after(() => rmSync(dir, { recursive: true, force: true }));

/* ------------------------------ help and usage errors ------------------------------ */

test('--help on the program and on every command prints its usage and exits 0', () => {
  const main = run(['--help']);
  assert.equal(main.code, 0);
  for (const cmd of ['search', 'show', 'bib', 'check', 'export']) assert.match(main.stdout, new RegExp(`^  ${cmd} `, 'm'));
  for (const cmd of ['search', 'show', 'bib', 'check', 'export']) {
    for (const h of ['--help', '-h']) {
      const r = run([cmd, h]);
      assert.equal(r.code, 0, `${cmd} ${h}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^Usage: ml-papers ${cmd}\\b`), `${cmd} ${h}`);
      assert.equal(r.stderr, '');
    }
  }
});

test('no command prints the usage and exits 2', () => {
  const r = run([]);
  assert.equal(r.code, 2);
  assert.match(r.stdout, /^ml-papers .*\n\nUsage: ml-papers <command>/);
});

test('bad arguments exit 2 with a one-line reason and a pointer to --help, never a stack trace', () => {
  const cases: Array<[string[], RegExp]> = [
    [['frobnicate'], /^ml-papers: unknown command "frobnicate"\nRun 'ml-papers --help' for usage\.\n$/],
    [['search', '--frob', 'x'], /^ml-papers: unknown option --frob\nRun 'ml-papers search --help' for usage\.\n$/],
    [['search'], /^ml-papers: search needs some words/],
    [['search', 'resnet', '--limit', 'many'], /^ml-papers: --limit must be a positive whole number\n/],
    [['search', 'resnet', '--limit', '0'], /^ml-papers: --limit must be a positive whole number\n/],
    [['search', 'resnet', '--limit'], /^ml-papers: --limit needs a value\n/],
    [['show'], /^ml-papers: show needs a key/],
    [['bib'], /^ml-papers: bib needs files or folders/],
    [['check'], /^ml-papers: check needs files or folders/],
    [['check', 'notes', '--format', 'xml'], /^ml-papers: --format must be text or json, not xml\n/],
    [['export'], /^ml-papers: export needs --format csl-json, bibtex or biblatex\n/],
    [['export', '--format', 'ris'], /^ml-papers: export needs --format/],
    [['check', 'no/such/place'], /^ml-papers: cannot read no\/such\/place: no such file or folder\nRun 'ml-papers check --help' for usage\.\n$/],
    [['bib', 'missing.md'], /^ml-papers: cannot read missing\.md: no such file or folder\n/],
  ];
  for (const [args, message] of cases) {
    const r = run(args);
    assert.equal(r.code, 2, `${args.join(' ')}: exit ${r.code}, stderr ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.doesNotMatch(r.stderr, /\n\s+at /, `${args.join(' ')} printed a stack trace`);
    assert.equal(r.stdout, '', args.join(' '));
  }
});

test('a document that is a binary file or a dangling link is a clear usage error', () => {
  const bin = path.join(dir, 'binary.md');
  writeFileSync(bin, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3, 0, 0, 0, 0, 255, 254, 0, 0]));
  const r = run(['check', bin]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^ml-papers: binary\.md looks like a binary file, not text; it was skipped\.\n/);
  const link = path.join(dir, 'dangling.md');
  symlinkSync(path.join(dir, 'nowhere.md'), link);
  const l = run(['check', 'dangling.md']);
  assert.equal(l.code, 2);
  assert.match(l.stderr, /^ml-papers: cannot read dangling\.md: no such file or folder\n/);
  rmSync(bin);
  rmSync(link);
});

/* ------------------------------ search, show, export ------------------------------ */

test('search ranks as completion does and prints key, year, authors, title per line', () => {
  const r = run(['search', 'residual', 'learning', '--limit', '3']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[0], /^he2016deep {2}2016 {2}He, Zhang, Ren et al\. {2}Deep Residual Learning for Image Recognition$/);
  assert.doesNotMatch(r.stdout, /\x1b\[/, 'no colour when stdout is not a terminal');
});

test('search --json gives structured results; a query nothing matches exits 1', () => {
  const r = run(['search', 'ResNet', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const results = JSON.parse(r.stdout) as Array<{ key: string; title: string; authors: string[]; source: string }>;
  assert.equal(results[0].key, 'he2016deep');
  assert.deepEqual(results[0].authors.slice(0, 2), ['Kaiming He', 'Xiangyu Zhang']);
  assert.equal(results[0].source, 'bundled');
  const none = run(['search', 'qqqzzzxxyy']);
  assert.equal(none.code, 1);
  assert.equal(none.stdout, '');
  assert.match(none.stderr, /No papers match "qqqzzzxxyy"/);
});

test('search finds entries of the bibliographies in the current folder', () => {
  const r = run(['search', 'note', 'of', 'mine'], path.join(dir, 'notes'));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout.split('\n')[0], /^mine2020note {2}2020 /);
});

test('show prints the hover card for a key, a nickname, an arXiv id and a DOI', () => {
  const byKey = run(['show', 'he2016deep']);
  assert.equal(byKey.code, 0, byKey.stderr);
  assert.match(byKey.stdout, /^Deep Residual Learning for Image Recognition\nKaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun\nCVPR 2016\n/);
  assert.match(byKey.stdout, /citations/);
  assert.match(byKey.stdout, /^Code:\n {2}https:\/\/github\.com\/KaimingHe\/deep-residual-networks \(official/m);
  for (const other of ['ResNet', '1512.03385', 'arXiv:1512.03385v3', '10.1109/CVPR.2016.90']) {
    const r = run(['show', other]);
    assert.equal(r.code, 0, `${other}: ${r.stderr}`);
    assert.equal(r.stdout, byKey.stdout, other);
  }
});

test('show --bibtex, --biblatex, --csl-json and --json', () => {
  const bib = run(['show', 'he2016deep', '--bibtex']);
  assert.equal(bib.code, 0);
  assert.match(bib.stdout, /^@inproceedings\{he2016deep,\n/);
  assert.match(bib.stdout, /^ {2}year = \{2016\},$/m);
  const biblatex = run(['show', 'he2016deep', '--biblatex']);
  assert.match(biblatex.stdout, /^@inproceedings\{he2016deep,\n/);
  assert.match(biblatex.stdout, /^ {2}date = \{2016/m);
  const csl = JSON.parse(run(['show', 'he2016deep', '--csl-json']).stdout) as { id: string; title: string };
  assert.equal(csl.id, 'he2016deep');
  assert.equal(csl.title, 'Deep Residual Learning for Image Recognition');
  const json = JSON.parse(run(['show', 'ResNet', '--json']).stdout) as { key: string; summary: string; code: Array<{ url: string }> };
  assert.equal(json.key, 'he2016deep');
  assert.ok(json.summary.length > 20);
  assert.equal(json.code[0].url, 'https://github.com/KaimingHe/deep-residual-networks');
});

test('show of an unknown paper exits 1 and suggests near keys', () => {
  const r = run(['show', 'vaswani2017atention']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^ml-papers: no paper "vaswani2017atention"; did you mean vaswani2017attention/);
});

test('export writes the whole database in each format', () => {
  const csl = run(['export', '--format', 'csl-json']);
  assert.equal(csl.code, 0);
  const items = JSON.parse(csl.stdout) as Array<{ id: string }>;
  assert.equal(items.length, databaseSize);
  const ids = items.map((i) => i.id);
  assert.deepEqual(ids, [...ids].sort(), 'stable order');
  const bibtex = run(['export', '--format', 'bibtex']);
  assert.equal(bibtex.code, 0);
  assert.equal(bibtex.stdout.match(/^@\w+\{/gm)?.length, databaseSize);
  const biblatex = run(['export', '--format=biblatex']);
  assert.equal(biblatex.stdout.match(/^@\w+\{/gm)?.length, databaseSize);
  assert.match(biblatex.stdout, /^ {2}date = /m);
  const out = path.join(dir, 'export.bib');
  const toFile = run(['export', '--format', 'bibtex', '--out', out]);
  assert.equal(toFile.code, 0);
  assert.equal(toFile.stdout, '');
  assert.equal(readFileSync(out, 'utf8'), bibtex.stdout);
  rmSync(out);
});

test('a reader that stops early (| head) ends the CLI quietly', async () => {
  // `ml-papers export --format csl-json | head` must not print an EPIPE stack trace.
  // The CSL-JSON export is larger than a pipe's buffer, so the CLI is still writing when the reader goes.
  const child = spawn(process.execPath, [cli, 'export', '--format', 'csl-json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  await new Promise<void>((res) => child.stdout.once('data', () => { child.stdout.destroy(); res(); }));
  const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
  assert.doesNotMatch(stderr, /EPIPE|\n\s+at /, stderr);
  assert.equal(code, 0);
});

/* ------------------------------ check ------------------------------ */

test('check prints path:line:col: severity: message and exits 0 when there are only warnings', () => {
  const r = run(['check', 'notes']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  for (const l of lines) assert.match(l, /^notes\/review\.(md|tex):\d+:\d+: (error|warning|information|hint): .+ \[[a-z-]+\]$/, l);
  assert.ok(lines.includes("notes/review.md:5:11: warning: Unknown citation key 'vaswani2017atention'. Did you mean 'vaswani2017attention'? [unknown-key]"), r.stdout);
  assert.ok(lines.includes("notes/review.md:4:44: information: 'kingma2014adam' is in the ML Papers database but not in references.bib [missing-from-bib]"), r.stdout);
  assert.ok(lines.includes("notes/review.tex:3:17: information: 'vaswani2017attention' is in the ML Papers database but not in references.bib [missing-from-bib]"), r.stdout);
  // he2016deep is in references.bib under the user's key: reported as such, never as missing.
  assert.ok(lines.includes("notes/review.md:4:21: information: 'he2016deep' is the same paper as 'He.Zhang.Ren.ea.2016' in references.bib: cite 'He.Zhang.Ren.ea.2016' instead of adding a duplicate entry [same-paper-other-key]"), r.stdout);
  assert.ok(!lines.some((l) => /'he2016deep' is in the ML Papers database but not in/.test(l)), r.stdout);
  assert.match(r.stderr, /^3 file\(s\) checked: 0 error\(s\), 1 warning\(s\), \d+ note\(s\)\n$/);
});

test('check exits 1 on a .bib syntax error and still checks the good entries around it', () => {
  const r = run(['check', 'broken']);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const errors = r.stdout.split('\n').filter((l) => /: error: /.test(l));
  assert.ok(errors.length >= 1, r.stdout);
  assert.match(errors[0], /^broken\/refs\.bib:\d+:\d+: error: /);
  const line = Number(errors[0].split(':')[1]);
  assert.ok(line >= 6 && line <= 9, `error points into the broken entry (line ${line})`);
  // Both good entries still load: the note citing them has no unknown keys.
  assert.doesNotMatch(r.stdout, /broken\/paper\.md.*unknown-key/);
  assert.match(r.stderr, /error\(s\)/);
});

test('check --format json gives the same findings as objects', () => {
  const text = run(['check', 'broken']);
  const json = run(['check', 'broken', '--format', 'json']);
  assert.equal(json.code, 1);
  const findings = JSON.parse(json.stdout) as Array<{ file: string; line: number; col: number; severity: string; message: string; code?: string }>;
  assert.equal(findings.length, text.stdout.trimEnd().split('\n').length);
  const rendered = findings.map((f) => `${f.file}:${f.line}:${f.col}: ${f.severity}: ${f.message}${f.code ? ` [${f.code}]` : ''}`);
  assert.deepEqual(rendered, text.stdout.trimEnd().split('\n'));
});

test('check reports an unreadable or missing bibliography as a finding, not a crash', () => {
  mkdirSync(path.join(dir, 'unreadable'));
  writeFileSync(path.join(dir, 'unreadable', 'paper.tex'), '\\cite{he2016deep}\n\\bibliography{gone,blob}\n');
  writeFileSync(path.join(dir, 'unreadable', 'blob.bib'), Buffer.from([0, 1, 2, 3, 0, 0, 0, 0, 200, 201, 0, 0]));
  const r = run(['check', 'unreadable', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const findings = JSON.parse(r.stdout) as Array<{ file: string; message: string; code?: string }>;
  const unreadable = findings.filter((f) => f.code === 'unreadable').map((f) => `${f.file}: ${f.message}`);
  assert.deepEqual(unreadable.sort(), [
    `unreadable/blob.bib: blob.bib looks like a binary file, not text; it was skipped.`,
    `unreadable/gone.bib: Cannot read ${path.join(dir, 'unreadable', 'gone.bib')}: the file does not exist.`,
  ]);
});

/* ------------------------------ bib ------------------------------ */

test('bib prints the entries a folder cites, sorted, and names the unknown keys on stderr', () => {
  const r = run(['bib', 'notes']);
  assert.equal(r.code, 0, r.stderr);
  const keys = [...r.stdout.matchAll(/^@\w+\{([^,]+),/gm)].map((m) => m[1]);
  assert.deepEqual(keys, ['goodfellow2014generative', 'he2016deep', 'kingma2014adam', 'vaswani2017attention']);
  assert.match(r.stderr, /not in the database or your bibliographies: vaswani2017atention/);
});

test('bib --out merges into an existing file: the old bytes stay a byte-identical prefix, no duplicates', () => {
  const work = path.join(dir, 'merge');
  mkdirSync(work);
  writeFileSync(path.join(work, 'review.md'), review);
  const target = path.join(work, 'refs.bib');
  const old = Buffer.from(userBib, 'utf8');
  writeFileSync(target, old);
  const r = run(['bib', 'review.md', '--out', 'refs.bib'], work);
  assert.equal(r.code, 0, r.stderr);
  const now = readFileSync(target);
  assert.ok(now.length > old.length);
  assert.equal(Buffer.compare(now.subarray(0, old.length), old), 0, 'existing text untouched');
  const added = now.subarray(old.length).toString('utf8');
  assert.deepEqual([...added.matchAll(/^@\w+\{([^,]+),/gm)].map((m) => m[1]), ['kingma2014adam']);
  // ResNet is already there as He.Zhang.Ren.ea.2016: not added a second time under he2016deep.
  assert.doesNotMatch(now.toString('utf8'), /\{he2016deep,/);
  assert.match(r.stderr, /refs\.bib: added 1 entry \(kingma2014adam\); 0 already present\n/);
  assert.match(r.stderr, /he2016deep: the file already has this paper as He\.Zhang\.Ren\.ea\.2016; cite that key instead/);
  assert.match(r.stderr, /unknown keys: vaswani2017atention/);
  // A second run finds nothing to add and leaves the file as it is.
  const again = run(['bib', 'review.md', '--out', 'refs.bib'], work);
  assert.equal(again.code, 0);
  assert.match(again.stderr, /added 0 entries; 1 already present/);
  assert.equal(Buffer.compare(readFileSync(target), now), 0);
  // No temporary files are left beside the target after normal runs.
  assert.deepEqual(readdirSync(work).sort(), ['refs.bib', 'review.md']);
});

test('bib --out keeps CRLF line ends and the file mode of an existing file', () => {
  const work = path.join(dir, 'crlf');
  mkdirSync(work);
  writeFileSync(path.join(work, 'a.md'), 'See [@kingma2014adam].\n');
  const target = path.join(work, 'refs.bib');
  const old = Buffer.from('@misc{x,\r\n  title = {X}\r\n}\r\n', 'utf8');
  writeFileSync(target, old, { mode: 0o640 });
  const r = run(['bib', 'a.md', '--out', target], work);
  assert.equal(r.code, 0, r.stderr);
  const now = readFileSync(target);
  assert.equal(Buffer.compare(now.subarray(0, old.length), old), 0);
  assert.doesNotMatch(now.toString('utf8'), /[^\r]\n/, 'every line ends in CRLF');
  assert.equal((spawnSync('stat', ['-c', '%a', target], { encoding: 'utf8' }).stdout ?? '').trim(), '640');
});

test('bib --out creates the file when it does not exist', () => {
  const work = path.join(dir, 'fresh');
  mkdirSync(work);
  writeFileSync(path.join(work, 'a.tex'), '\\cite{he2016deep,kingma2014adam}\n');
  const r = run(['bib', 'a.tex', '--out', 'new.bib'], work);
  assert.equal(r.code, 0, r.stderr);
  const text = readFileSync(path.join(work, 'new.bib'), 'utf8');
  assert.deepEqual([...text.matchAll(/^@\w+\{([^,]+),/gm)].map((m) => m[1]), ['he2016deep', 'kingma2014adam']);
  assert.deepEqual(readdirSync(work).sort(), ['a.tex', 'new.bib']);
});

// The CLI sees what the server sees (issue 18, item 6): the same file types, custom cite commands
// (--cite-command and mlPapers.customCiteCommands), the workspace's .vscode/settings.json, and
// `bib FILE` prints the user's own entries for keys their bibliographies define.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseJsonc, findSettingsFile, readWorkspaceSettings } from '../../server/src/cliSettings';

const cli = path.resolve('dist/cli.js');
let dir: string;

interface Run { code: number | null; stdout: string; stderr: string }

function run(args: string[], cwd: string): Run {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const keysOf = (bib: string) => [...bib.matchAll(/^@\w+\{([^,]+),/gm)].map((m) => m[1]);
const findingsOf = (r: Run) => JSON.parse(r.stdout) as Array<{ file: string; line: number; col: number; severity: string; message: string; code?: string }>;

/** A folder with its own files; `git: true` makes it a git root (a `.git` folder is what is looked for). */
function folder(name: string, files: Record<string, string>, git = false): string {
  const root = path.join(dir, name);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  if (git) mkdirSync(path.join(root, '.git'), { recursive: true });
  return root;
}

before(() => { dir = mkdtempSync(path.join(tmpdir(), 'mlp-cli-parity-')); });
after(() => rmSync(dir, { recursive: true, force: true }));

/* ------------------------------ file types ------------------------------ */

test('check DIR and bib DIR read .Rmd, .qmd and .ltx files (any case of the extension)', () => {
  const root = folder('types', {
    'book/intro.Rmd': 'Residual networks [@he2016deep] and a typo [@he2016dep].\n',
    'book/methods.qmd': 'Adam [@kingma2014adam].\n',
    'book/appendix.ltx': 'GANs \\cite{goodfellow2014generative}.\n',
    'book/notes.RMD': 'Attention [@vaswani2017attention].\n',
  });
  const check = run(['check', 'book', '--format', 'json'], root);
  assert.equal(check.code, 0, check.stderr);
  const unknown = findingsOf(check).filter((f) => f.code === 'unknown-key');
  assert.deepEqual(unknown.map((f) => `${f.file}:${f.line}:${f.col}`), ['book/intro.Rmd:1:46']);
  const text = run(['check', 'book'], root);
  assert.match(text.stderr, /^4 file\(s\) checked: /);
  const bib = run(['bib', 'book'], root);
  assert.equal(bib.code, 0, bib.stderr);
  assert.deepEqual(keysOf(bib.stdout), ['goodfellow2014generative', 'he2016deep', 'kingma2014adam', 'vaswani2017attention']);
  // Named one by one, too.
  const one = run(['bib', 'book/intro.Rmd', 'book/methods.qmd', 'book/appendix.ltx'], root);
  assert.deepEqual(keysOf(one.stdout), ['goodfellow2014generative', 'he2016deep', 'kingma2014adam']);
});

/* ------------------------------ --cite-command ------------------------------ */

test('--cite-command adds custom cite commands to check and bib (repeatable, or comma-separated)', () => {
  const root = folder('cite', {
    'paper.tex': 'See \\mycite{he2016deep} and \\othercite{kingma2014adam}, \\yetanother{goodfellow2014generative}.\n\\mycite{he2016dep}\n',
  });
  const plain = run(['bib', 'paper.tex'], root);
  assert.deepEqual(keysOf(plain.stdout), []);
  const one = run(['bib', 'paper.tex', '--cite-command', 'mycite'], root);
  assert.deepEqual(keysOf(one.stdout), ['he2016deep']);
  const repeated = run(['bib', 'paper.tex', '--cite-command', 'mycite', '--cite-command', '\\othercite'], root);
  assert.deepEqual(keysOf(repeated.stdout), ['he2016deep', 'kingma2014adam']);
  const commas = run(['bib', 'paper.tex', '--cite-command=mycite,othercite,yetanother'], root);
  assert.deepEqual(keysOf(commas.stdout), ['goodfellow2014generative', 'he2016deep', 'kingma2014adam']);
  const check = run(['check', 'paper.tex', '--format', 'json', '--cite-command=mycite'], root);
  assert.deepEqual(findingsOf(check).filter((f) => f.code === 'unknown-key').map((f) => `${f.line}:${f.col}`), ['2:9']);
  assert.deepEqual(findingsOf(run(['check', 'paper.tex', '--format', 'json'], root)), []);
});

test('--cite-command without a name, or with something that is no command name, is a usage error', () => {
  const root = folder('cite-bad', { 'a.tex': '\\cite{he2016deep}\n' });
  for (const args of [['--cite-command'], ['--cite-command='], ['--cite-command', 'my cite'], ['--cite-command=\\mycite{}']]) {
    const r = run(['bib', 'a.tex', ...args], root);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^ml-papers: .*--cite-command.*\nRun 'ml-papers bib --help' for usage\.\n$/, r.stderr);
  }
});

/* ------------------------------ .vscode/settings.json ------------------------------ */

const workspaceSettings = `{
  // ML Papers, as a VS Code user writes it: comments and trailing commas.
  "mlPapers.customCiteCommands": ["\\\\mycite", "othercite",],
  /* biblatex for this project */
  "mlPapers.bibFormat": "biblatex",
  "mlPapers.bibFiles": ["shared/library.bib"],
  "mlPapers.diagnostics.unknownKeySeverity": "error",
  "mlPapers.hover.summary": false, // not the CLI's
  "editor.wordWrap": "on",
}
`;

test('the workspace settings are read from the nearest .vscode/ up to the git root', () => {
  const root = folder('ws', {
    '.vscode/settings.json': workspaceSettings,
    'shared/library.bib': '@misc{lib2021entry, title = {From the Shared Library}, year = {2021}}\n',
    'thesis/chapters/one.tex': '\\mycite{he2016deep} \\othercite{lib2021entry} \\mycite{he2016dep}\n',
  }, true);
  const cwd = path.join(root, 'thesis');
  const bib = run(['bib', 'chapters'], cwd);
  assert.equal(bib.code, 0, bib.stderr);
  assert.deepEqual(keysOf(bib.stdout), ['he2016deep', 'lib2021entry']);
  assert.match(bib.stdout, /^\s+date = \{2016\},$/m, 'mlPapers.bibFormat biblatex: biblatex fields');
  assert.match(bib.stdout, /@misc\{lib2021entry,\n {2}title = \{From the Shared Library\},/, 'mlPapers.bibFiles: the shared library is read');
  // Flags win over the settings.
  const bibtex = run(['bib', 'chapters', '--bibtex'], cwd);
  assert.match(bibtex.stdout, /^\s+year = \{2016\},$/m);
  assert.doesNotMatch(bibtex.stdout, /date = /);
  // mlPapers.diagnostics.unknownKeySeverity: error, so check exits 1.
  const check = run(['check', 'chapters', '--format', 'json'], cwd);
  assert.equal(check.code, 1, check.stdout + check.stderr);
  assert.deepEqual(findingsOf(check).map((f) => `${f.file}:${f.line}:${f.col}: ${f.severity} [${f.code}]`), ['chapters/one.tex:1:54: error [unknown-key]']);
  assert.equal(check.stderr, '');
  // mlPapers.bibFiles: the shared library is read (lib2021entry is no unknown key).
  assert.ok(!check.stdout.includes('lib2021entry'), check.stdout);
});

test('settings turn diagnostics off and set the size limit; a workspace without settings uses the defaults', () => {
  const root = folder('ws-off', {
    '.vscode/settings.json': '{"mlPapers.diagnostics.enabled": false, "mlPapers.maxBibFileSizeMB": 0.0001}',
    'a.md': '---\nbibliography: refs.bib\n---\n[@he2016dep]\n',
    'refs.bib': `@misc{big, title = {${'x'.repeat(300)}}}\n`,
  }, true);
  const check = run(['check', '.', '--format', 'json'], root);
  assert.equal(check.code, 0, check.stderr);
  const findings = findingsOf(check);
  assert.ok(!findings.some((f) => f.code === 'unknown-key'), check.stdout);
  assert.ok(findings.some((f) => f.code === 'unreadable' && /over the 0 MB limit/.test(f.message)), check.stdout);
  // A folder outside any git repository with no .vscode of its own: the defaults.
  const bare = folder('bare', { 'a.md': '[@he2016dep]\n' });
  assert.equal(findingsOf(run(['check', '.', '--format', 'json'], bare)).filter((f) => f.code === 'unknown-key').length, 1);
});

test('a malformed settings file is a one-line warning on stderr, and the defaults are used', () => {
  const root = folder('ws-bad', {
    '.vscode/settings.json': '{\n  "mlPapers.customCiteCommands": ["mycite"]\n  "mlPapers.bibFormat": "biblatex"\n}\n',
    'a.tex': '\\mycite{he2016deep} \\cite{kingma2014adam}\n',
  }, true);
  const r = run(['bib', 'a.tex'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(keysOf(r.stdout), ['kingma2014adam']);
  assert.match(r.stdout, /year = \{2015\}/, 'bibtex, the default');
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines[0], `ml-papers: ${path.join('.vscode', 'settings.json')}: invalid JSON at line 3; using the default settings`);
  assert.equal(lines.filter((l) => /settings/.test(l)).length, 1, r.stderr);
});

test('the settings reader: JSON with comments and trailing commas; where the file is looked for', () => {
  assert.deepEqual(parseJsonc('{"a": [1, 2,], /* c */ "b": "// not a comment", // c\n "c": {"d": "/* nor this */",},}'),
    { a: [1, 2], b: '// not a comment', c: { d: '/* nor this */' } });
  assert.deepEqual(parseJsonc('\ufeff'), {});
  assert.deepEqual(parseJsonc('{"s": "a\\"b,]"}'), { s: 'a"b,]' });
  assert.throws(() => parseJsonc('{"a": 1 /* open'), /unterminated comment at line 1/);
  assert.throws(() => parseJsonc('{\n"a": ,\n}'), /invalid JSON/);
  assert.throws(() => parseJsonc('[1,,]'), /invalid JSON/);

  const root = folder('find', { '.vscode/settings.json': '{}', 'deep/er/x.md': '' }, true);
  assert.equal(findSettingsFile(path.join(root, 'deep', 'er')), path.join(root, '.vscode', 'settings.json'));
  // A nearer .vscode/ without settings.json is the workspace: no settings, the outer file is not read.
  mkdirSync(path.join(root, 'deep', '.vscode'));
  assert.equal(findSettingsFile(path.join(root, 'deep', 'er')), undefined);
  // The search stops at the git root.
  const outer = folder('outer', { '.vscode/settings.json': '{}' });
  const repo = folder('outer/repo', { 'x.md': '' }, true);
  assert.equal(findSettingsFile(repo), undefined);
  assert.equal(findSettingsFile(outer), path.join(outer, '.vscode', 'settings.json'));

  const ws = readWorkspaceSettings(folder('read', { '.vscode/settings.json': workspaceSettings }));
  assert.equal(ws.warning, undefined);
  assert.deepEqual(ws.config.customCiteCommands, ['mycite', 'othercite']);
  assert.deepEqual(ws.config.bibFiles, [path.join(dir, 'read', 'shared', 'library.bib')]);
  assert.equal(ws.config.bibFormat, 'biblatex');
  assert.equal(ws.config.diagnostics.unknownKeySeverity, 'error');
  assert.equal(ws.config.hover.summary, true, 'hover settings are the editor\'s, not taken');
});

/* ------------------------------ bib FILE: the user's own entries ------------------------------ */

test('bib FILE prints the user\'s own entries for keys their bibliographies define, and says where each came from', () => {
  const root = folder('own', {
    'paper.tex': '\\cite{mine2020note,he2016deep,kingma2014adam,Other.2019,nope2020x}\n\\bibliography{refs}\n',
    'refs.bib': '% mine\n@article{mine2020note,\n   title   = {A Note of Mine},\n   author  = {Doe, Jane},\n   year    = 2020\n}\n\n'
      + '@misc{kingma2014adam, title = {My Own Adam Entry}, note = {kept as written}}\n',
    'more/other.bib': '@book{Other.2019, title = {Another Book}, publisher = {P}, year = {2019}}\n',
  });
  const r = run(['bib', 'paper.tex', '--bib', 'more/other.bib'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(keysOf(r.stdout), ['Other.2019', 'he2016deep', 'kingma2014adam', 'mine2020note']);
  // The user's entries keep their type, fields and values (a key the database also knows included).
  assert.match(r.stdout, /@article\{mine2020note,\n {2}title = \{A Note of Mine\},\n {2}author = \{Doe, Jane\},\n {2}year = \{2020\}\n\}/);
  assert.match(r.stdout, /@misc\{kingma2014adam,\n {2}title = \{My Own Adam Entry\},\n {2}note = \{kept as written\}\n\}/);
  assert.match(r.stdout, /@book\{Other\.2019,/);
  assert.match(r.stdout, /@inproceedings\{he2016deep,\n {2}author = \{He, Kaiming/);
  assert.equal(r.stderr, `ml-papers: 1 from ${path.join('more', 'other.bib')}, 2 from refs.bib, 1 from the ML Papers database, 1 not in the database or your bibliographies: nope2020x\n`);
});

// The CLI sees what the server sees (issue 18, item 6): the same file types, custom cite commands
// (--cite-command and mlPapers.customCiteCommands), the workspace's .vscode/settings.json, and
// `bib FILE` prints the user's own entries for keys their bibliographies define.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

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

#!/usr/bin/env node
// The system tools the tests drive, installed when missing, so that `npm test` works on a fresh
// Debian or Ubuntu machine: the real consumers of our BibTeX (bibtex, pdflatex, biber with biblatex,
// pandoc), Neovim and Emacs with Eglot as LSP clients, Chromium and libkrb5-dev for the VS Code tests (code-server
// builds kerberos), curl and CA certificates for the downloads those tests make.
// Missing packages are installed with apt-get (through sudo when not root). Elsewhere, or with
// ML_PAPERS_NO_INSTALL=1, it only reports what is missing: the tests that need a tool then fail
// with the package to install, never skip.
//   usage: node scripts/setup.mjs
import { spawnSync } from 'node:child_process';

export const packages = [
  'pandoc', 'texlive-latex-base', 'texlive-bibtex-extra', 'texlive-latex-recommended', 'biber',
  'neovim', 'emacs-nox', 'elpa-eglot', 'chromium', 'libkrb5-dev', 'curl', 'ca-certificates', 'graphviz',
];
/** What the tests run, and the package that provides it. */
const commands = { pandoc: 'pandoc', pdflatex: 'texlive-latex-base', bibtex: 'texlive-latex-base', biber: 'biber', nvim: 'neovim', dot: 'graphviz', emacs: 'emacs-nox', chromium: 'chromium', curl: 'curl' };

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const log = (msg) => console.log(`setup: ${msg}`);

/** Packages dpkg does not list as installed (every package when there is no dpkg). */
function missingPackages() {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\n', ...packages], { encoding: 'utf8' });
  if (r.error) return undefined;
  const installed = new Set(r.stdout.split('\n').filter((l) => l.endsWith(' installed')).map((l) => l.split(/[ :]/)[0]));
  return packages.filter((p) => !installed.has(p));
}

function aptInstall(missing) {
  const root = process.getuid?.() === 0;
  if (!root && !has('sudo')) return `not root and no sudo: run as root  apt-get install ${missing.join(' ')}`;
  const run = (args) => {
    const argv = root ? ['apt-get', ...args] : ['sudo', 'apt-get', ...args];
    log(argv.join(' '));
    // Another apt run (unattended upgrades, a second checkout) holds the lock: wait for it rather than fail.
    return spawnSync(argv[0], argv.slice(1), { stdio: ['inherit', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
  };
  const lock = ['-o', 'DPkg::Lock::Timeout=900'];
  if (!run([...lock, 'update', '-qq'])) return 'apt-get update failed';
  if (!run([...lock, 'install', '-y', '-qq', '--no-install-recommends', ...missing])) return 'apt-get install failed';
  return undefined;
}

const missing = missingPackages();
if (missing === undefined) {
  log(`no dpkg here: install the equivalents of ${packages.join(', ')} yourself`);
} else if (missing.length === 0) {
  log('system packages present');
} else if (process.env.ML_PAPERS_NO_INSTALL) {
  log(`missing (ML_PAPERS_NO_INSTALL is set, not installing): ${missing.join(' ')}`);
} else {
  log(`installing ${missing.join(' ')}`);
  const failure = aptInstall(missing);
  if (failure) log(failure);
}
const stillMissing = Object.entries(commands).filter(([cmd]) => !has(cmd));
if (stillMissing.length) {
  log(`still missing, so the tests that need them will fail: ${stillMissing.map(([c, p]) => `${c} (${p})`).join(', ')}`);
}

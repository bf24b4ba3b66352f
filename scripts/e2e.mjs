// End-to-end tests in real VS Code (code-server), offline except for the npm registry:
//   1. tools into .e2e/ (cached): Node 24, code-server, @vscode/vsce — see scripts/tools.mjs;
//   2. package the .vsix (production build), then the development build with the compiled tests;
//   3. the mocha suite (test/e2e/suite) inside code-server's extension host, extension loaded from
//      this folder (extensionDevelopmentPath);
//   4. the UI smoke test in headless Chromium against a code-server with the .vsix installed,
//      screenshots in test-results/e2e/.
// Exits non-zero on any failure; every process it starts is killed at the end, failure or not.
// usage: node scripts/e2e.mjs [--suite-only | --ui-only] [--skip-build]
// needs: apt-get install -y chromium libkrb5-dev (`npm test` installs them first: scripts/setup.mjs)
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromiumPath, installVsix, startCodeServer } from '../test/e2e/codeServer.mjs';
import { runSuite } from '../test/e2e/runInCodeServer.mjs';
import { ensureCodeServer, ensureNode24, root, scratch } from './tools.mjs';
import { runUiSmoke } from '../test/e2e/uiSmoke.mjs';

const args = new Set(process.argv.slice(2));
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const log = (m) => console.log(`[e2e ${elapsed()}] ${m}`);
const servers = [];
const stopAll = () => { for (const s of servers) s.stop(); };
process.on('exit', stopAll);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { stopAll(); process.exit(130); });

function run(cmd, argv, what) {
  const t = Date.now();
  const r = spawnSync(cmd, argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${what} failed:\n${r.stdout}\n${r.stderr}`);
  log(`${what} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  return r.stdout;
}

/** A fresh copy of the fixture workspace: the suite edits refs.bib. */
function copyWorkspace(runDir, name) {
  const ws = path.join(runDir, name);
  fs.cpSync(path.join(root, 'test/e2e/workspace'), ws, { recursive: true });
  return ws;
}

async function main() {
  if (!fs.existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: apt-get install -y chromium libkrb5-dev`);
  const node24 = ensureNode24(log);
  const codeServer = ensureCodeServer(log);
  const runDir = path.join(scratch, 'run');
  fs.rmSync(runDir, { recursive: true, force: true });
  fs.mkdirSync(runDir, { recursive: true });
  const results = path.join(root, 'test-results', 'e2e');
  fs.rmSync(results, { recursive: true, force: true });
  fs.mkdirSync(results, { recursive: true });
  const vsix = path.join(runDir, 'ml-papers.vsix');
  const wantSuite = !args.has('--ui-only');
  const wantUi = !args.has('--suite-only');

  if (!args.has('--skip-build')) {
    if (wantUi) {
      const out = run(process.execPath, ['scripts/package.mjs', '--out', vsix], 'package the .vsix');
      log(out.split('\n').find((l) => l.startsWith('packaged')) ?? out.trim());
    }
    // The production build leaves minified bundles; the suite runs on the development build.
    run(process.execPath, ['esbuild.js'], 'development build with tests');
  }

  const failures = [];
  const base = { codeServerBin: codeServer, nodeBinDir: node24.binDir, runDir, log };
  // The online look-up's tests talk to a local stand-in of the services (real recorded answers), never
  // to the internet: the server sends what it would send to https://<host>/<path> to <mock>/<host>/<path>.
  const { OnlineMock } = await import(pathToFileURL(path.join(root, 'dist/test/onlineMock.js')).href);
  const mock = new OnlineMock();
  const onlineEnv = { ML_PAPERS_ONLINE_TEST_ENDPOINTS: await mock.start(), ML_PAPERS_ONLINE_TEST_ARXIV_INTERVAL_MS: '0' };
  servers.push({ stop: () => void mock.stop() });

  if (wantSuite) {
    const workspace = copyWorkspace(runDir, 'ws-suite');
    const server = await startCodeServer({ ...base, name: 'suite', workspace, smokeTestDriver: true, extraEnv: onlineEnv });
    servers.push(server);
    log('extension-host suite:');
    const { code, seconds } = await runSuite({
      server, devPath: root, testsPath: path.join(root, 'dist/test/e2e/index.js'), workspace,
      log: (m) => console.log(m), screenshot: path.join(results, 'suite-failure.png'),
    });
    server.stop();
    log(`extension-host suite ${code === 0 ? 'passed' : `FAILED (${code})`} in ${seconds.toFixed(1)} s`);
    if (code !== 0) failures.push(`extension-host suite (${code}); code-server log: ${server.logFile}`);
  }

  if (wantUi) {
    if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing (run without --skip-build)`);
    const installed = await installVsix({ ...base, name: 'ui', vsix });
    log(installed.split('\n').pop());
    const workspace = copyWorkspace(runDir, 'ws-ui');
    const server = await startCodeServer({ ...base, name: 'ui', workspace, extraEnv: onlineEnv });
    servers.push(server);
    log('UI smoke test (packaged extension):');
    const { ok, steps } = await runUiSmoke({ server, workspace, outDir: results, log: (m) => console.log(m) });
    server.stop();
    log(`UI smoke test ${ok ? 'passed' : 'FAILED'}: ${steps.filter((s) => s.ok).length}/${steps.length} steps; screenshots in test-results/e2e/`);
    if (!ok) failures.push(`UI smoke: ${steps.filter((s) => !s.ok).map((s) => s.name).join('; ')}`);
  }

  stopAll();
  if (failures.length) {
    console.error(`e2e failed after ${elapsed()}:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  log('all end-to-end checks passed');
}

main().catch((e) => {
  console.error(`e2e error after ${elapsed()}: ${e instanceof Error ? e.stack : e}`);
  stopAll();
  process.exit(2);
});

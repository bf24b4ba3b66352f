// Starting and stopping code-server (real VS Code with a Node extension host) and a headless
// Chromium for it. Used by scripts/e2e.mjs; every process started here is killed by stop().
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Settings that keep a fresh profile quiet: no welcome page, no trust prompt, no update checks. */
const userSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.hover.delay': 100,
};

/**
 * Starts code-server in its own process group (so stop() can kill it with everything it spawned:
 * extension host, language server) and waits until /healthz answers.
 */
export async function startCodeServer({ codeServerBin, nodeBinDir, runDir, name, workspace, smokeTestDriver = false, extraEnv = {}, log = () => {} }) {
  const dir = path.join(runDir, name);
  const dirs = { udd: path.join(dir, 'user-data'), exts: path.join(dir, 'extensions'), xdg: path.join(dir, 'xdg') };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(dirs.udd, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.udd, 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));
  const env = {
    ...process.env,
    PATH: `${nodeBinDir}${path.delimiter}${process.env.PATH}`,
    XDG_CONFIG_HOME: path.join(dirs.xdg, 'config'),
    XDG_DATA_HOME: path.join(dirs.xdg, 'data'),
    XDG_CACHE_HOME: path.join(dirs.xdg, 'cache'),
    ...extraEnv,
  };
  const common = ['--user-data-dir', dirs.udd, '--extensions-dir', dirs.exts];
  const port = await freePort();
  const logFile = path.join(runDir, `${name}-code-server.log`);
  const out = fs.openSync(logFile, 'w');
  const child = spawn(codeServerBin, [
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', '--reconnection-grace-time', '5',
    // The test driver lets the `payload` URL run an extension-host suite; it also refuses dialogs,
    // so the UI smoke test (which wants to see the open-link dialog) runs without it.
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []), ...common, workspace,
  ], { env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const origin = `http://127.0.0.1:${port}`;
  const server = {
    origin, port, dirs, logFile, env, common,
    exited: false,
    stop() {
      if (server.exited) return;
      server.exited = true;
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      // The group gets a moment to shut down, then whatever is left is killed.
      const deadline = Date.now() + 3000;
      while (Date.now() < deadline) {
        try { process.kill(-child.pid, 0); } catch { return; }
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
      }
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    },
  };
  child.on('exit', () => { server.exited = true; });
  const t0 = Date.now();
  for (;;) {
    if (server.exited) throw new Error(`code-server exited during start; see ${logFile}:\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
    try {
      const r = await fetch(`${origin}/healthz`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() - t0 > 60_000) { server.stop(); throw new Error(`code-server did not answer /healthz within 60 s; see ${logFile}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  log(`code-server ${name} ready on ${origin} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return server;
}

/** Installs a .vsix into the server's extensions dir (before start or for a later start). */
export function installVsix({ codeServerBin, nodeBinDir, runDir, name, vsix }) {
  const dir = path.join(runDir, name);
  return new Promise((resolve, reject) => {
    const env = { ...process.env, PATH: `${nodeBinDir}${path.delimiter}${process.env.PATH}`, XDG_CONFIG_HOME: path.join(dir, 'xdg', 'config'), XDG_DATA_HOME: path.join(dir, 'xdg', 'data'), XDG_CACHE_HOME: path.join(dir, 'xdg', 'cache') };
    const p = spawn(codeServerBin, ['--user-data-dir', path.join(dir, 'user-data'), '--extensions-dir', path.join(dir, 'extensions'), '--install-extension', vsix], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    p.stdout.on('data', (d) => (text += d));
    p.stderr.on('data', (d) => (text += d));
    p.on('exit', (code) => (code === 0 && /successfully installed/i.test(text) ? resolve(text.trim()) : reject(new Error(`install-extension failed (${code}): ${text}`))));
  });
}

/** A headless Chromium (Debian's; never a downloaded one) with a throwaway profile. */
export async function launchBrowser() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-papers-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Runs the mocha suite (dist/test/e2e/index.js) inside code-server's Node extension host, the way
// VS Code's own browser integration tests do: the workbench URL carries a `payload` with
// extensionDevelopmentPath and extensionTestsPath (honoured only with
// `--vscode-option enable-smoke-test-driver`), and the workbench reports the result through
// window.codeAutomationExit.
import * as path from 'node:path';
import { format } from 'node:util';
import { launchBrowser } from './codeServer.mjs';

/**
 * Resolves with { code, seconds }: code 0 when every test passed, 1 when some failed,
 * 'timeout' when the workbench never reported.
 */
export async function runSuite({ server, devPath, testsPath, workspace, timeoutMs = 300_000, log = console.log, screenshot }) {
  const t0 = Date.now();
  const host = new URL(server.origin).host; // code-server's remote authority is host:port
  const remote = (p) => `vscode-remote://${host}${path.resolve(p)}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(devPath)],
    ['extensionTestsPath', remote(testsPath)],
    ['skipWelcome', 'true'],
  ]);
  const url = `${server.origin}/?folder=${encodeURIComponent(path.resolve(workspace))}&payload=${encodeURIComponent(payload)}`;
  const browser = await launchBrowser();
  try {
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const done = new Promise((resolve) => {
      void page.exposeFunction('codeAutomationLog', (type, args) => log(`  ${format(...(Array.isArray(args) ? args : [args]))}`.replace(/\n/g, '\n  ')));
      void page.exposeFunction('codeAutomationExit', (code) => resolve(code));
    });
    page.on('pageerror', (e) => log(`  [page error] ${e.message}`));
    await page.goto(url);
    let timer;
    const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const code = await Promise.race([done, timeout]);
    clearTimeout(timer);
    if (code !== 0 && screenshot) await page.screenshot({ path: screenshot }).catch(() => {});
    return { code, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await browser.close();
  }
}

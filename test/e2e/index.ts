/**
 * Mocha entry for the extension-host suite: VS Code (or code-server's `payload` test mode) loads
 * this file as `extensionTestsPath` and awaits `run()`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

// Mocha 12's package entry is an ES module; its CommonJS build loads in every extension host.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Mocha: typeof import('mocha') = require('mocha/lib/mocha.cjs');

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.ML_PAPERS_E2E_GREP;
  if (grep) mocha.grep(grep);
  const dir = path.join(__dirname, 'suite');
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.test.js')).sort()) mocha.addFile(path.join(dir, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
  });
}

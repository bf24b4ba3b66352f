/**
 * Runs the extension-host suite in a downloaded VS Code with @vscode/test-electron
 * (`npm run test:electron`; needs internet for the download). On machines without it,
 * scripts/e2e.mjs runs the same suite in code-server.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  // dist/test/e2e/runTest.js → the repository root.
  const root = path.resolve(__dirname, '../../..');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-papers-e2e-'));
  // The suite edits refs.bib: it works on a copy of the fixture workspace.
  const workspace = path.join(scratch, 'workspace');
  fs.cpSync(path.join(root, 'test/e2e/workspace'), workspace, { recursive: true });
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'dist/test/e2e/index.js'),
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${path.join(scratch, 'user-data')}`,
        `--extensions-dir=${path.join(scratch, 'extensions')}`,
      ],
    });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

// Loads the project's own TypeScript (server/src/core and scripts/coverage/coverage.ts) into a script:
// esbuild bundles a small entry in memory (as `npm run build` bundles the tests), and the bundle is
// compiled as a CommonJS module. No files are written.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function loadCore() {
  const esbuild = require('esbuild');
  const contents = [
    "export { parseBib } from './server/src/core/bibParser';",
    "export { bibEntry } from './server/src/core/bibEntries';",
    "export { latexToText } from './server/src/core/latexText';",
    "export { loadPaperDb } from './server/src/core/paperDb';",
    "export * from './scripts/coverage/coverage';",
  ].join('\n');
  const out = await esbuild.build({
    stdin: { contents, resolveDir: repoRoot, sourcefile: 'coverage-entry.ts', loader: 'ts' },
    bundle: true, platform: 'node', target: 'node20', format: 'cjs', write: false, logLevel: 'silent',
  });
  const Module = require('node:module');
  const m = new Module('coverage-core', null);
  m.paths = Module._nodeModulePaths(repoRoot);
  m._compile(out.outputFiles[0].text, path.join(repoRoot, 'coverage-core.js'));
  return m.exports;
}

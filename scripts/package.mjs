// Builds the production bundles and packages ml-papers.vsix with @vscode/vsce.
// vsce needs Node >= 22 while the project runs on Node 20, so vsce and a Node 24 live in the
// scratch folder .e2e/ (installed from the npm registry on first use), not in devDependencies.
// usage: node scripts/package.mjs [--out <file.vsix>]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureVsce, root, runWithNode24 } from './tools.mjs';

const outArg = process.argv.indexOf('--out');
const out = path.resolve(outArg > 0 ? process.argv[outArg + 1] : path.join(root, 'ml-papers.vsix'));

// Only these may ship; anything else in the package is a .vscodeignore mistake.
const allowed = [
  /^package\.json$/, /^README\.md$/, /^LICENSE(\.txt)?$/, /^CHANGELOG\.md$/,
  /^dist\/(client|server|serverMain|cli|indexWorker|citation|graphWebview)\.js$/, /^media\/graph\.css$/, /^server\/data\/papers(\.runtime)?\.jsonl?$/, /^server\/data\/catalog\.jsonl\.gz$/,
  /^syntaxes\/[^/]+\.json$/, /^snippets\/[^/]+\.json$/, /^images\/icon\.png$/,
];

function main() {
  const vsce = ensureVsce();
  const build = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('production build failed');
  const files = runWithNode24(vsce, ['ls', '--no-dependencies']).split('\n').map((l) => l.trim()).filter(Boolean);
  const unexpected = files.filter((f) => !allowed.some((re) => re.test(f)));
  if (unexpected.length) throw new Error(`unexpected files would ship (fix .vscodeignore): ${unexpected.join(', ')}`);
  // Every bundle the build wrote must ship (the server requires dist/citation.js on first use).
  const bundles = fs.readdirSync(path.join(root, 'dist')).filter((f) => f.endsWith('.js')).map((f) => `dist/${f}`);
  for (const needed of [...bundles, 'images/icon.png', 'server/data/catalog.jsonl.gz']) {
    if (!files.includes(needed)) throw new Error(`${needed} is missing from the package`);
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  runWithNode24(vsce, ['package', '--no-dependencies', '--out', out]);
  const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
  console.log(`packaged ${path.relative(process.cwd(), out)} (${kib(fs.statSync(out).size)}):`);
  for (const f of files) console.log(`  ${f} ${kib(fs.statSync(path.join(root, f)).size)}`);
}

try {
  main();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}

// Runs every compiled node:test file under dist/test/{core,server,cli,...}.
// The VS Code suites (dist/test/e2e) run inside an extension host instead: see test/e2e/.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = 'dist/test';
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) { if (name !== 'e2e') walk(p); }
    else if (name.endsWith('.test.js')) files.push(p);
  }
}
if (!existsSync(root)) { console.error('dist/test missing: run `npm run build` first'); process.exit(1); }
walk(root);
const filter = process.argv.slice(2);
const chosen = filter.length ? files.filter((f) => filter.some((x) => f.includes(x))) : files;
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...chosen], { stdio: 'inherit' });
process.exit(r.status ?? 1);

// Runs every compiled node:test file under dist/test/{core,server,cli,...}.
// The VS Code suites (dist/test/e2e) run inside an extension host instead: see test/e2e/.
// `--shared` runs only dist/test/sharedMaterial: the tests that read ../shared (material that may not
// be redistributed), which `npm test` leaves out so that a plain clone tests itself.
//   usage: node scripts/run-tests.mjs [--shared] [substring of a test file ...]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = 'dist/test';
const args = process.argv.slice(2);
const sharedOnly = args.includes('--shared');
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) { if (name !== 'e2e' && name !== 'sharedMaterial') walk(p); }
    else if (name.endsWith('.test.js')) files.push(p);
  }
}
if (!existsSync(root)) { console.error('dist/test missing: run `npm run build` first'); process.exit(1); }
walk(sharedOnly ? join(root, 'sharedMaterial') : root);
const filter = args.filter((a) => a !== '--shared');
const chosen = filter.length ? files.filter((f) => filter.some((x) => f.includes(x))) : files;
// Tests that compare latencies within one server session (hover while a big file is indexed, memory
// under stress) run alone after the rest: a second test process on a 2-core machine would make the
// comparison measure the neighbour, not the server.
const alone = ['server/security.test.js', 'server/stress.test.js', 'server/indexing.test.js'];
const isAlone = (f) => alone.some((a) => f.replaceAll('\\', '/').endsWith(a));
// The servers the tests start write caches (the V8 code cache, database index caches) to the user's
// cache directory unless told otherwise: point them at a scratch directory, removed at the end.
const scratchCache = process.env.ML_PAPERS_CACHE_DIR ? undefined : mkdtempSync(join(tmpdir(), 'mlp-test-cache-'));
const env = scratchCache ? { ...process.env, ML_PAPERS_CACHE_DIR: scratchCache } : process.env;
let status = 0;
const parallel = chosen.filter((f) => !isAlone(f));
if (parallel.length) status = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...parallel], { stdio: 'inherit', env }).status ?? 1;
const serial = chosen.filter(isAlone);
if (serial.length) status = (spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...serial], { stdio: 'inherit', env }).status ?? 1) || status;
if (scratchCache) rmSync(scratchCache, { recursive: true, force: true });
process.exit(status);

// Long fuzz campaign over the compiled readers and scanners (build first: `node esbuild.js`).
// Runs the properties of test/core/fuzzHarness.ts with bigger inputs, round-robin, for --seconds N
// (default 300), then prints how many inputs each property tried and every failure found.
//   node scripts/fuzz.mjs [--seconds N] [--seed S]
import { createRequire } from 'node:module';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const harnessPath = resolve('dist/test/core/fuzzHarness.js');
if (!existsSync(harnessPath)) {
  console.error('dist/test/core/fuzzHarness.js missing: run `node esbuild.js` first');
  process.exit(2);
}
const fc = require('fast-check');
const h = require(harnessPath);

const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : dflt;
};
const seconds = arg('--seconds', 300);
let seed = arg('--seed', Date.now() % 2 ** 31);

const read = (dir, ext) => existsSync(dir)
  ? readdirSync(dir).filter((f) => f.endsWith(ext)).sort().map((f) => readFileSync(join(dir, f), 'utf8'))
  : [];
// The committed fixtures always; ../shared's real bibliographies and seed documents when present.
const shared = process.env.ML_PAPERS_SHARED ?? resolve('..', 'shared');
const bibSeeds = [
  ...read(process.env.BIB_DATA_DIR ?? join(shared, 'data', 'bib'), '.bib'),
  ...read('test/fixtures/bib/real', '.bib'), ...read('test/fixtures/bib', '.bib'),
];
const docSeeds = [
  ...read(process.env.SEED_DIR ?? join(shared, 'seeds'), '.txt'),
  ...read('examples', '.md'), ...read('examples', '.tex'), ...read('test/e2e/workspace', '.md'), ...read('test/e2e/workspace', '.tex'),
];

const offset = (t, k) => k % (t.length + 1);
const properties = [
  ['parseBib random', [h.randomText(3000)], (t) => h.checkBib(t)],
  ['parseBib mutated bib', [h.mutatedSeed(bibSeeds, 400_000)], (t) => h.checkBib(t)],
  ['scan latex random', [h.randomText(3000)], (t) => h.checkScan(t, 'latex')],
  ['scan markdown random', [h.randomText(3000)], (t) => h.checkScan(t, 'markdown')],
  ['scan latex mutated', [h.mutatedSeed(docSeeds, 200_000)], (t) => h.checkScan(t, 'latex')],
  ['scan markdown mutated', [h.mutatedSeed(docSeeds, 200_000)], (t) => h.checkScan(t, 'markdown')],
  ['completion latex', [h.randomText(1500), fc.nat()], (t, k) => h.checkCompletion(t, offset(t, k), 'latex')],
  ['completion markdown', [h.randomText(1500), fc.nat()], (t, k) => h.checkCompletion(t, offset(t, k), 'markdown')],
  ['completion latex mutated', [h.mutatedSeed(docSeeds, 100_000), fc.nat()], (t, k) => h.checkCompletion(t, offset(t, k), 'latex')],
  ['completion markdown mutated', [h.mutatedSeed(docSeeds, 100_000), fc.nat()], (t, k) => h.checkCompletion(t, offset(t, k), 'markdown')],
  ['findBareRefs', [h.randomText(3000), fc.integer({ min: -5, max: 4000 }), fc.integer({ min: -5, max: 4000 })], (t, a, b) => h.checkBare(t, a, b)],
  ['findBareRefs mutated', [h.mutatedSeed(docSeeds, 200_000), fc.nat()], (t, a) => h.checkBare(t, offset(t, a), t.length)],
];

const tried = new Map(properties.map(([name]) => [name, 0]));
const failures = [];
const deadline = Date.now() + seconds * 1000;
const slice = Math.max(1000, Math.min(10_000, (seconds * 1000) / properties.length / 4));
console.log(`fuzzing for ${seconds} s from seed ${seed}`);
while (Date.now() < deadline) {
  for (const [name, arbs, check] of properties) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    const runSeed = seed++;
    const result = fc.check(fc.property(...arbs, (...xs) => { tried.set(name, tried.get(name) + 1); check(...xs); }), {
      numRuns: Number.MAX_SAFE_INTEGER, seed: runSeed, interruptAfterTimeLimit: Math.min(slice, left), markInterruptAsFailure: false,
    });
    if (result.failed) {
      const example = JSON.stringify(result.counterexample);
      const message = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
      failures.push({ name, seed: runSeed, message, example });
      console.log(`FAIL ${name} (seed ${runSeed}): ${message}\n  input: ${example.length > 600 ? example.slice(0, 600) + '…' : example}`);
    }
  }
}
let total = 0;
for (const [name, n] of tried) { total += n; console.log(`${String(n).padStart(9)}  ${name}`); }
console.log(`${String(total).padStart(9)}  inputs tried, ${failures.length} failure(s)`);
process.exit(failures.length ? 1 : 0);

// Short fuzz runs for CI (about ten seconds); scripts/fuzz.mjs runs the same properties for minutes.
import { test } from 'node:test';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { DocLanguage } from '../../server/src/core/model';
import { checkBare, checkBib, checkCompletion, checkScan, mutatedSeed, randomText } from './fuzzHarness';
import { committedBibs } from '../bibCorpus';

// Seeds committed in the repository; test/sharedMaterial/fuzz.test.ts mutates ../shared's real files and seed documents too.
const read = (dir: string, exts: string[]): string[] =>
  readdirSync(dir).filter((f) => exts.some((e) => f.endsWith(e))).sort().map((f) => readFileSync(join(dir, f), 'utf8'));
const bibSeeds = [...committedBibs().map((b) => b.text), ...read('test/fixtures/bib', ['.bib'])];
const docSeeds = [...read('examples', ['.md', '.tex']), ...read('test/e2e/workspace', ['.md', '.tex'])];
// A fixed seed keeps CI reproducible; FUZZ_SEED explores elsewhere.
const params = (numRuns: number): fc.Parameters<unknown> => ({ numRuns, seed: Number(process.env.FUZZ_SEED ?? 20261122) });
const languages: DocLanguage[] = ['latex', 'markdown'];

test('parseBib: random text never throws, stays fast, keeps its span invariants', () => {
  fc.assert(fc.property(randomText(300), (t) => checkBib(t)), params(1500));
});

test('parseBib: mutated windows of the real bibliographies', () => {
  fc.assert(fc.property(mutatedSeed(bibSeeds, 30_000), (t) => checkBib(t)), params(300));
});

for (const language of languages) {
  test(`scanDocument(${language}): random and mutated seed documents`, () => {
    fc.assert(fc.property(randomText(300), (t) => checkScan(t, language)), params(1500));
    fc.assert(fc.property(mutatedSeed(docSeeds, 40_000), (t) => checkScan(t, language)), params(250));
  });

  test(`completionContextAt(${language}): any offset of random and mutated documents`, () => {
    fc.assert(fc.property(randomText(200), fc.nat(), (t, k) => checkCompletion(t, k % (t.length + 1), language)), params(2000));
    fc.assert(fc.property(mutatedSeed(docSeeds, 20_000), fc.nat(), (t, k) => checkCompletion(t, k % (t.length + 1), language)), params(250));
  });
}

test('findBareRefs: random text and ranges', () => {
  fc.assert(fc.property(randomText(300), fc.integer({ min: -5, max: 400 }), fc.integer({ min: -5, max: 400 }), (t, a, b) => checkBare(t, a, b)), params(2000));
  fc.assert(fc.property(mutatedSeed(docSeeds, 40_000), fc.nat(), (t, a) => checkBare(t, a % (t.length + 1), t.length)), params(200));
});

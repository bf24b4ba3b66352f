// The fuzz properties of test/core/fuzz.test.ts over mutated windows of ../shared's real
// bibliographies and seed documents (material that may not be redistributed).
import { test } from 'node:test';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { DocLanguage } from '../../server/src/core/model';
import { checkBare, checkBib, checkCompletion, checkScan, mutatedSeed } from '../core/fuzzHarness';
import { sharedDir } from '../shared';

const BIB_DIR = process.env.BIB_DATA_DIR ?? join(sharedDir, 'data', 'bib');
const SEED_DIR = process.env.SEED_DIR ?? join(sharedDir, 'seeds');
const read = (dir: string, ext: string): string[] =>
  readdirSync(dir).filter((f) => f.endsWith(ext)).sort().map((f) => readFileSync(join(dir, f), 'utf8'));
const bibSeeds = read(BIB_DIR, '.bib');
const docSeeds = read(SEED_DIR, '.txt');
const params = (numRuns: number): fc.Parameters<unknown> => ({ numRuns, seed: Number(process.env.FUZZ_SEED ?? 20261122) });
const languages: DocLanguage[] = ['latex', 'markdown'];

test('parseBib: mutated windows of the real bibliographies in ../shared', () => {
  fc.assert(fc.property(mutatedSeed(bibSeeds, 30_000), (t) => checkBib(t)), params(300));
});

for (const language of languages) {
  test(`scanDocument and completionContextAt(${language}): mutated seed documents`, () => {
    fc.assert(fc.property(mutatedSeed(docSeeds, 40_000), (t) => checkScan(t, language)), params(250));
    fc.assert(fc.property(mutatedSeed(docSeeds, 20_000), fc.nat(), (t, k) => checkCompletion(t, k % (t.length + 1), language)), params(250));
  });
}

test('findBareRefs: mutated seed documents', () => {
  fc.assert(fc.property(mutatedSeed(docSeeds, 40_000), fc.nat(), (t, a) => checkBare(t, a % (t.length + 1), t.length)), params(200));
});

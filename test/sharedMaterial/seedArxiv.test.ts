// The committed seed facts (test/fixtures/seeds/arxiv-links.json) must match the seed documents in
// ../shared/seeds, which may not be redistributed; `node scripts/seed-arxiv-ids.mjs --write` rewrites them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { extractSeedArxivLinks, seedArxivLinks } from '../seedArxiv';
import { sharedDir } from '../shared';

test('the committed arXiv links are what the seed documents link today', () => {
  assert.deepEqual(seedArxivLinks(), extractSeedArxivLinks(join(sharedDir, 'seeds')), 'run `npm run build && node scripts/seed-arxiv-ids.mjs --write`');
});

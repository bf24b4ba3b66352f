#!/usr/bin/env node
// The arXiv ids the seed documents (../shared/seeds) link, as committed in
// test/fixtures/seeds/arxiv-links.json (see test/seedArxiv.ts).
// Usage (after `npm run build`):
//   node scripts/seed-arxiv-ids.mjs           prints each committed link and whether the bundled database has it
//   node scripts/seed-arxiv-ids.mjs --write   extracts the links from ../shared/seeds again and rewrites the JSON
//   node scripts/seed-arxiv-ids.mjs --check   fails when the JSON no longer matches ../shared/seeds
// ML_PAPERS_SHARED names another shared folder.
import { createRequire } from 'node:module';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const { committedLinksFile, extractSeedArxivLinks, seedArxivLinks } = require('../dist/test/seedArxiv.js');
const seedsDir = join(process.env.ML_PAPERS_SHARED ?? resolve(root, '..', 'shared'), 'seeds');

const mode = process.argv[2];
if (mode === '--write' || mode === '--check') {
  if (!existsSync(seedsDir)) { console.error(`${seedsDir} does not exist`); process.exit(2); }
  const links = extractSeedArxivLinks(seedsDir);
  // One link a line, so that a change to the seeds shows as a readable diff.
  const about = 'arXiv ids linked by the seed documents (../shared/seeds), with the sorted content words of each link text and the 200 characters before it (null: an item of a bare reference list). Regenerate with `node scripts/seed-arxiv-ids.mjs --write`.';
  const text = `{\n "about": ${JSON.stringify(about)},\n "links": [\n${links.map((l) => `  ${JSON.stringify(l)}`).join(',\n')}\n ]\n}\n`;
  if (mode === '--write') {
    mkdirSync(dirname(committedLinksFile), { recursive: true });
    writeFileSync(committedLinksFile, text);
    console.log(`wrote ${links.length} links to ${committedLinksFile}`);
  } else {
    const same = existsSync(committedLinksFile) && readFileSync(committedLinksFile, 'utf8') === text;
    console.log(same ? `${committedLinksFile} matches ${seedsDir}` : `${committedLinksFile} differs from ${seedsDir}: run with --write`);
    process.exit(same ? 0 : 1);
  }
} else {
  const papers = require('../server/data/papers.json');
  const byArxiv = new Map(papers.filter((p) => p.custom?.arxiv).map((p) => [p.custom.arxiv, p]));
  let missing = 0;
  for (const l of seedArxivLinks()) {
    const p = byArxiv.get(l.id);
    if (!p) missing++;
    console.log(`${l.seed.slice(0, 3)}  ${l.id.padEnd(11)} ${p ? `${p.id}  ${p.title}` : 'MISSING'}`);
  }
  console.log(`${missing} missing`);
  process.exit(missing ? 1 : 0);
}

#!/usr/bin/env node
// Prints every arXiv id the seed documents link, and whether the bundled database has it.
// Usage: npm run build && node scripts/seed-arxiv-ids.mjs
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { seedArxivLinks } = require('../dist/test/seedArxiv.js');
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

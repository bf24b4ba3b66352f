#!/usr/bin/env node
// Share of the references cited by real ML papers (test/fixtures/coverage/references.jsonl, written by
// extract.mjs) that the paper database holds: overall, by year of the cited work, and by citing paper.
// Matching is the index's own (samePaper: arXiv id without version, DOI any case, normalised title),
// run through the project's code (scripts/coverage/coverage.ts, bundled in memory by core.mjs).
//
//   node scripts/coverage/measure.mjs [--db server/data/papers.json] [--db other.json …] [--refs file.jsonl]
//
// With several --db, one column per database (e.g. v1: git show 69b48cf:server/data/papers.json > /tmp/v1.json).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCore, repoRoot } from './core.mjs';

const dbs = [];
let refsFile = 'test/fixtures/coverage/references.jsonl';
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i] === '--db') dbs.push(process.argv[++i]);
  else if (process.argv[i] === '--refs') refsFile = process.argv[++i];
}
if (!dbs.length) dbs.push('server/data/papers.json');

const core = await loadCore();
const refs = core.parseReferences(readFileSync(path.resolve(repoRoot, refsFile), 'utf8'));
const reports = dbs.map((f) => {
  const { db } = core.loadPaperDb(JSON.parse(readFileSync(path.resolve(repoRoot, f), 'utf8')));
  return { name: `${path.basename(f)} (${db.papers.length})`, report: core.measure(db, refs) };
});
const cell = (s) => `${core.percent(s)} (${s.held}/${s.total})`;
const row = (label, shares) => `| ${label} | ${shares.map(cell).join(' | ')} |`;
const head = (first) => [`| ${first} | ${reports.map((r) => r.name).join(' | ')} |`, `|---|${reports.map(() => '---|').join('')}`];

console.log(`${refs.length} cited references from ${reports[0].report.byPaper.length} papers\n`);
console.log([...head('overall'), row('all cited references', reports.map((r) => r.report.overall))].join('\n'), '\n');
console.log([...head('year of the cited work'), ...reports[0].report.byYear.map((y, i) => row(y.band, reports.map((r) => r.report.byYear[i])))].join('\n'), '\n');
console.log([...head('citing paper (year)'), ...reports[0].report.byPaper.map((p, i) => row(`${p.paper.replace(/@([0-9a-f]{12})[0-9a-f]*:/, '@$1:')} (${p.paperYear})`, reports.map((r) => r.report.byPaper[i])))].join('\n'));

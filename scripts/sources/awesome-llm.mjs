#!/usr/bin/env node
// Importer: Hannibal046/Awesome-LLM — the "Milestone Papers" table.
//
// Repository: https://github.com/Hannibal046/Awesome-LLM, read at commit 538eed00fcb05634fd81a68e24397c620fdcd3e8
// (2025-07-31) from a bare snapshot (`fetch`), --repo DIR.
// File: README.md, section "## Milestone Papers": rows "| YYYY-MM | keywords | Institute | [Title](link) |".
// Fields: title, arXiv id (arxiv.org links) or url, nicknames (the keywords cell, except the topic labels in
// NOT_NAMES; "A/B" shorthand keeps only A), year (from the date cell, only when it agrees with the arXiv id's
// year or there is no arXiv id: several dates are not the paper's, e.g. DeepSeek-V2 "2024-01" for arXiv 2405.04434),
// areaHint "language". Institute is not taken.
// Licence: CC0-1.0 (LICENSE.md). Facts only.
//
// Usage: node scripts/sources/awesome-llm.mjs --repo /work/.mirror/Hannibal046+Awesome-LLM/repo [--commit C] [--out FILE]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { git, cleanTitle, writeJsonl, selfCheck, cliArgs } from './lib/bibtex-lite.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOURCE = 'awesome-llm';
const REPO = 'Hannibal046/Awesome-LLM';
const NOT_NAMES = new Set(['Scaling Law', 'Foundation Models', 'Emergent Abilities']);

const args = cliArgs();
const repo = args.repos[0] || process.env.AWESOME_LLM_REPO;
if (!repo) { console.error('usage: --repo DIR'); process.exit(2); }
const commit = args.commit || git(repo, ['rev-parse', 'HEAD']).trim();
const lines = git(repo, ['show', `${commit}:README.md`]).split('\n');
const recs = [];
let inSection = false;
lines.forEach((line, i) => {
  if (/^##\s/.test(line)) inSection = /^##\s+Milestone Papers/.test(line);
  if (!inSection) return;
  const cells = line.split('|').map((c) => c.trim());
  if (cells.length < 6 || !/^(19|20)\d\d-\d\d$/.test(cells[1])) return;
  const [, date, kw, , paper] = cells;
  const pm = /^\[(.+?)\]\((https?:\/\/[^)\s]+)\)/.exec(paper);
  if (!pm) return;
  const title = cleanTitle(pm[1]);
  if (!title) return;
  const r = { source: SOURCE, ref: `${REPO}@${commit}:README.md#L${i + 1}`, licence: 'CC0-1.0', title, areaHint: 'language' };
  const ax = /arxiv\.org\/(?:abs|pdf)\/(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?\/?$/.exec(pm[2]);
  if (ax) r.arxiv = ax[1];
  else r.url = pm[2];
  const y = +date.slice(0, 4);
  if (!r.arxiv || 2000 + +r.arxiv.slice(0, 2) === y) r.year = y;
  const nick = kw.split('/')[0].trim();
  if (nick && !NOT_NAMES.has(kw)) r.nicknames = [nick];
  recs.push(r);
});
writeJsonl(args.out || path.join(ROOT, 'server', 'data', 'evidence', SOURCE + '.jsonl'), recs);
selfCheck(SOURCE, recs);

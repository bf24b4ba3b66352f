#!/usr/bin/env node
// Importer: terryum/awesome-deep-learning-papers — "the most cited deep learning papers" (2012–2016).
//
// Repository: https://github.com/terryum/awesome-deep-learning-papers, read at commit
// 1a0a9dfb1ee27f74a1ab47ed1273694ec4778ae7 (2018-10-19) from a bare snapshot (`fetch`), --repo DIR.
// Files:
//   top100papers.bib (every entry): title, author (all; "and others" → authorsComplete false), year, venue
//     (booktitle/journal; "arXiv preprint arXiv:ID" → venue arXiv, preprint), arXiv id, pages.
//   README.md, list lines "- **Title** (YEAR), A. Author et al. [[pdf]](link)": title, year, arXiv id (arxiv.org links
//     only) or url. README authors are NOT taken (abbreviated, "et al.", and at least one misspelt: "S. Loffe").
// Licence: CC0-1.0 (README "License"). Facts only.
//
// Usage: node scripts/sources/awesome-dl-papers.mjs --repo /work/.mirror/terryum+awesome-deep-learning-papers/repo
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { git, bibFileRecords, cleanTitle, writeJsonl, selfCheck, cliArgs } from './lib/bibtex-lite.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOURCE = 'awesome-dl-papers';
const REPO = 'terryum/awesome-deep-learning-papers';
const LICENCE = 'CC0-1.0';
const args = cliArgs();
const repo = args.repos[0] || process.env.AWESOME_DL_REPO;
if (!repo) { console.error('usage: --repo DIR'); process.exit(2); }
const commit = args.commit || git(repo, ['rev-parse', 'HEAD']).trim();
const recs = bibFileRecords({ source: SOURCE, repoDir: repo, repoName: REPO, commit, file: 'top100papers.bib', licence: LICENCE });

const readme = git(repo, ['show', `${commit}:README.md`]).split('\n');
readme.forEach((line, i) => {
  const m = /^\s*-\s+\*\*(.+?)\*\*\s*\(((?:19|20)\d\d)\)\s*,\s*(.*)$/.exec(line);
  if (!m) return;
  const title = cleanTitle(m[1]);
  if (!title) return;
  const r = { source: SOURCE, ref: `${REPO}@${commit}:README.md#L${i + 1}`, licence: LICENCE, title, year: +m[2] };
  const links = [...m[3].matchAll(/\[\[[^\]]*\]\]\((https?:\/\/[^)\s]+)\)/g)].map((x) => x[1]);
  for (const l of links) {
    const ax = /arxiv\.org\/(?:abs|pdf)\/(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?$/.exec(l);
    if (ax && !r.arxiv) r.arxiv = ax[1];
    else if (!ax && !r.url && !/github\.com|youtube|slideshare/.test(l)) r.url = l;
  }
  recs.push(r);
});
writeJsonl(args.out || path.join(ROOT, 'server', 'data', 'evidence', SOURCE + '.jsonl'), recs);
selfCheck(SOURCE, recs);

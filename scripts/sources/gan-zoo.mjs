#!/usr/bin/env node
// Importer: hindupuravinash/the-gan-zoo — the list of named GANs.
//
// Repository: https://github.com/hindupuravinash/the-gan-zoo, read at commit 375f2be4a852ead8980c06b2a996893f0cb95713
// (2018-10-01) from a bare snapshot (`fetch`), --repo DIR.
// File: gans.tsv (Year, Month, Abbr., Title, Arxiv, Official_Code, …). Fields: title, year, nicknames (Abbr., when it is
// a name: not "-"/empty; an abbreviation several rows share stays on the earliest row only), arXiv id (arxiv.org links), url (other links), official code (Official_Code column, a
// github.com/gitlab.com link; kind "official", label "official code (the GAN zoo)"; framework not stated).
// areaHint "generative". Licence: MIT (LICENSE). Facts only.
//
// Usage: node scripts/sources/gan-zoo.mjs --repo /work/.mirror/hindupuravinash+the-gan-zoo/repo [--commit C] [--out FILE]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { git, cleanTitle, writeJsonl, selfCheck, cliArgs } from './lib/bibtex-lite.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOURCE = 'gan-zoo';
const REPO = 'hindupuravinash/the-gan-zoo';
const args = cliArgs();
const repo = args.repos[0] || process.env.GAN_ZOO_REPO;
if (!repo) { console.error('usage: --repo DIR'); process.exit(2); }
const commit = args.commit || git(repo, ['rev-parse', 'HEAD']).trim();
const rows = git(repo, ['show', `${commit}:gans.tsv`]).split('\n');
const head = rows[0].split('\t');
const col = (n) => head.indexOf(n);
const recs = [];
rows.slice(1).forEach((line, k) => {
  if (!line.trim()) return;
  const c = line.split('\t');
  const title = cleanTitle((c[col('Title')] || '').trim());
  if (!title) return;
  const r = { source: SOURCE, ref: `${REPO}@${commit}:gans.tsv#L${k + 2}`, licence: 'MIT', title, areaHint: 'generative' };
  const y = +(c[col('Year')] || '').trim();
  if (y >= 1990 && y <= 2030) r.year = y;
  const link = (c[col('Arxiv')] || '').trim();
  const ax = /arxiv\.org\/(?:abs|pdf)\/(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?(?:\.pdf)?\/?$/.exec(link);
  if (ax) r.arxiv = ax[1];
  else if (/^https?:\/\//.test(link)) r.url = link;
  const abbr = (c[col('Abbr.')] || '').trim();
  if (abbr && abbr !== '-') r.nicknames = [abbr];
  r._order = [y || 9999, +(c[col('Month')] || '').trim() || 13, k];
  const code = (c[col('Official_Code')] || '').trim();
  if (/^https?:\/\/(www\.)?(github\.com|gitlab\.com)\/[^/\s]+\/[^/\s]+/.test(code)) r.code = [{ url: code, kind: 'official', label: 'official code (the GAN zoo)' }];
  recs.push(r);
});
// An abbreviation used by several rows names different papers: keep it on the earliest one (Year, Month, row) only.
const firstOf = new Map();
for (const r of [...recs].sort((a, b) => a._order[0] - b._order[0] || a._order[1] - b._order[1] || a._order[2] - b._order[2])) {
  for (const n of r.nicknames || []) if (!firstOf.has(n.toLowerCase())) firstOf.set(n.toLowerCase(), r);
}
let dropped = 0;
for (const r of recs) {
  if (r.nicknames) { const keep = r.nicknames.filter((n) => firstOf.get(n.toLowerCase()) === r); dropped += r.nicknames.length - keep.length; r.nicknames = keep.length ? keep : undefined; }
  delete r._order;
}
process.stderr.write(`gan-zoo: ${dropped} repeated abbreviations left on their earliest row only\n`);
writeJsonl(args.out || path.join(ROOT, 'server', 'data', 'evidence', SOURCE + '.jsonl'), recs);
selfCheck(SOURCE, recs);

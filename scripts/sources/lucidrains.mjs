#!/usr/bin/env node
// Importer: lucidrains/* — the "Citations" section of each repository's README.md.
//
// Repositories: github.com/lucidrains/<name> (community PyTorch/JAX re-implementations), each read
// from a bare snapshot brought by the `fetch` tool at its newest stored commit; the commit read
// is written into every line's ref. Pass snapshots with `--repo DIR` (repeatable; DIR is
// /work/.mirror/lucidrains+<name>/repo, the repository name is taken from that path), or give
// none and every /work/.mirror/lucidrains+*/repo present is read (sorted by name).
// File: README.md, from the "Citations"/"Citation" heading to the end (BibTeX blocks, mostly
// arXiv- or Semantic-Scholar-exported).
// Fields: title, author (all; "et al." / "and others" → authorsComplete false; comma-separated
// lists without "and" are not read), year, venue (booktitle/journal; arXiv/CoRR → preprint),
// arXiv id (eprint / "arXiv:" / CoRR volume abs/… / arxiv.org url), DOI, paper url (allow-listed
// paper hosts only), areaHint (from primaryClass).
// Code: the repository itself, {kind:"community", framework:"PyTorch" (JAX for *-jax), label:
// "lucidrains community implementation"}, attached ONLY to the paper the repository implements:
// its first citation, unless TARGET below names another one (or none).
// Licence: MIT (76 of the repositories read); RETRO-pytorch is Apache-2.0 — read per repository from LICENSE.
//
// Usage: node scripts/sources/lucidrains.mjs [--repo DIR ...] [--out server/data/evidence/lucidrains.jsonl]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { git, parseBib, cleanTitle, parseAuthors, arxivFromFields, doiFromFields, venueFromFields, yearFromFields, writeJsonl, selfCheck, cliArgs } from './lib/bibtex-lite.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const SOURCE = 'lucidrains';

// Which citation the repository implements, when it is not the first one (regex on the title), or null: attach no code.
const TARGET = {
  'vit-pytorch': /^An Image is Worth 16x16 Words/i, // README: "Vision Transformer"; first citation is CCT
  'make-a-video-pytorch': null, // its Make-A-Video entry has no title
  'pi-zero-pytorch': null, // its π0 entry has no title
  'PaLM-rlhf-pytorch': null, // PaLM + RLHF: a combination, no single paper
  'parti-pytorch': null, // its entry names the model ("Pathways Autoregressive Text-to-Image Model"), not the paper's title; no id
  'alphafold2': null, // first entry is a placeholder ("Alphafold2", 2020, no id)
};
// Entries that are placeholders, not a paper (repository → BibTeX keys).
const SKIP = { alphafold2: new Set(['unpublished2021alphafold2']) };

const PAPER_HOSTS = /^https?:\/\/(arxiv\.org|openreview\.net|(dx\.)?doi\.org|proceedings\.(mlr\.press|neurips\.cc)|papers\.nips\.cc|aclanthology\.org|www\.aclweb\.org|openaccess\.thecvf\.com|www\.nature\.com|www\.biorxiv\.org|www\.science\.org|jmlr\.org|www\.jmlr\.org|ojs\.aaai\.org)\//i;

const AREA = { 'cs.CV': 'vision', 'cs.CL': 'language', 'cs.LG': 'machine learning', 'stat.ML': 'machine learning', 'cs.SD': 'audio', 'eess.AS': 'audio', 'cs.RO': 'robotics', 'q-bio.BM': 'biology', 'q-bio.QM': 'biology', 'cs.NE': 'machine learning', 'cs.AI': 'machine learning', 'eess.IV': 'vision' };

function listRepos(args) {
  if (args.repos.length) return args.repos;
  const base = '/work/.mirror';
  return fs.readdirSync(base).filter((d) => d.startsWith('lucidrains+')).sort().map((d) => path.join(base, d, 'repo')).filter((d) => fs.existsSync(d));
}

function repoName(dir) {
  const m = /lucidrains\+([^/]+)\/repo\/?$/.exec(path.resolve(dir));
  if (!m) throw new Error('cannot tell the repository name from ' + dir);
  return m[1];
}

function licenceOf(dir) {
  let t = '';
  try { t = git(dir, ['show', 'HEAD:LICENSE']); } catch { return null; }
  if (/^\s*MIT License/.test(t)) return 'MIT';
  if (/Apache License/.test(t.slice(0, 300)) && /Version 2\.0/.test(t.slice(0, 400))) return 'Apache-2.0';
  return null;
}

const args = cliArgs();
const out = args.out || path.join(ROOT, 'server', 'data', 'evidence', SOURCE + '.jsonl');
const recs = [];
const notes = [];
for (const dir of listRepos(args)) {
  const name = repoName(dir);
  const commit = git(dir, ['rev-parse', 'HEAD']).trim();
  let readme;
  try { readme = git(dir, ['show', `${commit}:README.md`]); } catch { notes.push(`${name}: no README.md`); continue; }
  const lines = readme.split('\n');
  const h = lines.findIndex((l) => /^#{1,4}\s*Citations?\s*$/i.test(l.trim()));
  if (h < 0) { notes.push(`${name}: no Citations section`); continue; }
  const section = lines.slice(h).join('\n');
  const entries = parseBib(section);
  const licence = licenceOf(dir);
  if (!licence) notes.push(`${name}: licence not recognised`);
  const repoRecs = [];
  for (const e of entries) {
    if (SKIP[name] && SKIP[name].has(e.key)) continue;
    const f = e.fields;
    const title = cleanTitle(f.title);
    if (!title) continue;
    const r = { source: SOURCE, ref: `lucidrains/${name}@${commit}:README.md#L${h + e.line}`, licence: licence || undefined, title };
    const au = parseAuthors(f.author);
    if (au) { r.authors = au.authors; r.authorsComplete = au.complete; }
    const y = yearFromFields(f);
    if (y) r.year = y;
    const v = venueFromFields(f, e.type);
    if (v.venue) { r.venue = v.venue; r.venueKind = v.venueKind; }
    const ax = arxivFromFields(f);
    if (ax) r.arxiv = ax;
    const doi = doiFromFields(f);
    if (doi) r.doi = doi;
    const url = (f.url || '').replace(/[{}\s]/g, '');
    if (PAPER_HOSTS.test(url)) r.url = url;
    const pc = (f.primaryclass || '').replace(/[{}\s]/g, '');
    if (AREA[pc]) r.areaHint = AREA[pc];
    repoRecs.push(r);
  }
  // the implemented paper
  let target = repoRecs[0] || null;
  if (name in TARGET) target = TARGET[name] ? repoRecs.find((r) => TARGET[name].test(r.title)) || null : null;
  if (target) {
    target.code = [{ url: `https://github.com/lucidrains/${name}`, kind: 'community', framework: /jax/i.test(name) ? 'JAX' : 'PyTorch', label: 'lucidrains community implementation' }];
  } else notes.push(`${name}: no implemented paper chosen`);
  recs.push(...repoRecs);
}
writeJsonl(out, recs);
selfCheck(SOURCE, recs);
for (const n of notes) process.stderr.write('  note: ' + n + '\n');

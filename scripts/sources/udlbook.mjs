#!/usr/bin/env node
// Importer: udlbook/udlbook (Understanding Deep Learning, S. Prince) — the book bibliography.
//
// Repository: https://github.com/udlbook/udlbook, read at commit a8fe82b5e155cb4f42415d2461ffa23224b1173b
// (2026-01-20) from a bare snapshot (`fetch`), --repo DIR.
// File: understanding-deep-learning-final.bib (every entry). Fields: title, author (all; "et al." / "and others" → authorsComplete false),
// year, venue (booktitle/journal; "arXiv:ID" journals → venue arXiv, preprint), arXiv id (from that journal
// field, eprint or url), DOI, pages, url.
// Licence: CC BY-NC-ND 4.0 (LICENSE): FACTS ONLY — bibliographic facts per entry; the file itself is never copied,
// no abstract or other text is taken.
//
// Usage: node scripts/sources/udlbook.mjs --repo /work/.mirror/udlbook+udlbook/repo [--commit C] [--out FILE]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { git, bibFileRecords, writeJsonl, selfCheck, cliArgs } from './lib/bibtex-lite.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOURCE = 'udlbook';
const args = cliArgs();
const repo = args.repos[0] || process.env.UDLBOOK_REPO;
if (!repo) { console.error('usage: --repo DIR'); process.exit(2); }
const commit = args.commit || git(repo, ['rev-parse', 'HEAD']).trim();
const recs = bibFileRecords({ source: SOURCE, repoDir: repo, repoName: 'udlbook/udlbook', commit, file: 'understanding-deep-learning-final.bib', licence: 'CC-BY-NC-ND-4.0' });
writeJsonl(args.out || path.join(ROOT, 'server', 'data', 'evidence', SOURCE + '.jsonl'), recs);
selfCheck(SOURCE, recs);

#!/usr/bin/env node
// Importer: d2l-ai/d2l-en — the book's bibliography `d2l.bib`.
//
// Repository: https://github.com/d2l-ai/d2l-en, read at commit 23d7a5aecceee57d1292c56e90cce307f183bb0a
// (2024-03-16) from a bare snapshot (`fetch`), --repo DIR.
// File: d2l.bib (every entry). Fields: title, author (all; "et al." / "and others" → authorsComplete false),
// year, venue (booktitle/journal; "Ar{X}iv:ID" journals → venue arXiv, preprint), arXiv id (from that journal
// field, eprint or url), DOI, pages, url.
// Licence: CC BY-SA 4.0 (the book's text; LICENSE). Facts only.
//
// Usage: node scripts/sources/d2l.mjs --repo /work/.mirror/d2l-ai+d2l-en/repo [--commit C] [--out FILE]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { git, bibFileRecords, writeJsonl, selfCheck, cliArgs } from './lib/bibtex-lite.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOURCE = 'd2l';
const args = cliArgs();
const repo = args.repos[0] || process.env.D2L_REPO;
if (!repo) { console.error('usage: --repo DIR'); process.exit(2); }
const commit = args.commit || git(repo, ['rev-parse', 'HEAD']).trim();
const recs = bibFileRecords({ source: SOURCE, repoDir: repo, repoName: 'd2l-ai/d2l-en', commit, file: 'd2l.bib', licence: 'CC-BY-SA-4.0' });
writeJsonl(args.out || path.join(ROOT, 'server', 'data', 'evidence', SOURCE + '.jsonl'), recs);
selfCheck(SOURCE, recs);

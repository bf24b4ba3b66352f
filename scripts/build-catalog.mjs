#!/usr/bin/env node
// Builds the catalog tier, server/data/catalog.jsonl.gz: a metadata-only paper database (title, all
// authors, venue, year, arXiv id or DOI when stated, paper page; no summary) of every accepted paper
// the papercopilot venue lists hold from 2000 on, less the papers the curated database already holds
// (same arXiv id, DOI or normalised title as server/data/papers.json). The server indexes it in the
// background like a `mlPapers.databases` entry (setting mlPapers.catalog.enabled).
//
// Input: the catalog evidence the papercopilot importer writes (`--catalog OUT`, the evidence format
// of scripts/sources/papercopilot.mjs), or, with --repo, a rerun of the importer on that snapshot.
// Output: one JSON line per paper in the database reader's format (server/src/core/arxivRecords.ts):
//   {"id": arXiv id (when stated), "title", "authors_parsed": [[family, given], …], "doi", "venue",
//    "year", "url", "source": "papercopilot/paperlists@33f9884e:iclr/iclr2018.json"}
// ordered most-cited first (Scholar count, then source, then title), so a key collision gives the
// plain key to the more-cited paper. Deterministic: the gzip header's mtime is 0.
//
//   node scripts/build-catalog.mjs [--in catalog-papercopilot.jsonl | --repo DIR] [--out server/data/catalog.jsonl.gz]
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gzipSync, constants } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : fallback; };
const out = path.resolve(ROOT, arg('--out', 'server/data/catalog.jsonl.gz'));
const repo = arg('--repo', undefined);
let input = arg('--in', undefined);
if (!input && !repo) {
  console.error('usage: node scripts/build-catalog.mjs --in CATALOG.jsonl | --repo PAPERLISTS_SNAPSHOT [--out server/data/catalog.jsonl.gz]');
  process.exit(2);
}
let scratch;
if (repo) {
  scratch = mkdtempSync(path.join(tmpdir(), 'catalog-'));
  input = path.join(scratch, 'catalog.jsonl');
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/sources/papercopilot.mjs'), '--repo', repo, '--catalog', input,
    '--out', path.join(scratch, 'evidence.jsonl'), '--stats', path.join(scratch, 'stats.json')], { stdio: ['ignore', 'ignore', 'inherit'] });
}

// The index's title rule (core/paperDb.ts normalizeTitle) and the database build's (scripts/build-db.mjs normTitle).
const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').replace(/ø/g, 'o').replace(/ł/g, 'l').replace(/æ/g, 'ae');
const titleKeys = (t) => [...new Set([String(t).normalize('NFKD').toLowerCase().replace(/[^a-z0-9]/g, ''), fold(String(t)).toLowerCase().replace(/[^a-z0-9]/g, '')])].filter(Boolean);
const ids = (arxiv, doi, title) => [arxiv && `a:${arxiv.replace(/v\d+$/, '')}`, doi && `d:${doi.toLowerCase()}`, ...titleKeys(title).map((t) => `t:${t}`)].filter(Boolean);

const curated = new Set();
for (const p of JSON.parse(readFileSync(path.join(ROOT, 'server/data/papers.json'), 'utf8'))) {
  for (const k of ids(p.custom?.arxiv, p.DOI, p.title ?? '')) curated.add(k);
}

const records = readFileSync(input, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const count = (r) => r.citations?.count ?? -1;
records.sort((a, b) => count(b) - count(a) || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0) || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));

const seen = new Set();
const lines = [];
let inCurated = 0, duplicates = 0;
for (const r of records) {
  const k = ids(r.arxiv, r.doi, r.title);
  if (k.some((x) => curated.has(x))) { inCurated++; continue; }
  // One line per paper: a paper in two venue lists (a workshop and its conference) keeps its more-cited line.
  if (k.some((x) => seen.has(x))) { duplicates++; continue; }
  for (const x of k) seen.add(x);
  const m = /^([^@]+)@([0-9a-f]{8})[0-9a-f]*:([^#]+)/.exec(r.ref);
  const line = {};
  if (r.arxiv) line.id = r.arxiv;
  line.title = r.title;
  if (r.authors?.length) line.authors_parsed = r.authors.map((a) => (a.family ? [a.family, a.given ?? ''] : [a.literal ?? '', '']));
  if (r.doi) line.doi = r.doi;
  line.venue = r.venue;
  if (r.venueKind === 'journal') line.venueKind = 'journal';
  line.year = r.year;
  if (r.url) line.url = r.url;
  line.source = m ? `${m[1]}@${m[2]}:${m[3]}` : r.ref;
  lines.push(JSON.stringify(line));
}

const text = lines.join('\n') + '\n';
const gz = gzipSync(text, { level: constants.Z_BEST_COMPRESSION });
// node writes mtime 0 (bytes 4-7) and OS 3 (unix) in every header; checked, so the file stays byte-stable.
if (gz.readUInt32LE(4) !== 0) throw new Error('gzip header carries an mtime');
writeFileSync(out, gz);
if (scratch) rmSync(scratch, { recursive: true, force: true });
const mb = (n) => (n / 1048576).toFixed(1);
process.stderr.write(`catalog: ${records.length} records read, ${inCurated} already in the curated database, ${duplicates} duplicates; `
  + `wrote ${lines.length} papers (${lines.filter((l) => l.startsWith('{"id"')).length} with an arXiv id) to ${path.relative(ROOT, out)}: ${mb(text.length)} MB, ${mb(gz.length)} MB gzipped\n`);

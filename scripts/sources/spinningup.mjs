#!/usr/bin/env node
// Importer: openai/spinningup — "Key Papers in Deep RL".
//
// Repository: https://github.com/openai/spinningup, read at commit 038665d62d569055401d91856abb287263096178
// (2020-02-07) from a bare snapshot (`fetch`), --repo DIR.
// File: docs/spinningup/keypapers.rst, footnote lines ".. [#] `Title <link>`_, Author et al, YEAR. **Algorithm: X.**"
// Fields: title, authors as the list names them (family names only: "Mnih et al" → first author, authorsComplete
// false; "Ho and Ermon" → both, authorsComplete true; "Anonymous" → none; "OpenAI" → literal), year, arXiv id
// (arxiv.org links) or url, nicknames from "**Algorithm: …**" (split on ", "; "Name (ABBR)" → both), except the
// descriptive labels in NOT_NAMES and an algorithm name already given to an earlier paper of the list.
// Licence: MIT (LICENSE). Facts only.
//
// Usage: node scripts/sources/spinningup.mjs --repo /work/.mirror/openai+spinningup/repo [--commit C] [--out FILE]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { git, cleanTitle, writeJsonl, selfCheck, cliArgs } from './lib/bibtex-lite.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOURCE = 'spinningup';
const REPO = 'openai/spinningup';
const FILE = 'docs/spinningup/keypapers.rst';
const NOT_NAMES = new Set(['Hash-based Counts', 'PixelCNN-based Pseudocounts', 'CTS-based Pseudocounts', 'DDPG+Safety Layer', 'Stein Control Variates']);

const args = cliArgs();
const repo = args.repos[0] || process.env.SPINNINGUP_REPO;
if (!repo) { console.error('usage: --repo DIR'); process.exit(2); }
const commit = args.commit || git(repo, ['rev-parse', 'HEAD']).trim();
const lines = git(repo, ['show', `${commit}:${FILE}`]).split('\n');
const recs = [];
const used = new Set();
lines.forEach((line, i) => {
  const m = /^\.\.\s+\[#\]\s+`(.+?)\s*<([^>]+)>`_,?\s*(.*?),?\s+((?:19|20)\d\d)\.\s*(.*)$/.exec(line);
  if (!m) return;
  const [, rawTitle, link, who, year, rest] = m;
  const title = cleanTitle(rawTitle);
  if (!title) return;
  const r = { source: SOURCE, ref: `${REPO}@${commit}:${FILE}#L${i + 1}`, licence: 'MIT', title, year: +year, areaHint: 'reinforcement learning' };
  const w = who.trim().replace(/,$/, '');
  if (/^OpenAI$/.test(w)) { r.authors = [{ literal: 'OpenAI' }]; r.authorsComplete = true; }
  else if (!/anonymous/i.test(w)) {
    const et = /^(.+?)\s+et al\.?$/.exec(w);
    if (et) { r.authors = [{ family: et[1] }]; r.authorsComplete = false; }
    else if (/^[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?(?: and [A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?)?$/.test(w)) {
      r.authors = w.split(' and ').map((f) => ({ family: f })); r.authorsComplete = true;
    }
  }
  const ax = /arxiv\.org\/(?:abs|pdf)\/(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?\/?$/.exec(link);
  if (ax) r.arxiv = ax[1];
  else if (/^https?:\/\//.test(link)) r.url = link;
  const al = /\*\*Algorithms?:\s*([^*]+?)\.?\*\*/.exec(rest);
  if (al) {
    const names = [];
    for (const part of al[1].split(/,\s*/)) {
      const pm = /^(.+?)\s*\(([^)]+)\)$/.exec(part.trim());
      for (const n of pm ? [pm[1], pm[2]] : [part.trim()]) if (n && !NOT_NAMES.has(n) && !used.has(n)) names.push(n);
    }
    names.forEach((n) => used.add(n));
    if (names.length) r.nicknames = names;
  }
  recs.push(r);
});
writeJsonl(args.out || path.join(ROOT, 'server', 'data', 'evidence', SOURCE + '.jsonl'), recs);
selfCheck(SOURCE, recs);

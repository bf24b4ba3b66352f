#!/usr/bin/env node
// Importer: huggingface/trl paper index — the papers behind TRL's trainers and losses.
//
// Repository: huggingface/trl, read at commit f2cd57710ae345ea6428ae95363267fcf38a3dc8 (2026-07-24), a bare
// snapshot brought by the `fetch` tool (--repo DIR; default /work/.mirror/huggingface+trl/repo).
// Files: docs/source/paper_index.md ("## Method" sections, "### <paper title>" entries, each with
// "**📜 Paper**: https://huggingface.co/papers/<arXiv id>" and a short description); `class XTrainer(`
// lines under trl/ to find the file of a trainer the entry names.
// Fields taken, per entry with an arXiv link (entries linking only a blog post are left out):
//   - title: the "###" heading; left out when the heading is not just a title (two colons, as in
//     "Dr. GRPO: Understanding …: A …", a trailing "(label)", or an entry that also links a "📰 Blog":
//     those are headed by a technique's name, e.g. "Truncated Importance Sampling" over arXiv 1606.02647);
//   - arxiv: from the paper link;
//   - nicknames: the heading's name before ":" when it is one word, a word and a version number, or
//     "Dr. X" ("DPO" is not taken from "Direct Preference Optimization: …"; "KTO" is from "KTO: …");
//     an abbreviation the description defines for a phrase of the title ("Direct Preference
//     Optimization (DPO)"; its capitals must be the phrase's initials) or for a method it introduces
//     ("Introduces Group Relative Policy Optimization (GRPO)"); a description opening "GSPO is …"
//     when GSPO's capitals are the title's initials; "The T5 paper …" → T5 (none for "📰 Blog" entries);
//   - code: the TRL trainer named in the entry or its section ([`DPOTrainer`]) whose name is a
//     nickname of this paper + "Trainer" → kind "library", library "trl", label "TRL trainer".
// No authors, years or venues are stated by this file.
// Licence: Apache-2.0.
//
// Usage: node scripts/sources/trl.mjs [--repo DIR] [--out FILE]

import path from 'node:path';
import {
  EVIDENCE_DIR, git, headCommit, showFile, repoNameFromDir, parseArgs, normKey, parseLinkId, sortLines, writeEvidence, orderLine,
} from './transformers.mjs';

const SMALL = new Set(['a', 'an', 'the', 'of', 'for', 'with', 'and', 'to', 'in', 'on', 'via', 'from', 'by']);

/** capitals of an abbreviation ("SLiC" → "SLC", "GRPO" → "GRPO") equal the initials of the phrase's words. */
export function initialsMatch(abbr, phrase) {
  const caps = abbr.replace(/[^A-Z]/g, '');
  const words = phrase.split(/[\s-]+/).filter((w) => w && !SMALL.has(w.toLowerCase()));
  const ini = words.map((w) => w[0].toUpperCase()).join('');
  return caps.length >= 2 && ini.endsWith(caps) && caps.length === Math.min(ini.length, caps.length);
}

/** "Phrase Of Capitalised Words (ABBR)" occurrences: [{abbr, phrase}] with the phrase cut to the abbreviation's length. */
function definedAbbrs(text) {
  const out = [];
  const re = /((?:[A-Z][\w-]*\s+){1,6})\(([A-Za-z][A-Za-z0-9+-]{1,12})\)/g;
  let m;
  while ((m = re.exec(text))) {
    const abbr = m[2];
    const caps = abbr.replace(/[^A-Z]/g, '');
    const words = m[1].trim().split(/\s+/);
    // the last words of the run whose initials make the abbreviation
    for (let k = 1; k <= words.length; k++) {
      const phrase = words.slice(words.length - k).join(' ');
      if (initialsMatch(abbr, phrase) && phrase.split(/[\s-]+/).filter((w) => !SMALL.has(w.toLowerCase())).length === caps.length) {
        const at = m.index + m[1].lastIndexOf(words[words.length - k]);
        out.push({ abbr, phrase, index: at, before: text.slice(Math.max(0, at - 30), at) });
        break;
      }
    }
  }
  return out;
}

function nameBeforeColon(h) {
  const m = /^([^:]+):\s+\S/.exec(h);
  if (!m) return null;
  const n = m[1].trim();
  if (/^[^\s]+$/.test(n) && /[A-Z]/.test(n) && n.length <= 20) return n;
  if (/^[^\s]+ \d+(?:\.\d+)?$/.test(n) && /[A-Z]/.test(n)) return n; // "Llama 2", "TÜLU 3"
  if (/^Dr\. [A-Z][A-Za-z0-9-]+$/.test(n)) return n;
  return null;
}

async function main() {
  const opt = parseArgs(process.argv, { out: path.join(EVIDENCE_DIR, 'trl.jsonl'), repos: ['/work/.mirror/huggingface+trl/repo'] });
  const repo = opt.repos[0];
  const name = opt.names[0] || repoNameFromDir(repo);
  const commit = headCommit(repo);
  const file = 'docs/source/paper_index.md';
  const md = showFile(repo, commit, file);
  const trainerAt = new Map();
  for (const l of git(repo, ['grep', '-n', '-E', '^class [A-Za-z0-9_]+Trainer\\(', commit, '--', 'trl']).split('\n')) {
    const m = /^[0-9a-f]+:([^:]+):\d+:class ([A-Za-z0-9_]+)\(/.exec(l);
    if (!m) continue;
    // the class's own module: <snake_case>.py, the stable trl/trainer/ before trl/experimental/
    const snake = m[2].replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2').toLowerCase();
    if (!m[1].endsWith('/' + snake + '.py')) continue;
    const prev = trainerAt.get(m[2]);
    if (!prev || (m[1].startsWith('trl/trainer/') && !prev.startsWith('trl/trainer/'))) trainerAt.set(m[2], m[1]);
  }
  const lines = md.split('\n');
  // split into entries
  const entries = [];
  let section = null, sectionTrainers = [], cur = null, inFence = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (/^\s*```/.test(l)) { inFence = !inFence; continue; }
    if (inFence) continue;
    let m;
    if ((m = /^## (.+)$/.exec(l))) { section = m[1].trim(); sectionTrainers = []; cur = null; continue; }
    if ((m = /^### (.+)$/.exec(l))) { cur = { heading: m[1].trim(), line: i + 1, section, sectionTrainers, body: [] }; entries.push(cur); continue; }
    if (!cur) { for (const t of l.matchAll(/\[`(?:[A-Za-z0-9_]+\.)*([A-Za-z0-9_]+Trainer)`\]/g)) sectionTrainers.push(t[1]); continue; }
    cur.body.push(l);
  }
  const out = [];
  for (const e of entries) {
    const body = e.body.join('\n');
    const pm = /\*\*📜 Paper\*\*:\s*(\S+)/.exec(body);
    if (!pm) continue;
    const arxiv = parseLinkId(pm[1]);
    if (!arxiv) continue; // blog posts and other pages: not papers with an id
    const o = { source: 'trl', ref: `${name}@${commit}:${file}#L${e.line}`, licence: 'Apache-2.0' };
    const h = e.heading.replace(/\s+/g, ' ');
    // an entry with a "📰 Blog" link is headed by the technique's name, not by the paper's title
    const blog = /\*\*📰 Blog\*\*/.test(body);
    const twoColons = (h.match(/:/g) || []).length >= 2;
    const trailingLabel = /\s\([^)]*\)$/.test(h);
    if (!twoColons && !trailingLabel && !blog) o.title = h.replace(/[.\s]+$/, '');
    o.arxiv = arxiv;
    const nicks = [];
    const nb = nameBeforeColon(h);
    if (nb) nicks.push(nb);
    const desc = body.split('\n').filter((x) => x.trim() && !/📜 Paper/.test(x)).slice(0, 3).join(' ');
    const titleKey = normKey(h);
    for (const d of definedAbbrs(desc)) {
      if (titleKey.includes(normKey(d.phrase)) || /\b(?:[Ii]ntroduces?|[Pp]roposes?)\s+(?:the\s+|a\s+|an\s+)?$/.test(d.before + '')) nicks.push(d.abbr);
    }
    const open = /^\s*([A-Z][A-Za-z0-9+-]{1,12})\s+(?:is|was)\s/.exec(desc);
    if (open && !nicks.includes(open[1]) && /[A-Z].*[A-Z]/.test(open[1])) {
      const titleWords = h.split(':')[0];
      if (initialsMatch(open[1], titleWords) && open[1].replace(/[^A-Z]/g, '').length === titleWords.split(/[\s-]+/).filter((w) => !SMALL.has(w.toLowerCase())).length) nicks.push(open[1]);
    }
    const tp = /^\s*The ([A-Z][A-Za-z0-9.+-]{1,15}) paper\b/.exec(desc); // "The T5 paper proposes …"
    if (tp) nicks.push(tp[1]);
    const uniq = blog ? [] : [...new Set(nicks)];
    if (uniq.length) o.nicknames = uniq;
    // library implementation: a trainer named after one of this paper's nicknames
    const named = new Set([...e.sectionTrainers, ...[...body.matchAll(/\[`(?:[A-Za-z0-9_]+\.)*([A-Za-z0-9_]+Trainer)`\]/g)].map((x) => x[1])]);
    const code = [];
    for (const t of [...named].sort()) {
      const base = normKey(t.replace(/Trainer$/, ''));
      if (uniq.some((n) => normKey(n) === base) && trainerAt.has(t)) {
        code.push({ url: `https://github.com/huggingface/trl/blob/main/${trainerAt.get(t)}`, kind: 'library', library: 'trl', framework: 'PyTorch', label: `TRL trainer (${t})` });
      }
    }
    if (code.length) o.code = code;
    o.areaHint = 'language models / alignment';
    out.push(orderLine(o));
  }
  writeEvidence(opt.out, sortLines(out), 'trl');
}

main().catch((e) => { console.error(e); process.exit(1); });

#!/usr/bin/env node
// Importer: huggingface/peft docs — the papers behind PEFT's methods (LoRA and its many relatives).
//
// Repository: huggingface/peft, read at commit 5d602fdbff04c33c1c4de55cda9d4ae1d7cb7e40 (2026-08-21), a bare
// snapshot brought by the `fetch` tool (--repo DIR; default /work/.mirror/huggingface+peft/repo).
// Files: docs/source/**/*.md (prose; code blocks and quoted abstracts excluded) and the folder list of
// src/peft/tuners/.
// Fields taken, per paper link (arxiv.org / huggingface.co/papers) per page:
//   - arxiv: from the link;
//   - nicknames: a short link text (one to three words, no sentence) that opens a paragraph
//     ("[VeRA](…) is …"), that follows a full name ("Low-Rank Adaptation ([LoRA](…))"), that sits in
//     parentheses inside the link ("[Context-Aware Prompt Tuning (CPT)](…)"), or any one-word link text
//     with two or more capitals ("… such as [LoRA+](…)"); a nickname is dropped when another link in the
//     snapshot gives the same paper a different name;
//   - title: a link text that reads as a title (five or more words, or "Name: subtitle"), or the
//     text of "The paper [Title](…)";
//   - code: the tuner folder src/peft/tuners/<name>/ of a package_reference page whose own name is
//     this paper's nickname → kind "library", library "peft", label "PEFT method".
// No authors, years or venues are stated in these files.
// Licence: Apache-2.0.
//
// Usage: node scripts/sources/peft.mjs [--repo DIR] [--out FILE]

import path from 'node:path';
import {
  EVIDENCE_DIR, headCommit, listFiles, listDirs, showFile, repoNameFromDir, parseArgs, normKey, parseLinkId, stripMd,
  cleanTitle, paragraphs, sortLines, writeEvidence, orderLine,
} from './transformers.mjs';

const LINK = /\[([^\]]+)\]\(([^)\s]+)\)|<a href="([^"]+)">([^<]+)<\/a>/g;

function titleLike(t) {
  const w = t.split(/\s+/).length;
  return !/\bet al\b|\bpaper\b/i.test(t) && (w >= 5 || (/:/.test(t) && w >= 4));
}
function shortName(t) {
  const s = t.replace(/\*+/g, '').trim();
  if (!s || s.length > 24 || s.split(/\s+/).length > 3) return null;
  if (!/[A-Z]/.test(s) || /\b(?:paper|method|initiali[sz]ation|here|this|the)\b/i.test(s)) return null;
  return s;
}

async function main() {
  const opt = parseArgs(process.argv, { out: path.join(EVIDENCE_DIR, 'peft.jsonl'), repos: ['/work/.mirror/huggingface+peft/repo'] });
  const repo = opt.repos[0];
  const name = opt.names[0] || repoNameFromDir(repo);
  const commit = headCommit(repo);
  const tuners = new Set(listDirs(repo, commit, 'src/peft/tuners').map((d) => d.split('/').pop()));
  const docs = listFiles(repo, commit, 'docs/source').filter((f) => f.endsWith('.md'));
  const found = [];
  for (const f of docs) {
    const md = showFile(repo, commit, f);
    const perPage = new Map();
    for (const para of paragraphs(md)) {
      if (para.heading) continue;
      const text = para.text;
      if (/^>/.test(text) || (/^\*[^*]/.test(text) && /\*$/.test(text) && text.length > 200)) continue;
      LINK.lastIndex = 0;
      let m;
      while ((m = LINK.exec(text))) {
        const url = m[2] || m[3];
        const lt = stripMd(m[1] || m[4]).trim();
        const arxiv = parseLinkId(url);
        if (!arxiv) continue;
        const before = text.slice(0, m.index);
        const p = perPage.get(arxiv) || { arxiv, line: para.line, nicks: [] };
        perPage.set(arxiv, p);
        const paren = /^(.+?)\s*\(([^()]+)\)$/.exec(lt);
        if (paren) {
          // "[Full Name (NICK)](…)" or "[NICK (Full Name)](…)"
          const a = shortName(paren[1]), b = shortName(paren[2]);
          const nick = b && !/\s/.test(b) ? b : a && !/\s/.test(a) ? a : null;
          if (nick) p.nicks.push(nick);
        } else if (shortName(lt)) {
          const sn = shortName(lt);
          const opens = before.trim() === '';
          const afterName = /\(\s*$/.test(before) && /[A-Z][\w-]*\s+\(\s*$/.test(before);
          const oneWordCaps = !/\s/.test(sn) && (sn.match(/[A-Z]/g) || []).length >= 2;
          if (opens || afterName || oneWordCaps) p.nicks.push(sn);
        }
        if (!p.title && (titleLike(lt) || (/\bThe paper\s*$/i.test(before) && lt.split(/\s+/).length >= 3))) p.title = cleanTitle(lt);
      }
    }
    for (const p of perPage.values()) found.push({ f, ...p });
  }
  // a nickname that another link gives to a different paper, or a paper named differently elsewhere: dropped
  const byNick = new Map(), byPaper = new Map();
  const nickKey = (n) => n.toLowerCase().replace(/[^a-z0-9+]/g, ''); // "LoRA+" is not "LoRA"
  for (const p of found) for (const n of p.nicks) {
    const k = nickKey(n);
    if (!byNick.has(k)) byNick.set(k, new Set());
    byNick.get(k).add(p.arxiv);
    if (!byPaper.has(p.arxiv)) byPaper.set(p.arxiv, new Set());
    byPaper.get(p.arxiv).add(k);
  }
  const lines = [];
  for (const p of found) {
    const nicks = [...new Set(p.nicks)].filter((n) => byNick.get(nickKey(n)).size === 1 && byPaper.get(p.arxiv).size === 1);
    if (!p.title && !nicks.length) continue;
    const o = { source: 'peft', ref: `${name}@${commit}:${p.f}#L${p.line}`, licence: 'Apache-2.0' };
    if (p.title) o.title = p.title;
    o.arxiv = p.arxiv;
    if (nicks.length) o.nicknames = nicks;
    if (/\/package_reference\//.test(p.f)) {
      const stem = path.basename(p.f, '.md');
      if (tuners.has(stem) && nicks.some((n) => normKey(n) === normKey(stem))) {
        o.code = [{ url: `https://github.com/huggingface/peft/tree/main/src/peft/tuners/${stem}`, kind: 'library', library: 'peft', framework: 'PyTorch', label: 'PEFT method' }];
      }
    }
    o.areaHint = 'efficiency / adapters';
    lines.push(orderLine(o));
  }
  writeEvidence(opt.out, sortLines(lines), 'peft');
}

main().catch((e) => { console.error(e); process.exit(1); });

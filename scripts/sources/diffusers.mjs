#!/usr/bin/env node
// Importer: Hugging Face diffusers API docs — the papers behind diffusers' pipelines, models and schedulers.
//
// Repository: huggingface/diffusers, read at commit 58eb52c0803ea9af3abec60841c2a093bdf1f951 (2026-08-23),
// a bare snapshot brought by the `fetch` tool (--repo DIR; default /work/.mirror/huggingface+diffusers/repo).
// Files: docs/source/en/api/{pipelines,models,schedulers}/**.md (prose), and `class X(` lines under
// src/diffusers/pipelines/ and src/diffusers/schedulers/ (to find the folder / file implementing a page's
// [[autodoc]] classes).
// Fields taken, per paper link ([Title](arxiv.org or huggingface.co/papers link)) in a page's prose
// (code blocks and the quoted abstract excluded):
//   - title: the link text, when the link is followed by an author list, or when it reads as a title
//     (5+ words, or "Name: subtitle" with 4+ words); arxiv from the link;
//   - authors: "[Title](link) by A, B and C", "[Title](link) from <org>, by A, B …" ("et al." →
//     authorsComplete false; the list is dropped when any part does not look like a person's name,
//     e.g. "by Tencent", "by the … Team");
//   - nicknames: an abbreviation in parentheses right after the link ("[Denoising Diffusion Implicit
//     Models](…) (DDIM)") or right before "is proposed in [..]", or the page's H1 when the title's part
//     before ":" is that name;
//   - code (only for the page's own paper: the single paper named in the overview, i.e. before the first
//     "##" section other than Overview, and only when the page states its authors; an official link only
//     when its repository name names the paper, its model or the page, e.g. not NVlabs/Sana on the
//     ControlNet-for-Sana page):
//       "The original code(base) … can be found at / is available on [x](https://github.com/owner/repo…)"
//       → kind "official" (pipeline and scheduler pages only; model pages describe components);
//       the pipeline folder holding the page's [[autodoc]] pipeline classes → kind "library",
//       label "diffusers pipeline"; the scheduler file → kind "library", label "diffusers scheduler".
// Licence: Apache-2.0.
//
// Usage: node scripts/sources/diffusers.mjs [--repo DIR] [--out FILE]

import path from 'node:path';
import {
  EVIDENCE_DIR, git, headCommit, listFiles, showFile, repoNameFromDir, parseArgs, normKey, parseLinkId, stripMd,
  cleanTitle, parseProseAuthors, authorSegment, paragraphs, sortLines, writeEvidence, orderLine, frameworkIn, isPaperUrl,
} from './transformers.mjs';

const LINK = /\[([^\]]+)\]\(([^)\s]+)\)/g;

function titleLike(t) {
  const w = t.split(/\s+/).length;
  if (/\bet al\b|^(?:paper|this paper|here|original paper)$|\bpaper$/i.test(t)) return false;
  return w >= 5 || (/:/.test(t) && w >= 4);
}

function officialCode(text) {
  const res = [];
  const re = /[Tt]he original (?:code|codebase|implementation)\b([^.]{0,60}?)\b(?:can be found|is available|could be found)\s+(?:at|on|in|here)?:?\s*(?:the\s+)?\[[^\]]*\]\((https?:\/\/[^)\s]+)\)/g;
  let m;
  while ((m = re.exec(text))) {
    const url = m[2].replace(/[.,;]+$/, '');
    if (!/^https:\/\/github\.com\/[^/]+\/[^/#?]+/.test(url)) continue;
    const c = { url, kind: 'official' };
    const fw = frameworkIn(m[1]);
    if (fw) c.framework = fw;
    res.push(c);
  }
  return res;
}

function parsePage(md) {
  const paras = paragraphs(md);
  const h1p = paras.find((p) => p.heading && /^#\s/.test(p.text));
  const h1 = h1p ? stripMd(h1p.text.replace(/^#\s+/, '')) : null;
  const papers = [];
  const codes = [];
  let overview = true;
  let ported = false;
  for (const para of paras) {
    if (para.heading) {
      if (/^##+\s/.test(para.text) && !/^##+\s*(?:overview|introduction|description)\b/i.test(para.text)) overview = false;
      continue;
    }
    const text = para.text.replace(/\\([*_])/g, '$1');
    if (/^\*[^*]/.test(text) && /\*$/.test(text) && text.length > 200) continue; // the quoted abstract
    if (/^>/.test(text)) continue;
    if (overview) codes.push(...officialCode(text));
    if (overview && /\b(?:ported from|inspired by|based on)\b/i.test(text)) ported = true;
    LINK.lastIndex = 0;
    let m;
    while ((m = LINK.exec(text))) {
      const url = m[2];
      const arxiv = parseLinkId(url);
      if (!arxiv && !isPaperUrl(url)) continue;
      const lt = cleanTitle(m[1]);
      const after = text.slice(LINK.lastIndex);
      const before = text.slice(0, m.index);
      const p = { line: para.line, overview };
      if (arxiv) p.arxiv = arxiv; else p.url = url;
      // authors
      const by = /^\s*(?:\(([^()]{1,30})\)\s*)?(?:paper\s+)?(?:was\s+introduced\s+)?(?:,?\s*from\s+[^[\].]{1,200}?,\s*)?,?\s*by\s+(?:the\s+authors\s+|authors\s+)?/.exec(after);
      if (by) {
        const seg = authorSegment(after.slice(by[0].length).replace(/\[([^\]]*)\]\([^)]*\)/g, '$1'));
        const au = seg ? parseProseAuthors(seg) : null;
        if (au) { p.authors = au.authors; p.authorsComplete = au.complete; }
      }
      if (p.authors ? lt.split(/\s+/).length >= 2 && !/\bet al\b/.test(lt) : titleLike(lt)) p.title = lt;
      // nicknames
      const nicks = [];
      const abbr = /^\s*\(([A-Z][A-Za-z0-9+\-]{1,15}(?: [A-Z0-9][A-Za-z0-9+\-]*)?)\)/.exec(after);
      if (abbr && p.title) nicks.push(abbr[1]);
      const pre = /\(([A-Z][A-Za-z0-9+\-]{1,15})\)\s+(?:is|was)\s+(?:proposed|introduced)\s+in\s+(?:the\s+paper\s+)?$/.exec(before);
      if (pre && p.title) nicks.push(pre[1]);
      if (p.title && h1 && /:/.test(p.title) && normKey(p.title.split(':')[0]) === normKey(h1)) nicks.push(h1);
      // "[CogVideoX](…) is a …" opening a paragraph, the link text being the page's H1
      if (!p.title && h1 && before.trim() === '' && normKey(lt) === normKey(h1) && lt.split(/\s+/).length <= 3) nicks.push(lt);
      // "The [UNet](…) model was originally introduced by …", "[Vision Transformer](…) introduced by …"
      if (!p.title && lt.split(/\s+/).length <= 3 && /^\s*(?:model\s+)?(?:was\s+)?(?:originally\s+|first\s+)?(?:introduced|proposed)\s+by\b/.test(after)) nicks.push(lt);
      if (nicks.length) p.nicknames = [...new Set(nicks)];
      if (!p.title && !p.nicknames) continue;
      const key = p.arxiv || normKey(p.title);
      const old = papers.find((q) => (q.arxiv || normKey(q.title)) === key);
      if (old) {
        for (const k of ['title', 'authors', 'authorsComplete', 'nicknames']) if (old[k] === undefined && p[k] !== undefined) old[k] = p[k];
        continue;
      }
      papers.push(p);
    }
  }
  return { h1, papers, codes, ported };
}

async function main() {
  const opt = parseArgs(process.argv, {
    out: path.join(EVIDENCE_DIR, 'diffusers.jsonl'),
    repos: ['/work/.mirror/huggingface+diffusers/repo'],
  });
  const repo = opt.repos[0];
  const name = opt.names[0] || repoNameFromDir(repo);
  const commit = headCommit(repo);
  // class name → implementing path (pipeline folder / scheduler file)
  const classAt = new Map();
  const grep = git(repo, ['grep', '-n', '-E', '^class [A-Za-z0-9_]+\\(', commit, '--', 'src/diffusers/pipelines', 'src/diffusers/schedulers']);
  for (const l of grep.split('\n')) {
    const m = /^[0-9a-f]+:(src\/diffusers\/[^:]+):\d+:class ([A-Za-z0-9_]+)\(/.exec(l);
    if (!m) continue;
    const p = m[1];
    const where = p.startsWith('src/diffusers/pipelines/') ? path.dirname(p) : p;
    if (!classAt.has(m[2])) classAt.set(m[2], where);
  }
  const docs = listFiles(repo, commit, 'docs/source/en/api').filter((f) => /\/(pipelines|models|schedulers)\//.test(f) && f.endsWith('.md'));
  const lines = [];
  for (const f of docs) {
    const md = showFile(repo, commit, f);
    const { papers, codes, ported } = parsePage(md);
    if (!papers.length) continue;
    const kind = /\/pipelines\//.test(f) ? 'pipeline' : /\/schedulers\//.test(f) ? 'scheduler' : 'model';
    const own = papers.filter((p) => p.overview);
    const owner = own.length === 1 && own[0].authors ? own[0] : null;
    // implementation of the page's autodoc'd classes
    let impl = null;
    if (owner && kind !== 'model') {
      const classes = [...md.matchAll(/^\[\[autodoc\]\]\s+([A-Za-z0-9_]+)\s*$/gm)].map((m) => m[1]);
      const wheres = new Set(classes.map((c) => classAt.get(c)).filter((w) => w && (kind === 'pipeline' ? /\/pipelines\//.test(w) : /\/schedulers\/scheduling_/.test(w))));
      if (wheres.size === 1) impl = [...wheres][0];
    }
    for (const p of papers) {
      const o = { source: 'diffusers', ref: `${name}@${commit}:${f}#L${p.line}`, licence: 'Apache-2.0' };
      if (p.title) o.title = p.title;
      if (p.authors) { o.authors = p.authors; o.authorsComplete = p.authorsComplete; }
      if (p.arxiv) o.arxiv = p.arxiv;
      if (p.url) o.url = p.url;
      if (p.nicknames) o.nicknames = p.nicknames;
      if (p === owner) {
        const code = [];
        const seen = new Set();
        // the code must be this paper's: its repository name names the paper, its model or the page
        const stem = normKey(path.basename(f, '.md'));
        const names = [p.title, ...(p.nicknames || [])].map(normKey);
        const fits = (c) => { const r = normKey(c.url.split('/')[4]); return r.length >= 3 && (names.some((n) => n.includes(r)) || (stem.length >= 4 && r.includes(stem))); };
        if (kind !== 'model' && !ported) for (const c of codes) if (!seen.has(c.url) && fits(c)) { seen.add(c.url); code.push(c); }
        if (impl) {
          const rel = impl.replace(/^src\//, '');
          code.push(kind === 'pipeline'
            ? { url: `https://github.com/huggingface/diffusers/tree/main/${impl}`, kind: 'library', library: 'diffusers', framework: 'PyTorch', label: 'diffusers pipeline' }
            : { url: `https://github.com/huggingface/diffusers/blob/main/${impl}`, kind: 'library', library: 'diffusers', framework: 'PyTorch', label: 'diffusers scheduler' });
          void rel;
        }
        if (code.length) o.code = code;
      }
      o.areaHint = 'generative';
      lines.push(orderLine(o));
    }
  }
  writeEvidence(opt.out, sortLines(lines), 'diffusers');
}

main().catch((e) => { console.error(e); process.exit(1); });

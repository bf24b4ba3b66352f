#!/usr/bin/env node
// Importer: Hugging Face transformers model docs — the papers behind the library's models.
//
// Repository: huggingface/transformers is too big to fetch, so two public forks are read (bare
// snapshots brought by the `fetch` tool):
//   - feisenyu/transformers_4573 @ e9d73c31189a2235385bbaf4be9224d9d5c8a1fc (2025-12-24; the package is
//     renamed `transformers_4573`, models under src/transformers_4573/models/<name>/)
//   - duyy97/transformers @ 6017cf6208911e474bce2442b65985b9d8cb7038 (2024-03-16; older doc pages that
//     still state "proposed in [Title](arXiv) by A, B and C" for models whose page was rewritten later)
// Files: docs/source/en/model_doc/*.md; the model folders under src/<package>/models/.
// Fields taken, per paper per doc page:
//   - title, authors (prose "by A, B and C"; "et al." → authorsComplete false; dropped when any name
//     does not look like a person's name, e.g. "… team"), arxiv (from an arxiv.org or
//     huggingface.co/papers link), url (the linked paper page) — from sentences "… was proposed /
//     introduced / presented in [Title](link) by …";
//   - nicknames: the page's model name (its H1), only when the sentence or the opening link names
//     that model for this paper ("The BERT model was proposed in …", "[BERT](…/papers/1810.04805) is …")
//     and no other page of the same snapshot claims the same paper under another name;
//   - code: "The original code can be found [here](…)" → kind "official" (framework only when the
//     sentence states it), and the model folder when it exists in the snapshot → kind "library"
//     (https://github.com/huggingface/transformers/tree/main/src/transformers/models/<name>).
//     Code is attached only to the page's own paper: the one paper named in the page's overview (the
//     text before the first "##" section other than Overview); none when the overview names several.
// Not taken: the "released on" date (a model release date, not a publication year), abstracts, prose.
// Licence: Apache-2.0 (the transformers docs).
//
// One line per (paper, page, snapshot); a line from the older snapshot is written only when it
// states something the newer snapshot's line for the same page and paper does not.
//
// Usage: node scripts/sources/transformers.mjs [--repo DIR]... [--out FILE]
//   (default repos: /work/.mirror/feisenyu+transformers_4573/repo and /work/.mirror/duyy97+transformers/repo;
//    the repository name is taken from the mirror folder name "owner+name", or --name owner/repo
//    after each --repo)
//
// Exported helpers (parseProseAuthors, parseLinkId, normKey, git, …) are reused by diffusers.mjs,
// trl.mjs and peft.mjs.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
export const EVIDENCE_DIR = path.join(ROOT, 'server', 'data', 'evidence');

// ---------------------------------------------------------------- shared helpers

export function git(repo, args) {
  return execFileSync('git', ['--git-dir=' + repo, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
}
export function headCommit(repo) {
  return git(repo, ['rev-parse', '--verify', 'HEAD^{commit}']).trim();
}
export function listFiles(repo, commit, under) {
  return git(repo, ['ls-tree', '-r', '--name-only', commit, '--', under]).split('\n').filter(Boolean);
}
export function listDirs(repo, commit, under) {
  return git(repo, ['ls-tree', '-d', '--name-only', commit + ':' + under]).split('\n').filter(Boolean);
}
export function showFile(repo, commit, p) {
  return git(repo, ['show', commit + ':' + p]);
}
export function repoNameFromDir(dir) {
  const m = /([^/]+)\+([^/]+)\/repo\/?$/.exec(dir) || /([^/]+)\+([^/]+)\/?$/.exec(dir);
  return m ? m[1] + '/' + m[2] : null;
}
export function parseArgs(argv, defaults) {
  const o = { repos: [], out: defaults.out, names: [] };
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--repo') o.repos.push(argv[++i]);
    else if (a === '--name') o.names[o.repos.length - 1] = argv[++i];
    else if (a === '--out') o.out = argv[++i];
    else throw new Error('unknown argument ' + a);
  }
  if (!o.repos.length) o.repos = defaults.repos.filter((d) => fs.existsSync(d));
  if (!o.repos.length) throw new Error('no snapshot: pass --repo DIR');
  return o;
}

/** lowercase letters and digits only (for comparing names and titles). */
export function normKey(s) {
  return String(s || '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** arXiv id from an arxiv.org / huggingface.co/papers / alphaxiv link, without version; else null. */
export function parseLinkId(url) {
  const m = /^(?:https?:\/\/)?(?:www\.|export\.)?(?:arxiv\.org\/(?:abs|pdf|html)|(?:huggingface|hf)\.co\/papers|alphaxiv\.org\/abs)\/((?:\d{4}\.\d{4,5})|(?:[a-z-]+(?:\.[A-Z]{2})?\/\d{7}))(?:v\d+)?(?:\.pdf)?\/?(?:[#?].*)?$/.exec(url);
  return m ? m[1] : null;
}

/** Strip inline markdown/HTML from a short text. */
export function stripMd(s) {
  return String(s)
    .replace(/<[^>]+>/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]+/g, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}
export function cleanTitle(s) {
  return stripMd(s).replace(/[.\s]+$/, '').trim();
}

const PARTICLES = new Set(['da', 'de', 'del', 'della', 'der', 'den', 'di', 'dos', 'das', 'du', 'van', 'von', 'le', 'la', 'ter', 'ten', 'zu', 'bin', 'al', 'el', 'y']);
const NOT_A_PERSON = /\b(team|teams|lab|labs|research|ai|inc|corp|corporation|university|institute|group|google|meta|openai|microsoft|deepmind|facebook|nvidia|alibaba|tencent|baidu|mistral|workshop|bigscience|others|contributors|authors|collaboration|community|project)\b/i;
const STOP_WORDS = new Set(['It', 'Its', 'The', 'This', 'These', 'That', 'We', 'Our', 'They', 'Their', 'In', 'On', 'At', 'For', 'With', 'From', 'By', 'An', 'And', 'Of', 'To', 'As', 'Is', 'Was', 'See', 'Paper', 'Model', 'Models']);
const NAME_WORD = /^(?:\p{Lu}[\p{L}\p{M}'’\-]*\.?|\p{Lu}\.(?:-?\p{Lu}\.)*|\p{Lu}\.?-\p{Lu}[\p{L}\p{M}'’\-]*)$/u;

/** One person's name "Given Names Family" → {family, given}, or null when it does not look like one. */
export function splitPersonName(raw) {
  let s = raw
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/[*†‡§¶#^]+/g, '')
    .replace(/(\p{L})\d+(?:,\d+)*$/u, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  if (!s || NOT_A_PERSON.test(s)) return null;
  const words = s.split(' ');
  if (words.length < 2 || words.length > 6) return null;
  for (const w of words) if (!PARTICLES.has(w) && (!NAME_WORD.test(w) || STOP_WORDS.has(w))) return null;
  // four or more plain words (no particle, no initial): likely two names with a missing comma
  if (words.length >= 4 && !words.some((w) => PARTICLES.has(w) || /^\p{Lu}\.?$|^\p{Lu}\./u.test(w))) return null;
  if (PARTICLES.has(words[0])) return null;
  const last = words[words.length - 1];
  if (/^(jr|sr|ii|iii|iv)\.?$/i.test(last)) return null; // suffixes: not split safely from prose
  if (/^\p{Lu}\.?$/u.test(last)) return null; // ends with an initial: order unclear
  let k = words.length - 1;
  while (k - 1 >= 1 && PARTICLES.has(words[k - 1])) k--;
  return { family: words.slice(k).join(' '), given: words.slice(0, k).join(' ') };
}

/**
 * Prose author list "A, B, C and D" (optionally "et al.") → {authors, complete} or null
 * when any part does not look like a person's name.
 */
export function parseProseAuthors(seg) {
  let s = String(seg).replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\s+/g, ' ').trim();
  let complete = true;
  const etal = /,?\s*(?:et al\.?|and others|and colleagues|…|\.\.\.)\s*$/i.exec(s);
  if (etal) { complete = false; s = s.slice(0, etal.index); }
  if (/et al|…|\.\.\./i.test(s)) return null;
  if (/(?:,|\band)\s*$/.test(s)) return null; // a dangling separator: the list is cut
  // BibTeX style "Family, Given and Family, Given"
  const bib = s.split(/\s+and\s+/);
  if (bib.length >= 2 && bib.every((x) => /^[^,]+,\s*[^,]+$/.test(x))) {
    const authors = [];
    for (const x of bib) {
      const [fam, giv] = x.split(/\s*,\s*/);
      const n = splitPersonName(giv + ' ' + fam);
      if (!n || n.family !== fam.trim()) return null;
      authors.push(n);
    }
    return { authors, complete };
  }
  const parts = s.split(/\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*/).map((x) => x.trim()).filter(Boolean);
  if (!parts.length) return null;
  const authors = [];
  for (const p of parts) {
    const n = splitPersonName(p);
    if (!n) return null;
    authors.push(n);
  }
  return { authors, complete };
}

/**
 * The author segment that follows "by " in a prose sentence: up to the sentence end (a period that
 * does not close an initial), a colon/semicolon, an opening parenthesis, or " from "/" at ".
 */
export function authorSegment(text) {
  let end = text.length;
  const re = /[.;:(<]|\s(?:from|at|in|on|who|which|with|while|for|and is|and was|is|are|was)\s|\n/g;
  let m;
  while ((m = re.exec(text))) {
    if (m[0] === '.') {
      const before = text.slice(0, m.index);
      const w = /(\S+)$/.exec(before);
      const word = w ? w[1] : '';
      if (/^(?:\p{Lu}|\p{Lu}\.\p{Lu}|\p{Lu}\.-\p{Lu}|Jr|Sr|St)$/u.test(word) && /^\s*\p{Lu}/u.test(text.slice(m.index + 1))) continue; // an initial
      if (/^et$|^al$/.test(word) || /et al$/.test(before)) { end = m.index + 1; break; }
    }
    end = m.index;
    break;
  }
  let seg = text.slice(0, end).trim();
  // a lowercase word that is neither a particle nor "and"/"et al." ends the list ("… and Pieter Abbeel proposes …")
  const words = seg.split(/\s+/);
  for (let i = 0; i < words.length; i++) {
    const w = words[i].replace(/[,*†‡]+$/, '');
    if (/^\p{Ll}/u.test(w) && !PARTICLES.has(w) && !/^(?:and|et|al\.?)$/.test(w)) { seg = words.slice(0, i).join(' '); break; }
  }
  return seg;
}

/** Markdown body → paragraphs (code fences, HTML comments dropped; lines joined) with start lines. */
export function paragraphs(md) {
  const lines = md.split('\n');
  const out = [];
  let cur = [], start = 0, inFence = false, inComment = false;
  const flush = () => { if (cur.length) out.push({ text: cur.join(' ').replace(/\s+/g, ' ').trim(), line: start + 1 }); cur = []; };
  for (let i = 0; i < lines.length; i++) {
    let l = lines[i];
    if (inComment) { if (l.includes('-->')) { inComment = false; l = l.slice(l.indexOf('-->') + 3); } else continue; }
    if (/^\s*(```|~~~)/.test(l)) { flush(); inFence = !inFence; continue; }
    if (inFence) continue;
    l = l.replace(/<!--.*?-->/g, '');
    if (l.includes('<!--')) { l = l.slice(0, l.indexOf('<!--')); inComment = true; }
    if (/^\s*$/.test(l) || /^\s*#/.test(l) || /^\s*\[\[autodoc\]\]/.test(l)) { flush(); if (/^\s*#/.test(l)) out.push({ text: l.trim(), line: i + 1, heading: true }); continue; }
    if (!cur.length) start = i;
    cur.push(l.trim());
  }
  flush();
  return out;
}

export function sortLines(lines) {
  return lines.sort((a, b) => {
    const ka = a.arxiv || '~', kb = b.arxiv || '~';
    if (ka !== kb) return ka < kb ? -1 : 1;
    const ta = a.title || '', tb = b.title || '';
    if (ta !== tb) return ta < tb ? -1 : 1;
    return a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0;
  });
}
export function writeEvidence(out, lines, label) {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, lines.map((l) => JSON.stringify(l)).join('\n') + (lines.length ? '\n' : ''));
  const ax = new Set(lines.filter((l) => l.arxiv).map((l) => l.arxiv));
  const full = lines.filter((l) => l.authors && l.authorsComplete).length;
  const fullAx = new Set(lines.filter((l) => l.arxiv && l.authors && l.authorsComplete).map((l) => l.arxiv));
  const code = lines.filter((l) => l.code && l.code.length).length;
  const off = new Set(lines.filter((l) => l.code && l.code.some((c) => c.kind === 'official')).map((l) => l.arxiv || l.title));
  process.stderr.write(`${label}: ${lines.length} lines, ${ax.size} distinct arXiv ids, ${full} lines with complete authors (${fullAx.size} arXiv ids), ${code} lines with code, ${off.size} papers with official code -> ${path.relative(ROOT, out)}\n`);
}

/** Canonical key order for an evidence line. */
export function orderLine(o) {
  const keys = ['source', 'ref', 'licence', 'title', 'authors', 'authorsComplete', 'year', 'venue', 'venueKind', 'arxiv', 'doi', 'url', 'pages', 'nicknames', 'code', 'citations', 'related', 'areaHint'];
  const r = {};
  for (const k of keys) if (o[k] !== undefined && !(Array.isArray(o[k]) && !o[k].length)) r[k] = o[k];
  return r;
}

/** Framework named in a sentence about code. */
export function frameworkIn(s) {
  const f = [];
  if (/\bPyTorch\b/i.test(s)) f.push('PyTorch');
  if (/\bTensorFlow\b/i.test(s)) f.push('TensorFlow');
  if (/\bJAX\b/.test(s)) f.push('JAX');
  if (/\bFlax\b/.test(s)) f.push('Flax');
  if (/\bPaddle(?:Paddle)?\b/.test(s)) f.push('PaddlePaddle');
  if (/\bMindSpore\b/.test(s)) f.push('MindSpore');
  return f.length === 1 ? f[0] : undefined;
}

/** Links accepted as a paper page when no arXiv id is in them. */
export function isPaperUrl(u) {
  return /^https?:\/\/(?:openreview\.net\/(?:forum|pdf)|aclanthology\.org\/|www\.aclweb\.org\/anthology\/|proceedings\.(?:neurips\.cc|mlr\.press)\/|papers\.nips\.cc\/|dl\.acm\.org\/doi\/|doi\.org\/|ieeexplore\.ieee\.org\/|openaccess\.thecvf\.com\/|www\.isca-speech\.org\/|www\.jmlr\.org\/papers\/|jmlr\.org\/papers\/)/.test(u)
    || /^https?:\/\/\S+\.pdf$/i.test(u);
}

// ---------------------------------------------------------------- transformers model docs

const PROPOSAL = /\b(?:proposed|introduced|presented|described)\s+in\s+(?:the\s+)?(?:[A-Za-z0-9 ,-]{0,40}?\s)?(?:paper|publication|technical report|report|article)?\s*[*_]?["“]?\[([^\]]+)\]\((\S+?)\)["”]?[*_]?\s*,?\s*/g;

function officialCode(text) {
  // "The original code (written in JAX) can be found [here](URL)", "The original implementation can be found here: URL",
  // "The original code of the authors can be found [here](URL)", "The original code can be found in the [x](URL)".
  const res = [];
  const re = /The original (?:code|implementation|codebase)\b([^.]{0,80}?)\b(?:can be found|is available|could be found)\s+(?:at\s+|in\s+|here:?\s*)?(?:the\s+)?(?:\[[^\]]*\]\((<?https?:\/\/[^)\s>]+>?)\)|(https?:\/\/[^\s)]+))/g;
  let m;
  while ((m = re.exec(text))) {
    const url = (m[2] || m[3]).replace(/^<|>$/g, '').replace(/[.,;]+$/, '');
    if (!/^https:\/\/(?:github\.com|gitlab\.com)\//.test(url)) continue;
    const c = { url, kind: 'official' };
    const fw = frameworkIn(m[1]);
    if (fw) c.framework = fw;
    res.push(c);
  }
  return res;
}

function parseDocPage(md) {
  const paras = paragraphs(md);
  const h1p = paras.find((p) => p.heading && /^#\s/.test(p.text));
  const h1 = h1p ? stripMd(h1p.text.replace(/^#\s+/, '')) : null;
  const papers = [];
  const add = (p) => {
    const key = p.arxiv || normKey(p.title);
    const old = papers.find((q) => (q.arxiv || normKey(q.title)) === key);
    if (old) { for (const k of Object.keys(p)) if (old[k] === undefined) old[k] = p[k]; if (p.nick && !old.nick) old.nick = p.nick; return; }
    papers.push(p);
  };
  let firstBody = null;
  const codes = [];
  let overview = true; // until the first "##" heading other than Overview / Model details / the H1
  for (const para of paras) {
    if (para.heading) {
      if (/^##+\s/.test(para.text) && !/^##+\s*(?:overview|model details|introduction|description|abstract)\b/i.test(para.text)) overview = false;
      continue;
    }
    if (firstBody === null && !/^\*This model was released/.test(para.text) && !/^<(div|img|a)\b/.test(para.text) && !/^>/.test(para.text)) firstBody = para;
    const text = para.text;
    codes.push(...officialCode(text));
    PROPOSAL.lastIndex = 0;
    let m;
    while ((m = PROPOSAL.exec(text))) {
      const linkText = m[1], url = m[2].replace(/^<|>$/g, '');
      const arxiv = parseLinkId(url);
      if (!arxiv && !isPaperUrl(url)) continue;
      const title = cleanTitle(linkText);
      const p = { line: para.line, url, overview };
      if (arxiv) p.arxiv = arxiv;
      if (title.split(" ").length >= 2 && !/\bet al\b/.test(title) && !/^(?:the |this |our |original )?(?:paper|report|technical report|blog ?post|here|arxiv)$/i.test(title)) p.title = title;
      if (!p.title && !p.arxiv) continue;
      // authors: "by A, B and C" or directly "A, B and C" (with at least two names)
      const rest = text.slice(PROPOSAL.lastIndex).replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
      const hasBy = /^(?:paper\s+)?(?:by|from)\s+/.test(rest);
      const seg = authorSegment(rest.replace(/^(?:paper\s+)?(?:by|from)\s+/, ''));
      const au = seg ? parseProseAuthors(seg) : null;
      if (au && (hasBy || au.authors.length >= 2)) { p.authors = au.authors; p.authorsComplete = au.complete; }
      // nickname: "The X model was proposed in …", "X was proposed in …"
      const subj = /(?:^|\.\s+)(?:The\s+)?([^.]{1,60}?)\s+(?:(?:model|models|architecture|method)\s+)?(?:was|were|is|are|has been|have been)\s+(?:first\s+|originally\s+)?$/.exec(text.slice(0, m.index));
      if (h1 && subj) {
        const sj = stripMd(subj[1]).replace(/^The\s+/, '');
        const hp = /^(.+?)\s*\(([^()]+)\)$/.exec(h1);
        if (normKey(sj) === normKey(h1) || normKey(sj.replace(/\s*\(.*\)$/, '')) === normKey(h1) || (hp && (normKey(sj) === normKey(hp[1]) || normKey(sj) === normKey(hp[2])))) p.nick = h1;
      }
      add(p);
    }
  }
  // new-style pages: the opening paragraph starts with "[Model](https://huggingface.co/papers/ID) is …"
  if (firstBody) {
    const m = /^(?:The\s+)?\[([^\]]+)\]\((\S+?)\)/.exec(firstBody.text);
    if (m && parseLinkId(m[2])) {
      const lt = stripMd(m[1]);
      const paren = /^(.*?)\s*\(([^)]*)\)$/.exec(lt);
      const ok = h1 && (normKey(lt) === normKey(h1) || (paren && (normKey(paren[1]) === normKey(h1) || normKey(paren[2]) === normKey(h1))));
      const p = { line: firstBody.line, url: m[2], arxiv: parseLinkId(m[2]), overview: true };
      if (ok) p.nick = h1;
      if (ok) add(p);
    }
  }
  return { h1, papers, codes };
}

// Page names that are the library's name for a port or variant, not a name the paper uses for its model
// (the page says "The DiffLlama model was proposed in [Differential Transformer](…)").
const NOT_THE_PAPERS_NAME = new Set(['DiffLlama', 'RoBERTa-PreLayerNorm', 'BertGeneration', 'Speech2Text', 'Wav2Vec2Phoneme', 'Wav2Vec2-BERT', 'EncoderDecoder'].map(normKey));

async function main() {
  const opt = parseArgs(process.argv, {
    out: path.join(EVIDENCE_DIR, 'transformers.jsonl'),
    repos: ['/work/.mirror/feisenyu+transformers_4573/repo', '/work/.mirror/duyy97+transformers/repo'],
  });
  const perSnap = [];
  for (let r = 0; r < opt.repos.length; r++) {
    const repo = opt.repos[r];
    const name = opt.names[r] || repoNameFromDir(repo);
    const commit = headCommit(repo);
    const pkg = listDirs(repo, commit, 'src').map((d) => d.replace(/^src\//, '')).find((d) => /^transformers/.test(d));
    const modelDirs = new Set(listDirs(repo, commit, `src/${pkg}/models`).map((d) => d.split('/').pop()));
    const docs = listFiles(repo, commit, 'docs/source/en/model_doc').filter((f) => f.endsWith('.md'));
    const pages = [];
    for (const f of docs) {
      const md = showFile(repo, commit, f);
      const stem = path.basename(f, '.md');
      const { h1, papers, codes } = parseDocPage(md);
      if (!papers.length) continue;
      const folder = stem.replace(/-/g, '_');
      pages.push({ f, stem, h1, papers, codes, hasFolder: modelDirs.has(folder), folder });
    }
    // a paper that is the subject of several pages: no nickname from any of them unless all agree
    const nickBy = new Map();
    for (const pg of pages) for (const p of pg.papers) if (p.arxiv && p.nick) {
      if (!nickBy.has(p.arxiv)) nickBy.set(p.arxiv, new Set());
      nickBy.get(p.arxiv).add(normKey(p.nick));
    }
    const lines = [];
    for (const pg of pages) {
      const own = pg.papers.filter((p) => p.overview);
      for (const p of pg.papers) {
        const single = own.length === 1 && own[0] === p;
        const o = { source: 'transformers', ref: `${name}@${commit}:${pg.f}#L${p.line}`, licence: 'Apache-2.0' };
        if (p.title) o.title = p.title;
        if (p.authors) { o.authors = p.authors; o.authorsComplete = p.authorsComplete; }
        if (p.arxiv) o.arxiv = p.arxiv;
        if (!p.arxiv && p.url) o.url = p.url;
        if (p.nick && !NOT_THE_PAPERS_NAME.has(normKey(p.nick)) && (!p.arxiv || nickBy.get(p.arxiv).size === 1)) {
          const pm = /^(.+?)\s*\(([^()]+)\)$/.exec(p.nick); // "Vision Transformer (ViT)" → ViT, Vision Transformer
          o.nicknames = pm ? [pm[2], pm[1]] : [p.nick];
        }
        if (single) {
          const code = [];
          const seen = new Set();
          for (const c of pg.codes) if (!seen.has(c.url)) { seen.add(c.url); code.push(c); }
          if (pg.hasFolder) code.push({ url: `https://github.com/huggingface/transformers/tree/main/src/transformers/models/${pg.folder}`, kind: 'library', library: 'transformers', framework: 'PyTorch', label: 'transformers model folder' });
          if (code.length) o.code = code;
        }
        o._page = pg.f;
        lines.push(o);
      }
    }
    perSnap.push(lines);
  }
  // newest snapshot first; an older snapshot's line only when it adds a field for that page+paper
  const out = [];
  const have = new Map();
  const keyOf = (o) => o._page + '|' + (o.arxiv || normKey(o.title));
  for (const [i, lines] of perSnap.entries()) {
    for (const o of lines) {
      const k = keyOf(o);
      const prev = have.get(k);
      if (i > 0 && prev) {
        const adds = ['title', 'authors', 'arxiv', 'nicknames', 'code'].some((f) => o[f] && !prev.some((q) => q[f]));
        if (!adds) continue;
      }
      if (!have.has(k)) have.set(k, []);
      have.get(k).push(o);
      out.push(o);
    }
  }
  const lines = sortLines(out.map((o) => { delete o._page; return orderLine(o); }));
  writeEvidence(opt.out, lines, 'transformers');
}

if (import.meta.url === `file://${process.argv[1]}` || fileURLToPath(import.meta.url) === path.resolve(process.argv[1] || '')) {
  main().catch((e) => { console.error(e); process.exit(1); });
}

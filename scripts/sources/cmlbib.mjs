#!/usr/bin/env node
// Importer: semitable/cmlbib — curated NeurIPS / ICML BibTeX (the authority for venue and year).
//
// Repository: https://github.com/semitable/cmlbib, read at commit 4c02538f28fdf4657395484171bb7a68ae30fc9f
// (2021-07-14), a bare snapshot brought by the `fetch` tool (--repo DIR or env CMLBIB_REPO).
// Files: data/nips/nips<year>.bib (NeurIPS 1987–2020), data/icml/icml<year>.bib (ICML 2013–2020).
// Fields taken: title, author (all; "and others" → authorsComplete false), year, booktitle (→ venue
// "NeurIPS" / "ICML", venueKind "conference"), pages, url (the proceedings page or PDF it names).
// No arXiv ids, DOIs or code links are stated by this source.
// Licence: none stated in the repository — facts only (bibliographic metadata), no file copied.
//
// Selection: the whole bibliography is parsed in memory (15,670 entries), but a line is written
// only for a paper from 2012 on that is a *candidate* (see isCandidate below): its normalised
// title appears in another evidence file (server/data/evidence/*.jsonl other than cmlbib.jsonl and
// papercopilot.jsonl), or papercopilot states a Google Scholar count >= 500 for it (read from
// server/data/evidence/papercopilot.jsonl, so run the papercopilot importer first).
// `--all` writes every paper from 2012 on. Rerun whenever other importers add evidence.
//
// Usage: node scripts/sources/cmlbib.mjs --repo /work/.mirror/semitable+cmlbib/repo [--commit C]
//          [--out server/data/evidence/cmlbib.jsonl] [--all] [--min-year 2012]
//
// The BibTeX helpers (parseBibtex, texToUnicode, parseBibAuthors, normTitle) are exported and
// reused by papercopilot.mjs.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
export const EVIDENCE_DIR = path.join(ROOT, 'server', 'data', 'evidence');

// ---------------------------------------------------------------- shared helpers

/** Normalised title used for matching across sources: lowercase, letters and digits only. */
export function normTitle(t) {
  return String(t || '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function git(repo, args, opts = {}) {
  return execFileSync('git', ['--git-dir=' + repo, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
}

/** Parse a BibTeX string into [{type, key, fields: {name: rawValue}, line}] (values keep inner braces). */
export function parseBibtex(src) {
  const out = [];
  let i = 0;
  const n = src.length;
  const lineAt = (() => {
    const starts = [0];
    for (let k = 0; k < n; k++) if (src[k] === '\n') starts.push(k + 1);
    return (pos) => { let lo = 0, hi = starts.length - 1; while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid] <= pos) lo = mid; else hi = mid - 1; } return lo + 1; };
  })();
  while (i < n) {
    const at = src.indexOf('@', i);
    if (at < 0) break;
    const m = /^@([A-Za-z]+)\s*[{(]/.exec(src.slice(at, at + 40));
    if (!m) { i = at + 1; continue; }
    const type = m[1].toLowerCase();
    let j = at + m[0].length;
    if (type === 'comment' || type === 'preamble' || type === 'string') {
      // skip balanced
      let depth = 1;
      while (j < n && depth > 0) { if (src[j] === '{' || src[j] === '(') depth++; else if (src[j] === '}' || src[j] === ')') depth--; j++; }
      i = j; continue;
    }
    const comma = src.indexOf(',', j);
    const key = src.slice(j, comma).trim();
    j = comma + 1;
    const fields = {};
    for (;;) {
      while (j < n && /[\s,]/.test(src[j])) j++;
      if (j >= n || src[j] === '}' || src[j] === ')') { j++; break; }
      const fm = /^([A-Za-z][\w:-]*)\s*=\s*/.exec(src.slice(j, j + 100));
      if (!fm) { // malformed: skip to next line
        const nl = src.indexOf('\n', j); j = nl < 0 ? n : nl + 1; continue;
      }
      const name = fm[1].toLowerCase();
      j += fm[0].length;
      let val = '';
      if (src[j] === '{') {
        let depth = 0; const s = j;
        for (; j < n; j++) { if (src[j] === '\\') { j++; continue; } if (src[j] === '{') depth++; else if (src[j] === '}') { depth--; if (depth === 0) { j++; break; } } }
        val = src.slice(s + 1, j - 1);
      } else if (src[j] === '"') {
        const s = ++j; let depth = 0;
        for (; j < n; j++) { if (src[j] === '\\') { j++; continue; } if (src[j] === '{') depth++; else if (src[j] === '}') depth--; else if (src[j] === '"' && depth === 0) break; }
        val = src.slice(s, j); j++;
      } else {
        const s = j; while (j < n && /[^,}\s]/.test(src[j])) j++; val = src.slice(s, j);
      }
      fields[name] = val;
    }
    out.push({ type, key, fields, line: lineAt(at) });
    i = j;
  }
  return out;
}

const ACCENTS = { '"': '\u0308', "'": '\u0301', '`': '\u0300', '^': '\u0302', '~': '\u0303', '=': '\u0304', '.': '\u0307', u: '\u0306', v: '\u030c', H: '\u030b', c: '\u0327', k: '\u0328', r: '\u030a', d: '\u0323', b: '\u0331' };
const LETTERS = { aa: 'å', AA: 'Å', o: 'ø', O: 'Ø', ss: 'ß', l: 'ł', L: 'Ł', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', i: 'ı', j: 'ȷ' };
const SYMBOLS = { '&': '&', '%': '%', '_': '_', '#': '#', '$': '$', '{': '{', '}': '}' };
const MATH = { ell: 'ℓ', epsilon: 'ε', varepsilon: 'ε', alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', lambda: 'λ', mu: 'μ', textmu: 'µ', theta: 'θ', chi: 'χ', tau: 'τ', sigma: 'σ', pi: 'π', infty: '∞', leq: '≤', geq: '≥', sqrt: '√', propto: '∝', times: '×', cdot: '·', ldots: '…', dots: '…' };

/** Convert TeX accents and a few symbols to Unicode; remove grouping braces and `$`. */
export function texToUnicode(s) {
  let t = String(s);
  // \"{o}, {\"o}, \"o, \'{\i}
  t = t.replace(/\{?\\([."'`^~=uvHckrdb])\s*\{?\s*(\\[ij]|[A-Za-z])\s*\}?\}?/g, (m, acc, ch, off, str) => {
    // letter accents (u, v, H, c, k, r, d, b) need a non-letter after the command when no braces
    if (/[a-zA-Z]/.test(acc) && !/\{|\s/.test(m.slice(m.indexOf(acc) + 1, m.indexOf(acc) + 2))) return m;
    const base = ch === '\\i' ? 'i' : ch === '\\j' ? 'j' : ch;
    return (base + ACCENTS[acc]).normalize('NFC');
  });
  t = t.replace(/\{?\\(aa|AA|ss|ae|AE|oe|OE|o|O|l|L)(?![A-Za-z])\s*\}?/g, (m, c) => LETTERS[c]);
  t = t.replace(/\\([&%_#${}])/g, (m, c) => SYMBOLS[c]);
  t = t.replace(/\\(textendash)\b\s*/g, '–').replace(/\\(textemdash)\b\s*/g, '—');
  t = t.replace(/---/g, '—').replace(/--/g, '–');
  t = t.replace(/\\(ell|epsilon|varepsilon|alpha|beta|gamma|delta|lambda|textmu|mu|theta|chi|tau|sigma|pi|infty|leq|geq|sqrt|propto|times|cdot|ldots|dots)(?![A-Za-z])\s?/g, (m, c) => MATH[c]);
  t = t.replace(/\\(emph|textit|textbf|texttt|textsc|textrm|mathrm|mathbf|mathcal|mathit|boldmath)\s*/g, '');
  t = t.replace(/\\(?=[{ ])/g, '');
  t = t.replace(/[{}]/g, '').replace(/\$/g, '');
  return t.replace(/\s+/g, ' ').trim();
}

/** True when a cleaned string still carries TeX or converter debris (then the value is not trusted). */
export function looksDamaged(s) {
  return /\\|łbrace|łambda|\u0308\u0308|\bm̈/.test(s) || /\\[a-z]/.test(s);
}

/** Clean a title: TeX → Unicode, whitespace collapsed, trailing '.' removed. */
export function cleanTitle(raw) {
  return texToUnicode(raw).replace(/\s+/g, ' ').trim().replace(/\.$/, '').trim();
}

function splitTopLevel(s, sepRe) {
  const parts = []; let depth = 0, cur = '';
  const tokens = s.split(/(\{|\})/);
  for (const tok of tokens) {
    if (tok === '{') { depth++; cur += tok; continue; }
    if (tok === '}') { depth--; cur += tok; continue; }
    if (depth > 0) { cur += tok; continue; }
    const pieces = tok.split(sepRe);
    cur += pieces[0];
    for (let k = 1; k < pieces.length; k++) { parts.push(cur); cur = pieces[k]; }
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter((p) => p.length);
}

const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'dos', 'das', 'du', 'le', 'la', 'ten', 'ter', 'zu', 'vom', 'dei', 'degli', 'op', "d'", 'y', 'af', 'av']);
const SUFFIX = /^(jr\.?|sr\.?|ii|iii|iv)$/i;

/** One prose name "Given [von] Family" → {family, given} or {literal} when the split is not clear. */
export function splitProseName(name) {
  const words = name.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  if (!words.length) return null;
  if (words.length === 1) return { literal: words[0] };
  if (SUFFIX.test(words[words.length - 1].replace(/,$/, ''))) return { literal: words.join(' ').replace(/,\s*/g, ' ').replace(/\s+/g, ' ') };
  // family: last word plus any lower-case particles directly before it (never the first word)
  let k = words.length - 1;
  while (k - 1 >= 1 && PARTICLES.has(words[k - 1])) k--;
  // a capitalised particle before the family name ("Luc Van Gool", "Nicolas Le Roux"): the split is
  // not clear from prose alone, so keep the name whole
  if (k - 1 >= 1 && PARTICLES.has(words[k - 1].toLowerCase())) return { literal: words.join(' ') };
  return { family: words.slice(k).join(' '), given: words.slice(0, k).join(' ') };
}

/** Authors of a BibTeX author field → {authors, complete}. Handles "Last, First", "Last, Jr, First", "First von Last". */
export function parseBibAuthors(raw) {
  const names = splitTopLevel(String(raw).replace(/\s+/g, ' '), /\s+and\s+/);
  let complete = true;
  const authors = [];
  for (const nm of names) {
    if (/^others$/i.test(nm.trim())) { complete = false; continue; }
    const parts = splitTopLevel(nm, /,/);
    if (parts.length === 1) {
      const plain = texToUnicode(parts[0]);
      if (/^\{.*\}$/.test(parts[0].trim())) { authors.push({ literal: plain }); continue; }
      const a = splitProseName(plain);
      if (a) authors.push(a);
    } else if (parts.length === 2) {
      const family = texToUnicode(parts[0]); const given = texToUnicode(parts[1]);
      if (!given) authors.push({ literal: family }); else authors.push({ family, given });
    } else {
      const family = texToUnicode(parts[0]); const suffix = texToUnicode(parts[1]); const given = texToUnicode(parts.slice(2).join(', '));
      authors.push({ family: `${family} ${suffix}`.trim(), given });
    }
  }
  return { authors, complete };
}

/** Read every *.jsonl evidence file except the excluded ones; return Set of normalised titles. */
export function otherEvidenceTitles(dir, exclude) {
  const titles = new Set(); const files = [];
  if (!fs.existsSync(dir)) return { titles, files };
  for (const f of fs.readdirSync(dir).sort()) {
    if (!f.endsWith('.jsonl') || exclude.includes(f)) continue;
    files.push(f);
    for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try { const r = JSON.parse(line); if (r.title) titles.add(normTitle(r.title)); } catch { /* skip bad line */ }
    }
  }
  return { titles, files };
}

export function arg(argv, name, dflt) {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
}

/** Stable stringify with the field order of the evidence format. */
const ORDER = ['source', 'ref', 'licence', 'title', 'authors', 'authorsComplete', 'year', 'venue', 'venueKind', 'arxiv', 'doi', 'url', 'pages', 'nicknames', 'code', 'citations', 'related', 'areaHint'];
export function evidenceLine(rec) {
  const o = {};
  for (const k of ORDER) if (rec[k] !== undefined && rec[k] !== null && rec[k] !== '') o[k] = rec[k];
  for (const k of Object.keys(rec).sort()) if (!(k in o) && rec[k] !== undefined) o[k] = rec[k];
  return JSON.stringify(o);
}
export function sortEvidence(recs) {
  return recs.sort((a, b) => {
    const ax = a.arxiv || '\uffff', bx = b.arxiv || '\uffff';
    if (ax !== bx) return ax < bx ? -1 : 1;
    if (a.title !== b.title) return a.title < b.title ? -1 : 1;
    return a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0;
  });
}

// ---------------------------------------------------------------- cmlbib

export const CMLBIB_DEFAULT_COMMIT = '4c02538f28fdf4657395484171bb7a68ae30fc9f';
export const CANDIDATE_MIN_SCHOLAR = 500;

/** Parse every cmlbib entry into evidence-shaped records (no selection). */
export function parseCmlbib(repo, commit) {
  const files = git(repo, ['ls-tree', '-r', '--name-only', commit, 'data']).split('\n').filter((f) => /^data\/(nips|icml)\/[a-z]+\d{4}\.bib$/.test(f)).sort();
  const recs = []; const skipped = { damagedTitle: [], noYear: 0 };
  for (const f of files) {
    const venue = f.includes('/nips/') ? 'NeurIPS' : 'ICML';
    const src = git(repo, ['show', `${commit}:${f}`]);
    for (const e of parseBibtex(src)) {
      const F = e.fields;
      if (!F.title) continue;
      const title = cleanTitle(F.title);
      const year = /^\d{4}$/.test((F.year || '').trim()) ? Number(F.year.trim()) : undefined;
      if (!year) { skipped.noYear++; continue; }
      if (looksDamaged(title)) { skipped.damagedTitle.push(`${f}#L${e.line}`); continue; }
      const rec = { source: 'cmlbib', ref: `semitable/cmlbib@${commit}:${f}#L${e.line}`, licence: 'none stated (facts only)', title };
      if (F.author) {
        const { authors, complete } = parseBibAuthors(F.author);
        if (authors.length && !authors.some((a) => looksDamaged(a.family || a.literal || '') || looksDamaged(a.given || ''))) {
          rec.authors = authors; rec.authorsComplete = complete;
        }
      }
      rec.year = year;
      rec.venue = venue; rec.venueKind = 'conference';
      const url = (F.url || '').trim();
      if (/^https?:\/\/\S+$/.test(url)) rec.url = url;
      const pages = (F.pages || '').trim().replace(/\s*-+\s*/, '-');
      if (/^\d+(-\d+)?$/.test(pages)) rec.pages = pages;
      rec._norm = normTitle(title);
      recs.push(rec);
    }
  }
  return { recs, files, skipped };
}

/** Scholar counts papercopilot states, by normalised title (max over its lines). */
export function papercopilotScholar(dir) {
  const m = new Map(); const f = path.join(dir, 'papercopilot.jsonl');
  if (!fs.existsSync(f)) return m;
  for (const line of fs.readFileSync(f, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line);
    if (r.citations && Number.isInteger(r.citations.count)) {
      const k = normTitle(r.title); m.set(k, Math.max(m.get(k) ?? -1, r.citations.count));
    }
  }
  return m;
}

/**
 * The candidate rule: a cmlbib paper gets an evidence line when its normalised title appears in
 * another evidence file, or papercopilot states a Google Scholar count >= 500 for it.
 * Returns the list of arms that hold (empty = not a candidate).
 */
export function isCandidate(rec, ctx) {
  const arms = [];
  if (ctx.otherTitles.has(rec._norm)) arms.push('other-evidence');
  if ((ctx.scholar.get(rec._norm) ?? -1) >= CANDIDATE_MIN_SCHOLAR) arms.push('scholar>=500');
  return arms;
}

function main(argv) {
  const repo = arg(argv, '--repo', process.env.CMLBIB_REPO || '/work/.mirror/semitable+cmlbib/repo');
  const commit = git(repo, ['rev-parse', arg(argv, '--commit', CMLBIB_DEFAULT_COMMIT)]).trim();
  const out = arg(argv, '--out', path.join(EVIDENCE_DIR, 'cmlbib.jsonl'));
  const minYear = Number(arg(argv, '--min-year', '2012'));
  const all = argv.includes('--all');

  const { recs, files, skipped } = parseCmlbib(repo, commit);
  const { titles: otherTitles, files: otherFiles } = otherEvidenceTitles(EVIDENCE_DIR, ['cmlbib.jsonl', 'papercopilot.jsonl']);
  const scholar = papercopilotScholar(EVIDENCE_DIR);
  const ctx = { otherTitles, scholar };

  const armCounts = { 'other-evidence': 0, 'scholar>=500': 0 };
  const chosen = [];
  for (const r of recs) {
    if (r.year < minYear) continue;
    const arms = isCandidate(r, ctx);
    for (const a of arms) armCounts[a]++;
    if (all || arms.length) chosen.push(r);
  }
  sortEvidence(chosen);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, chosen.map((r) => { const { _norm, ...o } = r; return evidenceLine(o); }).join('\n') + (chosen.length ? '\n' : ''));

  const byVenueYear = {};
  for (const r of recs) { const k = `${r.venue} ${r.year}`; byVenueYear[k] = (byVenueYear[k] || 0) + 1; }
  const e = (s) => process.stderr.write(s + '\n');
  e(`cmlbib @${commit.slice(0, 8)}: ${files.length} files, ${recs.length} entries parsed (${skipped.damagedTitle.length} left out for TeX-damaged titles, ${skipped.noYear} without a year)`);
  e(`  other evidence files read: ${otherFiles.join(', ') || '(none)'} (${otherTitles.size} titles); papercopilot Scholar counts: ${scholar.size}`);
  e(`  from ${minYear}: ${recs.filter((r) => r.year >= minYear).length} papers; candidates by arm: other-evidence ${armCounts['other-evidence']}, scholar>=500 ${armCounts['scholar>=500']}${all ? ' (--all: writing every paper)' : ''}`);
  e(`  wrote ${chosen.length} lines to ${path.relative(ROOT, out)}: with arxiv 0, with full authors ${chosen.filter((r) => r.authors && r.authorsComplete).length}, with code 0, with pages ${chosen.filter((r) => r.pages).length}`);
  const yrs = {}; for (const r of chosen) yrs[`${r.venue} ${r.year}`] = (yrs[`${r.venue} ${r.year}`] || 0) + 1;
  e('  lines by venue-year: ' + Object.keys(yrs).sort().map((k) => `${k}: ${yrs[k]}`).join(', '));
  if (skipped.damagedTitle.length) e('  damaged titles (left out): ' + skipped.damagedTitle.slice(0, 8).join(' ') + (skipped.damagedTitle.length > 8 ? ' …' : ''));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main(process.argv.slice(2));

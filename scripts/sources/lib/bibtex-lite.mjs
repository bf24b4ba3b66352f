// bibtex-lite: a small, dependency-free BibTeX reader shared by the list-style importers
// (lucidrains, terryum-top100, d2l, udlbook, ...). Node 20 ESM, node:* only.
//
// Exports:
//   git(repoDir, args)               run git against a bare snapshot
//   parseBib(text)                   -> [{type, key, fields:{name:raw}, line}]   (raw values keep braces)
//   texToUnicode(s)                  TeX accents/commands -> Unicode, braces removed, whitespace collapsed
//   cleanTitle(raw)                  title as stated, markup removed, trailing '.' removed
//   parseAuthors(raw)                -> {authors:[{family,given}|{literal}], complete:bool} or null when unsure
//   arxivFromFields(fields)          arXiv id stated by eprint / journal / volume / url / note, or null
//   venueFromFields(fields, type)    -> {venue, venueKind} or {}
//   normTitle(t)                     letters+digits, lowercase (for matching)
//   writeJsonl(path, records)        sorted by arxiv id then title, one JSON line each
//   ARXIV_RE                         new- and old-style arXiv id pattern
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function git(repo, args) {
  return execFileSync('git', ['--git-dir=' + repo, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
}

export function normTitle(t) {
  return String(t || '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

// ------------------------------------------------------------------ parsing

/** Parse BibTeX text. Robust to junk between entries; an unterminated entry ends at the text end. */
export function parseBib(src) {
  const out = [];
  const n = src.length;
  const lineStarts = [0];
  for (let k = 0; k < n; k++) if (src[k] === '\n') lineStarts.push(k + 1);
  const lineAt = (pos) => { let lo = 0, hi = lineStarts.length - 1; while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (lineStarts[mid] <= pos) lo = mid; else hi = mid - 1; } return lo + 1; };
  let i = 0;
  while (i < n) {
    const at = src.indexOf('@', i);
    if (at < 0) break;
    const m = /^@\s*([A-Za-z]+)\s*([{(])/.exec(src.slice(at, at + 60));
    if (!m) { i = at + 1; continue; }
    const type = m[1].toLowerCase();
    let p = at + m[0].length;
    if (type === 'comment' || type === 'preamble' || type === 'string') { i = p; continue; }
    const close = m[2] === '{' ? '}' : ')';
    // key
    const keyEnd = src.slice(p).search(/[,\n}]/);
    if (keyEnd < 0) break;
    const key = src.slice(p, p + keyEnd).trim();
    p += keyEnd;
    if (src[p] === ',') p++;
    const fields = {};
    // fields
    while (p < n) {
      while (p < n && /[\s,]/.test(src[p])) p++;
      if (p >= n) break;
      if (src[p] === close) { p++; break; }
      if (src[p] === '@') break; // next entry: this one was not closed
      const fm = /^([A-Za-z][\w:.+-]*)\s*=\s*/.exec(src.slice(p, p + 200));
      if (!fm) { // unparseable garbage: skip to the next line
        const nl = src.indexOf('\n', p);
        p = nl < 0 ? n : nl + 1;
        continue;
      }
      const name = fm[1].toLowerCase();
      p += fm[0].length;
      let val = '';
      const parts = [];
      for (;;) { // value, possibly concatenated with '#'
        if (src[p] === '{') {
          let depth = 0, q = p;
          for (; q < n; q++) {
            if (src[q] === '\\') { q++; continue; }
            if (src[q] === '{') depth++;
            else if (src[q] === '}') { depth--; if (depth === 0) break; }
          }
          parts.push(src.slice(p + 1, q));
          p = q + 1;
        } else if (src[p] === '"') {
          let depth = 0, q = p + 1;
          for (; q < n; q++) {
            if (src[q] === '\\') { q++; continue; }
            if (src[q] === '{') depth++;
            else if (src[q] === '}') depth--;
            else if (src[q] === '"' && depth === 0) break;
          }
          parts.push(src.slice(p + 1, q));
          p = q + 1;
        } else {
          const wm = /^[^,}\s#]*/.exec(src.slice(p));
          parts.push(wm[0]);
          p += wm[0].length;
        }
        while (p < n && /[ \t]/.test(src[p])) p++;
        if (src[p] === '#') { p++; while (p < n && /\s/.test(src[p])) p++; continue; }
        break;
      }
      val = parts.join('');
      if (!(name in fields)) fields[name] = val;
    }
    out.push({ type, key, fields, line: lineAt(at) });
    i = p;
  }
  return out;
}

// ------------------------------------------------------------------ TeX -> Unicode

const COMBINING = { "'": '\u0301', '`': '\u0300', '^': '\u0302', '"': '\u0308', '~': '\u0303', '=': '\u0304', '.': '\u0307',
  u: '\u0306', v: '\u030C', H: '\u030B', c: '\u0327', k: '\u0328', r: '\u030A', d: '\u0323', b: '\u0331' };
const SYMBOLS = { ss: 'ß', o: 'ø', O: 'Ø', l: 'ł', L: 'Ł', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', aa: 'å', AA: 'Å', i: 'ı', j: 'ȷ',
  textquoteright: '’', textquoteleft: '‘', textendash: '–', textemdash: '—', textasciitilde: '~', textunderscore: '_',
  infty: '∞', alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', lambda: 'λ', mu: 'μ', pi: 'π',
  sigma: 'σ', theta: 'θ', tau: 'τ', phi: 'φ', psi: 'ψ', omega: 'ω', ell: 'ℓ', times: '×', cdot: '·', leq: '≤', geq: '≥',
  pm: '±', to: '→', rightarrow: '→', Delta: 'Δ', Sigma: 'Σ', Omega: 'Ω', dag: '†', ldots: '…', dots: '…', textregistered: '®',
  textsuperscript: '', emph: '', textit: '', textbf: '', textsc: '', texttt: '', mathrm: '', mathbf: '', mathcal: '', mathit: '',
  textrm: '', text: '', mbox: '', url: '', bf: '', it: '', em: '', sc: '', rm: '', tt: '', sf: '', mathsf: '', bm: '', boldsymbol: '' };

export function texToUnicode(s) {
  if (s == null) return s;
  let t = String(s);
  // accent commands with a braced, bare or space-separated argument; dotless i/j inside
  t = t.replace(/\\([`'^"~=.uvHckrdb])(?:\s*\{\s*(\\[ij]|[A-Za-z])\s*\}|\s*(\\[ij])(?![A-Za-z])|(?<=[`'^"~=.])\s*([A-Za-z])|\s+([A-Za-z]))/g,
    (m, acc, a1, a2, a3, a4) => {
      let base = a1 || a2 || a3 || a4;
      if (base === '\\i') base = 'i';
      if (base === '\\j') base = 'j';
      return base + COMBINING[acc];
    });
  t = t.replace(/\\([A-Za-z]+)\s*(\{\})?/g, (m, cmd) => (cmd in SYMBOLS ? SYMBOLS[cmd] : m));
  t = t.replace(/\\([&%$_#{}])/g, '$1');
  t = t.replace(/\\[,;:! ]/g, ' ');
  t = t.replace(/---/g, '—').replace(/--/g, '–');
  t = t.replace(/``|''/g, '"');
  t = t.replace(/~/g, ' ');
  t = t.replace(/[{}]/g, '');
  t = t.replace(/\$([^$]*)\$/g, '$1');
  t = t.replace(/\s+/g, ' ').trim();
  return t.normalize('NFC');
}

/** Title as stated: markup removed, trailing '.' removed. Returns null when TeX is left that we cannot read. */
export function cleanTitle(raw) {
  if (!raw) return null;
  let t = texToUnicode(raw);
  t = t.replace(/\s*\.$/, '').trim();
  if (!t || /\\[A-Za-z]/.test(t)) return null;
  return t;
}

// ------------------------------------------------------------------ authors

const PARTICLES = new Set(['van', 'von', 'de', 'der', 'den', 'del', 'della', 'di', 'da', 'dos', 'das', 'du', 'le', 'la', 'ter', 'ten', 'zu', 'y', 'bin', 'al', "d'"]);
const CAP_PARTICLES = new Set(['Van', 'Von', 'De', 'Der', 'Den', 'Ter', 'Ten', 'Della', 'Dos']);
const SUFFIX = /^(Jr\.?|Sr\.?|II|III|IV)$/;

/** Split at top-level (brace depth 0) occurrences of a separator regex over words. */
function splitTop(s, re) {
  const out = [];
  let depth = 0, last = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if (depth === 0) {
      re.lastIndex = i;
      const m = re.exec(s);
      if (m && m.index === i) { out.push(s.slice(last, i)); last = i + m[0].length; i = last - 1; }
    }
  }
  out.push(s.slice(last));
  return out;
}

function tokens(s) { // words at brace depth 0 (a braced group is one token)
  return splitTop(s.trim(), /\s+/y).map((x) => x.trim()).filter(Boolean);
}

function oneName(raw) {
  const s = raw.trim();
  if (!s) return null;
  // a whole-braced name is a corporate/literal name
  if (/^\{[^{}]*\}$/.test(s)) return { literal: texToUnicode(s) };
  const commaParts = splitTop(s, /\s*,\s*/y).map((x) => x.trim());
  let given, family;
  if (commaParts.length === 1) {
    const tk = tokens(s);
    if (tk.length === 1) return { literal: texToUnicode(tk[0]) };
    let end = tk.length;
    let suffix = '';
    if (end > 2 && SUFFIX.test(tk[end - 1])) { suffix = tk[end - 1]; end--; }
    // all-caps leading family name ("PENG Bo")
    if (end === 2 && /^[A-Z]{3,}$/.test(tk[0]) && !/^[A-Z]{2,}$/.test(tk[1])) {
      family = tk[0][0] + tk[0].slice(1).toLowerCase();
      given = tk[1];
    } else {
      let f = end - 1;
      // von part: lowercase particles (and a few capitalised ones) before the last word, never the first word
      while (f - 1 >= 1 && (PARTICLES.has(tk[f - 1]) || CAP_PARTICLES.has(tk[f - 1]))) f--;
      family = tk.slice(f, end).join(' ');
      given = tk.slice(0, f).join(' ');
    }
    if (suffix) family += ' ' + suffix;
  } else if (commaParts.length === 2) {
    [family, given] = commaParts;
  } else if (commaParts.length === 3) { // von Last, Jr, First
    family = commaParts[0] + ' ' + commaParts[1];
    given = commaParts[2];
  } else return null;
  family = texToUnicode(family);
  given = texToUnicode(given);
  if (!family) return null;
  const out = { family };
  if (given) out.given = given;
  return out;
}

/**
 * Parse a BibTeX author field. Returns {authors, complete} or null when the field cannot be read safely
 * (comma-separated lists without "and", stray TeX, contribution markers, ...).
 */
export function parseAuthors(raw) {
  if (!raw) return null;
  let s = String(raw).replace(/\s+/g, ' ').trim();
  let complete = true;
  if (/(^|\s)(et\.? al\.?|and others|others)\s*$/i.test(s)) {
    complete = false;
    s = s.replace(/\s*(,\s*)?(and\s+)?(et\.? al\.?|others)\s*$/i, '').trim();
  }
  if (/et\.? al/i.test(s)) return null;
  s = s.replace(/\s*[*†‡]+(?=\s|,|$)/g, ''); // equal-contribution markers
  if (/[§¶0-9@]/.test(s)) return null; // affiliations, e-mails
  if (/\b(anonymous|anonymized)\b/i.test(s)) return null;
  const parts = splitTop(s, /\s+and\s+/iy).map((x) => x.trim()).filter(Boolean);
  if (!parts.length) return null;
  // "A B, C D, E F" (no "and"): a comma-separated list, not "Last, First": unsafe
  if (parts.length === 1) {
    const cp = splitTop(parts[0], /\s*,\s*/y);
    if (cp.length > 2) return null;
    if (cp.length === 2 && tokens(cp[0]).length > 1 && tokens(cp[1]).length > 1 && !/^(van|von|de|der|del|di|da|du|le|la)\b/i.test(cp[0].trim())) return null;
  }
  // mixed forms ("Last, First" beside "First Last") are fine; but a name with 2+ commas besides Jr is not
  const authors = [];
  for (const p of parts) {
    const a = oneName(p);
    if (!a) return null;
    const all = (a.family || '') + ' ' + (a.given || '') + ' ' + (a.literal || '');
    if (/[\\{}$%&]/.test(all)) return null;
    if (/[A-Za-z]'[a-z]/.test(all)) return null; // accents flattened to an apostrophe ("J'egou"): unreadable
    authors.push(a);
  }
  return { authors, complete };
}

// ------------------------------------------------------------------ ids and venues

export const ARXIV_RE = /(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})/;

function validNewId(id) {
  const m = /^(\d{2})(\d{2})\.(\d{4,5})$/.exec(id);
  if (!m) return /^[a-z-]+(\.[A-Z]{2})?\/\d{7}$/.test(id);
  const yy = +m[1], mm = +m[2];
  if (mm < 1 || mm > 12) return false;
  if (yy < 7) return false;
  if (m[3].length === 5 && (yy < 15)) return false;
  if (m[3].length === 4 && yy >= 15) return false;
  return true;
}

/** arXiv id as the entry states it (no version), or null. */
export function arxivFromFields(f) {
  const cands = [];
  const ap = (f.archiveprefix || '').toLowerCase();
  if (f.eprint && (!ap || ap.includes('arxiv'))) {
    const m = /^(?:arxiv:)?\s*(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(v\d+)?$/i.exec(f.eprint.replace(/[{}]/g, '').trim());
    if (m) cands.push(m[1]);
  }
  for (const k of ['journal', 'booktitle', 'howpublished', 'note', 'volume', 'publisher']) {
    const v = (f[k] || '').replace(/[{}]/g, '');
    let m = /arxiv(?:\s+preprint)?\s*:?\s*(?:arxiv\s*:\s*)?(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})/i.exec(v);
    if (m) cands.push(m[1]);
    m = /arxiv\.org\/(?:abs|pdf)\/(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})/i.exec(v);
    if (m) cands.push(m[1]);
    if (k === 'volume') {
      m = /^abs\/(\d{4}\.\d{4,5})$/.exec(v.trim());
      if (m && /corr|arxiv/i.test(f.journal || '')) cands.push(m[1]);
    }
  }
  for (const k of ['url', 'pdf', 'doi']) {
    const v = (f[k] || '').replace(/[{}]/g, '');
    let m = /arxiv\.org\/(?:abs|pdf)\/(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})/i.exec(v);
    if (m) cands.push(m[1]);
    m = /10\.48550\/arxiv\.(\d{4}\.\d{4,5})/i.exec(v);
    if (m) cands.push(m[1]);
  }
  const uniq = [...new Set(cands)].filter(validNewId);
  if (uniq.length !== 1) return null; // none, or the entry contradicts itself
  return uniq[0];
}

export function doiFromFields(f) {
  let v = (f.doi || '').replace(/[{}\s]/g, '');
  v = v.replace(/^https?:\/\/(dx\.)?doi\.org\//i, '');
  if (!/^10\.\d{4,9}\/\S+$/.test(v)) return null;
  if (/^10\.48550\/arxiv/i.test(v)) return null; // arXiv DOIs are carried by the arxiv field
  return v.toLowerCase();
}

const PREPRINT_RE = /^(arxiv|corr|biorxiv|medrxiv|arxiv preprint|preprint|ssrn)\b|arxiv preprint|^arxiv\.org/i;

/** Venue from booktitle/journal; venueKind from its wording. */
export function venueFromFields(f, type) {
  const book = f.booktitle ? texToUnicode(f.booktitle) : '';
  const jour = f.journal ? texToUnicode(f.journal) : '';
  let venue = book || jour;
  if (venue && /^(submitted|under review|in submission)|github|^blog\b|^online\b/i.test(venue)) venue = '';
  if (venue && (/^arxiv preprint arxiv:/i.test(venue) || /^arxiv\s*:?\s*(\d{4}\.\d{4,5}|[a-z-]+\/\d{7})|^(https?:\/\/)?arxiv\.org\//i.test(venue))) return { venue: 'arXiv', venueKind: 'preprint' };
  if (!venue) {
    const ap = (f.archiveprefix || '').toLowerCase();
    if (ap === 'arxiv' && f.eprint) return { venue: 'arXiv', venueKind: 'preprint' };
    return {};
  }
  if (/\\/.test(venue)) return {};
  venue = venue.replace(/\s*\.$/, '');
  if (PREPRINT_RE.test(venue)) return { venue, venueKind: 'preprint' };
  if (/workshop/i.test(venue)) return { venue, venueKind: 'workshop' };
  if (book || /conference|proceedings|symposium|\bconf\b|meeting/i.test(venue)) return { venue, venueKind: 'conference' };
  if (type === 'inproceedings' || type === 'conference') return { venue, venueKind: 'conference' };
  return { venue, venueKind: 'journal' };
}

export function yearFromFields(f) {
  const m = /^\s*\{?\s*((19|20)\d\d)\s*\}?\s*$/.exec(f.year || '');
  return m ? +m[1] : null;
}

// ------------------------------------------------------------------ output

export function sortRecords(recs) {
  const key = (r) => [r.arxiv ? '0' + r.arxiv : '1', (r.title || '').toLowerCase(), r.ref].join('\u0000');
  return recs.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

const FIELD_ORDER = ['source', 'ref', 'licence', 'title', 'authors', 'authorsComplete', 'year', 'venue', 'venueKind', 'arxiv', 'doi', 'url', 'pages', 'nicknames', 'code', 'citations', 'related', 'areaHint'];

export function orderFields(r) {
  const o = {};
  for (const k of FIELD_ORDER) if (k[0] !== '_') if (r[k] !== undefined && r[k] !== null && !(Array.isArray(r[k]) && r[k].length === 0)) o[k] = r[k];
  return o;
}

export function writeJsonl(file, recs) {
  sortRecords(recs);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, recs.map((r) => JSON.stringify(orderFields(r))).join('\n') + (recs.length ? '\n' : ''));
}

export function selfCheck(name, recs) {
  const arx = new Set(recs.filter((r) => r.arxiv).map((r) => r.arxiv));
  const s = {
    lines: recs.length,
    withArxiv: recs.filter((r) => r.arxiv).length,
    distinctArxiv: arx.size,
    fullAuthors: recs.filter((r) => r.authors && r.authorsComplete).length,
    withCode: recs.filter((r) => r.code && r.code.length).length,
    withNicknames: recs.filter((r) => r.nicknames && r.nicknames.length).length,
  };
  process.stderr.write(`${name}: ${JSON.stringify(s)}\n`);
  return s;
}

/** Command-line: --repo DIR (repeatable), --commit C, --out FILE. */
export function cliArgs(argv = process.argv.slice(2)) {
  const a = { repos: [], commit: null, out: null, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--repo') a.repos.push(argv[++i]);
    else if (argv[i] === '--commit') a.commit = argv[++i];
    else if (argv[i] === '--out') a.out = argv[++i];
    else a.rest.push(argv[i]);
  }
  return a;
}

/** Sets on evidence record `r` the year, venue, arXiv id and DOI that BibTeX fields `f` of an entry of `type` state. */
export function addBibFacts(r, f, type) {
  const y = yearFromFields(f);
  if (y) r.year = y;
  const v = venueFromFields(f, type);
  if (v.venue) { r.venue = v.venue; r.venueKind = v.venueKind; }
  const ax = arxivFromFields(f);
  if (ax) r.arxiv = ax;
  const doi = doiFromFields(f);
  if (doi) r.doi = doi;
  return r;
}

/**
 * Read one BibTeX file from a snapshot into evidence records (title, authors, year, venue, arXiv, DOI, pages, url).
 * opts: {source, repoDir, repoName, commit, file, licence, url: (fields) => url|null}
 */
export function bibFileRecords(opts) {
  const text = git(opts.repoDir, ['show', `${opts.commit}:${opts.file}`]);
  const recs = [];
  for (const e of parseBib(text)) {
    const f = e.fields;
    const title = cleanTitle(f.title);
    if (!title) continue;
    const r = { source: opts.source, ref: `${opts.repoName}@${opts.commit}:${opts.file}#L${e.line}`, licence: opts.licence, title };
    const au = parseAuthors(f.author);
    if (au) { r.authors = au.authors; r.authorsComplete = au.complete; }
    addBibFacts(r, f, e.type);
    const pm = /^\s*(\d+)\s*-+\s*(\d+)\s*$/.exec((f.pages || '').replace(/[{}]/g, ''));
    if (pm) r.pages = `${pm[1]}-${pm[2]}`;
    const url = (f.url || '').replace(/[{}\s]/g, '');
    if (/^https?:\/\//.test(url) && !/semanticscholar|scholar\.google|github\.com/.test(url)) r.url = url;
    r._key = e.key;
    recs.push(r);
  }
  return recs;
}

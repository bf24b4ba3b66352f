#!/usr/bin/env node
// Builds the bundled database server/data/papers.json (v2, issue 17) from three layers:
//  (a) evidence: server/data/evidence/<source>.jsonl, one JSON line per paper per source, written by
//      scripts/sources/<source>.mjs from a public repository snapshot (format: each line states only what
//      its source states, with `ref` = owner/repo@commit:path);
//  (b) the hand-written parts server/data/parts/*.json: the 138 papers of v1 keep their keys, aliases and
//      fields (evidence only adds: DOI, arXiv id, code, nicknames, citation counts, a complete author list);
//  (c) our own layer server/data/layer/*.json: [{match: {arxiv|doi|title}, summary, topics, nicknames,
//      related: [{key|arxiv, relation}], notes}], the summaries and topics that writers add.
// Records that are the same paper (arXiv id, DOI, normalised title) are grouped (union-find, see group());
// each identifying field is taken by a written precedence (PRECEDENCE below) and every disagreement goes to
// server/data/BUILD-REPORT.md with the value chosen and why. A paper is in the database when the selection
// rule (select()) takes it AND our layer (or a part) gives it a summary and topics; the others wait.
//
// Usage:
//   node scripts/build-db.mjs                      build papers.json (and its prepared form papers.runtime.json), keys.lock.json, BUILD-REPORT.md, UNVERIFIED.md
//   node scripts/build-db.mjs --check              exit 1 when any of those files is not what a build would write
//   node scripts/build-db.mjs --candidates OUT.json  also write the selected papers that wait for a summary,
//                                                   most wanted first (0: library or curated list; 1: two sources
//                                                   or a citation top; 2: a textbook bibliography only; then citations)
//   --evidence DIR / --layer DIR                   read other directories (for experiments)
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : dflt; };
const partsDir = 'server/data/parts';
const evidenceDir = arg('--evidence', 'server/data/evidence');
const layerDir = arg('--layer', 'server/data/layer');
const outFile = 'server/data/papers.json';
const runtimeFile = 'server/data/papers.runtime.json';
const lockFile = 'server/data/keys.lock.json';
const reportFile = 'server/data/BUILD-REPORT.md';
const unverifiedFile = 'server/data/UNVERIFIED.md';

// Words Google Scholar skips when it picks the title word of a key.
export const STOP_WORDS = new Set('a an the on of in for to with and by at from is are was were be been via how what why when where which who do does did as into or can we our it its this that these those'.split(' '));

const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').replace(/ø/g, 'o').replace(/ł/g, 'l').replace(/æ/g, 'ae');
export const normTitle = (t) => fold(String(t ?? '')).toLowerCase().replace(/[^a-z0-9]/g, '');

/** The Google Scholar style key: family name (last word, ASCII) + year + first non-stop title word. */
export function scholarKey(item, year) {
  const first = item.author?.[0] ?? {};
  const fam = fold(first.family ?? first.literal ?? 'anonymous').replace(/['’]/g, '').trim();
  const famWord = fam.split(/[\s]+/).pop().toLowerCase().replace(/[^a-z0-9]/g, '');
  const words = fold(item.title ?? '').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const word = words.find((w) => !STOP_WORDS.has(w)) ?? words[0] ?? 'untitled';
  return `${famWord}${year}${word}`;
}

const yearOf = (item) => Number(item.issued?.['date-parts']?.[0]?.[0]) || undefined;
const arxivOf = (item) => (item.custom?.arxiv ?? '').replace(/v\d+$/, '') || undefined;
const doiOf = (item) => (item.DOI ?? '').toLowerCase() || undefined;
const uniq = (xs) => [...new Set(xs.filter((x) => x !== undefined && x !== null && x !== ''))];
const uniqBy = (xs, f) => { const seen = new Set(); return xs.filter((x) => { const k = f(x); if (seen.has(k)) return false; seen.add(k); return true; }); };
const famKey = (a) => { const f = fold(a.family ?? a.literal ?? '').toLowerCase().replace(/[^a-z\s-]/g, '').trim().split(/[\s-]+/); return f[f.length - 1] ?? ''; };
const authorsSig = (item) => (item.author ?? []).map((a) => normTitle(a.family ?? a.literal)).join('|');
const familiesOf = (authors) => (authors ?? []).map(famKey);
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const ARXIV_RE = /^([0-9]{4}\.[0-9]{4,5}|[a-z-]+(\.[A-Z]{2})?\/[0-9]{7})$/;
const DOI_RE = /^10\.[0-9]{4,9}\/\S+$/;
/** Year of an arXiv id's first version: 1512.03385 → 2015, cs/0112017 → 2001. */
export function arxivYearOf(id) {
  const m = /^(\d{2})\d{2}\.\d{4,5}$/.exec(id) ?? /\/(\d{2})\d{5}$/.exec(id);
  if (!m) return undefined;
  const yy = Number(m[1]);
  return yy >= 90 ? 1900 + yy : 2000 + yy;
}

/* ------------------------------------------------------------------------------------------------ *
 * Precedence: which source is best placed to know each field (lower rank wins). Written out so the
 * README and BUILD-REPORT.md can quote it.
 * ------------------------------------------------------------------------------------------------ */
export const PROCEEDINGS = ['cmlbib', 'papercopilot'];
export const LIBRARIES = ['transformers', 'diffusers', 'timm', 'openmmlab', 'pyg', 'trl', 'peft'];
export const CURATED = ['awesome-dl-papers', 'spinningup', 'awesome-llm', 'd2l', 'udlbook', 'gan-zoo'];
/** Sources whose BibTeX the authors (or arXiv's export) wrote. */
const AUTHOR_BIBTEX = ['openmmlab', 'lucidrains', 'official-repos'];
/** Sources whose author lists are complete copies of the paper's (stated as such by the source). */
const COMPLETE_LISTS = ['transformers', 'papercopilot', 'cmlbib'];
/** Sources that quote BibTeX (a README or textbook bibliography). */
const README_BIBTEX = ['openmmlab', 'lucidrains', 'awesome-dl-papers', 'd2l', 'udlbook', 'fairseq', 'detectron2', 'refdb'];
export const PRECEDENCE = {
  title: [['proceedings', PROCEEDINGS], ['arXiv or authors\' BibTeX', AUTHOR_BIBTEX], ['library docs', ['transformers', 'diffusers', 'trl', 'peft']], ['textbook/list BibTeX', ['awesome-dl-papers', 'd2l', 'udlbook', 'fairseq', 'detectron2', 'refdb']]],
  author: [['proceedings and authors\' BibTeX', [...PROCEEDINGS, ...AUTHOR_BIBTEX]], ['complete lists in library docs', ['transformers']], ['textbook BibTeX', ['awesome-dl-papers', 'd2l', 'udlbook', 'fairseq', 'detectron2', 'refdb']], ['library docs prose', ['diffusers', 'trl', 'peft']]],
  issued: [['proceedings', PROCEEDINGS], ['BibTeX in READMEs and textbooks', README_BIBTEX]],
};
const rankTable = (field) => { const m = new Map(); PRECEDENCE[field].forEach(([, srcs], i) => srcs.forEach((s) => m.has(s) || m.set(s, i + 1))); return m; };
const RANK = { title: rankTable('title'), author: rankTable('author'), issued: rankTable('issued') };
const rank = (field, src) => RANK[field].get(src) ?? 9;
const isPreprint = (r) => r.venueKind === 'preprint' || /\barxiv\b|corr\b|preprint/i.test(r.venue ?? '');
/** Year+venue rank: a preprint line (its year is the arXiv year) ranks after every venue line. */
const venueRank = (r) => rank('issued', r.src) + (isPreprint(r) ? 20 : r.venue ? 0 : 10);

/* ------------------------------------------------------------------------------------------------ *
 * Inputs
 * ------------------------------------------------------------------------------------------------ */
function loadParts() {
  const items = [];
  for (const f of readdirSync(partsDir).filter((n) => n.endsWith('.json')).sort()) {
    const arr = JSON.parse(readFileSync(join(partsDir, f), 'utf8'));
    for (const it of arr) items.push({ ...it, _part: f });
  }
  return items;
}

/** Characters that print as nothing or as a box (U+FFFC object replacement, zero-width spaces, soft hyphen): PDF-extraction debris in some sources' titles. */
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff\ufffc]/g;
const cleanText = (s) => s.replace(INVISIBLE, '').trim().replace(/\s+/g, ' ');
/** Lowercase words a name keeps lowercase ("van der Maaten", "de Freitas"). */
const NAME_PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'da', 'la', 'le', 'di', 'du', 'del', 'della', 'dos', 'das', 'ten', 'ter']);
/**
 * A name a source wrote all in lowercase ("szlam, arthur", "brian ichter": the CoRL and NeurIPS 2015
 * lists do) is capitalised word by word, particles excepted. Names with any capital are left as written.
 */
function capitaliseLowercaseName(o) {
  const parts = ['family', 'given'].filter((k) => o[k]);
  if (!parts.length || parts.some((k) => o[k] !== o[k].toLowerCase() || !/\p{Ll}/u.test(o[k]))) return o;
  for (const k of parts) o[k] = o[k].replace(/[\p{L}']+/gu, (w) => (NAME_PARTICLES.has(w) ? w : w[0].toUpperCase() + w.slice(1)));
  return o;
}

const cleanName = (a) => {
  if (!a || typeof a !== 'object') return undefined;
  const o = {};
  for (const k of ['family', 'given', 'literal']) if (typeof a[k] === 'string' && cleanText(a[k])) o[k] = cleanText(a[k]);
  capitaliseLowercaseName(o);
  // A name part holding a comma is several people read as one (a comma-separated list where the
  // reader expected "and"); one starting with "and" is what a doubled "and and" leaves: the list is not a list of names.
  if (Object.values(o).some((v) => v.includes(',') || /^and\s/i.test(v))) return undefined;
  return o.family || o.literal ? o : undefined;
};

/** Evidence lines: every server/data/evidence/*.jsonl, checked field by field (a malformed field is dropped and reported). */
export function loadEvidence(dir = evidenceDir, problems = []) {
  const recs = [];
  const perSource = new Map();
  if (!existsSync(dir)) return { recs, perSource };
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) {
    const file = join(dir, f);
    const lines = readFileSync(file, 'utf8').split('\n');
    const stat = { file, lines: 0, arxiv: 0, complete: 0, code: 0, bad: 0 };
    perSource.set(f.replace(/\.jsonl$/, ''), stat);
    lines.forEach((text, i) => {
      if (!text.trim()) return;
      let o;
      try { o = JSON.parse(text); } catch { stat.bad++; problems.push(`${file}:${i + 1}: not JSON`); return; }
      const r = { src: o.source ?? f.replace(/\.jsonl$/, ''), ref: o.ref, file, line: i + 1 };
      if (typeof o.ref !== 'string' || !o.ref) { stat.bad++; problems.push(`${file}:${i + 1}: no ref`); return; }
      if (typeof o.title === 'string' && cleanText(o.title)) r.title = cleanText(o.title);
      if (Array.isArray(o.authors)) { const as = o.authors.map(cleanName); if (as.length && as.every(Boolean)) r.authors = as; else problems.push(`${file}:${i + 1}: malformed author list dropped`); }
      r.authorsComplete = o.authorsComplete !== false && !!r.authors;
      if (Number.isInteger(o.year) && o.year > 1900 && o.year < 2100) r.year = o.year;
      if (typeof o.venue === 'string' && o.venue.trim()) r.venue = o.venue.trim();
      if (typeof o.venueKind === 'string') r.venueKind = o.venueKind;
      if (typeof o.arxiv === 'string') { const a = o.arxiv.trim().replace(/^arxiv:/i, '').replace(/v\d+$/, ''); if (ARXIV_RE.test(a)) r.arxiv = a; else problems.push(`${file}:${i + 1}: arXiv id ${JSON.stringify(o.arxiv)} dropped`); }
      if (typeof o.doi === 'string') { const d = o.doi.trim().toLowerCase().replace(/^https?:\/\/(dx\.)?doi\.org\//, ''); if (DOI_RE.test(d)) r.doi = d; else problems.push(`${file}:${i + 1}: DOI ${JSON.stringify(o.doi)} dropped`); }
      if (typeof o.url === 'string' && /^https?:\/\//.test(o.url)) r.url = o.url;
      // A placeholder range ("0-0", "-") is no page range: biber warns on it, and it says nothing.
      if (typeof o.pages === 'string' && /[1-9]/.test(o.pages)) r.pages = o.pages.trim();
      if (Array.isArray(o.nicknames)) r.nicknames = o.nicknames.filter((n) => typeof n === 'string' && n.trim()).map((n) => n.trim());
      if (Array.isArray(o.code)) r.code = o.code.filter((c) => c && typeof c.url === 'string' && /^https?:\/\//.test(c.url));
      if (o.citations && Number.isFinite(o.citations.count)) r.citations = o.citations;
      if (Array.isArray(o.related)) r.related = o.related.filter((x) => x && typeof x.relation === 'string' && (x.arxiv || x.title || x.key));
      if (typeof o.areaHint === 'string') r.areaHint = o.areaHint;
      if (!r.title && !r.arxiv && !r.doi) { stat.bad++; problems.push(`${file}:${i + 1}: no title, arXiv id or DOI`); return; }
      stat.lines++;
      if (r.arxiv) stat.arxiv++;
      if (r.authors && r.authorsComplete) stat.complete++;
      if (r.code?.length) stat.code++;
      recs.push(r);
    });
  }
  return { recs, perSource };
}

function loadLayer(dir = layerDir) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json') && n !== 'nicknames.json').sort()) {
    const arr = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    arr.forEach((e, i) => out.push({ ...e, _file: f, _i: i }));
  }
  return out;
}

/* ------------------------------------------------------------------------------------------------ *
 * v1 merge of the parts (unchanged, so the 138 keys stay what they were)
 * ------------------------------------------------------------------------------------------------ */
function groupParts(items) {
  const parent = items.map((_, i) => i);
  const find = (i) => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const byKey = new Map();
  items.forEach((it, i) => {
    for (const k of [arxivOf(it) && 'a:' + arxivOf(it), doiOf(it) && 'd:' + doiOf(it), 't:' + normTitle(it.title)]) {
      if (!k) continue;
      if (byKey.has(k)) parent[find(i)] = find(byKey.get(k)); else byKey.set(k, i);
    }
  });
  const groups = new Map();
  items.forEach((it, i) => { const r = find(i); if (!groups.has(r)) groups.set(r, []); groups.get(r).push(it); });
  return [...groups.values()];
}

function mergeParts(group, conflicts) {
  // The richest item leads (most authors, then has DOI, then longest summary).
  const sorted = [...group].sort((a, b) => (b.author?.length ?? 0) - (a.author?.length ?? 0) || Number(!!b.DOI) - Number(!!a.DOI) || (b.custom?.summary?.length ?? 0) - (a.custom?.summary?.length ?? 0));
  const lead = sorted[0];
  for (const other of sorted.slice(1)) {
    const diff = [];
    if (normTitle(other.title) !== normTitle(lead.title)) diff.push(`title "${other.title}" vs "${lead.title}"`);
    if (authorsSig(other) !== authorsSig(lead)) diff.push(`authors [${authorsSig(other)}] vs [${authorsSig(lead)}]`);
    if (yearOf(other) !== yearOf(lead)) diff.push(`year ${yearOf(other)} vs ${yearOf(lead)}`);
    if (arxivOf(other) && arxivOf(lead) && arxivOf(other) !== arxivOf(lead)) diff.push(`arxiv ${arxivOf(other)} vs ${arxivOf(lead)}`);
    if (doiOf(other) && doiOf(lead) && doiOf(other) !== doiOf(lead)) diff.push(`DOI ${other.DOI} vs ${lead.DOI}`);
    if (other.type !== lead.type) diff.push(`type ${other.type} vs ${lead.type}`);
    if (diff.length) conflicts.push(`parts: ${lead.id} (${lead._part}) vs ${other.id} (${other._part}): ${diff.join('; ')}`);
  }
  const all = (f) => group.flatMap((it) => f(it.custom ?? {}) ?? []);
  const custom = { ...lead.custom };
  custom.arxiv = arxivOf(lead) ?? group.map(arxivOf).find(Boolean);
  custom.primaryClass = lead.custom?.primaryClass ?? group.map((g) => g.custom?.primaryClass).find(Boolean);
  custom.nicknames = uniqBy(all((c) => c.nicknames), (n) => n.toLowerCase());
  custom.aliases = uniq(all((c) => c.aliases));
  custom.code = uniqBy(all((c) => c.code).sort((a, b) => Number(b.official) - Number(a.official)), (c) => c.url.toLowerCase().replace(/\/$/, ''));
  custom.citations = uniqBy(all((c) => c.citations), (c) => `${c.source}:${c.count}`);
  custom.related = uniqBy(all((c) => c.related), (r) => `${r.key}:${r.relation}`);
  custom.topics = uniq(all((c) => c.topics)).sort();
  custom.seeds = uniq(all((c) => c.seeds)).sort();
  custom.unverified = uniq(all((c) => c.unverified)).sort();
  custom.summary = lead.custom?.summary ?? group.map((g) => g.custom?.summary).find(Boolean);
  const merged = { ...lead, DOI: lead.DOI ?? group.map((g) => g.DOI).find(Boolean), custom };
  merged._ids = uniq(group.map((g) => g.id));
  merged._parts = uniq(group.map((g) => g._part)).sort();
  return merged;
}

/** The parts' papers with their v1 keys (a/b among the parts only, so evidence can never move them). */
function partPapers(conflicts) {
  const items = loadParts();
  const merged = groupParts(items).map((g) => mergeParts(g, conflicts));
  const byBase = new Map();
  for (const m of merged) {
    const base = scholarKey(m, yearOf(m));
    if (!byBase.has(base)) byBase.set(base, []);
    byBase.get(base).push(m);
  }
  for (const [base, ms] of byBase) {
    ms.sort((a, b) => (arxivOf(a) ?? '~').localeCompare(arxivOf(b) ?? '~') || normTitle(a.title).localeCompare(normTitle(b.title)));
    ms.forEach((m, i) => (m._key = ms.length === 1 ? base : base + String.fromCharCode(97 + i)));
  }
  return { merged, partBases: new Set(byBase.keys()), partItems: items.length };
}

/* ------------------------------------------------------------------------------------------------ *
 * Grouping: union-find over arXiv id, then DOI, then normalised title. A DOI or title link that would
 * join two records with different arXiv ids (or DOIs), or two different v1 papers, is refused and reported:
 * a source with a wrong id must not glue two papers together.
 * ------------------------------------------------------------------------------------------------ */
function group(nodes, refused) {
  const parent = nodes.map((_, i) => i);
  const find = (i) => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const arx = nodes.map((n) => new Set(n.arxivs));
  const dois = nodes.map((n) => new Set(n.dois));
  const part = nodes.map((n) => (n.partKey ? new Set([n.partKey]) : new Set()));
  const disjoint = (a, b) => a.size && b.size && ![...a].some((x) => b.has(x));
  const union = (i, j, via) => {
    let a = find(i), b = find(j);
    if (a === b) return;
    if (disjoint(part[a], part[b])) { refused.push({ via, a: nodes[i], b: nodes[j], why: 'would join two v1 papers' }); return; }
    if (via !== 'arXiv id' && disjoint(arx[a], arx[b])) { refused.push({ via, a: nodes[i], b: nodes[j], why: `arXiv ids differ (${[...arx[a]].join(',')} / ${[...arx[b]].join(',')})` }); return; }
    if (via === 'title' && disjoint(dois[a], dois[b])) { refused.push({ via, a: nodes[i], b: nodes[j], why: `DOIs differ (${[...dois[a]].join(',')} / ${[...dois[b]].join(',')})` }); return; }
    if (a > b) [a, b] = [b, a];
    parent[b] = a;
    for (const x of arx[b]) arx[a].add(x);
    for (const x of dois[b]) dois[a].add(x);
    for (const x of part[b]) part[a].add(x);
  };
  for (const [via, keysOf] of [['arXiv id', (n) => n.arxivs], ['DOI', (n) => n.dois], ['title', (n) => n.titles]]) {
    const first = new Map();
    nodes.forEach((n, i) => { for (const k of keysOf(n)) { if (!k) continue; if (first.has(k)) union(first.get(k), i, via); else first.set(k, i); } });
  }
  const groups = new Map();
  nodes.forEach((n, i) => { const r = find(i); if (!groups.has(r)) groups.set(r, []); groups.get(r).push(n); });
  return [...groups.values()];
}

/* ------------------------------------------------------------------------------------------------ *
 * Choosing each field
 * ------------------------------------------------------------------------------------------------ */
const srcList = (rs) => uniq(rs.map((r) => r.src)).join(', ');
const refsOf = (rs, max = 3) => uniq(rs.map((r) => r.ref)).slice(0, max);
const bySrcLine = (a, b) => cmp(a.src, b.src) || a.line - b.line;

function chooseTitle(ev, note) {
  const c = ev.filter((r) => r.title).sort((a, b) => rank('title', a.src) - rank('title', b.src) || bySrcLine(a, b));
  if (!c.length) return undefined;
  const chosen = c[0];
  const others = c.filter((r) => normTitle(r.title) !== normTitle(chosen.title));
  const words = (t) => new Set(fold(t).toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 2 && !STOP_WORDS.has(w)));
  const overlap = (a, b) => { const A = words(a), B = words(b); const n = [...A].filter((w) => B.has(w)).length; return n / Math.max(1, Math.min(A.size, B.size)); };
  const unlike = others.filter((r) => overlap(r.title, chosen.title) < 0.5);
  if (unlike.length) note('suspect', `sources give one arXiv id or DOI to different titles: "${chosen.title}" (${chosen.src}) and ${uniqBy(unlike, (r) => normTitle(r.title)).map((r) => `"${r.title}" (${r.src} ${r.ref.replace(/@[0-9a-f]{40}/, '')})`).join('; ')}: not selected until a source is fixed`);
  if (others.length) note('title', `"${chosen.title}" (${chosen.src}: ${PRECEDENCE.title.find(([, s]) => s.includes(chosen.src))?.[0] ?? 'only other source'}) over ${uniqBy(others, (r) => normTitle(r.title)).map((r) => `"${r.title}" (${srcList(others.filter((o) => normTitle(o.title) === normTitle(r.title)))})`).join('; ')}`);
  return { value: chosen.title, refs: refsOf(c.filter((r) => normTitle(r.title) === normTitle(chosen.title))) };
}

/** How many different people a list names (a source that repeats a name does not make the list longer). */
const distinctNames = (authors) => new Set((authors ?? []).map((a) => `${a.literal ?? ''}|${a.given ?? ''}|${a.family ?? ''}`)).size;
/** A list that names someone twice in a row: a source may have doubled a name (an affiliation variant), so it is flagged. */
export const repeatsAName = (authors) => (authors ?? []).some((a, i) => i > 0 && distinctNames([a, authors[i - 1]]) === 1);
const contains = (big, small) => { const b = familiesOf(big); let j = 0; for (const f of familiesOf(small)) { j = b.indexOf(f, j); if (j < 0) return false; j++; } return true; };

function chooseAuthors(ev, note, venueLine) {
  // The list of the line that gave the year and venue comes first when it is complete and ranks with the
  // best: one publication's authors (a journal version may order them differently, e.g. FCN CVPR vs TPAMI).
  const coherent = (r) => (venueLine && r === venueLine ? 0 : 1);
  const complete = ev.filter((r) => r.authors && r.authorsComplete).sort((a, b) => rank('author', a.src) - rank('author', b.src) || coherent(a) - coherent(b) || b.authors.length - a.authors.length || bySrcLine(a, b));
  if (venueLine?.authors && venueLine.authorsComplete && !PROCEEDINGS.includes(complete[0]?.src) && PROCEEDINGS.includes(venueLine.src)) complete.unshift(complete.splice(complete.indexOf(venueLine), 1)[0]);
  const sig = (r) => familiesOf(r.authors).join('|');
  if (complete.length) {
    let chosen = complete[0];
    let why = PRECEDENCE.author.find(([, s]) => s.includes(chosen.src))?.[0] ?? 'only complete list';
    // Same names in another order: the order most sources state (papercopilot's venue lists count half:
    // some of them, e.g. ICLR 2014, do not keep the paper's order), then the precedence.
    const bag = (r) => [...familiesOf(r.authors)].sort().join('|');
    const sameBag = complete.filter((r) => bag(r) === bag(chosen));
    const orders = new Map();
    for (const r of sameBag) { const k = sig(r); if (!orders.has(k)) orders.set(k, new Map()); orders.get(k).set(r.src, r.src === 'papercopilot' ? 0.5 : 1); }
    if (orders.size > 1) {
      const weight = (k) => [...orders.get(k).values()].reduce((a, b) => a + b, 0);
      const best = [...orders.keys()].sort((a, b) => weight(b) - weight(a))[0];
      if (best !== sig(chosen) && weight(best) > weight(sig(chosen))) { chosen = sameBag.find((r) => sig(r) === best); why = `the order ${[...orders.get(best).keys()].join(', ')} state`; }
    }
    // Never a shorter list when a longer one holds all of its names: a source cut the list silently.
    const longer = complete.filter((r) => distinctNames(r.authors) > distinctNames(chosen.authors) && contains(r.authors, chosen.authors)).sort((a, b) => b.authors.length - a.authors.length || rank('author', a.src) - rank('author', b.src));
    if (longer.length) { note('author', `${longer[0].authors.length} names from ${longer[0].src} over ${chosen.authors.length} from ${chosen.src} (a longer list that holds every name of the shorter one)`); chosen = longer[0]; why = 'longer list'; }
    const differ = complete.filter((r) => sig(r) !== sig(chosen) && !(r.authors.length < chosen.authors.length && contains(chosen.authors, r.authors)));
    if (differ.length) note('author', `[${familiesOf(chosen.authors).join(', ')}] (${chosen.src}: ${why}) over ${uniqBy(differ, sig).map((r) => `[${familiesOf(r.authors).join(', ')}] (${srcList(differ.filter((d) => sig(d) === sig(r)))})`).join('; ')}`);
    const short = complete.filter((r) => r.authors.length < chosen.authors.length && contains(chosen.authors, r.authors));
    if (short.length) note('author-short', `${srcList(short)} list ${short[0].authors.length} of ${chosen.authors.length} names`);
    return { value: chosen.authors, complete: true, refs: refsOf(complete.filter((r) => sig(r) === sig(chosen))) };
  }
  const partial = ev.filter((r) => r.authors).sort((a, b) => b.authors.length - a.authors.length || rank('author', a.src) - rank('author', b.src) || bySrcLine(a, b));
  if (!partial.length) return undefined;
  return { value: partial[0].authors, complete: false, refs: refsOf(partial.filter((r) => sig(r) === sig(partial[0]))) };
}

function chooseIssued(ev, arxiv, note) {
  const c = ev.filter((r) => r.year).sort((a, b) => venueRank(a) - venueRank(b) || bySrcLine(a, b));
  if (!c.length) {
    const y = arxiv && arxivYearOf(arxiv.value);
    return y ? { year: y, fromArxivId: true, refs: arxiv.refs, preprint: true } : undefined;
  }
  // Within the best rank: the year most sources state, then a conference over a journal version, then the earlier.
  const best = c.filter((r) => venueRank(r) === venueRank(c[0]));
  const score = (y) => { const ls = best.filter((r) => r.year === y); return [new Set(ls.map((r) => r.src)).size, ls.length, ls.some((r) => r.venueKind === 'conference') ? 1 : 0, -y]; };
  const bestYear = uniq(best.map((r) => r.year)).sort((a, b) => { const sa = score(a), sb = score(b); for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return sb[i] - sa[i]; return 0; })[0];
  const chosen = best.find((r) => r.year === bestYear);
  // Conflicts count among lines that name a venue: a bare year (a list's, a preprint's) is often the arXiv year.
  const venueLines = c.filter((r) => !isPreprint(r) && r.venue);
  const years = uniq(venueLines.map((r) => r.year));
  if (years.length > 1) note('issued', `${chosen.year} (${chosen.src}: ${isPreprint(chosen) ? 'preprint' : PRECEDENCE.issued.find(([, s]) => s.includes(chosen.src))?.[0] ?? 'prose or list'}) over ${years.filter((y) => y !== chosen.year).map((y) => `${y} (${srcList(venueLines.filter((r) => r.year === y))})`).join('; ')}`);
  const same = c.filter((r) => r.year === chosen.year);
  const venueLine = [chosen, ...same].find((r) => r.venue);
  return { year: chosen.year, venue: venueLine?.venue, venueKind: venueLine?.venueKind ?? chosen.venueKind, pages: chosen.pages ?? venueLine?.pages, refs: refsOf(same), venueRefs: venueLine ? refsOf(same.filter((r) => r.venue === venueLine.venue)) : [], preprint: isPreprint(chosen), line: chosen };
}

function chooseId(ev, field, note) {
  const c = ev.filter((r) => r[field]);
  if (!c.length) return undefined;
  const count = new Map();
  for (const r of c) { if (!count.has(r[field])) count.set(r[field], new Set()); count.get(r[field]).add(r.src); }
  const arxivDoi = (v) => (field === 'doi' && v.startsWith('10.48550/') ? 1 : 0);
  const values = [...count.keys()].sort((a, b) => arxivDoi(a) - arxivDoi(b) || count.get(b).size - count.get(a).size || Math.min(...c.filter((r) => r[field] === a).map(venueRank)) - Math.min(...c.filter((r) => r[field] === b).map(venueRank)) || cmp(a, b));
  if (values.length > 1) note(field, `${values[0]} (named by ${[...count.get(values[0])].join(', ')}) over ${values.slice(1).map((v) => `${v} (${[...count.get(v)].join(', ')})`).join('; ')}`);
  return { value: values[0], refs: refsOf(c.filter((r) => r[field] === values[0])) };
}

const CODE_ORDER = { official: 0, library: 1, community: 2 };
const normUrl = (u) => u.toLowerCase().replace(/\.git$/, '').replace(/\/+$/, '').replace(/^http:/, 'https:');
const ownerOf = (u) => /^https:\/\/(?:github|gitlab)\.com\/([^/]+)/.exec(u)?.[1];
const MAX_CODE = { official: 3, library: 6, community: 3 };

/** Code links: official first, then library implementations, then community ones; each says what it is. */
function chooseCode(ev, partCode, note) {
  const byUrl = new Map();
  for (const c of partCode ?? []) {
    const kind = c.kind ?? (c.official ? 'official' : 'community');
    byUrl.set(normUrl(c.url), { repo: { ...c, kind }, refs: ['parts'] });
  }
  for (const r of [...ev].sort(bySrcLine)) for (const c of r.code ?? []) {
    const kind = ['official', 'library', 'community'].includes(c.kind) ? c.kind : 'community';
    const key = normUrl(c.url);
    const had = byUrl.get(key);
    if (had) {
      if (had.repo.kind !== kind) {
        if (CODE_ORDER[kind] < CODE_ORDER[had.repo.kind] && had.refs[0] !== 'parts') { note('code', `${c.url}: ${kind} (${r.src}) over ${had.repo.kind}`); had.repo.kind = kind; had.repo.official = kind === 'official'; }
        else note('code', `${c.url}: ${had.repo.kind} (${had.refs[0] === 'parts' ? 'v1 part' : 'first source'}) over ${kind} (${r.src})`);
      }
      for (const f of ['framework', 'library', 'label']) if (!had.repo[f] && c[f]) had.repo[f] = c[f];
      had.refs.push(r.ref);
      continue;
    }
    const url = c.url.replace(/^http:/, 'https:').replace(/\/+$/, '');
    const repo = { url, official: kind === 'official', kind };
    if (c.framework) repo.framework = c.framework;
    if (c.library) repo.library = c.library;
    repo.label = c.label ?? (kind === 'official' ? 'official code' : kind === 'library' ? `${c.library ?? r.src} implementation` : 'community implementation');
    const owner = ownerOf(url);
    if (owner) repo.owner = owner;
    byUrl.set(key, { repo, refs: [r.ref] });
  }
  const list = [...byUrl.values()].sort((a, b) => CODE_ORDER[a.repo.kind] - CODE_ORDER[b.repo.kind]);
  const taken = { official: 0, library: 0, community: 0 };
  const kept = list.filter((x) => x.refs[0] === 'parts' || taken[x.repo.kind]++ < MAX_CODE[x.repo.kind]);
  return { value: kept.map((x) => x.repo), refs: uniq(kept.flatMap((x) => x.refs)).filter((r) => r !== 'parts').slice(0, 6) };
}

/* ------------------------------------------------------------------------------------------------ *
 * Venues for display
 * ------------------------------------------------------------------------------------------------ */
const VENUES = [
  [/neural information processing|\bnips\b|neurips/i, 'NeurIPS'], [/international conference on machine learning|\bicml\b/i, 'ICML'],
  [/international conference on learning representations|\biclr\b/i, 'ICLR'], [/computer vision and pattern recognition|\bcvpr\b/i, 'CVPR'],
  [/international conference on computer vision|\biccv\b/i, 'ICCV'], [/european conference on computer vision|\beccv\b/i, 'ECCV'],
  [/north american chapter|\bnaacl\b/i, 'NAACL'], [/empirical methods in natural language|\bemnlp\b/i, 'EMNLP'],
  [/association for computational linguistics|\bacl\b/i, 'ACL'], [/transactions of the association for computational linguistics|\btacl\b/i, 'TACL'],
  [/aaai/i, 'AAAI'], [/\bijcai\b|international joint conference on artificial intelligence/i, 'IJCAI'],
  [/artificial intelligence and statistics|\baistats\b/i, 'AISTATS'], [/uncertainty in artificial intelligence|\buai\b/i, 'UAI'],
  [/learning theory|\bcolt\b/i, 'COLT'], [/robot learning|\bcorl\b/i, 'CoRL'], [/\bicra\b/i, 'ICRA'], [/\biros\b/i, 'IROS'],
  [/\bbmvc\b|british machine vision/i, 'BMVC'], [/\bwacv\b/i, 'WACV'], [/\bmiccai\b|medical image computing/i, 'MICCAI'],
  [/\binterspeech\b/i, 'Interspeech'], [/\bicassp\b/i, 'ICASSP'], [/\bkdd\b|knowledge discovery/i, 'KDD'], [/\bwww\b|world wide web/i, 'WWW'],
  [/journal of machine learning research|\bjmlr\b/i, 'JMLR'], [/pattern analysis and machine intelligence|\btpami\b|\bpami\b/i, 'TPAMI'],
  [/international journal of computer vision|\bijcv\b/i, 'IJCV'], [/transactions on machine learning research|\btmlr\b/i, 'TMLR'],
  [/^nature$/i, 'Nature'], [/^science$/i, 'Science'], [/\barxiv\b|\bcorr\b|preprint/i, 'arXiv'],
];
function venueShort(venue, year, preprint) {
  if (preprint || !venue) return preprint ? 'arXiv' : undefined;
  const hit = VENUES.find(([re]) => re.test(venue));
  const name = hit ? hit[1] : venue.length <= 24 ? venue : undefined;
  if (!name) return undefined;
  return name === 'arXiv' ? 'arXiv' : /\d{4}/.test(name) ? name : `${name} ${year}`;
}
const cslType = (kind, preprint) => (preprint ? 'article' : kind === 'journal' ? 'article-journal' : kind === 'conference' || kind === 'workshop' ? 'paper-conference' : 'article');

const AREA = { cv: 'vision', vision: 'vision', 'computer-vision': 'vision', detection: 'vision', segmentation: 'vision', nlp: 'nlp', language: 'nlp', llm: 'nlp', text: 'nlp', graph: 'graphs', graphs: 'graphs', gnn: 'graphs', rl: 'rl', 'reinforcement-learning': 'rl', generative: 'generative', diffusion: 'generative', gan: 'generative', gans: 'generative', speech: 'speech', audio: 'speech', multimodal: 'multimodal', 'vision-language': 'multimodal', efficiency: 'compression', compression: 'compression', peft: 'compression', optimisation: 'optimisation', optimization: 'optimisation', theory: 'theory', 'self-supervised': 'representation-learning', video: 'vision', '3d': 'vision', pose: 'vision', ocr: 'vision' };
const AREA_WORDS = [
  [/graph/, 'graphs'], [/speech|audio|asr|tts/, 'speech'], [/reinforcement|\brl\b|robot|control/, 'rl'],
  [/generat|diffusion|\bgan|synthesis|editing/, 'generative'], [/multimodal|vision-language|visual-language/, 'multimodal'],
  [/language|\bllm|nlp|text|translation|alignment/, 'nlp'], [/efficien|compress|quanti|prun|distill|adapter|peft/, 'compression'],
  [/few-shot|meta/, 'meta-learning'], [/self-supervis|representation|contrastive/, 'representation-learning'],
  [/detect|segment|pose|3d|flow|image|video|vision|ocr|track|recogn|point-cloud|depth|restoration|super-resolution|matting|inpaint/, 'vision'],
  [/optimi[sz]/, 'optimisation'], [/theory/, 'theory'],
];
export const topicOfHint = (h) => {
  const k = String(h).toLowerCase().trim().replace(/[\s_]+/g, '-');
  if (AREA[k]) return AREA[k];
  const hit = AREA_WORDS.find(([re]) => re.test(k));
  return hit ? hit[1] : k.replace(/[^a-z0-9-]/g, '');
};
/** The area a venue stands for (a vision, language, speech or robotics venue), for papers no source gives one. */
const VENUE_AREA = [[/^(CVPR|ICCV|ECCV|BMVC|WACV|MICCAI)\b/, 'vision'], [/^(ACL|EMNLP|NAACL|TACL|EACL|COLING)\b/, 'nlp'], [/^(Interspeech|ICASSP)\b/, 'speech'], [/^(CoRL|ICRA|IROS|RSS)\b/, 'robotics']];

/* ------------------------------------------------------------------------------------------------ *
 * The selection rule
 * ------------------------------------------------------------------------------------------------ */
export const NICKNAME_RULE = '- **nicknames**: a nickname names one paper. When several papers claim one (compared in lowercase letters and digits), the first of these decides: a hand-written claim (v1 part or our layer) over a claim only a source makes; the earlier paper (by the year of its arXiv id, else its year: the name belongs to the paper that introduced it, not to a follow-up or a later reuse, so DQN is the 2013 paper and DINO the 2021 self-supervised ViT, not the 2022 detector); the paper whose title is or starts with the nickname; the paper more sources call so; the smaller key. Every contested nickname is listed below with the paper that kept it.';
export const YEAR_FROM = 2012;
export const YEAR_TO = 2026;
/** Sources that list every paper of a venue: being in them says a paper exists, not that it is a landmark. */
const VENUE_LISTS = new Set(PROCEEDINGS);
/** A paper is "at the top of its venue-year" when its Google Scholar count ranks within the top TOP_SHARE
 *  of that venue-year's papers (at least TOP_MIN, at most TOP_MAX of them) and reaches TOP_FLOOR. */
export const CITATION_TOP = { share: 0.01, min: 3, max: 25, floor: 200 };

export const SELECTION_RULE = `A paper is in the database when (1) it is one of the v1 papers (server/data/parts), or, for a paper from ${YEAR_FROM} to ${YEAR_TO}:
(2) a library implements it (a line from ${LIBRARIES.join(', ')} links the library's implementation), or (3) a curated list names it (${CURATED.join(', ')}), or (4) two independent sources name it (the venue-wide lists ${PROCEEDINGS.join(' and ')} do not count: they name every accepted paper), or (5) papercopilot's Google Scholar count puts it in the top ${CITATION_TOP.share * 100}% of its venue and year (at least the top ${CITATION_TOP.min}, at most ${CITATION_TOP.max}, and at least ${CITATION_TOP.floor} citations), or (6) its authors' own repository is on our list of landmark repositories (scripts/sources/official-repos.list.json names, for each, the paper it is official for and why it is listed), or (7) a maintained community re-implementation (lucidrains) names it as the paper its repository implements.
Whatever the reason, a source must state its title, a complete author list, a year (or an arXiv id, whose first four digits give the year) and a venue, arXiv id or DOI (a publication, not a blog post or a book). A selected paper ships only with a summary and topics from our layer (server/data/layer); until then it waits in the candidates list.`;

function citationTops(groups) {
  const byVenueYear = new Map();
  for (const g of groups) for (const r of g.ev) if (r.src === 'papercopilot' && r.citations && r.year) {
    const vs = venueShort(r.venue, r.year, false);
    const vk = vs && /\d{4}/.test(vs) ? vs : `${vs ?? r.venue} ${r.year}`;
    if (!byVenueYear.has(vk)) byVenueYear.set(vk, new Map());
    const m = byVenueYear.get(vk);
    m.set(g, Math.max(m.get(g) ?? 0, r.citations.count));
  }
  const top = new Map();
  for (const [vk, m] of byVenueYear) {
    const ranked = [...m.entries()].sort((a, b) => b[1] - a[1]);
    const n = Math.min(CITATION_TOP.max, Math.max(CITATION_TOP.min, Math.round(ranked.length * CITATION_TOP.share)));
    ranked.slice(0, n).forEach(([g, count], i) => { if (count >= CITATION_TOP.floor) top.set(g, `top ${i + 1} of ${ranked.length} in ${vk} by Google Scholar count (${count})`); });
  }
  return top;
}

/** Why a group is selected (empty: not selected), and what it lacks. */
export function select(g, tops) {
  const reasons = [];
  const srcs = new Set(g.ev.map((r) => r.src));
  if (g.part) reasons.push('v1 paper');
  // A library implements it when a library's line links its implementation (a library's docs also cite
  // papers they do not implement: those lines only count as naming the paper).
  const lib = uniq(g.ev.filter((r) => LIBRARIES.includes(r.src) && r.code?.some((c) => c.kind === 'library')).map((r) => r.src));
  if (lib.length) reasons.push(`library: ${lib.join(', ')}`);
  const cur = [...srcs].filter((s) => CURATED.includes(s));
  if (cur.length) reasons.push(`curated: ${cur.join(', ')}`);
  // The authors' own repository, on our list of landmark repositories (official-repos.list.json says
  // for each which paper it is official for, and why it is on the list).
  if (g.ev.some((r) => r.src === 'official-repos' && r.code?.some((c) => c.kind === 'official'))) reasons.push('official repository on the landmark list');
  // A maintained re-implementation names it as the paper its repository implements (not a paper its README only cites).
  if (g.ev.some((r) => r.src === 'lucidrains' && r.code?.length)) reasons.push('implemented: lucidrains');
  const naming = [...srcs].filter((s) => !VENUE_LISTS.has(s));
  if (naming.length >= 2 && !lib.length && !cur.length) reasons.push(`named by ${naming.join(', ')}`);
  if (tops.has(g)) reasons.push(tops.get(g));
  const missing = [];
  if (!g.part) {
    if (g.notes.some((n) => n.field === 'suspect')) missing.push('agreement on what paper it is (see suspect conflicts)');
    if (!g.title) missing.push('title');
    if (!g.authors?.complete) missing.push(g.authors ? 'complete author list' : 'authors');
    if (!g.issued?.venue && !g.arxiv && !g.doi) missing.push('a venue, arXiv id or DOI (a publication, not a blog post or book)');
    if (!g.issued) missing.push('year');
    else if (g.issued.year < YEAR_FROM || g.issued.year > YEAR_TO) missing.push(`year in ${YEAR_FROM}–${YEAR_TO}`);
  }
  return { reasons, missing, selected: reasons.length > 0 && missing.length === 0 };
}

/* ------------------------------------------------------------------------------------------------ *
 * The build
 * ------------------------------------------------------------------------------------------------ */
export function buildDatabase() {
  const conflicts = [];
  const warnings = [];
  const problems = [];
  const { merged: parts, partBases, partItems } = partPapers(conflicts);
  const { recs, perSource } = loadEvidence(evidenceDir, problems);
  const layer = loadLayer();

  // Nodes: one per v1 paper, one per evidence line.
  const nodes = [
    ...parts.map((p) => ({ kind: 'part', p, partKey: p._key, arxivs: arxivOf(p) ? ['a:' + arxivOf(p)] : [], dois: doiOf(p) ? ['d:' + doiOf(p)] : [], titles: ['t:' + normTitle(p.title)] })),
    ...recs.map((r) => ({ kind: 'ev', r, arxivs: r.arxiv ? ['a:' + r.arxiv] : [], dois: r.doi ? ['d:' + r.doi] : [], titles: r.title && normTitle(r.title).length >= 8 ? ['t:' + normTitle(r.title)] : [] })),
  ];
  const refused = [];
  const groups = group(nodes, refused).map((ns) => {
    const part = ns.find((n) => n.kind === 'part')?.p;
    const ev = ns.filter((n) => n.kind === 'ev').map((n) => n.r);
    return { part, ev, notes: [] };
  });

  for (const g of groups) {
    const note = (field, text) => g.notes.push({ field, text });
    g.title = chooseTitle(g.ev, note);
    g.arxiv = chooseId(g.ev, 'arxiv', note);
    g.doi = chooseId(g.ev, 'doi', note);
    g.issued = chooseIssued(g.ev, g.arxiv, note);
    g.authors = chooseAuthors(g.ev, note, g.issued?.line);
    g.code = chooseCode(g.ev, g.part?.custom.code, note);
    g.srcs = uniq(g.ev.map((r) => r.src)).sort();
    g.citation = Math.max(0, ...g.ev.filter((r) => r.citations).map((r) => r.citations.count));
    g.areas = uniq(g.ev.map((r) => r.areaHint).filter(Boolean).map(topicOfHint)).sort();
    if (!g.areas.length) g.areas = uniq(g.ev.map((r) => r.venue && venueShort(r.venue, r.year, isPreprint(r))).filter(Boolean).map((v) => VENUE_AREA.find(([re]) => re.test(v))?.[1])).sort();
  }
  const tops = citationTops(groups);

  // Our layer: match each entry to a group.
  const index = { a: new Map(), d: new Map(), t: new Map() };
  for (const g of groups) {
    const p = g.part;
    for (const a of uniq([p && arxivOf(p), ...g.ev.map((r) => r.arxiv)])) index.a.set(a, g);
    for (const d of uniq([p && doiOf(p), ...g.ev.map((r) => r.doi)])) index.d.set(d, g);
    for (const t of uniq([p && normTitle(p.title), ...g.ev.map((r) => r.title && normTitle(r.title))])) if (!index.t.has(t)) index.t.set(t, g);
  }
  const findGroup = (m) => (m?.arxiv && index.a.get(String(m.arxiv).replace(/v\d+$/, ''))) || (m?.doi && index.d.get(String(m.doi).toLowerCase())) || (m?.title && index.t.get(normTitle(m.title))) || undefined;
  const layerUnmatched = [];
  for (const e of layer) {
    const g = findGroup(e.match);
    if (!g) { layerUnmatched.push(e); continue; }
    if (g.layer) { warnings.push(`layer ${e._file}[${e._i}] matches the same paper as ${g.layer._file}[${g.layer._i}]: the first is kept`); continue; }
    g.layer = e;
  }

  // Items: v1 papers (kept as they were, evidence adds what they lack) and selected new papers.
  const items = [];
  const selectedNew = [];
  const reasonCount = new Map();
  let notSelectedNamed = 0;
  const missingCount = new Map();
  for (const g of groups) {
    const sel = select(g, tops);
    g.sel = sel;
    for (const r of sel.reasons) { const k = r.replace(/:.*|\s*\(.*|top \d+ of .*/, (m) => (m.startsWith('top') ? 'citation top of venue-year' : '')); reasonCount.set(k, (reasonCount.get(k) ?? 0) + 1); }
    if (!sel.selected) {
      if (sel.reasons.length) { notSelectedNamed++; for (const m of sel.missing) missingCount.set(m, (missingCount.get(m) ?? 0) + 1); }
      continue;
    }
    if (g.part) items.push(partItem(g, conflicts, warnings)); else selectedNew.push(g);
  }

  // New papers: an item, its key, summary from our layer.
  const newItems = selectedNew.map((g) => newItem(g));
  const shippedNew = newItems.filter((it) => it.custom.summary && it.custom.topics?.length);
  const waiting = newItems.filter((it) => !(it.custom.summary && it.custom.topics?.length));

  // Keys. v1 keys and aliases are fixed; new papers get the Scholar key, or the key the lock file gave them.
  const lock = existsSync(lockFile) ? JSON.parse(readFileSync(lockFile, 'utf8')) : {};
  const used = new Set();
  for (const it of items) { used.add(it._key); for (const a of it._aliases) used.add(a); }
  for (const b of partBases) used.add(b);
  // Every key the lock gave a paper (by arXiv id, DOI or title): one stays its key, the others its aliases,
  // so that a build gives the same keys and aliases however often it runs.
  const lockIndex = new Map();
  const lockAdd = (sig, k) => { if (!lockIndex.has(sig)) lockIndex.set(sig, []); lockIndex.get(sig).push(k); };
  for (const [k, v] of Object.entries(lock)) { if (v.arxiv) lockAdd(`a:${v.arxiv}`, k); if (v.doi) lockAdd(`d:${v.doi}`, k); if (v.title) lockAdd(`t:${normTitle(v.title)}`, k); }
  const lockedKeysOf = (it) => uniq([...(lockIndex.get(`a:${arxivOf(it)}`) ?? []), ...(lockIndex.get(`d:${doiOf(it)}`) ?? []), ...(lockIndex.get(`t:${normTitle(it.title)}`) ?? [])]);
  const assign = (list, locked) => {
    const pending = [];
    for (const it of list) {
      const base = scholarKey(it, yearOf(it));
      const locked_ = locked ? lockedKeysOf(it) : [];
      const lk = locked_.find((k) => (k === base || new RegExp(`^${base}[a-z]$`).test(k)) && !used.has(k));
      if (lk) { it._key = lk; used.add(lk); it._oldKeys = locked_.filter((k) => k !== lk); continue; }
      if (locked_.length) { warnings.push(`${locked_.join(', ')}: its paper's fields now give the key base ${base}; the old key stays as an alias`); it._oldKeys = locked_; }
      pending.push({ it, base });
    }
    const byBase = new Map();
    for (const x of pending) { if (!byBase.has(x.base)) byBase.set(x.base, []); byBase.get(x.base).push(x.it); }
    for (const [base, its] of [...byBase].sort((a, b) => cmp(a[0], b[0]))) {
      its.sort((a, b) => cmp(arxivOf(a) ?? '~', arxivOf(b) ?? '~') || cmp(normTitle(a.title), normTitle(b.title)));
      const taken = used.has(base) || [...'abcdefghijklmnopqrstuvwxyz'].some((l) => used.has(base + l));
      if (its.length === 1 && !taken) { its[0]._key = base; used.add(base); continue; }
      let l = 0;
      for (const it of its) {
        while (used.has(base + String.fromCharCode(97 + l)) || (l === 0 && used.has(base))) l++;
        it._key = base + String.fromCharCode(97 + l);
        used.add(it._key);
        l++;
      }
    }
  };
  assign(shippedNew, true);
  assign(waiting, false);
  for (const it of [...shippedNew, ...waiting]) {
    const aliases = [];
    const ay = it.custom.arxiv && arxivYearOf(it.custom.arxiv);
    // The arXiv-year key: the key with the arXiv year in place of the venue year (a/b suffix kept).
    if (ay && ay !== yearOf(it)) {
      const a = it._key.replace(/\d{4}/, String(ay));
      if (used.has(a)) warnings.push(`arXiv-year alias ${a} of ${it._key} is another paper's key or alias: left out`);
      else { it.custom.arxivYear = ay; aliases.push(a); }
    }
    aliases.push(...(it._oldKeys ?? []));
    it._aliases = aliases.filter((a) => { if (used.has(a)) { warnings.push(`alias ${a} of ${it._key} is another paper's key or alias: dropped`); return false; } used.add(a); return true; });
  }

  // Related: layer and evidence links, resolved to keys of shipped papers.
  const shipped = [...items, ...shippedNew];
  const keyOfGroup = new Map(shipped.map((it) => [it._g, it._key]));
  const keyOf = (k) => shipped.find((it) => it._key === k || it._ids?.includes(k) || it._aliases.includes(k))?._key;
  let relatedDropped = 0;
  for (const it of shipped) {
    const g = it._g;
    const want = [...(it.custom.related ?? []).map((r) => ({ ...r, _from: 'part' }))];
    for (const r of g.layer?.related ?? []) want.push({ ...r, _from: 'layer' });
    for (const rec of g.ev) for (const r of rec.related ?? []) want.push({ ...r, _from: rec.src });
    const out = [];
    for (const r of want) {
      const target = r.key ? keyOf(r.key) : keyOfGroup.get(findGroup({ arxiv: r.arxiv, title: r.title }));
      if (!target) { if (r._from === 'part' || r._from === 'layer') warnings.push(`${it._key}: related ${r.key ?? r.arxiv ?? r.title} (${r._from}) is not in the database: dropped`); relatedDropped++; continue; }
      if (target === it._key) continue;
      out.push({ key: target, relation: r.relation });
    }
    it.custom.related = uniqBy(out, (r) => `${r.key}:${r.relation}`);
  }

  // Nicknames: a nickname names one paper. Rule (first that decides): a hand-written claim (v1 part or our
  // layer) over a source's; the earlier paper (by arXiv year, else year: the name belongs to the paper that
  // introduced it, not to a follow-up or a later reuse); the paper whose title is or starts with the
  // nickname; the paper more sources call so; the smaller key.
  const firstYear = (it) => Math.min(yearOf(it), (it.custom.arxiv && arxivYearOf(it.custom.arxiv)) || 9999);
  const claims = new Map();
  for (const it of shipped) for (const n of it._nicks) {
    const k = normTitle(n.name);
    if (!k) continue;
    if (!claims.has(k)) claims.set(k, []);
    claims.get(k).push({ it, ...n });
  }
  const nickDropped = [];
  // Decided contests (server/data/layer/nicknames.json: nickname → match): the paper named there owns the
  // nickname; until it ships, no other paper gets it (a mention must not resolve to the wrong paper meanwhile).
  const decisionsFile = join(layerDir, 'nicknames.json');
  const decisions = existsSync(decisionsFile) ? JSON.parse(readFileSync(decisionsFile, 'utf8')) : {};
  for (const [name, d] of Object.entries(decisions)) {
    if (name.startsWith('//')) continue;
    const k = normTitle(name);
    const g = findGroup(d.match ?? d);
    const owner = g && shipped.find((it) => it._g === g);
    const losers = uniq((claims.get(k) ?? []).map((c) => c.it).filter((it) => it !== owner));
    claims.delete(k);
    if (owner) { owner._nicks.push({ name, src: 'layer', hand: true }); owner._keepNicks.add(k); }
    nickDropped.push(`"${name}" → ${owner ? owner._key : g ? '(its paper waits for a summary)' : '(no such paper in the inputs)'} by decision (${d.why ?? 'layer/nicknames.json'})${losers.length ? `; not ${losers.map((it) => it._key).join(', ')}` : ''}`);
  }
  for (const [k, cs] of claims) {
    const byItem = new Map();
    for (const c of cs) { const had = byItem.get(c.it); if (!had) byItem.set(c.it, { ...c, srcs: new Set([c.src]) }); else { had.srcs.add(c.src); had.hand ||= c.hand; } }
    const owners = [...byItem.values()];
    const titleHit = (c) => { const t = normTitle(c.it.title); const head = normTitle(c.it.title.split(/:\s/)[0]); return t === k || head === k; };
    owners.sort((a, b) => Number(b.hand) - Number(a.hand) || firstYear(a.it) - firstYear(b.it) || Number(titleHit(b)) - Number(titleHit(a)) || b.srcs.size - a.srcs.size || cmp(a.it._key, b.it._key));
    owners[0].it._keepNicks.add(k);
    if (owners.length > 1) nickDropped.push(`"${cs[0].name}" → ${owners[0].it._key}${owners[0].hand ? ' (hand-written)' : ''}; not ${owners.slice(1).map((o) => o.it._key).join(', ')}`);
  }

  const out = shipped.map((it) => finish(it));
  out.sort((a, b) => cmp(a.id, b.id));
  const waitingOut = waiting.map((it) => candidate(it));
  waitingOut.sort((a, b) => a.priority - b.priority || b.citations - a.citations || b.sources.length - a.sources.length || cmp(a.key, b.key));
  const newLock = { ...lock };
  for (const it of shippedNew) newLock[it._key] = { ...(arxivOf(it) ? { arxiv: arxivOf(it) } : {}), ...(doiOf(it) ? { doi: doiOf(it) } : {}), title: it.title };
  const sortedLock = Object.fromEntries(Object.entries(newLock).sort((a, b) => cmp(a[0], b[0])));

  return {
    papers: out, waiting: waitingOut, lock: sortedLock, conflicts, warnings, problems, refused, perSource, groups, layer, layerUnmatched,
    stats: { partItems, evidenceLines: recs.length, groups: groups.length, selected: items.length + newItems.length, shipped: out.length, shippedNew: shippedNew.length, waiting: waiting.length, notSelectedNamed, missingCount, reasonCount, relatedDropped, nickDropped },
  };

  // ---- helpers that close over the build state ----
  function nicksOf(g, base) {
    const n = [];
    for (const x of base ?? []) n.push({ name: x, src: 'part', hand: true });
    for (const x of g.layer?.nicknames ?? []) n.push({ name: x, src: 'layer', hand: true });
    for (const r of g.ev) for (const x of r.nicknames ?? []) n.push({ name: x, src: r.src, hand: false });
    return n;
  }

  function partItem(g) {
    const p = g.part;
    const c = { ...p.custom };
    const note = (field, text) => g.notes.push({ field, text });
    // Keep every v1 field; report where the evidence disagrees; add what the v1 paper lacks.
    if (g.title && normTitle(g.title.value) !== normTitle(p.title)) note('title', `v1 "${p.title}" kept; ${srcList(g.ev.filter((r) => r.title && normTitle(r.title) === normTitle(g.title.value)))} say "${g.title.value}"`);
    let author = p.author;
    if (g.authors?.complete) {
      const ev = g.authors.value;
      if (distinctNames(ev) > distinctNames(p.author) && contains(ev, p.author) && famKey(ev[0]) === famKey(p.author[0])) { note('author', `${ev.length} names from evidence over the v1 part's ${p.author.length} (the longer list holds every v1 name)`); author = ev; }
      else if (familiesOf(ev).join('|') !== familiesOf(p.author).join('|')) note('author', `v1 [${familiesOf(p.author).join(', ')}] kept; evidence says [${familiesOf(ev).join(', ')}]`);
    }
    if (g.issued && !g.issued.preprint && !g.issued.fromArxivId && g.issued.year !== yearOf(p)) note('issued', `v1 ${yearOf(p)} kept (the key depends on it); ${srcList(g.ev.filter((r) => r.year === g.issued.year))} say ${g.issued.year}`);
    if (g.arxiv && c.arxiv && g.arxiv.value !== c.arxiv) note('arxiv', `v1 ${c.arxiv} kept; evidence says ${g.arxiv.value}`);
    if (!c.arxiv && g.arxiv) c.arxiv = g.arxiv.value;
    const item = { ...p };
    if (g.doi && !p.DOI) item.DOI = g.doi.value;
    else if (g.doi && doiOf(p) !== g.doi.value) note('DOI', `v1 ${p.DOI} kept; evidence says ${g.doi.value}`);
    if (!item.DOI) delete item.DOI;
    item.author = author;
    c.code = g.code.value;
    const cites = g.ev.filter((r) => r.citations).map((r) => ({ count: r.citations.count, source: r.citations.source ?? r.src, date: r.citations.date ?? '' })).filter((x) => x.date);
    c.citations = uniqBy([...(c.citations ?? []), ...cites], (x) => `${x.source}:${x.count}`);
    if (g.layer) {
      if (g.layer.summary && g.layer.summary !== c.summary) note('summary', `v1 summary kept; layer ${g.layer._file} has another`);
      c.topics = uniq([...(c.topics ?? []), ...(g.layer.topics ?? [])]).sort();
    }
    const partRef = p._parts.map((f) => `server/data/parts/${f}`);
    const agree = (f) => g.ev.filter(f).map((r) => r.ref);
    const sources = {
      title: uniq([...partRef, ...agree((r) => r.title && normTitle(r.title) === normTitle(p.title))]).slice(0, 4),
      author: author === p.author ? uniq([...partRef, ...agree((r) => r.authors && familiesOf(r.authors).join('|') === familiesOf(p.author).join('|'))]).slice(0, 4) : g.authors.refs,
      issued: uniq([...partRef, ...agree((r) => r.year === yearOf(p))]).slice(0, 4),
    };
    if (p['container-title']) sources['container-title'] = partRef;
    if (c.arxiv) sources.arxiv = p.custom.arxiv ? uniq([...partRef, ...agree((r) => r.arxiv === c.arxiv)]).slice(0, 4) : g.arxiv.refs;
    if (item.DOI) sources.DOI = p.DOI ? uniq([...partRef, ...agree((r) => r.doi === doiOf(p))]).slice(0, 4) : g.doi.refs;
    if (c.code.length) sources.code = uniq([...(p.custom.code?.length ? partRef : []), ...g.code.refs]).slice(0, 6);
    c.sources = sources;
    item.custom = c;
    item._key = p._key; item._ids = p._ids; item._g = g; item._part = true;
    item._nicks = nicksOf(g, p.custom.nicknames);
    item._keepNicks = new Set();
    // v1 aliases, as v1 computed them.
    const aliases = new Set([...p._ids, ...(c.aliases ?? [])]);
    if (c.arxivYear && c.arxivYear !== yearOf(p)) aliases.add(scholarKey(p, c.arxivYear));
    aliases.delete(p._key);
    item._aliases = [...aliases].sort().filter((a) => { if (partBases.has(a)) { warnings.push(`alias ${a} of ${p._key} is another paper's key: dropped`); return false; } return true; });
    return item;
  }

  function newItem(g) {
    const iss = g.issued;
    const item = { type: cslType(iss.venueKind, iss.preprint), title: g.title.value, author: g.authors.value, issued: { 'date-parts': [[iss.year]] } };
    if (iss.preprint) item['container-title'] = 'arXiv preprint';
    else if (iss.venue) item['container-title'] = iss.venue;
    if (!iss.preprint && iss.pages) item.page = iss.pages;
    if (g.doi) item.DOI = g.doi.value;
    const url = g.arxiv ? `https://arxiv.org/abs/${g.arxiv.value}` : (iss.line?.url ?? g.ev.find((r) => r.url)?.url);
    if (url) item.URL = url;
    const c = {};
    if (g.arxiv) c.arxiv = g.arxiv.value;
    const vs = venueShort(iss.venue, iss.year, iss.preprint);
    if (vs) c.venueShort = vs;
    if (g.layer?.summary) c.summary = g.layer.summary;
    if (g.code.value.length) c.code = g.code.value;
    const cites = g.ev.filter((r) => r.citations).map((r) => ({ count: r.citations.count, source: r.citations.source ?? r.src, date: r.citations.date ?? '' })).filter((x) => x.date);
    if (cites.length) c.citations = uniqBy(cites, (x) => `${x.source}:${x.count}`);
    c.topics = uniq([...(g.layer?.topics ?? [])]).sort();
    if (!c.topics.length && g.layer?.summary) c.topics = g.areas;
    const sources = { title: g.title.refs, author: g.authors.refs, issued: iss.refs };
    if (item['container-title'] && !iss.preprint) sources['container-title'] = iss.venueRefs;
    if (g.arxiv) sources.arxiv = g.arxiv.refs;
    if (g.doi) sources.DOI = g.doi.refs;
    if (c.code) sources.code = g.code.refs;
    c.sources = sources;
    if (iss.fromArxivId) c.unverified = ['issued (the year of the arXiv id; no source states a venue year)'];
    if (repeatsAName(item.author)) c.unverified = [...(c.unverified ?? []), 'author (a name appears twice in a row; a source may have doubled it)'];
    item.custom = c;
    item._g = g; item._part = false;
    item._nicks = nicksOf(g, []);
    item._keepNicks = new Set();
    return item;
  }

  function finish(it) {
    const { _g, _key, _ids, _aliases, _part, _nicks, _keepNicks, _oldKeys, _parts, ...rest } = it;
    const c = { ...rest.custom };
    const nicks = uniqBy(_nicks.filter((n) => _keepNicks.has(normTitle(n.name))).map((n) => n.name), (n) => n.toLowerCase());
    c.nicknames = nicks;
    c.aliases = _aliases;
    const order = ['arxiv', 'primaryClass', 'arxivYear', 'aliases', 'nicknames', 'venueShort', 'summary', 'code', 'citations', 'related', 'topics', 'seeds', 'unverified', 'sources'];
    const custom = {};
    for (const k of [...order, ...Object.keys(c).filter((k) => !order.includes(k))]) {
      const v = c[k];
      if (v !== undefined && !(Array.isArray(v) && v.length === 0)) custom[k] = v;
    }
    const head = { id: _key, 'citation-key': _key };
    const body = { ...rest };
    delete body.id; delete body['citation-key']; delete body.custom;
    if (!body.DOI) delete body.DOI;
    return { ...head, ...body, custom };
  }

  function candidate(it) {
    const g = it._g;
    // 0: a library implements it or a curated list (not only a textbook bibliography) names it; 1: two
    // sources or a citation top; 2: only a textbook bibliography (d2l, udlbook) names it.
    const textbookOnly = g.sel.reasons.every((r) => /^curated: (d2l|udlbook)(, (d2l|udlbook))?$/.test(r));
    const strong = g.sel.reasons.some((r) => r.startsWith('library') || r.startsWith('official repository') || r.startsWith('implemented') || (r.startsWith('curated') && !/^curated: (d2l|udlbook)(, (d2l|udlbook))?$/.test(r)));
    const priority = strong ? 0 : textbookOnly ? 2 : 1;
    return {
      key: it._key, priority, title: it.title, authors: it.author.map((a) => a.literal ?? [a.given, a.family].filter(Boolean).join(' ')), year: yearOf(it),
      venue: it.custom.venueShort ?? it['container-title'], arxiv: it.custom.arxiv, doi: it.DOI, citations: g.citation,
      sources: g.srcs, reasons: g.sel.reasons, areaHint: g.areas, nicknames: uniq(it._nicks.map((n) => n.name)), match: it.custom.arxiv ? { arxiv: it.custom.arxiv } : it.DOI ? { doi: it.DOI } : { title: it.title },
    };
  }
}

/* ------------------------------------------------------------------------------------------------ *
 * Writing
 * ------------------------------------------------------------------------------------------------ */
/** One item per line: compact (the loader needs no indentation) and still diff-friendly. */
export const papersText = (papers) => `[\n${papers.map((p) => JSON.stringify(p)).join(',\n')}\n]\n`;

/** Fields only reviewers read: the prepared form the server loads (papers.runtime.json) leaves them out. */
export const REVIEW_FIELDS = ['sources', 'unverified'];

/** The papers the server loads: the same papers without the review fields. */
export function runtimePapers(papers) {
  return papers.map((p) => {
    const custom = { ...p.custom };
    for (const f of REVIEW_FIELDS) delete custom[f];
    return { ...p, custom };
  });
}

/**
 * The prepared form the server and CLI load (core/paperDb.ts PreparedDatabase): most cited first;
 * papers.runtime.json holds what look-ups need of every paper and the byte offsets of the papers'
 * lines in papers.runtime.jsonl, which holds one paper per line, read when first asked for.
 */
export function preparedFiles(papers) {
  const best = (p) => (p.custom.citations ?? []).reduce((m, c) => Math.max(m, c.count), 0);
  const sorted = runtimePapers(papers).map((p, i) => ({ p, i })).sort((a, b) => best(b.p) - best(a.p) || a.i - b.i).map((x) => x.p);
  const lines = sorted.map((p) => `${JSON.stringify(p)}\n`);
  const offsets = [0];
  for (const l of lines) offsets.push(offsets.at(-1) + Buffer.byteLength(l));
  const row = (p) => [p.id, p.custom.aliases ?? [], p.custom.nicknames ?? [], p.custom.arxiv ?? null, p.DOI ?? null, p.title, best(p)];
  const index = `{"format":"ml-papers-prepared/2",\n"index":[\n${sorted.map((p) => JSON.stringify(row(p))).join(',\n')}\n],\n"offsets":${JSON.stringify(offsets)}}\n`;
  return { index, lines: lines.join('') };
}


function countBy(xs, f) { const m = new Map(); for (const x of xs) for (const k of [].concat(f(x))) m.set(k, (m.get(k) ?? 0) + 1); return [...m].sort((a, b) => cmp(String(a[0]), String(b[0]))); }

function reportText(b) {
  const s = b.stats;
  const L = [];
  L.push('# Build report of the bundled database', '', 'Generated by `node scripts/build-db.mjs` from `server/data/evidence/*.jsonl`, `server/data/parts/*.json` and `server/data/layer/*.json`. Do not edit: rebuild.', '');
  L.push('## Inputs', '', '| source | lines | with arXiv id | complete author list | with code |', '|---|---:|---:|---:|---:|');
  for (const [src, st] of [...b.perSource].sort()) L.push(`| ${src} | ${st.lines} | ${st.arxiv} | ${st.complete} | ${st.code} |`);
  L.push('', `${s.evidenceLines} evidence lines, ${s.partItems} v1 part items, ${b.layer.length} layer entries (${b.layerUnmatched.length} match no paper).`, '');
  L.push('## Result', '', `- ${s.groups} distinct papers named by the inputs (groups);`, `- ${s.selected} selected by the selection rule;`, `- **${s.shipped} in papers.json** (${s.shipped - s.shippedNew} v1 papers, ${s.shippedNew} new);`, `- **${s.waiting} selected papers wait for a summary** in our layer (\`node scripts/build-db.mjs --candidates OUT.json\` lists them);`, `- ${s.notSelectedNamed} papers a rule would take but a source lacks: ${[...s.missingCount].map(([k, v]) => `${k} missing in ${v}`).join(', ') || 'none'}.`, '');
  L.push('Reasons (a paper can have several): ' + [...s.reasonCount].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') + '.', '');
  L.push('## Selection rule', '', b.SELECTION_RULE, '');
  L.push('## Counts by year', '', '| year | in papers.json | waiting |', '|---|---:|---:|');
  const yShip = new Map(countBy(b.papers, (p) => yearOf(p)));
  const yWait = new Map(countBy(b.waiting, (w) => w.year));
  for (const y of uniq([...yShip.keys(), ...yWait.keys()]).sort((a, c) => a - c)) L.push(`| ${y} | ${yShip.get(y) ?? 0} | ${yWait.get(y) ?? 0} |`);
  L.push('', '## Counts by area', '', 'Shipped papers by topic (a paper can have several); waiting papers by the area their sources state.', '', '| area | in papers.json | waiting |', '|---|---:|---:|');
  const aShip = new Map(countBy(b.papers, (p) => p.custom.topics ?? []));
  const aWait = new Map(countBy(b.waiting, (w) => (w.areaHint.length ? w.areaHint : ['(no area stated)'])));
  for (const a of uniq([...aShip.keys(), ...aWait.keys()]).sort()) L.push(`| ${a} | ${aShip.get(a) ?? 0} | ${aWait.get(a) ?? 0} |`);
  L.push('', '## Precedence', '');
  for (const [field, tiers] of Object.entries(PRECEDENCE)) L.push(`- **${field}**: ${tiers.map(([name, srcs], i) => `${i + 1}. ${name} (${srcs.join(', ')})`).join('; ')}; then any other source${field === 'issued' ? '. A line with a year but no venue ranks after every venue line, and a preprint line (arXiv BibTeX) after those: their year is often the arXiv year; with no year stated anywhere, the arXiv id\'s year is used and flagged unverified. Year and venue come from the same line' : ''}${field === 'author' ? '. Only lists a source states as complete count; a longer complete list that holds every name of the chosen one replaces it (a source cut the list); an incomplete list is used only for v1 papers and is flagged' : ''}.`);
  L.push('- **arXiv id, DOI**: the value most sources state; then the better venue rank.', '- **code**: official (a source says the authors released it) first, then library implementations, then community ones; a v1 flag is kept; at most 3 official, 6 library and 3 community links.', '- **v1 papers** keep every field they had (title, authors, year and venue decide or show the key); evidence only adds a DOI, an arXiv id, code, nicknames and citation counts, and replaces an author list only by a longer one that holds every v1 name.', NICKNAME_RULE, '');
  const shippedKeys = new Map(b.papers.map((p) => [p.id, p]));
  const keyOfG = (g) => b.papers.find((p) => p.custom.sources && g.part && p.id === g.part._key)?.id;
  const conflictLines = [];
  for (const g of b.groups) {
    if (!g.notes.length || !g.sel?.selected) continue;
    const id = g.part?._key ?? b.waitKey.get(g) ?? b.shipKey.get(g) ?? (g.title?.value ?? '?');
    for (const n of g.notes) if (n.field !== 'author-short') conflictLines.push(`- ${id} — ${n.field}: ${n.text}`);
  }
  const suspects = b.groups.flatMap((g) => g.notes.filter((n) => n.field === 'suspect').map((n) => `- ${g.part?._key ?? g.title?.value}: ${n.text}`));
  const shortLines = b.groups.filter((g) => g.sel?.selected).flatMap((g) => g.notes.filter((n) => n.field === 'author-short').map((n) => `- ${g.part?._key ?? b.waitKey.get(g) ?? b.shipKey.get(g)}: ${n.text}`));
  void shippedKeys; void keyOfG;
  L.push(`## Conflicts among the selected papers (${conflictLines.length})`, '', 'Each line: the paper, the field, the value chosen and why, then the values not taken with their sources.', '', ...conflictLines.sort(), '');
  L.push(`## Suspect groups: one id, different papers (${suspects.length})`, '', 'A source gives an arXiv id or DOI that another source gives to a paper with another title: the group is not selected (v1 papers excepted) until the wrong line is fixed in its importer.', '', ...suspects.sort(), '');
  L.push(`## Author lists cut short by a source (${shortLines.length})`, '', 'The longer list was taken; these sources list fewer names.', '', ...shortLines.sort(), '');
  const refusedLines = b.refused.map((r) => { const d = (n) => (n.kind === 'part' ? `v1 ${n.p._key}` : `${n.r.src} ${n.r.ref.replace(/@[0-9a-f]{40}/, '')}${n.r.arxiv ? ` arXiv ${n.r.arxiv}` : ''} "${n.r.title ?? ''}"`); return `- same ${r.via}, kept apart (${r.why}): ${d(r.a)} / ${d(r.b)}`; });
  L.push(`## Links refused while grouping (${refusedLines.length})`, '', 'Records with the same DOI or title that were not merged because another identifier says they are different papers.', '', ...uniq(refusedLines).sort(), '');
  L.push(`## Nicknames claimed by more than one paper (${s.nickDropped.length})`, '', ...s.nickDropped.sort().map((x) => `- ${x}`), '');
  L.push(`## Layer entries that match no paper (${b.layerUnmatched.length})`, '', ...b.layerUnmatched.map((e) => `- ${e._file}[${e._i}]: ${JSON.stringify(e.match)}`), '');
  L.push(`## Warnings (${b.warnings.length})`, '', ...b.warnings.map((w) => `- ${w}`), '');
  L.push(`## Evidence problems (${b.problems.length})`, '', ...b.problems.slice(0, 300).map((w) => `- ${w}`), b.problems.length > 300 ? `- … and ${b.problems.length - 300} more` : '', '');
  return L.join('\n');
}

function unverifiedText(papers) {
  const notes = readdirSync(partsDir).filter((n) => n.endsWith('.unverified.md')).sort()
    .map((n) => `## From part ${n.replace(/\.unverified\.md$/, '')}\n\n${readFileSync(join(partsDir, n), 'utf8').replace(/^#[^\n]*\n/, '').trim()}\n`);
  const flagged = papers.filter((p) => p.custom.unverified?.length).map((p) => `- ${p.id}: ${p.custom.unverified.join(', ')}`);
  return `# Unverified metadata\n\nFields of the bundled database that could not be confirmed against a public source reachable\nfrom our machines. Fields left out are listed so a later pass can fill them; fields kept but\nunconfirmed are also named in each entry's \`custom.unverified\`. Generated by scripts/build-db.mjs.\n\n## Entries with fields kept but unconfirmed (${flagged.length})\n\n${flagged.join('\n')}\n\n${notes.join('\n')}`;
}

export function buildAll() {
  const b = buildDatabase();
  b.SELECTION_RULE = SELECTION_RULE;
  b.waitKey = new Map(b.waiting.map((w) => [b.groups.find((g) => g.title?.value === w.title && !g.part && g.sel?.selected), w.key]));
  b.shipKey = new Map();
  for (const p of b.papers) if (!p.custom.seeds) { const g = b.groups.find((x) => !x.part && x.title?.value === p.title && x.sel?.selected); if (g) b.shipKey.set(g, p.id); }
  const prepared = preparedFiles(b.papers);
  const files = {
    [outFile]: papersText(b.papers),
    [runtimeFile]: prepared.index,
    [`${runtimeFile}l`]: prepared.lines,
    [lockFile]: JSON.stringify(b.lock, null, 1) + '\n',
    [reportFile]: reportText(b),
    [unverifiedFile]: unverifiedText(b.papers),
  };
  return { b, files };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { b, files } = buildAll();
  if (process.argv.includes('--check')) {
    const stale = Object.entries(files).filter(([f, text]) => !existsSync(f) || readFileSync(f, 'utf8') !== text).map(([f]) => f);
    console.log(stale.length ? `out of date: ${stale.join(', ')}: run node scripts/build-db.mjs` : `${outFile} is up to date (${b.papers.length} papers)`);
    process.exit(stale.length ? 1 : 0);
  }
  for (const [f, text] of Object.entries(files)) writeFileSync(f, text);
  const cand = arg('--candidates');
  if (cand) { writeFileSync(cand, JSON.stringify(b.waiting, null, 1) + '\n'); console.log(`${b.waiting.length} candidates → ${cand}`); }
  const s = b.stats;
  console.log(`${s.evidenceLines} evidence lines + ${s.partItems} part items → ${s.groups} groups, ${s.selected} selected, ${s.shipped} in ${outFile} (${s.shippedNew} new), ${s.waiting} waiting for a summary; ${b.groups.reduce((n, g) => n + (g.sel?.selected ? g.notes.length : 0), 0)} conflicts, ${b.refused.length} refused links, ${b.warnings.length} warnings`);
}

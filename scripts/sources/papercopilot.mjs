#!/usr/bin/env node
// Importer: papercopilot/paperlists — venue paper lists with Google Scholar counts (selection signal).
//
// Repository: https://github.com/papercopilot/paperlists, read at commit
// 33f9884e652f05a768d2f216534d7f1e446a0cf7 (2026-02-23), a bare snapshot brought by the `fetch`
// tool (--repo DIR or env PAPERCOPILOT_REPO). The snapshot lacks files of 4 MiB and more (NeurIPS,
// ICML, ICLR, CVPR … from 2019/2020 on): they are listed in the tree but their blobs are absent;
// the run reports them (papercopilot.stats.json).
// Files: <venue>/<venue><year>.json (a JSON array of papers; one record starts at each line "    {").
// Fields taken: title; author (all, ';'-separated prose names; the record's PMLR/NeurIPS BibTeX
// "Last, First" names are used instead when they are as many); venue and year (from the file name;
// records with status Reject / Withdraw / Active are not venue papers and are skipped; status
// "…Workshop" → venueKind "workshop", ACL/NAACL "Findings" → venue "Findings of ACL/NAACL");
// site (paper page; else oa; else pdf) → url; doi; arxiv (the `arxiv` field, or a `project` link
// to arxiv.org/abs|pdf); pages (from the record's BibTeX); gs_citation → citations (Google Scholar
// count, dated with the snapshot's commit date; -1 = unknown, left out); github → code with kind
// "community" and label "repository listed by papercopilot" (the source does not say it is official).
// Licence: none stated — facts only; no abstracts, reviews or affiliations are taken.
//
// Selection for server/data/evidence/papercopilot.jsonl: accepted papers from 2012 on that pass
// any arm of selectPaper(): Scholar count >= 300; or in the top 3% of their venue-year by Scholar
// count (at least the top 10); or whose normalised title appears in another evidence file
// (server/data/evidence/*.jsonl other than papercopilot.jsonl and cmlbib.jsonl).
// `--catalog OUT.jsonl` also writes every accepted paper from 2000 on (the catalog tier; not committed).
//
// Usage: node scripts/sources/papercopilot.mjs --repo /work/.mirror/papercopilot+paperlists/repo
//          [--commit C] [--out server/data/evidence/papercopilot.jsonl] [--catalog OUT.jsonl]
//          [--stats server/data/evidence/papercopilot.stats.json]

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  git, normTitle, texToUnicode, looksDamaged, parseBibtex, parseBibAuthors, splitProseName,
  otherEvidenceTitles, arg, evidenceLine, sortEvidence, EVIDENCE_DIR,
} from './cmlbib.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');

export const PAPERCOPILOT_DEFAULT_COMMIT = '33f9884e652f05a768d2f216534d7f1e446a0cf7';
export const MIN_YEAR = 2012;
export const CATALOG_MIN_YEAR = 2000;
export const SCHOLAR_MIN = 300;
export const TOP_SHARE = 0.03;
export const TOP_MIN = 10;

const VENUES = {
  nips: 'NeurIPS', icml: 'ICML', iclr: 'ICLR', cvpr: 'CVPR', iccv: 'ICCV', eccv: 'ECCV', wacv: 'WACV', '3dv': '3DV',
  aistats: 'AISTATS', colt: 'COLT', uai: 'UAI', acml: 'ACML', alt: 'ALT', automl: 'AutoML', colm: 'COLM',
  acl: 'ACL', naacl: 'NAACL', emnlp: 'EMNLP', coling: 'COLING', aaai: 'AAAI', ijcai: 'IJCAI', kdd: 'KDD', www: 'WWW',
  acmmm: 'ACM MM', corl: 'CoRL', iros: 'IROS', icra: 'ICRA', rss: 'RSS', siggraph: 'SIGGRAPH', siggraphasia: 'SIGGRAPH Asia', ai4x: 'AI4X',
};
const AREA = { cvpr: 'vision', iccv: 'vision', eccv: 'vision', wacv: 'vision', '3dv': 'vision', acl: 'nlp', naacl: 'nlp', emnlp: 'nlp', coling: 'nlp', colm: 'nlp', corl: 'robotics', iros: 'robotics', icra: 'robotics', rss: 'robotics', siggraph: 'graphics', siggraphasia: 'graphics' };
const NOT_ACCEPTED = new Set(['reject', 'withdraw', 'active', 'desk reject']);

const ARXIV_RE = /^(?:arxiv:\s*)?((?:\d{4}\.\d{4,5})|(?:[a-z-]+(?:\.[A-Z]{2})?\/\d{7}))(?:v\d+)?$/i;
function normArxiv(s) {
  const m = ARXIV_RE.exec(String(s || '').trim());
  return m ? m[1] : undefined;
}
function arxivFromUrl(u) {
  const m = /^https?:\/\/(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf)\/((?:\d{4}\.\d{4,5})|(?:[a-z-]+(?:\.[A-Z]{2})?\/\d{7}))(?:v\d+)?(?:\.pdf)?\/?$/i.exec(String(u || '').trim());
  return m ? m[1] : undefined;
}
function normDoi(s) {
  const m = /(10\.\d{4,9}\/[^\s?#]+)/.exec(String(s || ''));
  return m ? m[1].replace(/[./]+$/, '').toLowerCase() : undefined;
}
function normGithub(s) {
  let t = String(s || '').trim();
  if (/\]\(/.test(t)) { // markdown: "[![github](/images/github_icon.svg) owner/repo](https://github.com/owner/repo)"
    const urls = [...t.matchAll(/\]\((https?:\/\/(?:www\.)?github\.com\/[^)\s]+)\)/gi)].map((m) => m[1]);
    if (urls.length !== 1) return undefined;
    t = urls[0];
  }
  const m = /^(?:https?:\/\/)?(?:www\.)?github\.com\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)(\/[^\s]*)?$/i.exec(t);
  if (!m) return undefined;
  const repo = m[2].replace(/\.git$/, '');
  const rest = (m[3] || '').replace(/\/+$/, '');
  return `https://github.com/${m[1]}/${repo}${rest}`;
}
function httpUrl(s) { const t = String(s || '').trim(); return /^https?:\/\/\S+$/.test(t) ? t : undefined; }

/** Authors of one record → {authors, complete} or undefined. */
function recordAuthors(p) {
  const raw = String(p.author || '');
  // Most venue lists separate authors with ';'. Some (SIGGRAPH) use ',': split those at commas when
  // there are at least two, so "A B, C D, E F" is three people; a single comma could be "Last, First", so it is left out.
  const commas = (raw.match(/,/g) ?? []).length;
  if (!raw.includes(';') && commas === 1) return undefined;
  let prose = raw.split(raw.includes(';') || commas === 0 ? ';' : ',').map((x) => x.replace(/\s+/g, ' ').trim()).filter(Boolean);
  if (!prose.length) return undefined;
  // Some venue lists (ICRA, IROS) write the whole author list twice in a row: that is one list.
  const half = prose.length / 2;
  const doubled = Number.isInteger(half) && half > 0 && prose.slice(0, half).every((n, i) => n === prose[half + i]);
  if (doubled) prose = prose.slice(0, half);
  let authors;
  if (p.bibtex) {
    const e = parseBibtex(p.bibtex)[0];
    if (e && e.fields.author && /,/.test(e.fields.author)) {
      const b = parseBibAuthors(e.fields.author);
      if (b.complete && b.authors.length === prose.length && b.authors.every((a) => a.family && a.given)) authors = b.authors;
    }
  }
  if (!authors) authors = prose.map((n) => (/[\\{}$]/.test(n) ? { literal: texToUnicode(n) } : splitProseName(n))).filter(Boolean);
  if (authors.some((a) => looksDamaged(a.family || a.literal || '') || looksDamaged(a.given || ''))) return undefined;
  let complete = !prose.some((n) => /^(et al\.?|others|…|\.\.\.)$/i.test(n));
  if (Number.isInteger(p.author_num) && p.author_num > prose.length * (doubled ? 2 : 1)) complete = false;
  return { authors, complete };
}

/** One papercopilot record → evidence record (with private _fields for selection), or a reason to skip. */
function toRecord(p, ctx) {
  const status = String(p.status ?? '').trim();
  if (NOT_ACCEPTED.has(status.toLowerCase())) return { skip: 'not accepted (' + status + ')' };
  let title = String(p.title || '').replace(/\s+/g, ' ').trim();
  if (/[\\$]/.test(title)) title = texToUnicode(title);
  title = title.replace(/\.$/, '').trim();
  if (!title) return { skip: 'no title' };
  if (looksDamaged(title)) return { skip: 'damaged title' };
  const rec = { source: 'papercopilot', ref: ctx.ref, licence: 'none stated (facts only)', title };
  const a = recordAuthors(p);
  if (a) { rec.authors = a.authors; rec.authorsComplete = a.complete; }
  rec.year = ctx.year;
  let venue = ctx.venueName; let kind = 'conference';
  if (/workshop/i.test(status)) kind = 'workshop';
  if (/^findings$/i.test(status) && (ctx.venue === 'acl' || ctx.venue === 'naacl' || ctx.venue === 'emnlp')) venue = `Findings of ${ctx.venueName}`;
  rec.venue = venue; rec.venueKind = kind;
  const ax = normArxiv(p.arxiv) || arxivFromUrl(p.project);
  if (ax) rec.arxiv = ax;
  const doi = normDoi(p.doi);
  if (doi) rec.doi = doi;
  const url = httpUrl(p.site) || httpUrl(p.oa) || httpUrl(p.pdf);
  if (url) rec.url = url;
  if (p.bibtex) {
    const e = parseBibtex(p.bibtex)[0];
    const pages = e && (e.fields.pages || '').trim().replace(/\s*-+\s*/, '-');
    if (pages && /^\d+(-\d+)?$/.test(pages)) rec.pages = pages;
  }
  const gh = normGithub(p.github);
  if (gh) rec.code = [{ url: gh, kind: 'community', label: 'repository listed by papercopilot' }];
  const gs = Number.isInteger(p.gs_citation) && p.gs_citation >= 0 ? p.gs_citation : undefined;
  if (gs !== undefined) rec.citations = { count: gs, source: 'Google Scholar (papercopilot)', date: ctx.date };
  if (AREA[ctx.venue]) rec.areaHint = AREA[ctx.venue];
  rec._gs = gs; rec._norm = normTitle(title); rec._vy = `${ctx.venue}${ctx.year}`;
  rec._ghRaw = p.github && !gh ? String(p.github) : undefined;
  return { rec };
}

/** Threshold of the top-share arm for one venue-year: the Scholar count of the k-th paper. */
export function topThreshold(counts) {
  const sorted = counts.filter((c) => c > 0).sort((x, y) => y - x);
  if (!sorted.length) return Infinity;
  const k = Math.max(TOP_MIN, Math.ceil(TOP_SHARE * counts.length));
  return sorted[Math.min(k, sorted.length) - 1];
}

/** The selection rule; returns the list of arms that hold (empty = left out). */
export function selectPaper(rec, ctx) {
  const arms = [];
  if (rec.year < MIN_YEAR) return arms;
  if (rec._gs !== undefined && rec._gs >= SCHOLAR_MIN) arms.push('scholar>=300');
  if (rec._gs !== undefined && rec._gs > 0 && rec._gs >= (ctx.thresholds.get(rec._vy) ?? Infinity)) arms.push('top3%');
  if (ctx.otherTitles.has(rec._norm)) arms.push('other-evidence');
  return arms;
}

function main(argv) {
  const repo = arg(argv, '--repo', process.env.PAPERCOPILOT_REPO || '/work/.mirror/papercopilot+paperlists/repo');
  const commit = git(repo, ['rev-parse', arg(argv, '--commit', PAPERCOPILOT_DEFAULT_COMMIT)]).trim();
  const date = git(repo, ['show', '-s', '--format=%cs', commit]).trim();
  const out = arg(argv, '--out', path.join(EVIDENCE_DIR, 'papercopilot.jsonl'));
  const statsOut = arg(argv, '--stats', path.join(EVIDENCE_DIR, 'papercopilot.stats.json'));
  const catalogOut = arg(argv, '--catalog', undefined);

  const tree = git(repo, ['ls-tree', '-r', '--name-only', commit]).split('\n').filter(Boolean);
  const listed = tree.map((f) => /^([a-z0-9]+)\/([a-z0-9]+?)(\d{4})\.json$/.exec(f)).filter((m) => m && m[1] === m[2] && VENUES[m[1]]).map((m) => ({ path: m[0], venue: m[1], year: Number(m[3]) }));
  const unknownVenueFiles = tree.filter((f) => /^[a-z0-9]+\/[a-z0-9]+\d{4}\.json$/.test(f) && !VENUES[f.split('/')[0]]);
  // which blobs the snapshot holds
  const check = git(repo, ['cat-file', '--batch-check'], { input: listed.map((f) => `${commit}:${f.path}`).join('\n') + '\n' }).split('\n');
  listed.forEach((f, i) => { f.present = !/missing/.test(check[i]); });

  const stats = { source: 'papercopilot', repo: 'papercopilot/paperlists', commit, commitDate: date, rule: { minYear: MIN_YEAR, scholarMin: SCHOLAR_MIN, topShare: TOP_SHARE, topMin: TOP_MIN, otherEvidence: 'normalised title in server/data/evidence/*.jsonl except papercopilot.jsonl, cmlbib.jsonl' }, venueYears: {}, missingFiles: [], yearGaps: {}, unknownVenueFiles, totals: {} };
  const all = []; const skips = {};
  for (const f of listed.sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const vy = `${f.venue}${f.year}`;
    if (!f.present) { stats.missingFiles.push({ path: f.path, reason: 'listed in the tree, blob absent from the snapshot (files of 4 MiB and more are not brought)' }); stats.venueYears[vy] = { venue: VENUES[f.venue], year: f.year, present: false }; continue; }
    const text = git(repo, ['show', `${commit}:${f.path}`]);
    const data = JSON.parse(text);
    const starts = []; text.split('\n').forEach((l, i) => { if (l === '    {') starts.push(i + 1); });
    const lineOk = starts.length === data.length;
    const s = { venue: VENUES[f.venue], year: f.year, present: true, records: data.length, accepted: 0, withScholar: 0, withArxiv: 0, withCode: 0, withDoi: 0 };
    data.forEach((p, i) => {
      const ctx = { venue: f.venue, venueName: VENUES[f.venue], year: f.year, date, ref: `papercopilot/paperlists@${commit}:${f.path}${lineOk ? '#L' + starts[i] : ''}` };
      const r = toRecord(p, ctx);
      if (r.skip) { skips[r.skip.replace(/\(.*\)/, '').trim()] = (skips[r.skip.replace(/\(.*\)/, '').trim()] || 0) + 1; s.skipped = (s.skipped || 0) + 1; return; }
      s.accepted++; if (r.rec._gs !== undefined) s.withScholar++; if (r.rec.arxiv) s.withArxiv++; if (r.rec.code) s.withCode++; if (r.rec.doi) s.withDoi++;
      all.push(r.rec);
    });
    stats.venueYears[vy] = s;
  }
  // year gaps: years between a venue's first and last file with no file in the tree at all
  const byVenue = {};
  for (const f of listed) (byVenue[f.venue] ||= new Set()).add(f.year);
  for (const [v, ys] of Object.entries(byVenue)) {
    const arr = [...ys].sort(); const gaps = [];
    for (let y = arr[0]; y <= arr[arr.length - 1]; y++) if (!ys.has(y)) gaps.push(y);
    if (gaps.length) stats.yearGaps[VENUES[v]] = gaps;
  }

  // thresholds of the top-share arm per venue-year
  const countsByVy = new Map();
  for (const r of all) { if (!countsByVy.has(r._vy)) countsByVy.set(r._vy, []); if (r._gs !== undefined) countsByVy.get(r._vy).push(r._gs); }
  const thresholds = new Map([...countsByVy].map(([k, v]) => [k, topThreshold(v)]));
  const { titles: otherTitles, files: otherFiles } = otherEvidenceTitles(EVIDENCE_DIR, ['papercopilot.jsonl', 'cmlbib.jsonl']);
  const sel = { thresholds, otherTitles };

  const arms = { 'scholar>=300': 0, 'top3%': 0, 'other-evidence': 0, 'only-other-evidence': 0, 'only-top3%': 0 };
  const chosen = [];
  for (const r of all) {
    const a = selectPaper(r, sel);
    if (!a.length) continue;
    for (const x of a) arms[x]++;
    if (a.length === 1 && a[0] === 'other-evidence') arms['only-other-evidence']++;
    if (a.length === 1 && a[0] === 'top3%') arms['only-top3%']++;
    const s = stats.venueYears[r._vy]; s.written = (s.written || 0) + 1;
    for (const x of a) s['arm:' + x] = (s['arm:' + x] || 0) + 1;
    chosen.push(r);
  }
  for (const [vy, t] of thresholds) if (stats.venueYears[vy] && Number.isFinite(t)) stats.venueYears[vy].top3Threshold = t;
  const strip = (r) => { const { _gs, _norm, _vy, _ghRaw, ...o } = r; return evidenceLine(o); };
  sortEvidence(chosen);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, chosen.map(strip).join('\n') + (chosen.length ? '\n' : ''));

  const rejectedGithub = all.filter((r) => r._ghRaw).map((r) => r._ghRaw);
  stats.totals = {
    filesListed: listed.length, filesPresent: listed.filter((f) => f.present).length, filesMissing: stats.missingFiles.length,
    records: Object.values(stats.venueYears).reduce((n, s) => n + (s.records || 0), 0), accepted: all.length, skipped: skips,
    acceptedFrom2012: all.filter((r) => r.year >= MIN_YEAR).length, acceptedFrom2000: all.filter((r) => r.year >= CATALOG_MIN_YEAR).length,
    withScholar: all.filter((r) => r._gs !== undefined).length, arms, written: chosen.length,
    writtenWithArxiv: chosen.filter((r) => r.arxiv).length, writtenWithFullAuthors: chosen.filter((r) => r.authors && r.authorsComplete).length, writtenWithCode: chosen.filter((r) => r.code).length,
    githubLinksLeftOut: rejectedGithub.length, otherEvidenceFilesRead: otherFiles,
  };
  fs.writeFileSync(statsOut, JSON.stringify(stats, null, 1) + '\n');

  if (catalogOut) {
    const cat = sortEvidence(all.filter((r) => r.year >= CATALOG_MIN_YEAR));
    fs.writeFileSync(catalogOut, cat.map(strip).join('\n') + '\n');
    process.stderr.write(`catalog: wrote ${cat.length} lines to ${catalogOut}\n`);
  }

  const e = (x) => process.stderr.write(x + '\n');
  const t = stats.totals;
  e(`papercopilot @${commit.slice(0, 8)} (${date}): ${t.filesPresent}/${t.filesListed} venue files present, ${t.records} records, ${t.accepted} accepted (skipped: ${JSON.stringify(skips)})`);
  e(`  missing (blob absent): ${stats.missingFiles.map((m) => m.path.replace(/^.*\//, '').replace('.json', '')).join(' ')}`);
  e(`  year gaps (no file): ${Object.entries(stats.yearGaps).map(([v, g]) => `${v} ${g.join(',')}`).join('; ')}`);
  e(`  per venue-year (accepted / with Scholar / written): ` + Object.entries(stats.venueYears).filter(([, s]) => s.present).map(([k, s]) => `${k} ${s.accepted}/${s.withScholar}/${s.written || 0}`).join(' '));
  e(`  other evidence files read: ${otherFiles.join(', ') || '(none)'} (${otherTitles.size} titles)`);
  e(`  arms (from ${MIN_YEAR}): ${JSON.stringify(arms)}`);
  e(`  wrote ${chosen.length} lines to ${path.relative(ROOT, out)}: with arxiv ${t.writtenWithArxiv}, with full authors ${t.writtenWithFullAuthors}, with code ${t.writtenWithCode}; GitHub values left out as malformed: ${rejectedGithub.length}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main(process.argv.slice(2));

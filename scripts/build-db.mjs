#!/usr/bin/env node
// Merges the hand-written database parts (server/data/parts/*.json) into server/data/papers.json.
// Items that are the same paper (arXiv id, DOI or normalised title) become one entry; keys are
// recomputed by the Google Scholar rule so that every part agrees; part-given ids that differ
// become aliases; related keys are rewritten to canonical keys. Conflicts are printed for review.
// Usage: node scripts/build-db.mjs [--check]   (--check: exit 1 if papers.json is not up to date)
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const partsDir = 'server/data/parts';
const outFile = 'server/data/papers.json';

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
const authorsSig = (item) => (item.author ?? []).map((a) => normTitle(a.family ?? a.literal)).join('|');

function loadParts() {
  const items = [];
  for (const f of readdirSync(partsDir).filter((n) => n.endsWith('.json')).sort()) {
    const arr = JSON.parse(readFileSync(join(partsDir, f), 'utf8'));
    for (const it of arr) items.push({ ...it, _part: f });
  }
  return items;
}

/** Groups items that are the same paper (union-find over arXiv id, DOI, normalised title). */
function group(items) {
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

function merge(group, conflicts) {
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
    if (diff.length) conflicts.push(`${lead.id} (${lead._part}) vs ${other.id} (${other._part}): ${diff.join('; ')}`);
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
  return merged;
}

function clean(custom) {
  const out = {};
  for (const [k, v] of Object.entries(custom)) if (v !== undefined && !(Array.isArray(v) && v.length === 0)) out[k] = v;
  return out;
}

export function buildDatabase() {
  const items = loadParts();
  const conflicts = [];
  const merged = group(items).map((g) => merge(g, conflicts));
  // Canonical keys, with a/b suffixes on collisions (ordered by arXiv id, then title, for stability).
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
  // Every id a part used, every alias, resolves to the canonical key.
  const keyMap = new Map();
  for (const m of merged) for (const id of [...m._ids, m._key]) keyMap.set(id, m._key);
  const out = [];
  const aliasOwner = new Map();
  const warnings = [];
  for (const m of merged) {
    const key = m._key;
    const year = yearOf(m);
    const c = m.custom;
    const aliases = new Set([...m._ids, ...(c.aliases ?? [])]);
    if (c.arxivYear && c.arxivYear !== year) aliases.add(scholarKey(m, c.arxivYear));
    aliases.delete(key);
    const finalAliases = [];
    for (const a of [...aliases].sort()) {
      if (byBase.has(a) || keyMap.get(a) && keyMap.get(a) !== key) { warnings.push(`alias ${a} of ${key} is another paper's key: dropped`); continue; }
      if (aliasOwner.has(a)) { warnings.push(`alias ${a} claimed by ${aliasOwner.get(a)} and ${key}: dropped from ${key}`); continue; }
      aliasOwner.set(a, key);
      finalAliases.push(a);
    }
    const related = (c.related ?? []).map((r) => ({ ...r, key: keyMap.get(r.key) ?? r.key })).filter((r) => {
      if (r.key === key) return false;
      if (!merged.some((x) => x._key === r.key)) { warnings.push(`${key}: related key ${r.key} is not in the database: dropped`); return false; }
      return true;
    });
    const { _part, _ids, _key, ...rest } = m;
    out.push({ ...rest, id: key, 'citation-key': key, custom: clean({ ...c, aliases: finalAliases, related: uniqBy(related, (r) => `${r.key}:${r.relation}`) }) });
  }
  // A nickname names one paper: when two papers claim it, the first by key keeps it (e.g. "DQN" stays
  // with the 2013 Atari paper, not its 2015 Nature follow-up, which keeps its own nicknames).
  const nickOwner = new Map();
  for (const o of out.sort((a, b) => a.id.localeCompare(b.id))) {
    const nicks = o.custom.nicknames ?? [];
    const kept = nicks.filter((n) => {
      const k = normTitle(n);
      if (nickOwner.has(k) && nickOwner.get(k) !== o.id) { warnings.push(`nickname ${n} of ${o.id} already names ${nickOwner.get(k)}: dropped`); return false; }
      nickOwner.set(k, o.id);
      return true;
    });
    if (kept.length) o.custom.nicknames = kept; else delete o.custom.nicknames;
  }
  for (const o of out) if (!o.DOI) delete o.DOI;
  out.sort((a, b) => a.id.localeCompare(b.id));
  return { papers: out, conflicts, warnings, parts: items.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { papers, conflicts, warnings, parts } = buildDatabase();
  for (const c of conflicts) console.error(`conflict: ${c}`);
  for (const w of warnings) console.error(`warning: ${w}`);
  const text = JSON.stringify(papers, null, 1) + '\n';
  if (process.argv.includes('--check')) {
    const same = existsSync(outFile) && readFileSync(outFile, 'utf8') === text;
    console.log(same ? `${outFile} is up to date (${papers.length} papers)` : `${outFile} is out of date: run node scripts/build-db.mjs`);
    process.exit(same ? 0 : 1);
  }
  writeFileSync(outFile, text);
  // UNVERIFIED.md: what each part could not confirm, then every paper whose entry flags a field.
  const notes = readdirSync(partsDir).filter((n) => n.endsWith('.unverified.md')).sort()
    .map((n) => `## From part ${n.replace(/\.unverified\.md$/, '')}\n\n${readFileSync(join(partsDir, n), 'utf8').replace(/^#[^\n]*\n/, '').trim()}\n`);
  const flagged = papers.filter((p) => p.custom.unverified?.length).map((p) => `- ${p.id}: ${p.custom.unverified.join(', ')}`);
  writeFileSync('server/data/UNVERIFIED.md', `# Unverified metadata\n\nFields of the bundled database that could not be confirmed against a public source reachable\nfrom our machines. Fields left out are listed so a later pass can fill them; fields kept but\nunconfirmed are also named in each entry's \`custom.unverified\`. Generated by scripts/build-db.mjs.\n\n## Entries with fields kept but unconfirmed (${flagged.length})\n\n${flagged.join('\n')}\n\n${notes.join('\n')}`);
  console.log(`${parts} part items → ${papers.length} papers in ${outFile}; ${conflicts.length} conflicts, ${warnings.length} warnings`);
}

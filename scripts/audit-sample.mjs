#!/usr/bin/env node
// Prints N random items of server/data/papers.json beside the evidence lines they came from, for a person to
// read: each identifying field of the item, then every evidence line its custom.sources names (and every other
// line about the same paper: same arXiv id, DOI or normalised title), with the fields that line states.
// Usage: node scripts/audit-sample.mjs [--n 50] [--seed S] [--new] [--key KEY ...]
//   --new: only papers that are not v1 papers (no seeds); --key: these items instead of a random sample.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const n = Number(opt('--n', 50));
const seed = String(opt('--seed', Date.now() % 100000));
const keys = args.flatMap((a, i) => (args[i - 1] === '--key' ? [a] : []));

const papers = JSON.parse(readFileSync('server/data/papers.json', 'utf8'));
const dir = 'server/data/evidence';
const lines = [];
if (existsSync(dir)) for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl')).sort()) {
  readFileSync(join(dir, f), 'utf8').split('\n').forEach((t, i) => { if (t.trim()) lines.push({ ...JSON.parse(t), _at: `${f}:${i + 1}` }); });
}
const fold = (s) => String(s ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
const byArxiv = new Map(), byDoi = new Map(), byTitle = new Map(), byRef = new Map();
const push = (m, k, v) => { if (!k) return; if (!m.has(k)) m.set(k, []); m.get(k).push(v); };
for (const l of lines) { push(byArxiv, l.arxiv, l); push(byDoi, l.doi?.toLowerCase(), l); push(byTitle, fold(l.title), l); push(byRef, l.ref, l); }

// A small seeded PRNG (mulberry32 over a string hash), so a seed names one sample.
let h = 1779033703;
for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 3432918353), (h = (h << 13) | (h >>> 19));
const rand = () => { h += 0x6d2b79f5; let t = h; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };

let pool = args.includes('--new') ? papers.filter((p) => !p.custom.seeds) : papers;
let sample;
if (keys.length) sample = keys.map((k) => papers.find((p) => p.id === k || p.custom.aliases?.includes(k))).filter(Boolean);
else {
  pool = [...pool];
  for (let i = pool.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [pool[i], pool[j]] = [pool[j], pool[i]]; }
  sample = pool.slice(0, n);
}

const names = (as) => (as ?? []).map((a) => a.literal ?? [a.given, a.family].filter(Boolean).join(' ')).join('; ');
const show = (l) => {
  const parts = [];
  if (l.title) parts.push(`title: ${l.title}`);
  if (l.authors) parts.push(`authors${l.authorsComplete === false ? ' (incomplete)' : ''}: ${names(l.authors)}`);
  if (l.year || l.venue) parts.push(`venue: ${[l.venue, l.year].filter(Boolean).join(' ')}${l.venueKind ? ` [${l.venueKind}]` : ''}`);
  if (l.arxiv) parts.push(`arXiv ${l.arxiv}`);
  if (l.doi) parts.push(`DOI ${l.doi}`);
  if (l.nicknames?.length) parts.push(`nicknames: ${l.nicknames.join(', ')}`);
  if (l.code?.length) parts.push(`code: ${l.code.map((c) => `${c.kind ?? '?'} ${c.url}`).join(', ')}`);
  if (l.citations) parts.push(`citations: ${l.citations.count}`);
  return parts.map((p) => `        ${p}`).join('\n');
};

console.log(`# ${sample.length} items of ${papers.length} (seed ${seed}${args.includes('--new') ? ', new papers only' : ''})\n`);
sample.forEach((p, i) => {
  const c = p.custom;
  console.log(`## ${i + 1}. ${p.id}${c.aliases?.length ? ` (aliases ${c.aliases.join(', ')})` : ''}${c.seeds ? ' [v1]' : ''}`);
  console.log(`  title:   ${p.title}`);
  console.log(`  authors: ${names(p.author)}`);
  console.log(`  issued:  ${p.issued?.['date-parts']?.[0]?.[0]}   venue: ${p['container-title'] ?? '-'} (${c.venueShort ?? '-'})`);
  console.log(`  ids:     arXiv ${c.arxiv ?? '-'}   DOI ${p.DOI ?? '-'}   URL ${p.URL ?? '-'}`);
  if (c.nicknames?.length) console.log(`  nicknames: ${c.nicknames.join(', ')}`);
  for (const r of c.code ?? []) console.log(`  code:    ${r.kind ?? (r.official ? 'official' : 'community')} ${r.url}${r.framework ? ` (${r.framework})` : ''}${r.label ? ` — ${r.label}` : ''}`);
  console.log(`  summary: ${c.summary}`);
  if (c.unverified?.length) console.log(`  unverified: ${c.unverified.join(', ')}`);
  for (const [field, refs] of Object.entries(c.sources ?? {})) console.log(`  sources.${field}: ${refs.join(' | ')}`);
  const same = new Set([...(byArxiv.get(c.arxiv) ?? []), ...(byDoi.get(p.DOI?.toLowerCase()) ?? []), ...(byTitle.get(fold(p.title)) ?? [])]);
  const cited = new Set(Object.values(c.sources ?? {}).flat());
  console.log(`  evidence (${same.size} lines about this paper; * = named in custom.sources):`);
  for (const l of [...same].sort((a, b) => a._at.localeCompare(b._at))) console.log(`    ${cited.has(l.ref) ? '*' : ' '} ${l.source} ${l._at}  ${l.ref}\n${show(l)}`);
  const partRefs = [...cited].filter((r) => r.startsWith('server/data/parts/'));
  if (partRefs.length) console.log(`    * v1 part: ${partRefs.join(', ')}`);
  console.log('');
});

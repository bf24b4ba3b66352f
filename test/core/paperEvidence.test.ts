// The bundled database v2 against its inputs: every identifying field of every item is traceable to an
// evidence line (server/data/evidence/*.jsonl) or to a v1 part (server/data/parts), every official code
// link comes from a source, nothing ships without a summary and topics, the key rule holds for every
// item, and papers.json is what scripts/build-db.mjs writes from the committed inputs.
// Reads committed files only (the evidence is committed; no network, no snapshot).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { CslName, Paper } from '../../server/src/core/model';
import { loadPaperDb } from '../../server/src/core/paperDb';

const papers: Paper[] = JSON.parse(readFileSync('server/data/papers.json', 'utf8'));
const { db } = loadPaperDb(papers);

interface Evidence {
  source: string; ref: string; title?: string; authors?: CslName[]; authorsComplete?: boolean; year?: number; venue?: string; venueKind?: string;
  arxiv?: string; doi?: string; code?: Array<{ url: string; kind?: string }>;
}
const evidenceDir = 'server/data/evidence';
const byRef = new Map<string, Evidence[]>();
let evidenceLines = 0;
if (existsSync(evidenceDir)) {
  for (const f of readdirSync(evidenceDir).filter((n) => n.endsWith('.jsonl'))) {
    for (const line of readFileSync(join(evidenceDir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const e = JSON.parse(line) as Evidence;
      evidenceLines++;
      if (!byRef.has(e.ref)) byRef.set(e.ref, []);
      byRef.get(e.ref)!.push(e);
    }
  }
}
const partsDir = 'server/data/parts';
const partFiles = new Map<string, Paper[]>(readdirSync(partsDir).filter((n) => n.endsWith('.json')).map((n) => [join(partsDir, n), JSON.parse(readFileSync(join(partsDir, n), 'utf8'))]));

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').replace(/ø/g, 'o').replace(/ł/g, 'l').replace(/æ/g, 'ae');
const norm = (s: string | undefined) => fold(String(s ?? '')).toLowerCase().replace(/[^a-z0-9]/g, '');
/**
 * What the build does to a source's text before it uses it, restated (scripts/build-db.mjs cleanText and
 * capitaliseLowercaseName): invisible characters dropped, spaces collapsed, and a name the source wrote
 * all in lowercase capitalised word by word (particles kept). Anything else must match exactly.
 */
const printed = (s: string | undefined) => (s ?? '').replace(/[\u00ad\u200b-\u200d\u2060\ufeff\ufffc]/g, '').trim().replace(/\s+/g, ' ');
const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'da', 'la', 'le', 'di', 'du', 'del', 'della', 'dos', 'das', 'ten', 'ter']);
function printedName(a: CslName): string[] {
  const [family, given, literal] = [printed(a.family), printed(a.given), printed(a.literal)];
  const lower = `${family}${given}` === `${family}${given}`.toLowerCase() && /\p{Ll}/u.test(`${family}${given}`);
  const cap = (s: string) => (lower ? s.replace(/[\p{L}']+/gu, (w) => (PARTICLES.has(w) ? w : w[0].toUpperCase() + w.slice(1))) : s);
  return [cap(family), cap(given), literal];
}
const names = (as: CslName[] | undefined) => JSON.stringify((as ?? []).map(printedName));
const yearOf = (p: Paper) => Number(p.issued!['date-parts']![0][0]);
const arxivYear = (id: string | undefined) => { const m = /^(\d{2})\d{2}\.\d{4,5}$/.exec(id ?? ''); return m ? 2000 + Number(m[1]) : undefined; };
const arxivOf = (id: string | undefined) => (id ?? '').replace(/^arxiv:/i, '').replace(/v\d+$/, '');

/** The v1 part items a paper came from (same id, an alias, or the same title) in the part file `ref`. */
function partItems(p: Paper, ref: string): Paper[] {
  const ids = new Set([p.id, ...(p.custom.aliases ?? [])]);
  return (partFiles.get(ref) ?? []).filter((x) => ids.has(x.id) || norm(x.title) === norm(p.title) || (!!p.custom.arxiv && x.custom?.arxiv === p.custom.arxiv));
}

type Check = { field: string; part: (x: Paper) => boolean; line: (e: Evidence) => boolean };
function checks(p: Paper): Check[] {
  const cs: Check[] = [
    { field: 'title', part: (x) => x.title === p.title, line: (e) => printed(e.title) === p.title },
    { field: 'author', part: (x) => names(x.author) === names(p.author), line: (e) => names(e.authors) === names(p.author) },
    // The year a line states, or (flagged unverified) the year of the arXiv id it states.
    { field: 'issued', part: (x) => yearOf(x) === yearOf(p), line: (e) => e.year === yearOf(p) || (!e.year && !!p.custom.unverified?.some((u) => u.startsWith('issued')) && arxivYear(arxivOf(e.arxiv)) === yearOf(p)) },
  ];
  if (p.custom.arxiv) cs.push({ field: 'arxiv', part: (x) => x.custom?.arxiv === p.custom.arxiv, line: (e) => arxivOf(e.arxiv) === p.custom.arxiv });
  if (p.DOI) cs.push({ field: 'DOI', part: (x) => (x.DOI ?? '').toLowerCase() === p.DOI!.toLowerCase(), line: (e) => (e.doi ?? '').toLowerCase() === p.DOI!.toLowerCase() });
  if (p['container-title'] && p['container-title'] !== 'arXiv preprint') cs.push({ field: 'container-title', part: (x) => x['container-title'] === p['container-title'], line: (e) => e.venue === p['container-title'] });
  return cs;
}

test('the evidence files are there and name the papers (one JSON line per paper per source, each with a ref)', () => {
  assert.ok(evidenceLines > 0, 'no evidence lines in server/data/evidence');
  for (const [ref, es] of byRef) for (const e of es) assert.ok(e.source && ref, `line without source or ref: ${JSON.stringify(e).slice(0, 120)}`);
});

test('every item says where its title, authors, year, arXiv id, DOI and venue came from, and that source states the same value', () => {
  const wrong: string[] = [];
  for (const p of papers) {
    const sources = p.custom.sources ?? {};
    for (const c of checks(p)) {
      const refs = sources[c.field] ?? [];
      if (!refs.length) { wrong.push(`${p.id}: no source for ${c.field}`); continue; }
      // Every ref named must exist; at least one must state exactly the item's value.
      let stated = false;
      for (const ref of refs) {
        if (ref.startsWith(partsDir + '/')) {
          const xs = partItems(p, ref);
          if (!xs.length) wrong.push(`${p.id}: ${c.field}: part ${ref} has no item for this paper`);
          stated ||= xs.some(c.part);
        } else {
          const es = byRef.get(ref);
          if (!es) { wrong.push(`${p.id}: ${c.field}: ref ${ref} is no evidence line`); continue; }
          stated ||= es.some(c.line);
        }
      }
      if (!stated) wrong.push(`${p.id}: ${c.field} is stated by none of ${refs.join(', ')}`);
    }
  }
  assert.deepEqual(wrong.slice(0, 30), []);
});

test('items that are not v1 papers have a complete author list from a source and a year from 2012 on', () => {
  const wrong: string[] = [];
  for (const p of papers.filter((x) => !x.custom.seeds)) {
    const refs = p.custom.sources?.author ?? [];
    if (!refs.some((r) => byRef.get(r)?.some((e) => e.authorsComplete !== false && names(e.authors) === names(p.author)))) wrong.push(`${p.id}: no complete author list`);
    if (yearOf(p) < 2012) wrong.push(`${p.id}: ${yearOf(p)}`);
  }
  assert.deepEqual(wrong, []);
});

test('every official code link comes from a source that says it is the official one; code lists run official, library, community', () => {
  const order = { official: 0, library: 1, community: 2 } as const;
  const wrong: string[] = [];
  for (const p of papers) {
    const code = p.custom.code ?? [];
    const refs = p.custom.sources?.code ?? [];
    if (code.length && !refs.length) wrong.push(`${p.id}: code without sources`);
    const norm = (u: string) => u.toLowerCase().replace(/\.git$/, '').replace(/\/+$/, '').replace(/^http:/, 'https:');
    for (const c of code.filter((x) => x.official)) {
      const fromPart = refs.some((r) => r.startsWith(partsDir + '/') && partItems(p, r).some((x) => x.custom?.code?.some((y) => y.official && norm(y.url) === norm(c.url))));
      const fromLine = refs.some((r) => byRef.get(r)?.some((e) => e.code?.some((y) => y.kind === 'official' && norm(y.url) === norm(c.url))));
      if (!fromPart && !fromLine) wrong.push(`${p.id}: official ${c.url} is stated by no source`);
    }
    const kinds = code.map((c) => order[c.kind ?? (c.official ? 'official' : 'community')]);
    if (kinds.some((k, i) => i > 0 && k < kinds[i - 1])) wrong.push(`${p.id}: code order ${code.map((c) => c.kind).join(',')}`);
    for (const c of code) if (c.kind && c.official !== (c.kind === 'official')) wrong.push(`${p.id}: ${c.url} official ${c.official} but kind ${c.kind}`);
  }
  assert.deepEqual(wrong, []);
});

test('no item ships without a summary and at least one topic', () => {
  const bad = papers.filter((p) => !p.custom.summary?.trim() || p.custom.summary.trim().length < 20 || !p.custom.topics?.length || p.custom.topics.some((t) => !t.trim())).map((p) => p.id);
  assert.deepEqual(bad, []);
});

test('keys, aliases and nicknames are unique across the database; related keys resolve', () => {
  const names = new Map<string, string>();
  for (const p of papers) for (const k of [p.id, ...(p.custom.aliases ?? [])]) {
    assert.ok(!names.has(k), `${k} names ${names.get(k)} and ${p.id}`);
    names.set(k, p.id);
  }
  const nick = new Map<string, string>();
  for (const p of papers) for (const n of p.custom.nicknames ?? []) {
    const k = norm(n);
    assert.ok(!nick.has(k) || nick.get(k) === p.id, `nickname ${n} names ${nick.get(k)} and ${p.id}`);
    nick.set(k, p.id);
  }
  for (const p of papers) for (const r of p.custom.related ?? []) assert.ok(db.byKey(r.key), `${p.id} → ${r.key}`);
});

test('an arXiv id belongs to one paper only', () => {
  const seen = new Map<string, string>();
  for (const p of papers) {
    const a = p.custom.arxiv;
    if (!a) continue;
    assert.ok(!seen.has(a), `${a}: ${seen.get(a)} and ${p.id}`);
    seen.set(a, p.id);
  }
});

test('papers.json, keys.lock.json, BUILD-REPORT.md and UNVERIFIED.md are what scripts/build-db.mjs builds from the committed inputs', () => {
  const r = spawnSync(process.execPath, ['scripts/build-db.mjs', '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

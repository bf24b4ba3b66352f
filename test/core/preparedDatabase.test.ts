// The prepared database the server loads (papers.runtime.json) is papers.json without the review
// fields, and its lazily built name maps answer every look-up as the validated database does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isPreparedDatabase, loadPaperDb, normalizeNickname, preparedDb, PREPARED_FORMAT, type PreparedDatabase } from '../../server/src/core/paperDb';
import type { Paper } from '../../server/src/core/model';

const full = JSON.parse(readFileSync('server/data/papers.json', 'utf8')) as Paper[];
const runtime = JSON.parse(readFileSync('server/data/papers.runtime.json', 'utf8')) as PreparedDatabase;
const lines = readFileSync('server/data/papers.runtime.jsonl');
const read = (start: number, end: number) => lines.toString('utf8', start, end);
const best = (p: Paper) => (p.custom.citations ?? []).reduce((m, c) => Math.max(m, c.count), 0);

test('the prepared files hold the papers of papers.json without sources and unverified, most cited first, with their look-up values and line offsets', () => {
  assert.equal(runtime.format, PREPARED_FORMAT);
  assert.equal(runtime.index.length, full.length);
  assert.equal(runtime.offsets.at(-1), lines.length);
  const byId = new Map(full.map((p) => [p.id, p]));
  runtime.index.forEach((row, i) => {
    const p = JSON.parse(read(runtime.offsets[i], runtime.offsets[i + 1])) as Paper;
    const { sources: _s, unverified: _u, ...custom } = byId.get(p.id)!.custom as Paper['custom'] & { sources?: unknown };
    assert.deepEqual(p, { ...byId.get(p.id)!, custom }, p.id);
    assert.deepEqual(row, [p.id, p.custom.aliases ?? [], p.custom.nicknames ?? [], p.custom.arxiv ?? null, p.DOI ?? null, p.title, best(p)], p.id);
    if (i > 0) assert.ok(runtime.index[i - 1][6] >= row[6], 'most cited first');
  });
});

test('the prepared database resolves every key, alias, nickname, arXiv id, DOI and title as the validated one does', () => {
  const validated = loadPaperDb(full);
  assert.deepEqual(validated.problems, [], 'papers.json is valid');
  let reads = 0;
  const prepared = preparedDb(runtime, (a, b) => { reads++; return read(a, b); });
  assert.equal(reads, 0, 'nothing is read before a paper is asked for');
  assert.equal(prepared.size, full.length);
  // Building a paper on demand gives the same object each time, and its position.
  const he = prepared.byKey('he2016deep')!;
  assert.equal(prepared.byKey('he2015deep'), he);
  assert.equal(prepared.paperAt(prepared.positionOf(he)!), he);
  const db = validated.db;
  const id = (p: Paper | undefined) => p?.id;
  let checked = 0;
  for (const p of full) {
    for (const k of [p.id, ...(p.custom.aliases ?? [])]) { assert.equal(id(prepared.byKey(k)), id(db.byKey(k)), k); checked++; }
    for (const n of p.custom.nicknames ?? []) { assert.equal(id(prepared.byNickname(n)), id(db.byNickname(n)), n); checked++; }
    if (p.custom.arxiv) { assert.equal(id(prepared.byArxiv(p.custom.arxiv)), id(db.byArxiv(p.custom.arxiv))); checked++; }
    if (p.DOI) { assert.equal(id(prepared.byDoi(p.DOI)), id(db.byDoi(p.DOI))); checked++; }
    assert.equal(id(prepared.byTitle(p.title)), id(db.byTitle(p.title)), p.title);
    checked++;
  }
  assert.ok(checked > 2 * full.length, `${checked} look-ups`);
  assert.equal(prepared.byNickname(normalizeNickname('no such nickname at all')), undefined);
  assert.equal(prepared.byKey('nosuchkey2099'), undefined);
});

test('only a file named *.runtime.json is taken as prepared', () => {
  assert.ok(isPreparedDatabase('/x/server/data/papers.runtime.json'));
  assert.ok(!isPreparedDatabase('/x/server/data/papers.json'));
  assert.ok(!isPreparedDatabase('/home/me/my-papers.json'));
});

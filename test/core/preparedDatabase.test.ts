// The prepared database the server loads (papers.runtime.json) is papers.json without the review
// fields, and its lazily built name maps answer every look-up as the validated database does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isPreparedDatabase, loadPaperDb, normalizeNickname } from '../../server/src/core/paperDb';
import type { Paper } from '../../server/src/core/model';

const full = JSON.parse(readFileSync('server/data/papers.json', 'utf8')) as Paper[];
const runtime = JSON.parse(readFileSync('server/data/papers.runtime.json', 'utf8')) as Paper[];

test('papers.runtime.json holds the papers of papers.json, in order, without sources and unverified', () => {
  assert.equal(runtime.length, full.length);
  full.forEach((p, i) => {
    const { sources: _s, unverified: _u, ...custom } = p.custom as Paper['custom'] & { sources?: unknown };
    assert.deepEqual(runtime[i], { ...p, custom }, p.id);
  });
});

test('the prepared database resolves every key, alias, nickname, arXiv id, DOI and title as the validated one does', () => {
  const validated = loadPaperDb(full);
  assert.deepEqual(validated.problems, [], 'papers.json is valid');
  const prepared = loadPaperDb(runtime, { prepared: true }).db;
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

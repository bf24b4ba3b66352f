// The venue catalog tier (scripts/build-catalog.mjs): its records as the database reader reads them,
// and its place in the one index: after the user's files and the bundled database, never shadowing them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordToEntry } from '../../server/src/core/arxivRecords';
import { prepareChunk } from '../../server/src/core/preparedEntries';
import { completion } from '../../server/src/core/features/completion';
import { hover } from '../../server/src/core/features/hover';
import type { BibEntry } from '../../server/src/core/model';
import { renderCard } from '../../server/src/core/render';
import { normalizeSettings } from '../../server/src/settings';
import { fixture } from '../fixture';
import { bib, ctxOf, sampleIndex } from './sampleIndex';

const catalogUri = 'file:///data/catalog.jsonl.gz';
const SRC = 'papercopilot/paperlists@33f9884e:iclr/iclr2018.json';

const lines = [
  // A catalog paper whose key happens to be a curated one (he2016deep is ResNet in the sample database).
  { title: 'Deep Hashing for Widgets', authors_parsed: [['He', 'Wei']], venue: 'WACV', year: 2016, source: 'papercopilot/paperlists@33f9884e:wacv/wacv2016.json' },
  { title: 'Sparse Widget Networks', authors_parsed: [['Zorn', 'Ada'], ['Quist', 'Bo']], venue: 'ICLR', year: 2018, url: 'https://openreview.net/forum?id=abc', source: SRC },
  { id: '1801.00001', title: 'Sparse Widget Networks Revisited', authors_parsed: [['Zorn', 'Ada']], doi: '10.1234/XYZ', venue: 'ICLR', year: 2018, source: SRC },
  // Same key as the first catalog-only paper: a letter, not an id, tells them apart.
  { title: 'Sparse Widget Nets, Again', authors_parsed: [['Zorn', 'Ada']], venue: 'ICML', year: 2018, source: SRC },
  // Also a user's key (below).
  { title: 'Local Paper Twin', authors_parsed: [['Smith', 'Jane']], venue: 'NeurIPS', year: 2020, source: SRC },
].map((l) => JSON.stringify(l));

function catalogEntries(): BibEntry[] {
  const used = new Set<string>();
  return lines.map((l, i) => {
    const r = recordToEntry(l, i, used);
    assert.ok(r && 'entry' in r);
    return r.entry;
  });
}

/** The sample index with a user bib (refs.bib defines smith2020local) and the catalog indexed the way the worker delivers it. */
function withCatalog() {
  const index = sampleIndex({ withRefs: true });
  index.setCatalog(catalogUri);
  const generation = index.beginFile(catalogUri, 'bib', '', []);
  assert.ok(index.addPrepared(catalogUri, generation, prepareChunk(catalogEntries(), index.db)));
  return index;
}

test('a catalog record (no arXiv id) becomes an inproceedings entry with venue, year, URL and its source', () => {
  const [curatedKey, sparse, revisited, again] = catalogEntries();
  assert.equal(curatedKey.key, 'he2016deep');
  assert.equal(sparse.key, 'zorn2018sparse');
  assert.equal(sparse.type, 'inproceedings');
  assert.deepEqual(sparse.fields, { title: 'Sparse Widget Networks', author: 'Zorn, Ada and Quist, Bo', year: '2018', booktitle: 'ICLR', url: 'https://openreview.net/forum?id=abc', source: SRC });
  // An arXiv id still gives eprint, and a repeated key with one still gets the id appended.
  assert.equal(revisited.key, 'zorn2018sparse:1801.00001');
  assert.equal(revisited.fields.eprint, '1801.00001');
  assert.equal(revisited.fields.doi, '10.1234/xyz');
  assert.equal(again.key, 'zorn2018sparseb');
  const journal = recordToEntry(JSON.stringify({ title: 'A Journal Paper', venue: 'JMLR', venueKind: 'journal', year: 2010 }), 0, new Set());
  assert.ok(journal && 'entry' in journal);
  assert.equal(journal.entry.type, 'article');
  assert.equal(journal.entry.fields.journal, 'JMLR');
  const bad = recordToEntry(JSON.stringify({ id: 7, title: 'Numeric id' }), 3, new Set());
  assert.ok(bad && 'problem' in bad);
});

test('tiers: a user bib first, then the curated database, then the catalog', () => {
  const index = withCatalog();
  // The catalog's he2016deep never shadows the curated ResNet.
  assert.equal(index.resolve('he2016deep')?.source.kind, 'bundled');
  assert.equal(index.resolve('he2016deep', [catalogUri])?.source.kind, 'bundled');
  // A catalog-only paper resolves, and its entry says it is the catalog's.
  const only = index.resolve('zorn2018sparse');
  assert.equal(only?.title, 'Sparse Widget Networks');
  assert.deepEqual(only?.source.kind === 'bib' && only.source.catalog, true);
  assert.equal(only?.venue, 'ICLR');
  // The user's smith2020local beats the catalog's paper under the same key.
  assert.equal(index.resolve('smith2020local')?.title, 'A Local Paper Nobody Else Has');
  // Not one of the user's files: no duplicate-key findings against it, not in their count.
  assert.equal(index.definedOutside('smith2020local', 'file:///ws/refs.bib'), false);
  assert.deepEqual(index.keyDefinitionsElsewhere('smith2020local', 'file:///ws/refs.bib'), []);
  assert.deepEqual(index.size(), { bundled: 9, user: 2, files: 1, catalog: 5, online: 0, preparing: 0 });
});

test('search ranks a catalog entry below a curated or user entry of equal match, and leaves out catalog keys taken by another tier', () => {
  const index = withCatalog();
  const user = bib([{ key: 'mine2018sparse', fields: { title: 'Sparse Widget Networks', author: 'Zorn, Ada and Quist, Bo', year: '2018' } }]);
  index.setParsedBib('file:///ws/mine.bib', user.text, user.parsed);
  const hits = index.search('sparse widget networks', 10).results.map((h) => h.key);
  assert.ok(hits.indexOf('mine2018sparse') >= 0 && hits.indexOf('mine2018sparse') < hits.indexOf('zorn2018sparse'), hits.join(' '));
  // he2016deep is offered once, as the curated paper (the catalog's would insert a key that means ResNet).
  const he = index.search('he2016deep', 10).results.filter((h) => h.key === 'he2016deep');
  assert.deepEqual(he.map((h) => h.entry.source.kind), ['bundled']);
  assert.ok(!index.search('deep hashing widgets', 10).results.some((h) => h.key === 'he2016deep'));
  // An empty query lists the catalog last.
  const isCatalog = (h: { entry: { source: { kind: string; catalog?: boolean } } }) => !!h.entry.source.catalog;
  const all = index.search('', 100).results;
  const first = all.findIndex(isCatalog);
  assert.ok(first > 0 && all.slice(first).every(isCatalog), all.map((h) => h.key).join(' '));
  assert.deepEqual(all.slice(first).map((h) => h.key), ['zorn2018sparse', 'zorn2018sparse:1801.00001', 'zorn2018sparseb']);
});

test('hover and completion: a catalog-only key gets a card saying where the record comes from', () => {
  const index = withCatalog();
  const f = fixture('See [@zorn2018sp$0arse].');
  const h = hover(ctxOf(index), { uri: 'file:///ws/a.md', language: 'markdown', text: f.text }, f.cursor);
  assert.match(h!.plaintext, /^Sparse Widget Networks\nAda Zorn, Bo Quist\nICLR, 2018\n/);
  assert.match(h!.plaintext, /From the venue catalog \(papercopilot\), metadata only \(papercopilot\/paperlists@33f9884e:iclr\/iclr2018\.json\)$/);
  assert.doesNotMatch(h!.plaintext, /Defined in/);
  assert.match(renderCard(index.resolve('zorn2018sparse')!, { hover: { summary: true, code: true, citations: true } }).markdown, /\*From the venue catalog \(papercopilot\), metadata only\* \(`papercopilot/);
  const c = fixture('See [@zorn2018$0].');
  const r = completion(ctxOf(index), { uri: 'file:///ws/a.md', language: 'markdown', text: c.text }, c.cursor)!;
  assert.ok(r.items.some((i) => i.key === 'zorn2018sparse'), r.items.map((i) => i.key).join(' '));
});

test('the catalog setting: on by default, off when mlPapers.catalog.enabled is false', () => {
  assert.equal(normalizeSettings({}).catalogEnabled, true);
  assert.equal(normalizeSettings({ catalog: { enabled: false } }).catalogEnabled, false);
  assert.equal(normalizeSettings({ 'catalog.enabled': false }).catalogEnabled, false);
  assert.equal(normalizeSettings({ catalog: { enabled: 'no' } }).catalogEnabled, true);
});

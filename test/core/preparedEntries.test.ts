// Entries prepared off the request thread (core/preparedEntries.ts): packed stores that build an
// entry only when asked, and a big file that is searchable by key before its ranges arrive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CitationIndex } from '../../server/src/core/citationIndex';
import { chunkTransferables, PackedEntryStore, prepareChunk, prepareKeys, prepareRange, RECENT_ENTRIES, withSharedPacked } from '../../server/src/core/preparedEntries';
import { loadPaperDb } from '../../server/src/core/paperDb';
import { bib, sampleDb, sampleJson } from './sampleIndex';

const uri = 'file:///ws/big.bib';

/** n generated entries; entry 7 is the ResNet paper of the sample database (by arXiv id), two keys repeat. */
function generated(n: number) {
  return bib(Array.from({ length: n }, (_, i) => ({
    key: i === 5 ? 'müller2020café' : i === n - 1 ? 'gen3key' : `gen${i}key`,
    fields: (i === 7
      ? { title: 'Deep Residual Learning for Image Recognition', author: 'He, Kaiming', year: '2016', eprint: '1512.03385', abstract: 'dropped' }
      : { title: `Generated study ${i} of quixotic indexing`, author: `Author${i}, Ann and Müller, Zoë`, year: String(2000 + (i % 20)) }) as Record<string, string>,
  })));
}

test('a packed store finds keys (ASCII or not, repeated in file order), papers and key spans without building entries', () => {
  const db = sampleDb();
  const { parsed } = generated(50);
  const store = new PackedEntryStore(uri, prepareChunk(parsed.entries, db), db);
  assert.equal(store.size, 50);
  assert.deepEqual(store.idsOfKey('gen3key'), [3, 49]);
  assert.deepEqual(store.idsOfKey('müller2020café'), [5]);
  assert.deepEqual(store.idsOfKey('gen3ke'), []);
  assert.equal(store.key(5), 'müller2020café');
  assert.equal(store.paper(7)?.id, 'he2016deep');
  assert.equal(store.paper(8), undefined);
  assert.deepEqual(store.keySpan(5), parsed.entries[5].keySpan);
  const e = store.entry(5);
  assert.equal(e, store.entry(5), 'the same object every time');
  assert.deepEqual(e.authors[1], { family: 'Müller', given: 'Zoë' });
  assert.equal(e.source.kind === 'bib' && e.source.uri, uri);
  // Only the fields index entries are made of are kept.
  assert.equal(store.entry(7).fields?.abstract, undefined);
  assert.equal(store.entry(7).fields?.eprint, '1512.03385');
});

test('a packed store gives the brief of an entry (what a completion item shows) without building it', () => {
  const db = sampleDb();
  const { parsed } = generated(50);
  const store = new PackedEntryStore(uri, prepareChunk(parsed.entries, db), db);
  const briefs = [5, 7, 8].map((i) => store.brief(i));
  assert.equal(store.builtCount, 0, 'no entry was built');
  // A brief asked for again is the one made before (the next keystroke shows most of the same list).
  assert.equal(store.brief(8), briefs[2]);
  for (const [k, i] of [5, 7, 8].entries()) {
    const e = store.entry(i);
    assert.deepEqual(briefs[k], { key: e.key, source: e.source, title: e.title, authors: e.authors, year: e.year, paper: e.paper });
  }
  assert.equal(briefs[1].paper?.id, 'he2016deep');
  assert.deepEqual(briefs[0].authors, [{ family: 'Author5', given: 'Ann' }, { family: 'Müller', given: 'Zoë' }]);
  // Once built, the entry itself is the brief.
  assert.equal(store.brief(7), store.entry(7));
});

test('a packed store keeps only the entries asked for recently, and rebuilds others alike', () => {
  const db = sampleDb();
  const n = 3 * RECENT_ENTRIES;
  const { parsed } = generated(n);
  const store = new PackedEntryStore(uri, prepareChunk(parsed.entries, db), db);
  const first = store.entry(7);
  const copies = Array.from({ length: n }, (_, i) => structuredClone(store.entry(i)));
  assert.ok(store.builtCount <= 2 * RECENT_ENTRIES, `kept ${store.builtCount} built entries`);
  // Entry 7 was dropped long ago: built again, it is a new object with the same content and paper.
  const again = store.entry(7);
  assert.notEqual(again, first);
  assert.deepEqual(again, copies[7]);
  assert.equal(again.paper?.id, 'he2016deep');
  // One asked for again and again stays the same object while others come and go.
  const hot = store.entry(1);
  for (let i = 0; i < n; i++) { store.entry(i); assert.equal(store.entry(1), hot); }
});

test('a file sent with its keys first resolves and completes keys at once, and searches titles once its ranges arrive', () => {
  const db = sampleDb();
  const index = new CitationIndex(db);
  const { parsed } = generated(25);
  const generation = index.beginFile(uri, 'bib', { length: 10, lineStarts: Int32Array.of(0, 5) }, []);
  assert.ok(index.addPrepared(uri, generation, prepareKeys(parsed.entries, db)));
  assert.deepEqual(index.size(), { bundled: db.papers.length, user: 25, files: 1, catalog: 0, online: 0, preparing: 25 });
  assert.equal(index.resolve('gen12key')?.key, 'gen12key');
  assert.equal(index.search('gen12', 5).results[0]?.entry.key, 'gen12key');
  // Before its range arrives an entry's paper is not known: its brief is the whole entry (matched by arXiv id).
  assert.equal(index.search('gen7key', 5).results[0]?.brief().paper?.id, 'he2016deep');
  assert.equal(index.search('quixotic', 5).results.length, 0, 'titles are not searchable yet');
  const keysOnly = index.memoryBytes();
  assert.ok(index.addRange(uri, generation, prepareRange(parsed.entries, 0, 10, db)));
  assert.equal(index.size().preparing, 15);
  assert.ok(index.addRange(uri, generation, prepareRange(parsed.entries, 10, 25, db)));
  assert.equal(index.size().preparing, 0);
  // The key-only structures are gone from the search and from the chunk that brought them.
  const done = index.memoryBytes();
  assert.ok(done.packed - keysOnly.packed < 100, `packed grew by ${done.packed - keysOnly.packed} bytes`);
  assert.ok(done.search > keysOnly.search, 'full structures replaced the key-only ones');
  const hits = index.search('quixotic', 50).results.map((h) => h.entry.key);
  assert.equal(hits.length, 23, 'the 24 generated titles, gen3key (defined twice) once');
  assert.equal(index.search('gen12', 5).results.filter((h) => h.entry.key === 'gen12key').length, 1, 'no duplicate from the key-only segment');
  assert.equal(index.findInFiles(db.byKey('he2016deep')!)[0]?.key, 'gen7key');
  assert.equal(index.lineOf(uri, 7), 2, 'positions from line starts, without the text');
  assert.equal(index.fileText(uri), undefined);
});

test('chunks and ranges for an older version of a file are dropped', () => {
  const db = sampleDb();
  const index = new CitationIndex(db);
  const { parsed } = generated(12);
  const old = index.beginFile(uri, 'bib', '', []);
  const current = index.beginFile(uri, 'bib', '', []);
  assert.equal(index.addPrepared(uri, old, prepareKeys(parsed.entries, db)), false);
  assert.ok(index.addPrepared(uri, current, prepareKeys(parsed.entries, db)));
  index.removeFile(uri);
  assert.equal(index.addRange(uri, current, prepareRange(parsed.entries, 0, 12, db)), false);
  assert.equal(index.resolve('gen1key'), undefined);
});

test('a prepared segment stores entry ids and token ranks in 16 bits when they fit', () => {
  const { parsed } = generated(300);
  const { segment } = prepareChunk(parsed.entries, sampleDb());
  assert.ok(segment.post instanceof Uint16Array);
  assert.ok(segment.fwdTok instanceof Uint16Array);
  // Every entry's forward list names real vocabulary ranks.
  const vocabSize = segment.vocab.starts.length - 1;
  assert.ok(segment.fwdTok.length > 300 && segment.fwdTok.every((r) => r < vocabSize));
});

test('a chunk with its packed entries in shared memory reads the same, and only its own buffers are transferred', () => {
  const db = sampleDb();
  const { parsed } = generated(40);
  const plain = prepareKeys(parsed.entries, db);
  const shared = withSharedPacked(plain);
  assert.ok(shared.packed.pool.buffer instanceof SharedArrayBuffer);
  assert.ok(shared.packed.ints.buffer instanceof SharedArrayBuffer);
  const a = new PackedEntryStore(uri, plain, db), b = new PackedEntryStore(uri, shared, db);
  for (const i of [0, 5, 7, 39]) assert.deepEqual(b.entry(i), a.entry(i));
  assert.deepEqual(b.idsOfKey('müller2020café'), [5]);
  // Shared buffers cannot be (and need not be) in a transfer list; the others still move.
  const transfer = chunkTransferables(shared);
  assert.ok(transfer.length > 0 && transfer.every((t) => t instanceof ArrayBuffer));
  assert.ok(!transfer.includes(shared.packed.pool.buffer as never));
});

test('forEachPaper lists the entries that are database papers, as paper(i) does, with papers from the worker or matched anew', () => {
  const db = sampleDb();
  const { parsed } = generated(30);
  const viaPaper = (store: PackedEntryStore) => Array.from({ length: store.size }, (_, i) => [store.paper(i)?.id, i] as const).filter(([id]) => id !== undefined);
  const viaScan = (store: PackedEntryStore) => { const out: Array<readonly [string, number]> = []; store.forEachPaper((p, i) => out.push([p.id, i])); return out; };
  // Prepared against this database: its paper ids are used as they are.
  const trusted = new PackedEntryStore(uri, prepareChunk(parsed.entries, db), db);
  assert.deepEqual(viaScan(trusted), [['he2016deep', 7]]);
  assert.deepEqual(viaScan(trusted), viaPaper(trusted));
  // Prepared against another database (one paper fewer): papers are matched again from the entries.
  const other = loadPaperDb((sampleJson() as Array<{ id: string }>).filter((p) => p.id !== 'vaswani2017attention')).db;
  assert.equal(other.papers.length, db.papers.length - 1);
  const rematched = new PackedEntryStore(uri, prepareChunk(parsed.entries, other), db);
  assert.deepEqual(viaScan(rematched), [['he2016deep', 7]]);
  assert.deepEqual(viaScan(rematched), viaPaper(rematched));
});

// The quick key scan of big .bib files (a first version of the file until the reader's entries
// arrive): it must find the keys the reader finds, and its chunk must behave like any other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeBibBytes, parseBib } from '../../server/src/core/bibParser';
import { scanKeys } from '../../server/src/core/bibKeyScan';
import { packKeys, unpackEntries } from '../../server/src/core/packedEntries';
import { PackedEntryStore, prepareScannedKeys } from '../../server/src/core/preparedEntries';
import { ownKeys } from '../../server/src/core/search';
import { loadPaperDb } from '../../server/src/core/paperDb';
import { detailLine } from '../../server/src/core/render';
import { committedBibs } from '../bibCorpus';

test('on every committed real .bib, trait file and a synthetic one, the scan finds the keys the reader finds, in the same order', () => {
  // The real files that may not be committed get the same check in test/sharedMaterial.
  const bibs = committedBibs();
  assert.ok(bibs.length >= 5, bibs.map((b) => b.name).join(', '));
  for (const { name, text } of bibs) {
    const scanned = scanKeys(decodeBibBytes(Buffer.from(text, 'utf8')).text);
    // The reader drops later duplicates (reporting them); searches show a key once, so compare sets in order of first sight.
    const firstSeen = [...new Set(scanned.keys)];
    assert.deepEqual(firstSeen, parseBib(text).entries.map((e) => e.key), name);
  }
});

test('entries start at a line (after indentation); @string, @preamble and @comment are not entries', () => {
  const text = [
    '@String{jmlr = "JMLR"}',
    '@preamble{"\\newcommand{\\x}{y}"}',
    '@comment{ignore me}',
    '  @Article{indented2020,',
    '  title = {Mail me at someone@example.org}}',
    '@misc( paren2021 , title = "Parens")',
    '@misc{nocomma2022}',
    'text before @misc{midline2023, title = {Left to the reader}}',
    '@misc{ =broken, title = {No key}}',
    '@misc{title = {A field, not a key}}',
    '@inproceedings{caf\u00e92019\u00fcber,\r\n title = {CRLF and accents}}',
  ].join('\n');
  const s = scanKeys(text);
  assert.deepEqual(s.keys, ['indented2020', 'paren2021', 'nocomma2022', 'caf\u00e92019\u00fcber']);
  assert.deepEqual(s.types, ['article', 'misc', 'misc', 'inproceedings']);
  assert.equal(text.slice(s.starts[0], s.starts[0] + 8), '@Article');
  assert.equal(text.slice(s.keyStarts[3], s.keyStarts[3] + s.keys[3].length), 'caf\u00e92019\u00fcber');
  // The reader agrees on these four, and finds the mid-line entry the scan leaves to it.
  assert.deepEqual(parseBib(text).entries.map((e) => e.key), ['indented2020', 'paren2021', 'nocomma2022', 'midline2023', 'caf\u00e92019\u00fcber']);
});

test('nothing in, nothing out: empty text, no entries, a lone @', () => {
  for (const t of ['', 'just prose', '@', '@\n', '@misc', '@misc{']) assert.deepEqual(scanKeys(t).keys, [], JSON.stringify(t));
});

test('scanned keys pack into entries with a type, a key, spans and no fields', () => {
  const text = '@article{sch\u00f6n2020,\n title={x}}\n@misc{plain2021, title={y}}\n';
  const s = scanKeys(text);
  const back = unpackEntries(packKeys(s.types, s.keys, s.starts, s.keyStarts));
  assert.deepEqual(back, [
    { type: 'article', key: 'sch\u00f6n2020', keySpan: { start: 9, end: 18 }, span: { start: 0, end: 18 }, fields: {} },
    { type: 'misc', key: 'plain2021', keySpan: { start: 38, end: 47 }, span: { start: 32, end: 47 }, fields: {} },
  ]);
});

test('a chunk of scanned keys finds its entries by key and is marked incomplete', () => {
  const db = loadPaperDb(JSON.parse(readFileSync('server/data/papers.json', 'utf8'))).db;
  const text = Array.from({ length: 300 }, (_, i) => `@misc{key${i},\n title = {T${i}}}\n`).join('');
  const chunk = prepareScannedKeys(scanKeys(text), db);
  assert.equal(chunk.complete, false);
  const store = new PackedEntryStore('file:///big.bib', chunk, db);
  assert.equal(store.size, 300);
  assert.deepEqual(store.idsOfKey('key123'), [123]);
  assert.deepEqual(store.idsOfKey('key1234'), []);
  assert.equal(store.entry(7).key, 'key7');
  assert.deepEqual(store.entry(7).fields ?? {}, {});
  // Cards say why the title is missing, rather than that the entry has none.
  assert.equal(store.entry(7).pending, true);
  assert.equal(detailLine(store.entry(7)), '(still reading its file…)');
});

test('own copies of keys: equal strings (lowercased when asked), for ASCII and other keys alike', () => {
  assert.deepEqual(ownKeys([], true), []);
  assert.deepEqual(ownKeys(['He2016Deep', 'vaswani2017attention'], true), ['he2016deep', 'vaswani2017attention']);
  assert.deepEqual(ownKeys(['He2016Deep', 'Schr\u00f6der2020', '\u674e2021'], false), ['He2016Deep', 'Schr\u00f6der2020', '\u674e2021']);
  assert.deepEqual(ownKeys(['Schr\u00d6der2020'], true), ['schr\u00f6der2020']);
});

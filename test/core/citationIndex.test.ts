import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CitationIndex, parseBibNames } from '../../server/src/core/citationIndex';
import { namesOf } from '../../server/src/core/bibEntries';
import type { IndexedEntry } from '../../server/src/core/model';
import { bib, refs, refsUri, sampleDb, sampleIndex } from './sampleIndex';

/** "key <- source" for a resolved entry, or "-" when unresolved. */
function where(e: IndexedEntry | undefined): string {
  if (!e) return '-';
  return `${e.key} <- ${e.source.kind === 'bundled' ? 'bundled' : e.source.uri.replace('file:///ws/', '')}`;
}

const other = bib([
  { key: 'smith2020local', fields: { title: 'The Other Definition', author: 'Smith, J.', year: '2021' } },
  { key: 'kingma2015adam', fields: { title: 'Adam: A Method for Stochastic Optimization', author: 'Kingma, Diederik P. and Ba, Jimmy', year: '2015', note: 'my copy' } },
]);

function withTwoFiles(): CitationIndex {
  const index = sampleIndex({ withRefs: true });
  index.setParsedBib('file:///ws/other.bib', other.text, other.parsed);
  return index;
}

test('resolution order: the document\'s bibliographies, other files, canonical key, alias; never nicknames', () => {
  const index = withTwoFiles();
  assert.equal(where(index.resolve('smith2020local', ['file:///ws/other.bib'])), 'smith2020local <- other.bib');
  assert.equal(where(index.resolve('smith2020local', [refsUri])), 'smith2020local <- refs.bib');
  assert.equal(where(index.resolve('smith2020local')), 'smith2020local <- refs.bib');
  assert.equal(where(index.resolve('kingma2015adam')), 'kingma2015adam <- other.bib');
  assert.equal(where(index.resolve('he2016deep', [refsUri])), 'he2016deep <- bundled');
  assert.equal(where(index.resolve('kingma2014adam')), 'kingma2015adam <- bundled');
  assert.equal(where(index.resolve('ResNet')), '-');
  assert.equal(where(index.resolve('resnet')), '-');
});

test('a user entry is linked to the database paper it is, by title, arXiv id or DOI', () => {
  const index = sampleIndex({ withRefs: true });
  assert.equal(index.resolve('He.Zhang.Ren.ea.2016')?.paper?.id, 'he2016deep');
  assert.equal(index.resolve('smith2020local')?.paper, undefined);
  const b = bib([
    { key: 'byArxiv', fields: { title: 'Something else', eprint: '1706.03762v2', archiveprefix: 'arXiv' } },
    { key: 'byDoi', fields: { title: 'Mastering Go', doi: 'https://doi.org/10.1038/NATURE16961' } },
    { key: 'byUrl', fields: { title: 'x', url: 'https://arxiv.org/abs/1406.2661' } },
    { key: 'byJournal', fields: { title: 'y', journal: 'arXiv preprint arXiv:1810.04805' } },
  ]);
  index.setParsedBib('file:///ws/b.bib', b.text, b.parsed);
  assert.deepEqual(['byArxiv', 'byDoi', 'byUrl', 'byJournal'].map((k) => index.resolve(k)?.paper?.id),
    ['vaswani2017attention', 'silver2016mastering', 'goodfellow2014generative', 'devlin2019bert']);
});

test('keyDefinitionsElsewhere lists the other files that write a key; findInFiles finds the user\'s copy of a paper', () => {
  const index = withTwoFiles();
  const elsewhere = index.keyDefinitionsElsewhere('smith2020local', refsUri);
  assert.deepEqual(elsewhere.map((d) => d.uri), ['file:///ws/other.bib']);
  assert.equal(other.text.slice(elsewhere[0].keySpan.start, elsewhere[0].keySpan.end), 'smith2020local');
  assert.deepEqual(index.keyDefinitionsElsewhere('smith2020local', 'file:///ws/other.bib').map((d) => d.uri), [refsUri]);
  assert.deepEqual(index.keyDefinitionsElsewhere('he2016deep', refsUri), []);
  const resnet = index.db.byKey('he2016deep')!;
  assert.deepEqual(index.findInFiles(resnet).map((e) => e.key), ['He.Zhang.Ren.ea.2016']);
  assert.deepEqual(index.findInFiles(resnet, ['file:///ws/other.bib']).map((e) => e.key), []);
});

test('removing or replacing a file drops its entries from resolution and search', () => {
  const index = withTwoFiles();
  assert.deepEqual(index.size(), { bundled: 9, user: 4, files: 2, catalog: 0, online: 0, preparing: 0 });
  index.removeFile(refsUri);
  assert.equal(where(index.resolve('smith2020local')), 'smith2020local <- other.bib');
  assert.deepEqual(index.search('nobody', 5).results.map((h) => h.entry.key), []);
  const replaced = bib([{ key: 'new2022', fields: { title: 'Fresh Local Entry' } }]);
  index.setParsedBib('file:///ws/other.bib', replaced.text, replaced.parsed);
  assert.equal(index.resolve('smith2020local'), undefined);
  assert.deepEqual(index.search('fresh', 5).results.map((h) => h.entry.key), ['new2022']);
  assert.deepEqual(index.size(), { bundled: 9, user: 1, files: 1, catalog: 0, online: 0, preparing: 0 });
});

test('setBibFile skips unchanged text and reparses changed text', () => {
  const index = new CitationIndex(sampleDb());
  const text = '@article{a1, title = {First}}\n';
  index.setBibFile('file:///ws/x.bib', text);
  const first = index.resolve('a1');
  index.setBibFile('file:///ws/x.bib', `${text}`);
  assert.equal(index.resolve('a1'), first, 'unchanged text keeps the same entry objects');
  index.setBibFile('file:///ws/x.bib', '@article{a2, title = {Second}}\n');
  assert.equal(index.resolve('a1'), undefined);
  assert.equal(index.resolve('a2')?.title, 'Second');
});

test('lineOf gives 1-based lines of entry starts', () => {
  const index = sampleIndex({ withRefs: true });
  const e = index.resolve('smith2020local')!;
  assert.equal(e.source.kind, 'bib');
  if (e.source.kind !== 'bib') return;
  assert.equal(index.lineOf(refsUri, e.source.span.start), refs.text.slice(0, e.source.span.start).split('\n').length);
  assert.equal(index.lineOf(refsUri, 0), 1);
});

test('CSL-JSON files are indexed; broken JSON is a problem, not an exception', () => {
  const index = new CitationIndex(sampleDb());
  const problems = index.setCslJsonFile('file:///ws/refs.json', JSON.stringify([
    { id: 'Vaswani2017', type: 'paper-conference', title: 'Attention is all you need', author: [{ family: 'Vaswani', given: 'Ashish' }], issued: { 'date-parts': [[2017]] } },
  ]));
  assert.deepEqual(problems, []);
  assert.equal(index.resolve('Vaswani2017')?.paper?.id, 'vaswani2017attention');
  const bad = index.setCslJsonFile('file:///ws/bad.json', '[{"id": "x",');
  assert.equal(bad.length, 1);
  assert.equal(bad[0].code, 'csl-json-syntax');
});

test('BibTeX names: "Last, First", "First von Last", braces and "others"', () => {
  assert.deepEqual(parseBibNames('He, Kaiming and Jian Sun and Ludwig van Beethoven and {Google Brain Team} and others'), [
    { family: 'He', given: 'Kaiming' },
    { family: 'Sun', given: 'Jian' },
    { family: 'van Beethoven', given: 'Ludwig' },
    { family: 'Google Brain Team' },
  ]);
});

test('BibTeX names without braces: " and " in any case and spacing, never inside a name', () => {
  assert.deepEqual(parseBibNames('He, Kaiming AND Jian\tSun aNd Ludwig  van Beethoven\n and Sandy Anderson and Others'), [
    { family: 'He', given: 'Kaiming' },
    { family: 'Sun', given: 'Jian' },
    { family: 'van Beethoven', given: 'Ludwig' },
    { family: 'Anderson', given: 'Sandy' },
  ]);
  // Three comma parts ("von Last, Jr, First"), a particle, a lone word, a no-break space and odd spacing.
  assert.deepEqual(parseBibNames('van der Berg, Jr, Anna and jean de la fontaine and Plato and  Ada\u00a0Lovelace ,  Countess '), [
    { family: 'van der Berg', given: 'Anna' },
    { family: 'de la fontaine', given: 'jean' },
    { family: 'Plato' },
    { family: 'Ada Lovelace', given: 'Countess' },
  ]);
  // Braces in one name of the list: commas and " and " inside braces belong to that name only.
  assert.deepEqual(parseBibNames('{Barnes and Noble, Inc.} and Smith, John and Mary {de Souza} Lima and {\\"O}zil, Mesut'), [
    { family: 'Barnes and Noble, Inc.' },
    { family: 'Smith', given: 'John' },
    { family: 'Lima', given: 'Mary de Souza' },
    { family: 'Özil', given: 'Mesut' },
  ]);
  // A letter whose lowercase is longer (İ) must not shift where the list is cut.
  assert.deepEqual(parseBibNames('İlker Yıldız and Ada Lovelace'), [
    { family: 'Yıldız', given: 'İlker' },
    { family: 'Lovelace', given: 'Ada' },
  ]);
});

test('a long author list is parsed once and shared (frozen) by the entries that hold it; short lists are parsed each time', () => {
  const list = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `Aut{\\'e}ur${tag}${i}, Given ${i}`).join(' and ');
  const long = list(451, 'x');
  const first = namesOf(long);
  assert.deepEqual(first, parseBibNames(long));
  assert.equal(first.length, 451);
  assert.equal(first[0].family, 'Autéurx0');
  // An equal text from elsewhere (another entry, a rebuilt entry) gets the same parsed list.
  assert.equal(namesOf(list(451, 'x')), first);
  assert.ok(Object.isFrozen(first) && Object.isFrozen(first[0]));
  const short = 'He, Kaiming and Sun, Jian';
  assert.notEqual(namesOf(short), namesOf(short));
  assert.deepEqual(namesOf(short), parseBibNames(short));
  // Kept lists are bounded: after many other long lists the first is parsed again (equal, not the same).
  for (let k = 0; k < 70; k++) namesOf(list(200, `k${k}`));
  const again = namesOf(long);
  assert.notEqual(again, first);
  assert.deepEqual(again, first);
  // A lone surrogate cannot be copied as a key: such a list is parsed as it is, each time.
  const odd = `${long} and Lone\uD800 Name`;
  assert.deepEqual(namesOf(odd), parseBibNames(odd));
});

test('search through the index shows each key once and prefers the document\'s bibliography on ties', () => {
  const index = withTwoFiles();
  const r = index.search('smith', 5, ['file:///ws/other.bib']);
  assert.deepEqual(r.results.map((h) => where(h.entry)), ['smith2020local <- other.bib']);
});

test('keys a file shares with other files, in file order, whichever side is bigger', () => {
  const index = new CitationIndex(sampleDb());
  const big = bib(Array.from({ length: 300 }, (_, i) => ({ key: i === 40 ? 'shared2020b' : i === 250 ? 'shared2020a' : `big${i}`, fields: { title: `Big ${i}` } })));
  const small = bib([{ key: 'shared2020a', fields: { title: 'A' } }, { key: 'alone2021', fields: { title: 'B' } }, { key: 'shared2020b', fields: { title: 'C' } }]);
  index.setParsedBib('file:///ws/big.bib', big.text, big.parsed);
  index.setParsedBib('file:///ws/small.bib', small.text, small.parsed);
  // The big file's side walks the small file's three keys; the small file's side walks its own.
  const inBig = index.keysDefinedElsewhere('file:///ws/big.bib');
  assert.deepEqual(inBig.map((k) => k.key), ['shared2020b', 'shared2020a']);
  assert.equal(big.text.slice(inBig[0].keySpan.start, inBig[0].keySpan.end), 'shared2020b');
  assert.deepEqual(index.keysDefinedElsewhere('file:///ws/small.bib').map((k) => k.key), ['shared2020a', 'shared2020b']);
  assert.deepEqual(index.keysDefinedElsewhere('file:///ws/none.bib'), []);
  // A limit keeps the first in file order, on either side.
  assert.deepEqual(index.keysDefinedElsewhere('file:///ws/big.bib', 1).map((k) => k.key), ['shared2020b']);
  assert.deepEqual(index.keysDefinedElsewhere('file:///ws/small.bib', 1).map((k) => k.key), ['shared2020a']);
});

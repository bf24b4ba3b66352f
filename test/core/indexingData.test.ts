// The plain-data pieces of indexing at scale: packed entries (worker → server thread, and the
// database cache) and arXiv JSON-lines records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBib } from '../../server/src/core/bibParser';
import { packEntries, unpackEntries } from '../../server/src/core/packedEntries';
import { arxivYear, recordToEntry, scholarKey, splitArxivAuthors } from '../../server/src/core/arxivRecords';
import { readFileSync } from 'node:fs';
import type { Paper } from '../../server/src/core/model';

const bib = `@string{jmlr = "Journal of Machine Learning Research"}
@article{a2020x, title = {Caf{\\'e} Models}, author = {M{\\"u}ller, Anna and Doe, J.}, journal = jmlr, year = 2020}
@misc{emoji🎉, title = "Emoji 🎉 keys", __proto__ = {not the prototype}}
@book{empty2019,}
`;

test('packed entries unpack to the same entries, in order, __proto__ fields included', () => {
  const parsed = parseBib(bib);
  const packed = packEntries(parsed.entries);
  assert.equal(packed.count, 3);
  const back = unpackEntries(packed);
  assert.deepEqual(back, parsed.entries);
  assert.equal(Object.getPrototypeOf(back[1].fields), Object.prototype);
  assert.equal(back[1].fields.__proto__, 'not the prototype');
});

test('packing keeps one copy of each type and field name', () => {
  const packed = packEntries(parseBib(bib).entries);
  assert.deepEqual([...packed.names].sort(), ['__proto__', 'article', 'author', 'book', 'journal', 'misc', 'title', 'year']);
});

test('an empty list packs and unpacks to an empty list', () => {
  assert.deepEqual(unpackEntries(packEntries([])), []);
});

const line = (o: unknown) => JSON.stringify(o);

test('an arXiv record becomes an article with a Scholar-style key, BibTeX names, year from the id, eprint and DOI', () => {
  const used = new Set<string>();
  const r = recordToEntry(line({ id: '1706.03762', title: 'Attention Is All You Need', authors: 'Ashish Vaswani, Noam Shazeer and Niki Parmar', categories: 'cs.CL cs.LG', doi: 'https://doi.org/10.5555/ABC', update_date: '2023-08-02', abstract: 'long' }), 0, used);
  assert.ok(r && 'entry' in r);
  const e = r.entry;
  assert.equal(e.key, 'vaswani2017attention');
  assert.equal(e.type, 'article');
  assert.deepEqual(e.fields, {
    title: 'Attention Is All You Need',
    author: 'Vaswani, Ashish and Shazeer, Noam and Parmar, Niki',
    year: '2017',
    eprint: '1706.03762',
    archiveprefix: 'arXiv',
    primaryclass: 'cs.CL',
    doi: '10.5555/abc',
  });
});

test('the snapshot\'s "journal-ref" becomes the journal (the older identifier spelling too)', () => {
  const r = recordToEntry(line({ id: '1512.03385', title: 'Deep Residual Learning for Image Recognition', authors: 'Kaiming He', 'journal-ref': 'CVPR 2016,\n pp. 770-778' }), 0, new Set());
  assert.ok(r && 'entry' in r);
  assert.equal(r.entry.fields.journal, 'CVPR 2016, pp. 770-778');
  const old = recordToEntry(line({ id: '1512.03385', title: 'Deep Residual Learning', journal_ref: 'CVPR 2016' }), 0, new Set());
  assert.ok(old && 'entry' in old);
  assert.equal(old.entry.fields.journal, 'CVPR 2016');
  const none = recordToEntry(line({ id: '1512.03385', title: 'Deep Residual Learning', 'journal-ref': null }), 0, new Set());
  assert.ok(none && 'entry' in none);
  assert.equal(none.entry.fields.journal, undefined);
});

test('authors_parsed wins over the authors string; accents fold in the key', () => {
  const r = recordToEntry(line({ id: 'math/0309136', title: 'The Über-Theorem of Things', authors: 'ignored', authors_parsed: [['Gödel', 'Kurt', ''], ['Noether', 'Emmy', '']] }), 0, new Set());
  assert.ok(r && 'entry' in r);
  assert.equal(r.entry.key, 'godel2003uber');
  assert.equal(r.entry.fields.author, 'Gödel, Kurt and Noether, Emmy');
});

test('a repeated key gets the arXiv id appended, so keys stay unique', () => {
  const used = new Set<string>();
  const a = recordToEntry(line({ id: '2001.00001', title: 'Deep Nets', authors: 'A. Smith' }), 0, used);
  const b = recordToEntry(line({ id: '2001.00002', title: 'Deep Nets', authors: 'B. Smith' }), 1, used);
  assert.ok(a && 'entry' in a && b && 'entry' in b);
  assert.equal(a.entry.key, 'smith2020deep');
  assert.equal(b.entry.key, 'smith2020deep:2001.00002');
});

test('broken and incomplete lines give problems, blank lines nothing; nothing throws', () => {
  const used = new Set<string>();
  assert.equal(recordToEntry('   ', 3, used), undefined);
  const broken = recordToEntry('{"id": ', 4, used);
  assert.ok(broken && 'problem' in broken);
  assert.match(broken.problem.message, /^Line 5 is not valid JSON/);
  const noTitle = recordToEntry(line({ id: '1234.5678' }), 5, used);
  assert.ok(noTitle && 'problem' in noTitle);
  assert.equal(noTitle.problem.code, 'database-record');
  assert.ok(recordToEntry('null', 6, used) && 'problem' in recordToEntry('null', 6, used)!);
});

test('arXiv years and author lists', () => {
  assert.equal(arxivYear('1512.03385'), 2015);
  assert.equal(arxivYear('cs/9912017'), 1999);
  assert.equal(arxivYear('not-an-id'), undefined);
  assert.deepEqual(splitArxivAuthors('A. One, B. Two (MIT, Harvard) and C. Three'), ['A. One', 'B. Two (MIT, Harvard)', 'C. Three']);
  assert.deepEqual(splitArxivAuthors('Solo Author'), ['Solo Author']);
  assert.equal(scholarKey('van der Berg', 2021, 'On the Old-Style Things'), 'berg2021old');
});

test('JSON-lines database keys follow the same rule as the bundled database keys', () => {
  // scripts/build-db.mjs computes the bundled keys; arxivRecords.scholarKey the keys of big databases.
  // They must agree, or the same paper would get two keys depending on where it came from.
  const papers = JSON.parse(readFileSync('server/data/papers.json', 'utf8')) as Paper[];
  const differ = papers.filter((p) => {
    const k = scholarKey(p.author[0].family ?? p.author[0].literal ?? '', Number(p.issued!['date-parts']![0][0]), p.title);
    return p.id !== k && !new RegExp(`^${k}[a-z]$`).test(p.id);
  }).map((p) => p.id);
  assert.deepEqual(differ, []);
});

test('packed entries with non-ASCII text in keys and values unpack unchanged', () => {
  const parsed = parseBib('@misc{schröder2020über, title = {Über 𝔘nicode — “quotes”}, author = {Schröder, Jörg and 李, 雷}}\n@misc{plain, title = {Plain}}\n@misc{lone, note = {a \ud800 b}, title = {after 🎉 the lone one}}\n');
  const back = unpackEntries(packEntries(parsed.entries));
  assert.deepEqual(back.slice(0, 2), parsed.entries.slice(0, 2));
  // TextEncoder writes a lone surrogate as U+FFFD; everything after it keeps its place.
  assert.equal(back[2].fields.note, 'a \ufffd b');
  assert.equal(back[2].fields.title, 'after 🎉 the lone one');
});

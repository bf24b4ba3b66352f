import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeBibBytes, parseBib } from '../../server/src/core/bibParser';
import type { BibParseResult } from '../../server/src/core/model';
import { fixture } from '../fixture';
import { assertLoadsCompletely, duplicateKeysOf, realBibDir, styleBibs } from '../bibCorpus';
import { syntheticBib } from '../syntheticBib';

const FIXTURES = 'test/fixtures/bib';

function load(name: string): { text: string; r: BibParseResult } {
  const text = readFileSync(join(FIXTURES, name), 'utf8');
  return { text, r: parseBib(text) };
}
/** Entries as `type:key`, problems as `severity: message [text at span]`. */
function entries(r: BibParseResult): string[] {
  return r.entries.map((e) => `${e.type}:${e.key}`);
}
function problems(text: string, r: BibParseResult): string[] {
  return r.problems.map((p) => `${p.severity}: ${p.message} [${text.slice(p.span.start, p.span.end)}]`);
}

test('fields: names lowercased, outer delimiters removed, inner TeX kept, numbers kept', () => {
  const { text, marked } = fixture(`@Article{<<he2016deep>>,
  Title = {Deep Residual {L}earning with \\"{o}},
  AUTHOR = "He, Kaiming and {Zhang}, Xiangyu",
  year = 2016,
}`);
  const r = parseBib(text);
  assert.deepEqual(r.problems, []);
  assert.equal(r.entries.length, 1);
  const e = r.entries[0];
  assert.equal(e.type, 'article');
  assert.deepEqual(e.keySpan, marked[0]);
  assert.deepEqual(e.span, { start: 0, end: text.length });
  assert.deepEqual(e.fields, { title: 'Deep Residual {L}earning with \\"{o}', author: 'He, Kaiming and {Zhang}, Xiangyu', year: '2016' });
});

test('@string macros (case-insensitive), # concatenation without spaces, month macros, parentheses', () => {
  const { text, r } = load('strings.bib');
  assert.deepEqual(entries(r), ['article:paren2020', 'unknown:custom1', 'article:empty', 'article:ok']);
  assert.deepEqual(r.entries[0].fields, {
    author: 'Ada Lovelace and Charles Babbage', journal: 'Journal of Machine Learning Research',
    month: 'June', year: '2020', publisher: 'unknownpub',
  });
  assert.deepEqual(r.strings, { jmlr: 'Journal of Machine Learning Research', and: ' and ', first: 'Ada Lovelace' });
  assert.deepEqual(r.entries[1].fields, { title: 'Kept as an entry' });
  assert.deepEqual(problems(text, r), [
    "warning: Undefined @string macro 'unknownpub'. [unknownpub]",
    "error: Entry '@article' has no key; it is skipped. [@article{]",
  ]);
});

test('a file @string overrides a month macro; an empty @string is defined', () => {
  const r = parseBib('@string{jun = "Juni"}@string{e = ""}@misc{k, month = jun, note = e # "x"}');
  assert.deepEqual(r.entries[0].fields, { month: 'Juni', note: 'x' });
  assert.deepEqual(r.problems, []);
});

test('an entry that never closes ends before the next entry, which still loads', () => {
  const { text, r } = load('unclosed-entry.bib');
  assert.deepEqual(entries(r), ['article:good1', 'article:smith2020', 'inproceedings:good2']);
  assert.deepEqual(problems(text, r), ["error: Entry 'smith2020' is missing a closing brace; it ends at line 8. [@article{smith2020]"]);
  const broken = r.entries[1];
  assert.deepEqual(broken.fields, { title: 'Never closed', year: '2021' });
  assert.ok(text.slice(broken.span.start, broken.span.end).endsWith('year = 2021,'));
});

test('a value with an unbalanced brace loses that field only; the next entry loads', () => {
  const { text, r } = load('unclosed-value.bib');
  assert.deepEqual(entries(r), ['article:good1', 'article:broken', 'book:good2']);
  assert.deepEqual(r.entries[1].fields, { author: 'Doe, Jane' });
  assert.deepEqual(problems(text, r), [
    "error: The value of field 'title' in entry 'broken' is missing a closing brace; the entry ends at line 6. [title = {]",
  ]);
});

test('a missing comma between fields is a warning and both fields are read', () => {
  const { text, r } = load('missing-comma.bib');
  assert.deepEqual(entries(r), ['article:mc', 'article:after']);
  assert.deepEqual(r.entries[0].fields, { title: 'No comma after this', year: '2020', author: 'Doe, J.' });
  assert.deepEqual(problems(text, r), ["warning: Missing comma before field 'year'. [year]"]);
});

test('% comment lines between entries and fields, @comment and free text are ignored', () => {
  const { r } = load('comments.bib');
  assert.deepEqual(entries(r), ['article:c1', 'misc:c2']);
  assert.deepEqual(r.entries[0].fields, { title: 'With comments', year: '2001' });
  assert.deepEqual(r.entries[1].fields, { note: '50\\% off' });
  assert.deepEqual(r.problems, []);
});

test('duplicate fields keep the first value; duplicate keys keep the first entry; both are reported', () => {
  const { text, r } = load('duplicates.bib');
  assert.deepEqual(entries(r), ['article:dup', 'article:other']);
  assert.equal(r.entries[0].fields.title, 'First title');
  assert.deepEqual(problems(text, r), [
    "warning: Duplicate field 'title' in entry 'dup'; the first value is kept. [title]",
    "warning: Duplicate key 'dup'; the entry at line 1 is kept and this one is ignored. [dup]",
  ]);
  assert.equal(r.problems[1].code, 'duplicate-key');
  assert.equal(r.problems[1].span.start, text.lastIndexOf('dup,'));
});

test('unexpected text in an entry is reported and reading resumes at the next field', () => {
  const text = '@misc{k, title = {A} ) junk, year = 2000}\n@misc{j, note = {ok}}';
  const r = parseBib(text);
  assert.deepEqual(entries(r), ['misc:k', 'misc:j']);
  assert.deepEqual(r.entries[0].fields, { title: 'A', year: '2000' });
  assert.deepEqual(problems(text, r), ["error: Unexpected ')' in entry 'k'. [)]"]);
});

test('a field without "=" or without a value is reported; the others are kept', () => {
  const text = '@misc{k, title {A}, note = , year = 1999}';
  const r = parseBib(text);
  assert.deepEqual(r.entries[0].fields, { year: '1999' });
  assert.deepEqual(problems(text, r), [
    "error: Expected '=' after 'title' in entry 'k'. [title]",
    "error: Missing value for field 'note' in entry 'k'. [note = ]",
  ]);
});

test('CRLF line ends, a BOM and Unicode keys and values', () => {
  const text = '\ufeff@article{müller2020,\r\n  title = {Über 😀 Ünïcödé},\r\n  year = 2020\r\n}\r\n@misc{李2021, note = {中文}}\r\n';
  const r = parseBib(text);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(entries(r), ['article:müller2020', 'misc:李2021']);
  assert.equal(r.entries[0].fields.title, 'Über 😀 Ünïcödé');
  for (const e of r.entries) assert.equal(text.slice(e.keySpan.start, e.keySpan.end), e.key);
});

test('exponential @string expansion is cut at maxExpansion with a warning', () => {
  let text = '@string{s0 = "xxxxxxxxxx"}\n';
  for (let k = 1; k <= 20; k++) text += `@string{s${k} = s${k - 1} # s${k - 1}}\n`;
  text += '@misc{k, note = s20}';
  const started = Date.now();
  const r = parseBib(text, { maxExpansion: 10_000 });
  assert.ok(Date.now() - started < 2000);
  assert.equal(r.entries[0].fields.note.length, 10_000);
  assert.ok(r.problems.length > 0);
  assert.ok(r.problems.every((p) => p.code === 'bib-expansion-limit'));
  assert.match(r.problems[0].message, /grows beyond 10000 characters through @string expansion; it was cut off/);
});

test('all expansion in a file has a budget: past it, macros stay unexpanded with one warning', () => {
  let text = '@string{s0 = "xxxxxxxxxx"}\n';
  for (let k = 1; k <= 2000; k++) text += `@string{s${k} = s${k - 1} # s${k - 1}}\n`;
  text += '@misc{k, note = s2000}';
  const started = Date.now();
  const r = parseBib(text);
  assert.ok(Date.now() - started < 3000);
  assert.equal(r.entries[0].fields.note, 's2000');
  assert.equal(r.problems.filter((p) => /Too much @string expansion/.test(p.message)).length, 1);
});

test('a 10 MB single line does not stall (linear time)', () => {
  const cases = [
    '@misc{k, note = {' + 'a{'.repeat(1_000_000) + '\n',
    '%@'.repeat(2_500_000) + '\n@misc{j}',
    '@' + 'x@'.repeat(2_500_000),
    '@misc{k,' + ' a = b #'.repeat(1_200_000),
  ];
  for (const text of cases) {
    const started = Date.now();
    const r = parseBib(text);
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    assert.ok(Array.isArray(r.entries));
  }
});

test('the committed real bibliography and the trait files load completely: entry counts, every key at its keySpan, no errors', () => {
  const iridia = readFileSync(join(realBibDir, 'iridia-references-all.bib'), 'utf8');
  const r = assertLoadsCompletely('iridia', iridia, 3305);
  assert.equal(Object.keys(r.strings).length, 1716);
  assert.deepEqual(r.problems.filter((p) => p.code === 'bib-undefined-macro'), []);
  const [zotero, refdb, cmlbib] = styleBibs.map((f) => readFileSync(f, 'utf8'));
  assertLoadsCompletely('zotero-style', zotero, 3);
  const refdbR = assertLoadsCompletely('refdb-style', refdb, 6);
  assert.deepEqual(duplicateKeysOf(refdb, refdbR).sort(), ['lecun2015deep', 'rae2021gopher']);
  assert.equal(refdbR.entries[0].fields.author.split(' and ')[0], "Alexandre d{\\'}Aspremont");
  const cmlbibR = assertLoadsCompletely('cmlbib-style', cmlbib, 4);
  assert.equal(cmlbibR.entries[3].fields.title, 'Learning with\\ Control\\ Spaces in a Title, e.g.\\ This One');
});

test('a synthetic bibliography with the traits of the real ones loads completely: macros, crossrefs, duplicates', () => {
  const s = syntheticBib(5000);
  const r = assertLoadsCompletely('syntheticBib(5000)', s.text, s.entries);
  assert.equal(Object.keys(r.strings).length, s.strings);
  assert.deepEqual(duplicateKeysOf(s.text, r), s.duplicateKeys);
  assert.deepEqual(r.problems.filter((p) => p.code !== 'duplicate-key'), []);
});

test('a Zotero-style export: bare month macros and \\: in file fields', () => {
  const text = readFileSync(styleBibs[0], 'utf8');
  const r = parseBib(text);
  const e = r.entries.find((x) => x.key === 'kingma_adam_2014');
  assert.ok(e);
  assert.equal(e.fields.month, 'June');
  assert.ok(e.fields.file.startsWith('arXiv\\:1412.6980 PDF:'));
});

test('decodeBibBytes: UTF-8, UTF-8 with BOM, Latin-1 fallback, binary detection', () => {
  const utf8 = new TextEncoder().encode('@misc{k, title = {Über}}');
  assert.deepEqual(decodeBibBytes(utf8), { text: '@misc{k, title = {Über}}', encoding: 'utf-8', binary: false });
  const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
  assert.deepEqual(decodeBibBytes(bom), { text: '@misc{k, title = {Über}}', encoding: 'utf-8-bom', binary: false });
  const latin1 = new Uint8Array([...new TextEncoder().encode('title = {'), 0xdc, 0x62, 0x65, 0x72, 0x7d]);
  assert.deepEqual(decodeBibBytes(latin1), { text: 'title = {Über}', encoding: 'latin1', binary: false });
  assert.equal(decodeBibBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00])).binary, true);
  assert.equal(decodeBibBytes(new Uint8Array(200).fill(1)).binary, true);
  // An overlong encoding and a lone surrogate are not valid UTF-8.
  assert.equal(decodeBibBytes(new Uint8Array([0xc0, 0xaf])).encoding, 'latin1');
  assert.equal(decodeBibBytes(new Uint8Array([0xed, 0xa0, 0x80])).encoding, 'latin1');
  assert.equal(decodeBibBytes(new Uint8Array([0xe2, 0x82])).encoding, 'latin1');
  assert.deepEqual(decodeBibBytes(new Uint8Array([])), { text: '', encoding: 'utf-8', binary: false });
});

test('a name like __proto__ is an ordinary field', () => {
  const r = parseBib('@misc{k, __proto__ = {x}, constructor = {y}}');
  assert.equal(Object.getPrototypeOf(r.entries[0].fields), Object.prototype);
  assert.deepEqual(Object.keys(r.entries[0].fields), ['__proto__', 'constructor']);
  assert.deepEqual(r.problems, []);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arxivKey, loadPaperDb, normalizeTitle } from '../../server/src/core/paperDb';
import { normalizeArxivId } from '../../server/src/core/refRecognizers';
import { sampleJson } from './sampleIndex';

const { db, problems } = loadPaperDb(sampleJson());

test('the sample database loads without problems', () => {
  assert.deepEqual(problems, []);
  assert.equal(db.papers.length, 9);
});

test('papers are found by canonical key and by alias, case-sensitively', () => {
  assert.equal(db.byKey('he2016deep')?.id, 'he2016deep');
  assert.equal(db.byKey('kingma2014adam')?.id, 'kingma2015adam');
  assert.equal(db.byKey('devlin2018bert')?.id, 'devlin2019bert');
  assert.equal(db.byKey('HE2016DEEP'), undefined);
  assert.equal(db.byKey('resnet'), undefined);
});

test('nicknames ignore case and punctuation', () => {
  assert.equal(db.byNickname('resnet')?.id, 'he2016deep');
  assert.equal(db.byNickname('mask r-cnn')?.id, 'he2017mask');
  assert.equal(db.byNickname('MaskRCNN')?.id, 'he2017mask');
});

test('arXiv lookups drop versions, prefixes and link forms', () => {
  for (const q of ['1512.03385', '1512.03385v3', 'arXiv:1512.03385', 'https://arxiv.org/abs/1512.03385v1', 'arxiv.org/pdf/1512.03385.pdf']) {
    assert.equal(db.byArxiv(q)?.id, 'he2016deep', q);
  }
  assert.equal(db.byArxiv('1512.99999'), undefined);
});

test('DOI lookups are case-insensitive and accept resolver links', () => {
  assert.equal(db.byDoi('10.1109/cvpr.2016.90')?.id, 'he2016deep');
  assert.equal(db.byDoi('https://doi.org/10.1109/CVPR.2016.90')?.id, 'he2016deep');
  assert.equal(db.byDoi('doi:10.18653/v1/N19-1423')?.id, 'devlin2019bert');
});

test('titles compare after normalisation', () => {
  assert.equal(normalizeTitle('Mask R-CNN'), 'maskrcnn');
  assert.equal(db.byTitle('{Deep Residual Learning} for image recognition.')?.id, 'he2016deep');
});

test('resolveAny takes what `ml-papers show` takes', () => {
  assert.deepEqual(['he2016deep', 'kingma2014adam', 'ResNet', '1706.03762v5', '10.1038/NATURE16961', 'nope'].map((q) => db.resolveAny(q)?.id ?? '-'),
    ['he2016deep', 'kingma2015adam', 'he2016deep', 'vaswani2017attention', 'silver2016mastering', '-']);
});

test('problems name the item and the field; broken items are dropped, the rest load', () => {
  const items = [
    { id: 'ok2020', type: 'article', title: 'Fine', author: [{ family: 'A' }], custom: { summary: 's' } },
    { id: 'noauthor2020', type: 'article', title: 'T', author: [{ given: 'X' }], custom: { summary: 's' } },
    { id: 'partly2020', type: 'article', title: 'T2', author: [{ family: 'B' }, { given: 'Y' }], custom: { summary: 's', arxiv: 'not-an-id', nicknames: 'X', code: [{ url: 'ftp://x' }], related: [{ key: 'missing', relation: 'builds on' }] } },
    'junk',
    { id: 'ok2020', type: 'article', title: 'Dup', author: [{ family: 'C' }], custom: { summary: 's' } },
    { id: 'nosummary', title: 'T3', author: [{ family: 'D' }] },
  ];
  const r = loadPaperDb(items);
  assert.deepEqual(r.db.papers.map((p) => p.id), ['ok2020', 'partly2020']);
  assert.deepEqual(r.problems, [
    'papers.json item 1 (noauthor2020): author[0].family is missing',
    'papers.json item 2 (partly2020): author[1].family is missing',
    'papers.json item 2 (partly2020): custom.arxiv is not an arXiv id: "not-an-id"',
    'papers.json item 2 (partly2020): custom.nicknames is not a list of strings',
    'papers.json item 2 (partly2020): custom.code[0] needs an http(s) url and a boolean official',
    'papers.json item 3: not an object',
    'papers.json item 5 (nosummary): custom is missing',
    'papers.json: duplicate id ok2020; the later item is dropped',
    'papers.json (partly2020): custom.related key missing does not resolve',
  ]);
  assert.equal(r.db.papers[1].author.length, 1);
  assert.equal(r.db.papers[1].custom.arxiv, undefined);
});

test('a database that is not an array is one problem, not an exception', () => {
  const r = loadPaperDb({ papers: [] });
  assert.equal(r.db.papers.length, 0);
  assert.equal(r.problems.length, 1);
});

test('a valid item becomes its paper as it is; a fixed one is a copy, and the input is never modified', () => {
  const valid = { id: 'ok2020', type: 'article', title: 'Fine', author: [{ family: 'A' }], custom: { summary: 's', arxiv: '2001.00001', code: [{ url: 'https://x', official: true }] } };
  const fixable = { id: 'fix2020', title: 'T', author: [{ family: 'B' }, { given: 'Y' }], custom: { summary: 's', arxiv: 'arXiv:2001.00002v2', code: [{ url: 'ftp://x' }, { url: 'https://y', official: false }], topics: 'x' } };
  const items = [valid, fixable];
  const before = structuredClone(items);
  const { db, problems } = loadPaperDb(items);
  assert.deepEqual(items, before);
  assert.equal(db.byKey('ok2020'), valid);
  const fixed = db.byKey('fix2020')!;
  assert.notEqual(fixed, fixable);
  assert.equal(fixed.type, 'article-journal');
  assert.deepEqual(fixed.author, [{ family: 'B' }]);
  assert.equal(fixed.custom.arxiv, '2001.00002');
  assert.deepEqual(fixed.custom.code, [{ url: 'https://y', official: false }]);
  assert.ok(!('topics' in fixed.custom));
  assert.equal(problems.length, 3);
});

test('arxivKey takes canonical new-style ids without the general recogniser, with the same answers', () => {
  // Every yymm with a 4- and a 5-digit number, plain (the fast path) and with a version (the recogniser).
  const mismatches: string[] = [];
  let accepted = 0;
  for (let yymm = 0; yymm <= 9999; yymm++) {
    for (const num of ['0001', '12345']) {
      const id = `${String(yymm).padStart(4, '0')}.${num}`;
      const viaRecogniser = normalizeArxivId(`${id}v2`)?.id;
      if (arxivKey(id) !== viaRecogniser) mismatches.push(id);
      if (viaRecogniser) accepted++;
    }
  }
  assert.deepEqual(mismatches, []);
  assert.ok(accepted > 1000, 'the sample holds accepted ids too');
});

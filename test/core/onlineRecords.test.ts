// The pure side of the online look-up: reading a typed reference, keys of fetched papers, the cache
// file's lines, and a fetched entry's place in the index (after the bundled database, before nothing
// of the user's) and in the hover.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyRef, keyForItem, onlineEntry, parseRecords, type OnlineRecord } from '../../server/src/core/online/records';
import { parseArxivAtom } from '../../server/src/core/online/arxivAtom';
import { parseCrossref, parseDoiCsl, parseSemanticScholar } from '../../server/src/core/online/cslAnswers';
import { hover } from '../../server/src/core/features/hover';
import { ctxOf, sampleIndex } from './sampleIndex';

test('a typed reference is an arXiv id, a DOI or a title', () => {
  assert.deepEqual(classifyRef(' https://arxiv.org/abs/2106.09685v2 '), { kind: 'arxiv', id: '2106.09685' });
  assert.deepEqual(classifyRef('arXiv:2106.09685'), { kind: 'arxiv', id: '2106.09685' });
  assert.deepEqual(classifyRef('https://doi.org/10.1126/Science.169.3946.635'), { kind: 'doi', id: '10.1126/science.169.3946.635' });
  assert.deepEqual(classifyRef('LoRA:  Low-Rank Adaptation'), { kind: 'title', text: 'LoRA: Low-Rank Adaptation' });
  assert.equal(classifyRef('   '), undefined);
});

test('keys follow the Google Scholar rule, with a letter when taken', () => {
  const item = { id: '', type: 'article', title: 'The Structure of Ordinary Water', author: [{ family: 'Frank', given: 'Henry S.' }], issued: { 'date-parts': [[1970, 8]] } };
  assert.equal(keyForItem(item, () => false), 'frank1970structure');
  const taken = new Set(['frank1970structure', 'frank1970structureb']);
  assert.equal(keyForItem(item, (k) => taken.has(k)), 'frank1970structurec');
  assert.equal(keyForItem({ id: '', type: 'article', title: 'Über Déjà vu', author: [{ family: 'Müller-Łukasz' }] }, () => false), 'mullerlukaszuber');
});

test('broken answers are messages, never throws', () => {
  for (const bad of ['', '<feed>', '<feed><entry><title>x</title></feed>', 'null']) assert.ok('error' in parseArxivAtom(bad), bad);
  for (const bad of ['', '{', '[]', '"x"', '{"title": 3}']) assert.ok('error' in parseDoiCsl(bad), bad);
  for (const bad of ['', '{}', '{"message": 1}']) assert.ok('error' in parseCrossref(bad), bad);
  for (const bad of ['', '{}', '{"error": "Paper with id 0 not found"}', '7']) assert.ok('error' in parseSemanticScholar(bad), bad);
  assert.deepEqual(parseArxivAtom('<feed><entry><id>http://arxiv.org/abs/2101.00001v1</id><title>A &amp; B &#x3b1;</title><author><name>Ada van Lovelace</name></author><published>2021-01-01T00:00:00Z</published></entry></feed>'), {
    items: [{ id: '', type: 'article', title: 'A & B α', author: [{ family: 'van Lovelace', given: 'Ada' }], issued: { 'date-parts': [[2021, 1, 1]] }, URL: 'https://arxiv.org/abs/2101.00001', custom: { arxiv: '2101.00001', summary: '' } }],
  });
});

const record: OnlineRecord = {
  service: 'arxiv', fetched: '2026-12-06T10:00:00.000Z', url: 'https://export.arxiv.org/api/query?id_list=2101.00001&max_results=1',
  item: { id: 'lovelace2021widgets', type: 'article', title: 'Widgets All the Way Down', author: [{ family: 'Lovelace', given: 'Ada' }], issued: { 'date-parts': [[2021, 1, 1]] }, URL: 'https://arxiv.org/abs/2101.00001', custom: { arxiv: '2101.00001', summary: '' } },
};

test('the cache file: records per line; a damaged line is reported and skipped', () => {
  const text = JSON.stringify(record) + '\n{oops\n' + JSON.stringify({ service: 'elsewhere', fetched: 'x', url: 'y', item: { id: 'k' } }) + '\n\n';
  const r = parseRecords(text);
  assert.equal(r.records.length, 1);
  assert.equal(r.problems.length, 2);
  assert.match(r.problems[0], /^line 2: /);
  assert.equal(r.problems[1], 'line 3: not a fetched record');
});

test('a fetched paper: its own tier after the bundled database; hover on its arXiv id shows its card marked with service and date', () => {
  const idx = sampleIndex();
  idx.setOnlineEntries([onlineEntry(record), onlineEntry({ ...record, item: { ...record.item, id: 'he2016deep', custom: { arxiv: '2101.00002', summary: '' } } })]);
  assert.equal(idx.resolve('lovelace2021widgets')?.source.kind, 'online');
  // A fetched key never shadows a bundled one.
  assert.equal(idx.resolve('he2016deep')?.source.kind, 'bundled');
  assert.equal(idx.lookUp('arXiv:2101.00001')?.key, 'lovelace2021widgets');
  assert.equal(idx.size().online, 2);
  const ctx = ctxOf(idx, []);
  const text = 'See arXiv:2101.00001 and arXiv:2101.09999.';
  const doc = { uri: 'file:///ws/a.md', language: 'markdown' as const, text };
  const known = hover(ctx, doc, text.indexOf('2101.00001'))!;
  assert.match(known.markdown, /\*\*Widgets All the Way Down\*\*/);
  assert.match(known.markdown, /\*From arXiv, fetched 2026-12-06\*/);
  assert.equal(known.lookUp, undefined);
  const unknown = hover(ctx, doc, text.indexOf('2101.09999'))!;
  assert.equal(unknown.lookUp, '2101.09999');
});

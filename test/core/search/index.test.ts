import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CitationIndex } from '../../../server/src/core/citationIndex';
import { loadPaperDb } from '../../../server/src/core/paperDb';
import { SearchIndex } from '../../../server/src/core/search';
import type { IndexedEntry } from '../../../server/src/core/model';
import { random } from '../../random';
import { refs, refsUri, sampleIndex } from '../sampleIndex';

const index = sampleIndex({ withRefs: true });

/** Keys of the top results, best first. */
function check(query: string, expected: string[], limit = expected.length): void {
  assert.deepEqual(index.search(query, limit).results.map((h) => h.entry.key), expected, `query ${JSON.stringify(query)}`);
}

test('nicknames, author with year, title words and given names find ResNet first', () => {
  check('resnet', ['he2016deep']);
  check('he 2016', ['he2016deep', 'He.Zhang.Ren.ea.2016']);
  check('residual learning', ['he2016deep', 'He.Zhang.Ren.ea.2016']);
  check('kaiming', ['he2016deep', 'He.Zhang.Ren.ea.2016', 'he2017mask']);
});

test('an exact nickname beats title words; a title word finds its paper', () => {
  check('adam', ['kingma2015adam']);
  check('attention', ['vaswani2017attention']);
  check('gan', ['goodfellow2014generative']);
  check('wgan', ['arjovsky2017wasserstein']);
});

test('exact key or alias, then key prefix', () => {
  check('kingma2014adam', ['kingma2015adam']);
  check('he20', ['he2016deep', 'He.Zhang.Ren.ea.2016', 'he2017mask']);
  check('He.Zhang', ['He.Zhang.Ren.ea.2016']);
});

test('typos and subsequences are the last tier', () => {
  check('resnte', ['he2016deep']);
  check('vaswni', ['vaswani2017attention']);
  check('residul', ['he2016deep', 'He.Zhang.Ren.ea.2016']);
  check('xyzzy', []);
});

test('a query that is a key, or starts keys, gets no typo or subsequence guesses after its matches', () => {
  // "kin" starts kingma2015adam; krizhevsky2012imagenet only has k-i-n as a subsequence.
  check('kin', ['kingma2015adam'], 10);
  // "vas" starts vaswani's key; smith2020local would be a typo guess.
  check('vas', ['vaswani2017attention'], 10);
  // "kri" starts a key and an author's name (Kristina Toutanova, BERT): both, and no guesses.
  check('kri', ['krizhevsky2012imagenet', 'devlin2019bert'], 10);
  // Letters that start no key still get typo help (see the test above).
  check('vaswni', ['vaswani2017attention'], 10);
});

test('all words must match; accents and case do not matter', () => {
  check('generative wasserstein', ['arjovsky2017wasserstein']);
  check('bottou', ['arjovsky2017wasserstein']);
  check('dollar mask', ['he2017mask']);
  check('LEON', ['arjovsky2017wasserstein']);
});

test('an empty query lists the preferred file first, then the most-cited papers', () => {
  const r = index.search('', 4, [refsUri]);
  assert.deepEqual(r.results.map((h) => h.entry.key), ['He.Zhang.Ren.ea.2016', 'smith2020local', 'krizhevsky2012imagenet', 'he2016deep']);
  assert.equal(r.total, 11);
  assert.equal(r.incomplete, true);
});

test('results are capped at the limit and say so', () => {
  const r = index.search('he', 1);
  assert.equal(r.results.length, 1);
  assert.equal(r.incomplete, true);
  assert.ok(typeof r.total === 'number' && r.total > 1);
});

test('updating one segment replaces only its entries', () => {
  const s = new SearchIndex();
  const e = (key: string, title: string): IndexedEntry => ({ key, source: { kind: 'bundled' }, type: 'article', title, authors: [] });
  s.setSegment('a', [e('a1', 'Alpha paper')]);
  s.setSegment('b', [e('b1', 'Beta paper')]);
  assert.deepEqual(s.search('paper', { limit: 10 }).results.map((h) => h.entry.key).sort(), ['a1', 'b1']);
  s.setSegment('a', [e('a2', 'Another paper')]);
  assert.deepEqual(s.search('paper', { limit: 10 }).results.map((h) => h.entry.key).sort(), ['a2', 'b1']);
  s.removeSegment('b');
  assert.deepEqual(s.search('paper', { limit: 10 }).results.map((h) => h.entry.key), ['a2']);
  assert.equal(s.size(), 1);
});

test('the user file in the tests has what the search tests assume', () => {
  assert.equal(refs.parsed.entries.length, 2);
});

test('the bundled database: the examples people type find the paper they mean', () => {
  const { db, problems } = loadPaperDb(JSON.parse(readFileSync('server/data/papers.json', 'utf8')));
  assert.deepEqual(problems, []);
  const real = new CitationIndex(db);
  const first = (q: string) => real.search(q, 1).results[0]?.entry.key;
  assert.deepEqual(['resnet', 'he 2016', 'residual learning', 'kaiming', 'adam', 'gan', 'transformer'].map(first),
    ['he2016deep', 'he2016deep', 'he2016deep', 'he2016deep', 'kingma2015adam', 'goodfellow2014generative', 'vaswani2017attention']);
  // "attention" alone names no paper by nickname (Bahdanau's is "Bahdanau attention"): the title word
  // and the citation count decide, so the Transformer comes first.
  assert.equal(first('attention'), 'vaswani2017attention');
});

test('a word that starts real tokens gets no typo guesses, even from another segment', () => {
  const s = new SearchIndex();
  const e = (key: string, title: string): IndexedEntry => ({ key, source: { kind: 'bundled' }, type: 'article', title, authors: [] });
  s.setSegment('a', [e('a1', 'Bayesian optimisation of pipelines')]);
  s.setSegment('b', [e('b1', 'Bayesan networks with a typo')]);
  // "bayesi" starts "bayesian" in segment a: someone typing that word, not a typo of "bayesan".
  assert.deepEqual(s.search('bayesi', { limit: 10 }).results.map((h) => h.entry.key), ['a1']);
  // A word that starts nothing anywhere still gets its guesses from every segment.
  assert.deepEqual(s.search('bayesain', { limit: 10 }).results.map((h) => h.entry.key).sort(), ['a1', 'b1']);
});

test('a typed key with a hash in it finds its entry and its siblings, not entries that share the hash\'s letters and digits', () => {
  const s = new SearchIndex();
  const e = (key: string, title: string): IndexedEntry => ({ key, source: { kind: 'bundled' }, type: 'inproceedings', title, authors: [], year: 2019 });
  // A big file is several segments: the hash is a token in the first one only.
  s.setSegment('a', [e('NEURIPS2019_f4d0e2e7_1', 'Learning to Explore'), e('NEURIPS2019_f4d0e2e7_2', 'Learning to Explore')]);
  s.setSegment('b', [e('NEURIPS2019_f0d70533_4', 'Efficient Exploration in 7 Steps'), e('NEURIPS2019_ab12cd34_1', 'Deep Learning')]);
  assert.deepEqual(s.search('NEURIPS2019_f4d0e2e7', { limit: 10 }).results.map((h) => h.entry.key), ['NEURIPS2019_f4d0e2e7_1', 'NEURIPS2019_f4d0e2e7_2']);
  // A word of two or three runs is still tried as its runs ("dorigo1996" as "dorigo" and "1996").
  assert.deepEqual(s.search('explore2019', { limit: 10 }).results.map((h) => h.entry.key), ['NEURIPS2019_f4d0e2e7_1', 'NEURIPS2019_f4d0e2e7_2']);
});

test('a small limit gives the best scores a large one gives: walks cut short never drop a better hit', () => {
  // Many entries sharing key prefixes and title words, over several segments, so that key-prefix
  // hits fill the heap and token walks stop early at small limits.
  const rnd = random(11);
  const words = ['learning', 'learned', 'lean', 'network', 'networks', 'neural', 'net', 'deep', 'deeper', 'graph', 'gradient', 'grad'];
  const names = ['lee', 'leung', 'ng', 'nguyen', 'deng', 'grant', 'graves'];
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const s = new SearchIndex();
  for (let seg = 0; seg < 4; seg++) {
    s.setSegment(`s${seg}`, Array.from({ length: 300 }, (_, i): IndexedEntry => {
      const name = pick(names);
      const title = Array.from({ length: 2 + Math.floor(rnd() * 4) }, () => pick(words)).join(' ');
      return { key: `${name}${2000 + Math.floor(rnd() * 25)}${title.split(' ')[0]}${seg}_${i}`, source: { kind: 'bundled' }, type: 'article', title, authors: [{ family: pick(names), given: 'A' }], year: 2000 + (i % 25) };
    }));
  }
  const queries = ['le', 'lee', 'lee20', 'learn', 'net', 'ne', 'deep net', 'gra', 'grad', 'graves', 'ng', 'lea net', 'neural grad', 'deng2010'];
  for (const q of queries) {
    const all = s.search(q, { limit: 2000 }).results.map((h) => h.score);
    for (const limit of [1, 5, 20]) {
      const r = s.search(q, { limit });
      assert.deepEqual(r.results.map((h) => h.score), all.slice(0, limit), `query ${JSON.stringify(q)}, limit ${limit}`);
      if (all.length > limit) assert.equal(r.incomplete, true, `query ${JSON.stringify(q)}, limit ${limit}: says there is more`);
    }
  }
});

test('a whole surname ranks that author\'s keys by citations, not by key length', () => {
  const index = new CitationIndex(loadPaperDb([
    paper('vaswani2021scaling', 'Scaling Local Self-Attention', 'Vaswani', 2021, 300),
    paper('vaswani2017attention', 'Attention Is All You Need', 'Vaswani', 2017, 180_000),
    paper('vaswani2013decoding', 'Decoding with Large-Scale Neural Language Models', 'Vaswani', 2013, 500),
  ]).db);
  assert.deepEqual(index.search('vaswani', 3).results.map((r) => r.entry.key), ['vaswani2017attention', 'vaswani2013decoding', 'vaswani2021scaling']);
  // A partial name still prefers the keys it covers most.
  assert.equal(index.search('vaswani2013', 3).results[0].entry.key, 'vaswani2013decoding');
});

function paper(id: string, title: string, family: string, year: number, count: number): unknown {
  return { id, type: 'paper-conference', title, author: [{ family, given: 'A.' }], issued: { 'date-parts': [[year]] }, custom: { summary: 'x', topics: ['nlp'], citations: [{ count, source: 'test', date: '2026-01' }] } };
}

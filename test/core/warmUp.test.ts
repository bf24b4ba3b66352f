// Warming up the request path after indexing (core/warmUp.ts): queries made from the index itself,
// in the shapes users type, that reach the search's different paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CitationIndex } from '../../server/src/core/citationIndex';
import { warmUpQueries } from '../../server/src/core/warmUp';
import { bib, sampleDb } from './sampleIndex';

/** A file of `n` entries with keys `${tag}${i}` and titles of real-looking words. */
function file(tag: string, n: number) {
  const first = ['Convolutional', 'Reinforcement', 'Transformers', 'Generative', 'Bayesian', 'Contrastive', 'Recurrent', 'Variational',
    'Adversarial', 'Hierarchical', 'Probabilistic', 'Multimodal', 'Federated', 'Sparse', 'Equivariant', 'Diffusion', 'Spectral'];
  const second = ['Networks', 'Policies', 'Embeddings', 'Attention', 'Kernels', 'Ensembles', 'Representations', 'Objectives', 'Priors', 'Graphs', 'Features'];
  return bib(Array.from({ length: n }, (_, i) => ({
    key: `${tag}${2000 + (i % 20)}x${i}`,
    fields: { title: `${first[i % first.length]} ${second[(i * 7) % second.length]} for Robust Planning ${i}`, author: `Okafor${i % 7}, Ada and Lindqvist, Per`, year: String(2000 + (i % 20)) },
  })));
}

function indexOf(...files: Array<[string, number]>): CitationIndex {
  const index = new CitationIndex(sampleDb());
  for (const [tag, n] of files) {
    const { text, parsed } = file(tag, n);
    index.setParsedBib(`file:///ws/${tag}.bib`, text, parsed);
  }
  return index;
}

test('sampled entries are spread evenly over the user files, in proportion to their sizes', () => {
  const index = indexOf(['alpha', 300], ['beta', 100]);
  const sample = index.sampleBriefs(40);
  assert.equal(sample.length, 40);
  assert.equal(sample.filter((e) => e.key.startsWith('alpha')).length, 30);
  assert.equal(sample.filter((e) => e.key.startsWith('beta')).length, 10);
  assert.equal(new Set(sample.map((e) => e.key)).size, 40, 'no entry twice');
  // Asking for more than there is gives each entry once.
  assert.equal(indexOf(['gamma', 5]).sampleBriefs(50).length, 5);
  // Without user files: the bundled papers.
  assert.ok(new CitationIndex(sampleDb()).sampleBriefs(3).every((e) => e.source.kind === 'bundled'));
});

test('warm-up queries come in the shapes users type, each once, and nearly all find entries', () => {
  const index = indexOf(['alpha', 300], ['beta', 100]);
  const queries = warmUpQueries(index.sampleBriefs(300), 150);
  assert.ok(queries.length >= 100 && queries.length <= 150, `${queries.length} queries`);
  assert.equal(new Set(queries).size, queries.length);
  const has = (re: RegExp) => queries.some((q) => re.test(q));
  assert.ok(has(/^(alp|bet)[a-z0-9]{0,3}$/), 'a key prefix');
  assert.ok(has(/^(alpha|beta)\d{4}x\d+$/), 'a whole key');
  assert.ok(has(/^[a-z]+ [a-z]{1,4}$/), 'two words');
  assert.ok(has(/^[a-z]{3}-[a-z]$/), 'a hyphenated word');
  assert.ok(has(/^[a-z]+ \d{4}$/), 'a word and a year');
  assert.ok(has(/^okafor\d$/), 'an author');
  const found = queries.filter((q) => index.search(q, 5).results.length > 0).length;
  assert.ok(found >= 0.9 * queries.length, `${found} of ${queries.length} queries found entries`);
  // At most `max`.
  assert.equal(warmUpQueries(index.sampleBriefs(200), 10).length, 10);
});

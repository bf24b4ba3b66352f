// Pieces of the hover card: numbers, dates and code links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { citationsLine, codeLabel, codeOrder } from '../../server/src/core/render';
import type { CodeRepo } from '../../server/src/core/model';

test('citation counts are grouped by thousands and name the seed document and its month', () => {
  assert.equal(citationsLine({ count: 34635, source: '003_982281470ab976d1', date: '2019-12' }), '34,635 citations (The Decade of Deep Learning, Dec 2019)');
  assert.equal(citationsLine({ count: 1, source: 'other', date: '2020' }), '1 citation (other, 2020)');
  assert.equal(citationsLine({ count: 999, source: 'x', date: '2021-01-05' }), '999 citations (x, Jan 2021)');
  assert.equal(citationsLine({ count: 1234567, source: 'x', date: '2021-01' }), '1,234,567 citations (x, Jan 2021)');
});

test('code links run official, library, community, and each says which it is', () => {
  const code: CodeRepo[] = [
    { url: 'https://github.com/lucidrains/x-transformers', official: false, kind: 'community', label: 'lucidrains community implementation', framework: 'PyTorch' },
    { url: 'https://github.com/huggingface/transformers/tree/main/src/transformers/models/bert', official: false, kind: 'library', label: 'transformers model folder', framework: 'PyTorch' },
    { url: 'https://github.com/google-research/bert', official: true, kind: 'official', label: 'official repository', framework: 'TensorFlow', owner: 'google-research' },
    { url: 'https://github.com/someone/bert-keras', official: false, owner: 'keras-team' },
  ];
  assert.deepEqual(codeOrder(code).map(codeLabel), [
    'official · TensorFlow',
    'library · transformers model folder · PyTorch',
    'community · lucidrains community implementation · PyTorch',
    'community · keras-team',
  ]);
});

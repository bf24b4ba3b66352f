// Pieces of the hover card that read numbers and dates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { citationsLine } from '../../server/src/core/render';

test('citation counts are grouped by thousands and name the seed document and its month', () => {
  assert.equal(citationsLine({ count: 34635, source: '003_982281470ab976d1', date: '2019-12' }), '34,635 citations (The Decade of Deep Learning, Dec 2019)');
  assert.equal(citationsLine({ count: 1, source: 'other', date: '2020' }), '1 citation (other, 2020)');
  assert.equal(citationsLine({ count: 999, source: 'x', date: '2021-01-05' }), '999 citations (x, Jan 2021)');
  assert.equal(citationsLine({ count: 1234567, source: 'x', date: '2021-01' }), '1,234,567 citations (x, Jan 2021)');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sortedIds, sortedOrder } from '../../../server/src/core/search/sort';
import { random } from '../../random';

test('the vocabulary sort gives the order of sort() for index tokens and for any other strings', () => {
  const rnd = random(7);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const strs = new Set<string>();
  // Shared prefixes longer than one five-character step, plus strings with other characters.
  while (strs.size < 6000) {
    const len = 1 + Math.floor(rnd() * 14);
    let s = strs.size % 3 === 0 ? 'learning'.slice(0, 1 + Math.floor(rnd() * 8)) : '';
    while (s.length < len) s += alphabet[Math.floor(rnd() * alphabet.length)];
    if (strs.size % 97 === 0) s = s.slice(0, 3) + ['_', 'é', 'Z', '-'][strs.size % 4] + s.slice(3);
    strs.add(s);
  }
  const list = [...strs];
  assert.deepEqual(sortedOrder(list), list.slice().sort());
  assert.deepEqual(sortedOrder(['b', 'a']), ['a', 'b']);
});

test('the id sort keeps equal strings in position order', () => {
  const strs = ['b', 'a', 'b', 'a_x', 'a', 'a_x', ...Array.from({ length: 3000 }, (_, i) => `k${i % 700}`)];
  const ids = Array.from(sortedIds(strs));
  const expected = strs.map((_, i) => i).sort((x, y) => (strs[x] < strs[y] ? -1 : strs[x] > strs[y] ? 1 : x - y));
  assert.deepEqual(ids, expected);
});

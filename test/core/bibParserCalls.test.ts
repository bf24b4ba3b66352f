// The reader keeps its working state in module variables between calls (so that V8 keeps one
// optimised copy of its functions): nothing of one call may show in the next one's results.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBib } from '../../server/src/core/bibParser';

test('macros, keys, field stamps and line counts of one call do not reach the next call', () => {
  const first = parseBib('\ufeff@string{jmlr = "J. Mach. Learn. Res."}\n@article{k1, title = {A}, journal = jmlr}\n@article{k1, title = {B}}\n');
  assert.equal(first.entries[0].fields.journal, 'J. Mach. Learn. Res.');
  assert.deepEqual(first.problems.map((p) => p.code), ['duplicate-key']);

  // Entry 1 of this call sets `title` once: the stamp left by entry 1 of the first call is not a duplicate.
  const second = parseBib('@article{k1, Title = {C}, journal = jmlr}\n\n@misc{k2, note = {x}\n');
  assert.deepEqual(second.entries.map((e) => e.key), ['k1', 'k2']);
  assert.deepEqual(second.entries[0].fields, { title: 'C', journal: 'jmlr' });
  assert.deepEqual(second.strings, {});
  assert.deepEqual(second.problems.map((p) => [p.code, p.message]), [
    ['bib-undefined-macro', "Undefined @string macro 'jmlr'."],
    ['bib-unclosed', "Entry 'k2' is missing a closing brace; it ends at line 3."],
  ]);
});

test('each call returns its own arrays, which later calls leave alone', () => {
  const a = parseBib('@misc{a, note = {1}}\n@misc{a, note = {2}}\n');
  const b = parseBib('@misc{b, note = {3}}\n');
  assert.notEqual(a.entries, b.entries);
  assert.notEqual(a.problems, b.problems);
  assert.deepEqual(a.entries.map((e) => e.key), ['a']);
  assert.equal(a.problems.length, 1);
  assert.deepEqual(b.entries.map((e) => e.key), ['b']);
  assert.equal(b.problems.length, 0);
});

test('an empty text after a long one gives an empty result', () => {
  parseBib('@misc{x, note = {y}}\n'.repeat(1000));
  assert.deepEqual(parseBib(''), { entries: [], strings: {}, problems: [] });
});

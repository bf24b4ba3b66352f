import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serialize } from 'node:v8';
import { toStringList } from '../../../server/src/core/search/stringList';

test('string lists hold ASCII text one byte per character, even when cut from a two-byte text', () => {
  // A file with one character beyond Latin-1 is a two-byte string, and so is every slice of it.
  const source = `\u20ac ${'residual learning deep networks '.repeat(50)}`;
  const words = source.slice(2).split(' ').filter(Boolean);
  const list = toStringList(words);
  assert.equal(list.text, words.join(''));
  // V8's serializer writes a string as it is held: one byte per character, or two.
  const bytes = serialize(list.text).length;
  assert.ok(bytes < list.text.length * 1.2, `${bytes} bytes for ${list.text.length} characters`);
  // Text beyond ASCII stays as it is.
  assert.equal(toStringList(['caf\u00e9', '\u20ac']).text, 'caf\u00e9\u20ac');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineIndex } from '../../server/src/core/lineIndex';

test('positions and offsets round-trip, with CRLF, emoji and a trailing newline', () => {
  const text = 'ab\r\n😀c\n\nlast\n';
  const ix = lineIndex(text);
  assert.equal(ix.lineCount, 5);
  const rendered = [...Array(text.length + 1).keys()].map((o) => { const p = ix.positionAt(o); return `${p.line}:${p.character}`; });
  assert.deepEqual(rendered, ['0:0', '0:1', '0:2', '0:3', '1:0', '1:1', '1:2', '1:3', '2:0', '3:0', '3:1', '3:2', '3:3', '3:4', '4:0']);
  for (let o = 0; o <= text.length; o++) { const p = ix.positionAt(o); assert.equal(ix.offsetAt(p.line, p.character), o); }
});

test('out-of-range input is clamped', () => {
  const ix = lineIndex('ab\ncd');
  assert.deepEqual(ix.positionAt(-3), { line: 0, character: 0 });
  assert.deepEqual(ix.positionAt(99), { line: 1, character: 2 });
  assert.equal(ix.offsetAt(0, 99), 2);
  assert.equal(ix.offsetAt(7, 1), 4);
  assert.equal(ix.offsetAt(7, 99), 5);
  assert.equal(ix.offsetAt(-1, -1), 0);
  assert.equal(lineIndex('').lineCount, 1);
});

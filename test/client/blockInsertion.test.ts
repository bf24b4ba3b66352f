// Where an inserted literature table goes: a block of its own, after a blank line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from '../fixture';
import { blockInsertion } from '../../client/src/insertion';

const table = '| a |\n| --- |\n| 1 |\n';

/** Inserts the table at `$0` of a multi-line fixture and returns the whole text. */
function check(raw: string): string {
  const f = fixture(raw);
  const lineStart = f.text.lastIndexOf('\n', f.cursor - 1) + 1;
  const lineEnd = f.text.indexOf('\n', f.cursor) < 0 ? f.text.length : f.text.indexOf('\n', f.cursor);
  const previous = lineStart === 0 ? '' : f.text.slice(f.text.lastIndexOf('\n', lineStart - 2) + 1, lineStart - 1);
  const text = blockInsertion(f.text.slice(lineStart, f.cursor), f.text.slice(f.cursor, lineEnd), previous.trim() === '', table);
  return f.text.slice(0, f.cursor) + text + f.text.slice(f.cursor);
}

test('on an empty line after a blank one: the table as it is', () => {
  assert.equal(check('Intro.\n\n$0\nMore.\n'), 'Intro.\n\n| a |\n| --- |\n| 1 |\n\nMore.\n');
  assert.equal(check('$0'), '| a |\n| --- |\n| 1 |\n');
});

test('on an empty line right under text: a blank line first', () => {
  assert.equal(check('Intro.\n$0\nMore.\n'), 'Intro.\n\n| a |\n| --- |\n| 1 |\n\nMore.\n');
});

test('in the middle or at the end of a line: the table goes between blank lines', () => {
  assert.equal(check('Before $0after.\n'), 'Before \n\n| a |\n| --- |\n| 1 |\n\nafter.\n');
  assert.equal(check('The end.$0'), 'The end.\n\n| a |\n| --- |\n| 1 |\n');
});

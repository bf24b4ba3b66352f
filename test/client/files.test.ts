// Which settings-named files the client watches for the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cslJsonFiles, isAbsolutePath } from '../../client/src/files';

test('only CSL-JSON entries of mlPapers.bibFiles are watched; junk is ignored', () => {
  assert.deepEqual(cslJsonFiles(['refs.bib', ' data/papers.JSON ', 7, null, '/abs/x.json']), ['data/papers.JSON', '/abs/x.json']);
  assert.deepEqual(cslJsonFiles('refs.json'), []);
  assert.deepEqual(cslJsonFiles(undefined), []);
});

test('absolute paths on POSIX and Windows', () => {
  assert.deepEqual(['/a/b.json', 'C:\\x.json', 'c:/x.json', '\\\\server\\share\\x.json', 'rel/x.json'].map(isAbsolutePath), [true, true, true, true, false]);
});

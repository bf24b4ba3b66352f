import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rename } from '../../server/src/core/features/rename';
import type { Doc } from '../../server/src/core/features/context';
import { ctxOf, sampleIndex } from './sampleIndex';

const docs: Doc[] = [
  { uri: 'file:///ws/a.md', language: 'markdown', text: '😀 [@smith2020; @he2016deep] @smith2020.' },
  { uri: 'file:///ws/b.tex', language: 'latex', text: '\\cite{smith2020}' },
  { uri: 'file:///ws/refs.bib', language: 'bibtex', text: '@article{smith2020, title = {A}}\n@article{taken, title = {B}}\n' },
];

/** Applies the edits and returns each changed text, or the error. */
function check(key: string, newKey: string, expected: string[] | string): void {
  const r = rename(ctxOf(sampleIndex()), docs, key, newKey);
  if ('error' in r) { assert.equal(r.error, expected); return; }
  const out = docs.map((d) => {
    let text = d.text;
    const edits = r.edits.filter((e) => e.uri === d.uri).sort((a, b) => b.span.start - a.span.start);
    for (const e of edits) text = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
    return text;
  });
  assert.deepEqual(out, expected);
}

test('renames cites in every document and the bib entry key', () => {
  check('smith2020', 'smith2020local', [
    '😀 [@smith2020local; @he2016deep] @smith2020local.',
    '\\cite{smith2020local}',
    '@article{smith2020local, title = {A}}\n@article{taken, title = {B}}\n',
  ]);
});

test('refuses invalid keys and keys already defined', () => {
  check('smith2020', 'smith 2020', '"smith 2020" is not a valid citation key: no spaces, commas, braces, quotes, or any of # % \' = \\ ~ @.');
  check('smith2020', 'taken', 'taken is already defined in file:///ws/refs.bib.');
  check('smith2020', '', 'The new key is empty.');
});

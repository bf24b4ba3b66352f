// What a chosen paper becomes at the cursor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from '../fixture';
import { citationText, syntaxFor } from '../../client/src/insertion';

/** Inserts `key` at `$0` of a one-line fixture and returns the resulting line. */
function check(languageId: string, raw: string, key = 'he2016deep'): string {
  const f = fixture(raw);
  const before = f.text.slice(0, f.cursor);
  return before + citationText(syntaxFor(languageId), before, f.text.slice(f.cursor), key) + f.text.slice(f.cursor);
}

test('latex: a new \\cite outside any citation', () => {
  assert.equal(check('latex', 'ResNets $0changed vision.'), 'ResNets \\cite{he2016deep}changed vision.');
  assert.equal(check('tex', 'Done \\cite{a}. $0'), 'Done \\cite{a}. \\cite{he2016deep}');
});

test('latex: just the key inside an open cite-family command', () => {
  assert.equal(check('latex', '\\citep{$0}'), '\\citep{he2016deep}');
  assert.equal(check('latex', '\\parencite[see][p.~3]{a,$0}'), '\\parencite[see][p.~3]{a,he2016deep}');
  assert.equal(check('latex', '\\textcite*{a, $0}'), '\\textcite*{a, he2016deep}');
});

test('latex: after a key the separator follows the list style', () => {
  assert.equal(check('latex', '\\cite{a$0}'), '\\cite{a,he2016deep}');
  assert.equal(check('latex', '\\cite{a, b$0}'), '\\cite{a, b, he2016deep}');
});

test('latex: a closed cite before the cursor does not count', () => {
  assert.equal(check('latex', '\\cite{a} and $0'), '\\cite{a} and \\cite{he2016deep}');
  assert.equal(check('latex', '\\ref{fig:$0}'), '\\ref{fig:\\cite{he2016deep}}');
});

test('markdown: a bracketed citation in prose', () => {
  assert.equal(check('markdown', 'ResNets $0 changed vision.'), 'ResNets [@he2016deep] changed vision.');
});

test('markdown: inside brackets, @key with the right separator', () => {
  assert.equal(check('markdown', 'as shown [$0]'), 'as shown [@he2016deep]');
  assert.equal(check('markdown', 'as shown [@a$0]'), 'as shown [@a; @he2016deep]');
  assert.equal(check('markdown', 'as shown [@a; $0]'), 'as shown [@a; @he2016deep]');
  assert.equal(check('markdown', 'as shown [see$0]'), 'as shown [see @he2016deep]');
});

test('markdown: brackets closed before the cursor or never closed are not a citation', () => {
  assert.equal(check('markdown', '[@a] and $0'), '[@a] and [@he2016deep]');
  assert.equal(check('markdown', 'a [ b $0'), 'a [ b [@he2016deep]');
});

test('other languages get the bare key', () => {
  assert.equal(check('bibtex', 'crossref = {$0}'), 'crossref = {he2016deep}');
  assert.equal(check('plaintext', '$0'), 'he2016deep');
});

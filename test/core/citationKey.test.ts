// The citation key rule: what a key may contain, and which key-like word the cursor is on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from '../fixture';
import { citationKeyProblem, keyInLine } from '../../server/src/core/citationKey';

test('keyInLine: the key under the cursor in LaTeX and Markdown', () => {
  const at = (raw: string) => { const f = fixture(raw); return keyInLine(f.text, f.cursor); };
  assert.equal(at('\\cite{a,he20$016deep}'), 'he2016deep');
  assert.equal(at('see [@$0vaswani2017attention; @b]'), 'vaswani2017attention');
  assert.equal(at('see [$0@vaswani2017attention]'), 'vaswani2017attention');
  assert.equal(at('as @He.Zhang.ea.2016$0. Then'), 'He.Zhang.ea.2016');
  assert.equal(at('\\cite{arXiv:1512.03$0385}'), 'arXiv:1512.03385');
  assert.equal(at('words $0 words'), undefined);
  assert.equal(at('page 12$034 here'), undefined);
});

test('a key may not hold what ends a key in BibTeX or pandoc', () => {
  for (const bad of ['a b', 'a,b', 'a{b', 'a}b', 'a%b', 'a#b', 'a"b', "a'b", 'a=b', 'a\\b', 'a~b', 'a@b', 'a(b']) {
    assert.ok(citationKeyProblem(bad), bad);
  }
  for (const good of ['he2016deep', 'He.Zhang.Ren.ea.2016', 'arXiv:1512.03385', 'doe-2020/a+b', 'NEURIPS2019_f4d0e2e7_1']) {
    assert.equal(citationKeyProblem(good), undefined, good);
  }
  assert.equal(citationKeyProblem(''), 'The new key is empty.');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeActions } from '../../server/src/core/features/codeActions';
import { diagnostics } from '../../server/src/core/features/diagnostics';
import type { DocLanguage } from '../../server/src/core/model';
import { fixture } from '../fixture';
import { bib, ctxOf, refsUri, sampleIndex } from './sampleIndex';

const index = sampleIndex({ withRefs: true });

/** Actions for the `<<…>>` range, with the problems diagnostics reports there; edits are applied to show the result. */
function check(raw: string, expected: string[], language: DocLanguage = 'markdown', bibs: string[] = [refsUri]): void {
  const f = fixture(raw);
  const ctx = ctxOf(index, bibs);
  const doc = { uri: 'file:///ws/a.md', language, text: f.text };
  const span = f.marked[0];
  const problems = diagnostics(ctx, doc).filter((p) => p.span.start <= span.end && span.start <= p.span.end);
  const got = codeActions(ctx, doc, span, problems).map((a) => {
    if (a.kind === 'addToBib') return `${a.title} => addToBib ${a.key} ${a.bibUri ?? '-'}`;
    if (a.kind === 'lookUpOnline') return `${a.title} => lookUpOnline ${a.ref}`;
    let text = f.text;
    for (const e of [...a.edits].sort((x, y) => y.span.start - x.span.start)) text = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
    return `${a.title} => ${text}`;
  });
  assert.deepEqual(got, expected);
}

test('a typo\'d key is changed to the suggestion', () => {
  check('😀 [@<<he2016dep>>]', ["Change to 'he2016deep' => 😀 [@he2016deep]"]);
});

test('a key missing from the named bibliography gets an add-entry intent', () => {
  check('\\bibliography{refs}\n\\cite{<<vaswani2017attention>>}', ['Add BibTeX entry for vaswani2017attention to refs.bib => addToBib vaswani2017attention file:///ws/refs.bib'], 'latex');
});

test('a database key for a paper the bibliography has under another key is changed to that key', () => {
  check('\\bibliography{refs}\n\\cite{<<he2016deep>>}', ["Use the existing key 'He.Zhang.Ren.ea.2016' => \\bibliography{refs}\n\\cite{He.Zhang.Ren.ea.2016}"], 'latex');
});

test('a bare arXiv link or DOI becomes a citation; the user\'s own key wins', () => {
  check('see <<https://arxiv.org/abs/1706.03762v5>>.', ['Replace with citation [@vaswani2017attention] => see [@vaswani2017attention].']);
  check('see <<arXiv:1512.03385>>.', ['Replace with citation \\cite{He.Zhang.Ren.ea.2016} => see \\cite{He.Zhang.Ren.ea.2016}.'], 'latex');
  check('see doi:<<10.1038/nature16961>>.', ['Replace with citation [@silver2016mastering] => see [@silver2016mastering].']);
});

test('nothing for unknown arXiv ids or plain text', () => {
  check('see <<arXiv:2001.00001>>.', []);
  check('<<plain>> text', []);
});

test('a key matching a user key only in case is changed to the exact key (BibTeX hint and biblatex unknown key alike)', () => {
  const idx = sampleIndex();
  const b = bib([{ type: 'inproceedings', key: 'Rosenfeld2000', fields: { title: 'Case' } }]);
  idx.setParsedBib('file:///ws/case.bib', b.text, b.parsed);
  const ctx = ctxOf(idx, ['file:///ws/case.bib']);
  for (const text of ['\\bibliography{case}\\cite{rosenfeld2000}', '\\addbibresource{case.bib}\\cite{rosenfeld2000}']) {
    const doc = { uri: 'file:///ws/a.tex', language: 'latex' as const, text };
    const at = text.indexOf('rosenfeld2000');
    const span = { start: at, end: at + 'rosenfeld2000'.length };
    const actions = codeActions(ctx, doc, span, diagnostics(ctx, doc));
    assert.deepEqual(actions.map((a) => a.kind === 'edit' ? `${a.title} ${a.preferred} ${a.edits.map((e) => e.newText)}` : a.title), ["Change to 'Rosenfeld2000' true Rosenfeld2000"]);
  }
});

test('an unknown key that is an arXiv id or DOI offers the online look-up; other unknown keys do not', () => {
  check('\\cite{<<2106.09685>>}', ['Look up 2106.09685 online => lookUpOnline 2106.09685'], 'latex');
  check('[@<<10.1145/3065386>>]', ['Look up 10.1145/3065386 online => lookUpOnline 10.1145/3065386']);
  check('[@<<zzzunknown2031xyz>>]', []);
});

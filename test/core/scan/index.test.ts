import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completionContextAt, scanDocument } from '../../../server/src/core/scan';
import { ctx } from './check';

test('bibtex documents have no cites but do have bare references', () => {
  const r = scanDocument('@article{k, eprint = {arXiv:1512.03385}}', 'bibtex');
  assert.deepEqual(r.cites, []);
  assert.deepEqual(r.bare.map((b) => b.id), ['1512.03385']);
});

test('completionContextAt rejects offsets outside the text', () => {
  assert.equal(completionContextAt('\\cite{a}', 99, 'latex'), undefined);
  assert.equal(completionContextAt('\\cite{a}', -1, 'latex'), undefined);
});

test('completion offsets are UTF-16 offsets after emoji and CJK text', () => {
  assert.equal(ctx('latex', String.raw`😀 中文 \cite{<<键$0>>}`), '\\cite "键"');
  assert.equal(ctx('markdown', '😀 中文 [@<<b😀$0>>]'), '[@ "b😀"');
});

test('pathological 1 MB inputs are scanned in linear time', () => {
  let ticks = '';
  for (let k = 1; ticks.length < 1_000_000; k++) ticks += '`'.repeat(k) + ' x ';
  const inputs = [
    '\\cite['.repeat(170_000), '\\cites('.repeat(150_000), '\\begin{'.repeat(150_000), ticks, '['.repeat(1_000_000),
    '@'.repeat(1_000_000), '[@a '.repeat(250_000), '\\cite{a\n'.repeat(125_000), '<!--'.repeat(250_000), '中@'.repeat(500_000),
    '```\n'.repeat(250_000), 'http://'.repeat(150_000), '%\n'.repeat(500_000),
    // LaTeX definitions: unclosed bodies, parameter texts without a body, conditionals that never close.
    '\\newcommand{\\x}[1]{'.repeat(50_000), '\\def\\x'.repeat(170_000), '\\def\\x#1{'.repeat(110_000),
    '\\NewDocumentCommand{\\x}{m}{'.repeat(35_000), '\\iffalse'.repeat(120_000), '\\let\\x'.repeat(170_000),
    `\\newcommand{\\k}[2]{\\cite{#2}}${'\\k{'.repeat(250_000)}`, `\\newcommand{\\y}{${'\\x['.repeat(300_000)}}`,
  ];
  for (const text of inputs) {
    for (const language of ['latex', 'markdown'] as const) {
      const started = Date.now();
      scanDocument(text, language);
      completionContextAt(text, text.length >> 1, language);
      const ms = Date.now() - started;
      assert.ok(ms < 1500, `${language} on ${JSON.stringify(text.slice(0, 12))}…: ${ms} ms`);
    }
  }
});

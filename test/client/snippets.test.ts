// The contributed snippets: valid JSON, complete entries, and bodies that expand to the text a
// user gets when accepting every default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');
interface Snippet { prefix: string | string[]; body: string | string[]; description: string }
const load = (file: string): Record<string, Snippet> => JSON.parse(fs.readFileSync(path.join(root, 'snippets', file), 'utf8'));

/** Expands a snippet body the way VS Code does when every placeholder keeps its default. */
function expand(body: string | string[]): string {
  let text = Array.isArray(body) ? body.join('\n') : body;
  // Innermost placeholders first, so nested defaults expand too.
  for (let guard = 0; /\$\{\d+:[^${}]*\}/.test(text) && guard < 100; guard++) {
    text = text.replace(/\$\{\d+:([^${}]*)\}/g, '$1');
  }
  return text.replace(/\$\{\d+\}|\$\d+/g, '').replace(/\\([\\$}])/g, '$1');
}

for (const file of ['markdown.json', 'latex.json']) {
  test(`${file}: every snippet has a prefix, a body and a description, and expands without leftovers`, () => {
    const snippets = load(file);
    assert.ok(Object.keys(snippets).length >= 4);
    for (const [name, s] of Object.entries(snippets)) {
      const prefixes = Array.isArray(s.prefix) ? s.prefix : [s.prefix];
      assert.ok(prefixes.length > 0 && prefixes.every((p) => typeof p === 'string' && p.trim() !== ''), `${name}: prefix`);
      assert.ok(typeof s.description === 'string' && s.description.length > 10, `${name}: description`);
      assert.ok(Array.isArray(s.body) ? s.body.length > 0 : typeof s.body === 'string' && s.body !== '', `${name}: body`);
      const text = expand(s.body);
      assert.doesNotMatch(text, /\$\{|\$\d/, `${name}: unexpanded placeholder in ${JSON.stringify(text)}`);
    }
  });
}

test('the manifest contributes both snippet files for their languages', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  assert.deepEqual(
    manifest.contributes.snippets.map((s: { language: string; path: string }) => `${s.language}:${s.path}`),
    ['markdown:./snippets/markdown.json', 'latex:./snippets/latex.json'],
  );
});

test('latex cite variants expand to their commands', () => {
  const s = load('latex.json');
  const expanded = ['cite', 'citep', 'citet', 'parencite', 'textcite'].map((n) => expand(s[n].body));
  assert.deepEqual(expanded, ['\\cite{key}', '\\citep{key}', '\\citet{key}', '\\parencite[p.~1]{key}', '\\textcite{key}']);
});

test('the latex comparison table ends its rows with a TeX line break', () => {
  const table = expand(load('latex.json')['Comparison table'].body);
  assert.match(table, /^ {4}Paper & Year & Method & Dataset & Result \\\\$/m);
  assert.match(table, /\\cite\{key1\} & year & method & dataset & result \\\\$/m);
  assert.ok(table.startsWith('\\begin{table}[t]') && table.trimEnd().endsWith('\\end{table}'));
});

test('the markdown paper note cites with Pandoc syntax and has every section', () => {
  const note = expand(load('markdown.json')['Paper note'].body);
  assert.match(note, /^## Title \[@key\]$/m);
  for (const section of ['Summary', 'Method', 'Results', 'Limitations', 'Code']) assert.match(note, new RegExp(`^\\*\\*${section}\\.\\*\\*`, 'm'));
});

// Which documents ML Papers reads, and as what: one table for the server, the CLI and the client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { languageOf, languageOfPath, NOTE_EXTENSIONS } from '../../server/src/languages';

test('a known extension decides the language, whatever language id the editor sends', () => {
  // Eglot 1.9 sends the first file's language id for every file of a server.
  assert.equal(languageOf('markdown', 'file:///thesis/main.tex'), 'latex');
  assert.equal(languageOf('latex', 'file:///notes/review.md'), 'markdown');
  assert.equal(languageOf('markdown', 'file:///refs/refs.bib'), 'bibtex');
  assert.equal(languageOf('rmd', 'file:///book/Chapter.Rmd'), 'markdown');
});

test('without a known extension the editor\'s language id decides', () => {
  assert.equal(languageOf('latex', 'untitled:Untitled-1'), 'latex');
  assert.equal(languageOf('quarto', 'untitled:Untitled-2'), 'markdown');
  assert.equal(languageOf('markdown', 'file:///notes/today.txt'), 'markdown');
  assert.equal(languageOf('plaintext', 'file:///notes/today.txt'), undefined);
});

test('notes are Markdown and LaTeX files of every common extension, matched without case', () => {
  for (const ext of ['.md', '.markdown', '.qmd', '.rmd', '.tex', '.ltx']) assert.ok(NOTE_EXTENSIONS.includes(ext), ext);
  assert.equal(languageOfPath('/b/INTRO.RMD'), 'markdown');
  assert.equal(languageOfPath('/b/style.sty'), 'latex');
  assert.equal(languageOfPath('/b/data.json'), undefined);
});

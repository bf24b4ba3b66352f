// Real consumer: pandoc --citeproc renders a Markdown note that cites every paper, from our BibTeX
// (read as .bibtex) and from our BibLaTeX (read as .bib), without "citation not found" or other warnings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bibliographyFor } from '../../server/src/core/bibliography';
import type { BibFormat } from '../../server/src/core/bibtex';
import { inScratch, lookupIn, missingTitles, paperSets, run } from './kit';

// pandoc picks its reader by extension: .bibtex is BibTeX, .bib is BibLaTeX.
const extension: Record<BibFormat, string> = { bibtex: 'bibtex', biblatex: 'bib' };

for (const { name, papers } of paperSets()) {
  for (const format of ['bibtex', 'biblatex'] as BibFormat[]) {
    test(`pandoc --citeproc renders every title of the ${name} ${format} bibliography (${papers.length} papers)`, () => {
      const keys = papers.map((p) => p.id);
      const { text } = bibliographyFor(keys, lookupIn(papers), format);
      inScratch('pandoc', (dir) => {
        const bib = `refs.${extension[format]}`;
        writeFileSync(join(dir, bib), text);
        writeFileSync(join(dir, 'note.md'), ['# Reading notes', '', ...keys.map((k) => `Notes on [@${k}].\n`), '# References', ''].join('\n'));
        const r = run('pandoc', ['--citeproc', '--bibliography', bib, '--to', 'plain', '--wrap=none', 'note.md'], dir);
        assert.equal(r.stderr.split('\n').filter((l) => /not found|WARNING|error/i.test(l)).join('\n'), '');
        assert.equal(r.status, 0, r.stderr);
        // Every citation resolved: pandoc leaves an unresolved one as "(key?)" or "???".
        assert.doesNotMatch(r.stdout, /\?\?\?|\(\S+\?\)/);
        assert.deepEqual(missingTitles(papers, r.stdout), []);
      });
    });
  }
}

test('pandoc shows the arXiv id of a BibTeX preprint and keeps non-ASCII names', () => {
  const papers = paperSets()[0].papers;
  const keys = ['ba2016layer', 'vaswani2017attention', 'hochreiter1997long'];
  const { text } = bibliographyFor(keys, lookupIn(papers), 'bibtex');
  inScratch('pandoc-arxiv', (dir) => {
    writeFileSync(join(dir, 'refs.bibtex'), text);
    writeFileSync(join(dir, 'note.md'), keys.map((k) => `[@${k}]`).join(' ') + '\n');
    const r = run('pandoc', ['--citeproc', '--bibliography', 'refs.bibtex', '--to', 'plain', '--wrap=none', 'note.md'], dir);
    assert.match(r.stdout, /arXiv:1607\.06450/);
    assert.match(r.stdout, /Łukasz Kaiser/);
    assert.match(r.stdout, /Jürgen Schmidhuber/);
  });
});

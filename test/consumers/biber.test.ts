// Real consumer: biber (for biblatex) reads our BibLaTeX without a warning, even with its data-model
// validation on. biber needs the control file (.bcf) that one pdflatex run of a biblatex document writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bibliographyFor } from '../../server/src/core/bibliography';
import { inScratch, lookupIn, missingTitles, paperSets, run } from './kit';

function document(keys: string[]): string {
  return [
    '\\documentclass{article}',
    '\\usepackage[T1]{fontenc}',
    '\\usepackage[backend=biber]{biblatex}',
    '\\addbibresource{refs.bib}',
    '\\begin{document}',
    ...keys.map((k) => `\\cite{${k}}`),
    '\\printbibliography',
    '\\end{document}',
    '',
  ].join('\n');
}

for (const { name, papers } of paperSets()) {
  test(`biber reads the ${name} BibLaTeX bibliography of ${papers.length} papers without warnings`, () => {
    const keys = papers.map((p) => p.id);
    const { text, unknown } = bibliographyFor(keys, lookupIn(papers), 'biblatex');
    assert.deepEqual(unknown, []);
    inScratch('biber', (dir) => {
      writeFileSync(join(dir, 'refs.bib'), text);
      writeFileSync(join(dir, 'main.tex'), document(keys));
      const latex = run('pdflatex', ['-interaction=nonstopmode', '-draftmode', '-halt-on-error', 'main.tex'], dir);
      assert.ok(existsSync(join(dir, 'main.bcf')), `pdflatex wrote no main.bcf (biblatex missing?)\n${latex.stdout.slice(-2000)}`);
      const r = run('biber', ['--validate-datamodel', 'main'], dir);
      const log = r.stdout + r.stderr;
      assert.deepEqual(log.split('\n').filter((l) => /\b(WARN|ERROR)\b/.test(l)), []);
      assert.equal(r.status, 0, log);
      const bbl = readFileSync(join(dir, 'main.bbl'), 'utf8');
      const entries = [...bbl.matchAll(/\\entry\{([^}]+)\}/g)].map((m) => m[1]).sort();
      assert.deepEqual(entries, [...keys].sort());
      assert.deepEqual(missingTitles(papers, bbl), []);
    });
  });
}

test('biber finds the arXiv eprint of a preprint and of a published paper', () => {
  const papers = paperSets()[0].papers;
  const keys = ['ba2016layer', 'he2016deep'];
  const { text } = bibliographyFor(keys, lookupIn(papers), 'biblatex');
  inScratch('biber-eprint', (dir) => {
    writeFileSync(join(dir, 'refs.bib'), text);
    writeFileSync(join(dir, 'main.tex'), document(keys));
    run('pdflatex', ['-interaction=nonstopmode', '-draftmode', 'main.tex'], dir);
    assert.equal(run('biber', ['main'], dir).status, 0);
    const bbl = readFileSync(join(dir, 'main.bbl'), 'utf8');
    assert.match(bbl, /\\verb\{eprint\}\s*\\verb 1607\.06450/);
    assert.match(bbl, /\\verb\{eprint\}\s*\\verb 1512\.03385/);
    assert.match(bbl, /\\field\{eprinttype\}\{arxiv\}/);
    assert.match(bbl, /\\field\{eprintclass\}\{cs\.CV\}/);
  });
});

// Real consumer: classic bibtex with the plain and plainnat styles reads our BibTeX without a warning.
// bibtex needs only an .aux file, so we write one (\citation, \bibstyle, \bibdata) instead of running LaTeX.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bibliographyFor, planAdditions } from '../../server/src/core/bibliography';
import { inScratch, lookupIn, missingTitles, paperSets, run } from './kit';

/** Runs bibtex on `keys` against `bib`, returning the .bbl and the .blg. */
function bibtex(dir: string, bib: string, keys: string[], style: string): { bbl: string; blg: string; status: number | null } {
  writeFileSync(join(dir, 'refs.bib'), bib);
  writeFileSync(join(dir, 'main.aux'), ['\\relax', ...keys.map((k) => `\\citation{${k}}`), `\\bibstyle{${style}}`, '\\bibdata{refs}', ''].join('\n'));
  const r = run('bibtex', ['main'], dir);
  return { status: r.status, bbl: readFileSync(join(dir, 'main.bbl'), 'utf8'), blg: readFileSync(join(dir, 'main.blg'), 'utf8') };
}

/** Warning and error lines of a bibtex log. */
function complaints(blg: string): string[] {
  return blg.split('\n').filter((l) => /^Warning--|error message|I couldn't open|I found no|Repeated entry|^---/.test(l));
}

for (const { name, papers } of paperSets()) {
  for (const style of ['plain', 'plainnat']) {
    test(`bibtex (${style}) reads the ${name} bibliography of ${papers.length} papers without warnings`, () => {
      const keys = papers.map((p) => p.id);
      const { text, unknown } = bibliographyFor(keys, lookupIn(papers), 'bibtex');
      assert.deepEqual(unknown, []);
      inScratch('bibtex', (dir) => {
        const { status, bbl, blg } = bibtex(dir, text, keys, style);
        assert.deepEqual(complaints(blg), []);
        assert.equal(status, 0, blg);
        const items = [...bbl.matchAll(/\\bibitem(?:\[[^\]]*\])?\s*\{([^}]+)\}/g)].map((m) => m[1]).sort();
        assert.deepEqual(items, [...keys].sort());
        assert.deepEqual(missingTitles(papers, bbl), []);
      });
    });
  }
}

test('bibtex keeps protected words capitalised while plain lowercases the rest of the title', () => {
  const papers = paperSets()[0].papers;
  const keys = ['krizhevsky2012imagenet', 'devlin2019bert', 'silver2016mastering', 'ren2015faster', 'he2016deep'];
  const { text } = bibliographyFor(keys, lookupIn(papers), 'bibtex');
  inScratch('bibtex-case', (dir) => {
    const { bbl } = bibtex(dir, text, keys, 'plain');
    const flat = bbl.replace(/\s+/g, ' ');
    for (const phrase of [
      '{ImageNet} classification with deep convolutional neural networks',
      '{BERT}: Pre-training of deep bidirectional {Transformers} for language understanding',
      'Mastering the game of {Go} with deep neural networks and tree search',
      'Faster {R-CNN}: Towards real-time object detection',
      'Deep residual learning for image recognition',
    ]) assert.ok(flat.includes(phrase), `${phrase}\nnot in\n${flat}`);
  });
});

test('bibtex reads a user bib after planAdditions appended to it: no repeated entries, the user key kept', () => {
  const papers = paperSets()[0].papers;
  const userBib = '@article{Hochreiter.Schmidhuber.1997,\n  author = {Hochreiter, Sepp and Schmidhuber, J{\\"u}rgen},\n  title = {Long Short-Term Memory},\n  journal = {Neural Computation},\n  volume = {9},\n  number = {8},\n  pages = {1735--1780},\n  year = 1997\n}';
  const cited = ['Hochreiter.Schmidhuber.1997', 'hochreiter1997long', 'he2016deep', 'ba2016layer'];
  const plan = planAdditions({
    citedKeys: cited, bibText: userBib, lookup: lookupIn(papers), format: 'bibtex',
    samePaperInBib: (item) => (item.DOI === '10.1162/neco.1997.9.8.1735' ? 'Hochreiter.Schmidhuber.1997' : undefined),
  });
  assert.deepEqual(plan.added, ['ba2016layer', 'he2016deep']);
  assert.deepEqual(plan.sameAs, [{ cited: 'hochreiter1997long', existing: 'Hochreiter.Schmidhuber.1997' }]);
  const merged = userBib.slice(0, plan.insertOffset) + plan.insertText + userBib.slice(plan.insertOffset);
  // The document now cites the existing key instead of the duplicate, as the "use the existing key" action does.
  const keys = ['Hochreiter.Schmidhuber.1997', 'he2016deep', 'ba2016layer'];
  inScratch('bibtex-append', (dir) => {
    const { status, bbl, blg } = bibtex(dir, merged, keys, 'plainnat');
    assert.deepEqual(complaints(blg), []);
    assert.equal(status, 0, blg);
    assert.equal([...bbl.matchAll(/\\bibitem/g)].length, 3);
  });
});

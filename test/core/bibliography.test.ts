// Which entries get written, under which keys, and where they go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { BibliographyDecl, CslItem, ScanResult } from '../../server/src/core/model';
import { paperToBibtex } from '../../server/src/core/bibtex';
import { bibliographyFor, planAdditions, bibliographyTargetFor, resolveBesides, type PlanArgs } from '../../server/src/core/bibliography';
import { parseBib } from '../../server/src/core/bibParser';
import { fixture } from '../fixture';

const papers: CslItem[] = JSON.parse(readFileSync('test/fixtures/bibtex/papers12.json', 'utf8'));

/** Canonical keys and the database's aliases, as the index resolves them. */
function lookup(key: string): CslItem | undefined {
  return papers.find((p) => p.id === key || p.custom?.aliases?.includes(key));
}

/** The keys of the entries in a BibTeX text, in order. */
function keysIn(text: string): string[] {
  return [...text.matchAll(/^@\w+\{([^,]+),/gm)].map((m) => m[1]);
}

test('a bibliography has each cited key once, sorted by key, unknown keys reported', () => {
  const b = bibliographyFor(['vaswani2017attention', 'he2016deep', 'nobody2020', 'he2016deep', 'ba2016layer'], lookup, 'bibtex');
  assert.deepEqual(b.written, ['ba2016layer', 'he2016deep', 'vaswani2017attention']);
  assert.deepEqual(keysIn(b.text), b.written);
  assert.deepEqual(b.unknown, ['nobody2020']);
  assert.equal(b.text, b.written.map((k) => paperToBibtex(lookup(k)!, k, 'bibtex')).join('\n'));
});

test('an alias is written under the alias the document cites', () => {
  const b = bibliographyFor(['kingma2014adam'], lookup, 'biblatex');
  assert.deepEqual(keysIn(b.text), ['kingma2014adam']);
  assert.match(b.text, /title = \{\{Adam\}: A Method for Stochastic Optimization\}/);
});

test('a bibliography is the same byte for byte whatever the order of the cited keys', () => {
  const keys = papers.map((p) => p.id);
  const a = bibliographyFor(keys, lookup, 'bibtex').text;
  const b = bibliographyFor([...keys].reverse().concat(keys), lookup, 'bibtex').text;
  assert.equal(a, b);
  assert.equal(keysIn(a).length, papers.length);
  assert.ok(a.endsWith('}\n') && a.includes('}\n\n@'));
});

test('no cited keys give an empty bibliography', () => {
  assert.deepEqual(bibliographyFor([], lookup, 'bibtex'), { text: '', written: [], unknown: [] });
});

/* ------------------------------------------------------------------ */

const userBib = `@string{cvpr = "CVPR"}
@article{Hochreiter.Schmidhuber.1997,
  title = {Long Short-Term Memory},
  journal = {Neural Computation},
  year = 1997
}

@inproceedings{he2016deep,
  title = {Deep Residual Learning},
  booktitle = cvpr,
  year = 2016
}
`;

function plan(over: Partial<PlanArgs>) {
  return planAdditions({
    citedKeys: [],
    bibText: userBib,
    lookup,
    samePaperInBib: (item) => (item.id === 'hochreiter1997long' ? 'Hochreiter.Schmidhuber.1997' : undefined),
    format: 'bibtex',
    ...over,
  });
}

test('only missing entries are appended, at the end, after one blank line', () => {
  const p = plan({ citedKeys: ['vaswani2017attention', 'he2016deep', 'ba2016layer', 'he2016deep'] });
  assert.equal(p.insertOffset, userBib.length);
  assert.deepEqual(p.added, ['ba2016layer', 'vaswani2017attention']);
  assert.deepEqual(p.alreadyPresent, ['he2016deep']);
  assert.deepEqual(keysIn(p.insertText), ['ba2016layer', 'vaswani2017attention']);
  assert.ok(p.insertText.startsWith('\n@misc{ba2016layer,'), JSON.stringify(p.insertText.slice(0, 30)));
  // The text before the insertion point is never part of the edit.
  const after = userBib.slice(0, p.insertOffset) + p.insertText;
  assert.ok(after.startsWith(userBib));
  assert.match(after, /\n}\n\n@misc\{ba2016layer,/);
});

test('the same paper under another key is not added again but reported, so the editor can offer the existing key', () => {
  const p = plan({ citedKeys: ['hochreiter1997long', 'goodfellow2014generative'] });
  assert.deepEqual(p.sameAs, [{ cited: 'hochreiter1997long', existing: 'Hochreiter.Schmidhuber.1997' }]);
  assert.deepEqual(p.added, ['goodfellow2014generative']);
  assert.ok(!p.insertText.includes('hochreiter1997long'));
});

test('a key the index already places in this file is not written again, even if the text does not show it', () => {
  // The index and the text can disagree while the file is being edited.
  const p = plan({ citedKeys: ['ba2016layer'], bibText: '% being edited\n', samePaperInBib: () => 'ba2016layer' });
  assert.deepEqual(p.alreadyPresent, ['ba2016layer']);
  assert.equal(p.insertText, '');
});

test('keys the file defines in another case are present (bibtex would call the new one a repeated entry)', () => {
  const p = plan({ citedKeys: ['HE2016DEEP', 'hochreiter.schmidhuber.1997'] });
  assert.deepEqual(p.alreadyPresent, ['HE2016DEEP', 'hochreiter.schmidhuber.1997']);
  assert.equal(p.insertText, '');
});

test('unknown keys are reported and nothing is written for them', () => {
  const p = plan({ citedKeys: ['nobody2020'] });
  assert.deepEqual(p.unknown, ['nobody2020']);
  assert.deepEqual(p.added, []);
  assert.equal(p.insertText, '');
  assert.equal(p.insertOffset, userBib.length);
});

test('the separator gives exactly one blank line whatever the file ends with', () => {
  const entry = paperToBibtex(lookup('he2016deep')!, 'he2016deep', 'bibtex');
  const cases: Array<[string, string]> = [
    ['', ''],
    ['@misc{a, title={A}}', '\n\n'],
    ['@misc{a, title={A}}\n', '\n'],
    ['@misc{a, title={A}}\n\n', ''],
    ['@misc{a, title={A}}\n  \n\t', ''],
    ['\n', ''],
    ['% only a comment', '\n\n'],
  ];
  for (const [bibText, sep] of cases) {
    const p = planAdditions({ citedKeys: ['he2016deep'], bibText, lookup, samePaperInBib: () => undefined, format: 'bibtex' });
    assert.equal(p.insertText, sep + entry, JSON.stringify(bibText));
  }
});

test('a file with CRLF line endings gets CRLF entries', () => {
  const bibText = '@misc{a,\r\n  title = {A}\r\n}\r\n';
  const p = planAdditions({ citedKeys: ['ba2016layer'], bibText, lookup, samePaperInBib: () => undefined, format: 'bibtex' });
  assert.ok(p.insertText.startsWith('\r\n@misc{ba2016layer,\r\n'));
  assert.ok(!/[^\r]\n/.test(p.insertText));
});

test('a new file is the whole bibliography of the missing keys', () => {
  const p = planAdditions({ citedKeys: ['he2016deep', 'kingma2014adam'], bibText: '', lookup, samePaperInBib: () => undefined, format: 'biblatex' });
  assert.equal(p.insertOffset, 0);
  assert.equal(p.insertText, bibliographyFor(['he2016deep', 'kingma2014adam'], lookup, 'biblatex').text);
});

test('@string, @preamble and @comment names are not entry keys', () => {
  const p = planAdditions({
    citedKeys: ['cvpr', 'he2016deep'],
    bibText: '@string{cvpr = "CVPR"}\n@preamble{"he2016deep"}\n@comment{he2016deep}\n',
    lookup: (k) => (k === 'cvpr' ? lookup('he2016deep') : lookup(k)),
    samePaperInBib: () => undefined,
    format: 'bibtex',
  });
  assert.deepEqual(p.added, ['cvpr', 'he2016deep']);
});

/* ------------------------------------------------------------------ */

function decl(path: string, kind: BibliographyDecl['kind'], start = 0): BibliographyDecl {
  return { path, kind, span: { start, end: start + path.length } };
}
function scanWith(...bibliographies: BibliographyDecl[]): ScanResult {
  return { cites: [], bare: [], bibliographies };
}

test('the first declared bibliography is the target, resolved beside the document', () => {
  const doc = '/home/u/paper/main.tex';
  assert.deepEqual(bibliographyTargetFor(scanWith(decl('other', 'bibliography', 90), decl('refs', 'bibliography', 10)), doc, ''),
    { path: '/home/u/paper/refs.bib', decl: decl('refs', 'bibliography', 10) });
  assert.equal(pathOf(bibliographyTargetFor(scanWith(decl('../shared/lit.bib', 'addbibresource')), doc, '')), '/home/u/shared/lit.bib');
  assert.equal(pathOf(bibliographyTargetFor(scanWith(decl('refs.bib', 'yaml')), '/notes/review.md', '')), '/notes/refs.bib');
  assert.equal(pathOf(bibliographyTargetFor(scanWith(decl('/abs/refs.bib', 'yaml')), '/notes/review.md', '')), '/abs/refs.bib');
  assert.equal(pathOf(bibliographyTargetFor(scanWith(decl('refs.bib', 'bibliography')), 'main.tex', '')), 'refs.bib');
});

function pathOf(t: ReturnType<typeof bibliographyTargetFor>): string | undefined {
  return 'path' in t ? t.path : undefined;
}

test('paths resolve with ./ and ../ removed and Windows separators kept', () => {
  assert.equal(resolveBesides('/a/b/doc.tex', './refs.bib'), '/a/b/refs.bib');
  assert.equal(resolveBesides('/a/b/doc.tex', '../../x/../refs.bib'), '/refs.bib');
  assert.equal(resolveBesides('C:\\w\\doc.tex', 'refs.bib'), 'C:\\w\\refs.bib');
  assert.equal(resolveBesides('doc.md', '../refs.bib'), '../refs.bib');
});

/** Applies the declaration edit of a "create" target to the fixture text and checks it lands on `$0`. */
function checkCreate(docPath: string, raw: string, expectedLine: string) {
  const f = fixture(raw);
  const t = bibliographyTargetFor(scanWith(), docPath, f.text);
  assert.ok('create' in t, 'expected a new file');
  assert.equal(t.create, resolveBesides(docPath, 'references.bib'));
  assert.equal(t.declarationEdit.offset, f.cursor);
  assert.equal(t.declarationEdit.text, expectedLine);
}

test('a LaTeX document without a bibliography gets a style and \\bibliography{references} before \\end{document}', () => {
  checkCreate('/p/main.tex', `\\documentclass{article}
\\begin{document}
See \\cite{he2016deep}.
% \\end{document} in a comment does not count
$0\\end{document}
`, '\\bibliographystyle{plain}\n\\bibliography{references}\n');
});

test('a natbib document gets plainnat; a document that has a style keeps it', () => {
  checkCreate('/p/main.tex', `\\usepackage[numbers]{natbib}
\\begin{document}
x $0\\end{document}`, '\n\\bibliographystyle{plainnat}\n\\bibliography{references}\n');
  checkCreate('/p/main.tex', `\\bibliographystyle{abbrvnat}
\\begin{document}
$0\\end{document}`, '\\bibliography{references}\n');
});

test('a biblatex document gets \\addbibresource in the preamble', () => {
  checkCreate('/p/main.tex', `\\usepackage[style=authoryear]{biblatex}
$0\\begin{document}
\\printbibliography
\\end{document}`, '\\addbibresource{references.bib}\n');
});

test('a LaTeX fragment without \\end{document} gets the declaration at its end', () => {
  checkCreate('/p/chapter.tex', 'Text \\cite{a}.$0', '\n\\bibliographystyle{plain}\n\\bibliography{references}\n');
});

test('a Markdown note gets bibliography: in its front matter, or new front matter', () => {
  checkCreate('/n/review.md', `---
title: Review
$0---

Text [@he2016deep].
`, 'bibliography: references.bib\n');
  checkCreate('/n/review.md', `$0# Review

Text [@he2016deep].
`, '---\nbibliography: references.bib\n---\n\n');
  checkCreate('/n/review.md', '---\r\ntitle: x\r\n$0...\r\nText', 'bibliography: references.bib\r\n');
});

test('appending is idempotent: planning again on the merged file adds nothing, and parseBib reads it without problems', () => {
  const citedKeys = [...papers.map((p) => p.id), 'kingma2014adam', 'nobody2020'];
  const first = plan({ citedKeys });
  const merged = userBib + first.insertText;
  const second = plan({ citedKeys, bibText: merged });
  assert.equal(second.insertText, '');
  assert.deepEqual(second.added, []);
  assert.deepEqual(second.alreadyPresent, [...first.added, ...first.alreadyPresent].sort());
  const parsed = parseBib(merged);
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(parsed.entries.map((e) => e.key).slice(2), first.added);
  const adam = parsed.entries.find((e) => e.key === 'kingma2014adam');
  assert.equal(adam?.fields.title, '{Adam}: A Method for Stochastic Optimization');
  assert.equal(adam?.fields.eprint, '1412.6980');
});

// LaTeX cases checked against LaTeX itself: each case is compiled by pdflatex (in parallel, two at a
// time), and the keys it writes to the .aux (`\citation{..}` for BibTeX, `\abx@aux@cite{..}{..}`
// for biblatex; no bibtex or biber run is needed for those) must be the keys our scanner finds.
// pdflatex is required: when it is missing these tests fail, they do not skip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { citeMacrosDefinedIn, scanDocument } from '../../../server/src/core/scan';

interface Case {
  name: string;
  /** Preamble lines after `\documentclass{article}` (natbib when neither this nor `biblatex` says otherwise). */
  preamble?: string;
  body: string;
  /** Loads biblatex instead of natbib. */
  biblatex?: boolean;
  /** Extra files next to main.tex (a preamble package); their cite macros reach the scan as a project would pass them. */
  files?: Record<string, string>;
}

const NATBIB = '\\usepackage{natbib}';
const BIBLATEX = '\\usepackage[backend=biber,natbib]{biblatex}';

const cases: Case[] = [
  // natbib
  { name: 'natbib \\citep and \\citet', body: '\\citep{a} and \\citet{b,c}' },
  { name: 'natbib optional arguments', body: '\\citep[p.~3]{a} \\citep[see][p.~3]{b, c} \\citet[chap.~2]{d}' },
  { name: 'natbib starred forms', body: '\\citet*{a} \\citep*[see][]{b} \\citeauthor*{c}' },
  { name: 'natbib \\citeauthor \\citeyearpar \\citeyear', body: '\\citeauthor{a} (\\citeyearpar{b}) \\citeyear{c}' },
  { name: 'natbib \\citealp \\citealt and capitals', body: '\\citealp{a} \\citealt{b} \\Citet{c} \\Citep{d} \\Citeauthor{e}' },
  { name: 'key list over lines with spaces', body: '\\citep{a,\n  b ,\n  c}' },
  { name: 'plain \\cite with optional argument', preamble: '', body: '\\cite{a} \\cite[p.~2]{b}' },
  { name: '\\nocite of keys and of *', body: '\\nocite{a,b} \\nocite{*} \\cite{c}' },
  { name: 'comments and \\%', body: '% \\cite{no1}\n50\\% of \\cite{yes1} % \\cite{no2}\n\\cite{yes2}% \\cite{no3}' },
  { name: 'verbatim environment', body: '\\begin{verbatim}\n\\cite{no}\n\\end{verbatim}\n\\cite{yes}' },
  { name: 'lstlisting', preamble: `${NATBIB}\\usepackage{listings}`, body: '\\begin{lstlisting}\n\\cite{no}\n\\end{lstlisting}\n\\cite{yes} \\lstinline|\\cite{no2}|' },
  { name: '\\verb', body: '\\verb|\\cite{no}| and \\verb+\\cite{no2}+ then \\cite{yes}' },
  { name: 'comment environment', preamble: `${NATBIB}\\usepackage{verbatim}`, body: '\\begin{comment}\n\\cite{no}\n\\end{comment}\n\\cite{yes}' },
  { name: '\\iffalse block', body: '\\iffalse \\cite{no} \\fi \\cite{yes}' },
  { name: '\\iffalse with a nested conditional, \\else and a commented \\fi', body: '\\iffalse % \\fi\n\\ifx\\a\\b \\cite{no1}\\fi \\cite{no2}\n\\else \\cite{yes1} \\fi \\cite{yes2}' },
  { name: 'cite in a footnote and a section title', body: '\\section{On \\citet{a}} text\\footnote{See \\citep{b}.}' },
  // User macros, every definition kind.
  { name: '\\newcommand with braces', preamble: `${NATBIB}\\newcommand{\\mycite}[1]{\\citep{#1}}`, body: '\\mycite{a} and \\mycite{b,c}' },
  { name: '\\newcommand without braces, starred', preamble: `${NATBIB}\\newcommand*\\mycite[1]{\\citet{#1}}`, body: '\\mycite{a}' },
  { name: '\\renewcommand', preamble: `${NATBIB}\\newcommand{\\mycite}{}\\renewcommand{\\mycite}[1]{\\cite{#1}}`, body: '\\mycite{a}' },
  { name: '\\providecommand', preamble: `${NATBIB}\\providecommand{\\mycite}[1]{\\citep{#1}}`, body: '\\mycite{a}' },
  { name: '\\DeclareRobustCommand', preamble: `${NATBIB}\\DeclareRobustCommand{\\mycite}[1]{\\citep{#1}}`, body: '\\mycite{a}' },
  { name: '\\def', preamble: `${NATBIB}\\def\\newcite#1{\\citet{#1}}`, body: '\\newcite{a} \\newcite{b}' },
  { name: '\\NewDocumentCommand with m', preamble: `${NATBIB}\\NewDocumentCommand{\\mycite}{m}{\\cite{#1}}`, body: '\\mycite{a}' },
  { name: '\\NewDocumentCommand with o m', preamble: `${NATBIB}\\NewDocumentCommand\\mycite{o m}{\\IfNoValueTF{#1}{\\citep{#2}}{\\citep[#1]{#2}}}`, body: '\\mycite{a} \\mycite[p.~3]{b}' },
  { name: '\\newcommand with an optional first parameter', preamble: `${NATBIB}\\newcommand{\\mycite}[2][]{\\citep[#1]{#2}}`, body: '\\mycite[p.~3]{a} \\mycite{b}' },
  { name: 'keys in the second argument', preamble: `${NATBIB}\\newcommand{\\seecite}[2]{\\citet[#1]{#2}}`, body: '\\seecite{p.~3}{a} \\seecite{chap.~1}{b,c}' },
  { name: '\\let to a cite command', preamble: `${NATBIB}\\let\\mycite\\citep\\let\\othercite=\\citet`, body: '\\mycite{a} \\othercite[p.~1]{b}' },
  { name: 'a macro on a macro', preamble: `${NATBIB}\\newcommand{\\mya}[1]{\\citep{#1}}\\newcommand{\\myb}[1]{\\mya{#1}}`, body: '\\myb{a}' },
  { name: 'a macro whose body cites a fixed key, used', preamble: `${NATBIB}\\newcommand{\\resnet}{ResNet~\\citep{he}}`, body: '\\resnet{} and \\resnet' },
  { name: 'macro bodies citing fixed keys, unused (\\newcommand and \\def)', preamble: `${NATBIB}\\newcommand{\\unused}{\\citep{never1}}\\def\\unuseddef{\\cite{never2}}`, body: '\\cite{a}' },
  { name: 'a macro defined in a preamble package', preamble: `${NATBIB}\\usepackage{mymacros}`, body: '\\mycite{a} \\othercite{b}', files: { 'mymacros.sty': '\\ProvidesPackage{mymacros}\n\\newcommand{\\mycite}[1]{\\citep{#1}}\n\\def\\othercite#1{\\citet{#1}}\n' } },
  { name: 'a macro in an \\iffalse block is no macro', preamble: `${NATBIB}\\iffalse\\newcommand{\\mycite}[1]{\\citep{#1}}\\fi\\newcommand{\\mycite}[1]{#1}`, body: '\\mycite{a} \\cite{b}' },
  // biblatex
  { name: 'biblatex \\parencite \\textcite \\autocite', biblatex: true, body: '\\parencite{a} \\textcite{b} \\autocite[p.~3]{c} \\Textcite[see][5]{d}' },
  { name: 'biblatex \\footcite \\footcitetext \\fullcite', biblatex: true, body: 'x\\footcite{a} \\fullcite{b} \\smartcite{c}' },
  { name: 'biblatex \\cites with several groups', biblatex: true, body: '\\cites{a}{b} \\parencites[see][]{c}[p.~2]{d,e}' },
  { name: 'biblatex multicite global notes', biblatex: true, body: '\\cites(pre)(post)[x][y]{a}[z]{b,c} \\autocites(see)()[1]{d}{e}' },
  { name: 'biblatex \\textcites \\footcites', biblatex: true, body: '\\textcites{a}{b} x\\footcites{c}{d}' },
  { name: 'biblatex starred and natbib-compatible commands', biblatex: true, body: '\\citeauthor*{a} \\citep{b} \\citet[p.~3]{c} \\citetitle*{d}' },
  { name: 'biblatex \\nocite', biblatex: true, body: '\\nocite{a} \\cite{b}' },
  { name: 'biblatex \\DeclareCiteCommand', biblatex: true, preamble: '\\DeclareCiteCommand{\\mycite}{\\usebibmacro{prenote}}{\\usebibmacro{citeindex}\\usebibmacro{cite}}{\\multicitedelim}{\\usebibmacro{postnote}}', body: '\\mycite{a} \\mycite[p.~2]{b,c}' },
  { name: 'biblatex \\DeclareMultiCiteCommand', biblatex: true, preamble: '\\DeclareMultiCiteCommand{\\myparencites}[\\mkbibparens]{\\parencite}{\\multicitedelim}', body: '\\myparencites{a}{b}[p.~2]{c}' },
  { name: 'biblatex macro around \\parencite', biblatex: true, preamble: '\\newcommand{\\mycite}[1]{\\parencite{#1}}', body: '\\mycite{a}' },
  { name: 'a macro around a multicite', biblatex: true, preamble: '\\newcommand{\\twocite}[2]{\\cites{#1}{#2}}', body: '\\twocite{a}{b}' },
];

function document(c: Case): string {
  const preamble = c.biblatex ? `${BIBLATEX}\n${c.preamble ?? ''}` : c.preamble ?? NATBIB;
  return `\\documentclass{article}\n${preamble}\n\\begin{document}\n${c.body}\n\\end{document}\n`;
}

/** The keys pdflatex wrote to the .aux of `main.tex` in `dir` (`*` of `\nocite{*}` left out: it is not a key). */
function auxKeys(dir: string): string[] {
  const aux = readFileSync(join(dir, 'main.aux'), 'utf8');
  const keys: string[] = [];
  for (const m of aux.matchAll(/\\citation\{([^}]*)\}|\\abx@aux@cite(?:\{[^}]*\})?\{([^}]*)\}/g)) {
    for (const k of (m[1] ?? m[2]).split(',')) if (k.trim() && k.trim() !== '*') keys.push(k.trim());
  }
  return [...new Set(keys)].sort();
}

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, timeout: 60_000 }, (err, stdout) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, out: `${stdout}${err && code === -1 ? String(err) : ''}` });
    });
  });
}

/** Runs `jobs` with at most `width` at a time. */
async function pool<T>(jobs: Array<() => Promise<T>>, width: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < jobs.length) { const i = next++; out[i] = await jobs[i](); }
  }));
  return out;
}

test('LaTeX cases: our keys are the keys pdflatex writes to the .aux', async () => {
  assert.ok(cases.length >= 30);
  const root = mkdtempSync(join(tmpdir(), 'mlp-latex-oracle-'));
  try {
    const results = await pool(cases.map((c, i) => async () => {
      const dir = join(root, String(i));
      mkdirSync(dir);
      const text = document(c);
      writeFileSync(join(dir, 'main.tex'), text);
      for (const [name, content] of Object.entries(c.files ?? {})) writeFileSync(join(dir, name), content);
      const r = await run('pdflatex', ['-draftmode', '-interaction=nonstopmode', '-halt-on-error', 'main.tex'], dir);
      assert.equal(r.code, 0, `${c.name}: pdflatex failed (is TeX Live installed?)\n${r.out.slice(-1500)}`);
      const project = Object.values(c.files ?? {}).flatMap((t) => citeMacrosDefinedIn(t));
      const ours = [...new Set(scanDocument(text, 'latex', { customCiteCommands: project }).cites.map((s) => s.key))].sort();
      return { name: c.name, latex: auxKeys(dir), ours };
    }), 2);
    const disagree = results.filter((r) => r.latex.join(',') !== r.ours.join(','));
    assert.deepEqual(disagree, [], `${disagree.length} of ${results.length} cases disagree with LaTeX`);
    // Every case cites something, so agreement is not the agreement of two empty lists.
    for (const r of results) assert.ok(r.latex.length > 0, r.name);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('key case: BibTeX resolves a key differing only in case, biber does not (what the key-case diagnostic says)', async () => {
  const root = mkdtempSync(join(tmpdir(), 'mlp-latex-case-'));
  try {
    writeFileSync(join(root, 'refs.bib'), '@inproceedings{Rosenfeld2000,\n  title = {Case},\n  author = {Rosenfeld, Ronald},\n  booktitle = {Proc.},\n  year = {2000}\n}\n');
    writeFileSync(join(root, 'bt.tex'), '\\documentclass{article}\n\\begin{document}\n\\cite{rosenfeld2000}\n\\bibliographystyle{plain}\\bibliography{refs}\n\\end{document}\n');
    writeFileSync(join(root, 'bl.tex'), '\\documentclass{article}\n\\usepackage[backend=biber]{biblatex}\\addbibresource{refs.bib}\n\\begin{document}\n\\cite{rosenfeld2000}\n\\printbibliography\n\\end{document}\n');
    const [bt, bl] = await Promise.all([run('pdflatex', ['-interaction=nonstopmode', 'bt.tex'], root), run('pdflatex', ['-interaction=nonstopmode', 'bl.tex'], root)]);
    assert.equal(bt.code, 0, bt.out.slice(-1000));
    assert.equal(bl.code, 0, bl.out.slice(-1000));
    const [bibtex, biber] = await Promise.all([run('bibtex', ['bt'], root), run('biber', ['bl'], root)]);
    assert.notEqual(bibtex.code, -1, bibtex.out);
    assert.notEqual(biber.code, -1, biber.out);
    // BibTeX finds the entry (silently: it warns only when one document cites two spellings) and writes it to the .bbl.
    assert.match(readFileSync(join(root, 'bt.bbl'), 'utf8'), /\\bibitem\{rosenfeld2000\}/i);
    // Biber does not.
    assert.doesNotMatch(readFileSync(join(root, 'bl.bbl'), 'utf8'), /\\entry\{/);
    assert.match(biber.out, /I didn't find a database entry for 'rosenfeld2000'/);
    // And the scanner reads each document's backend so.
    assert.equal(scanDocument(readFileSync(join(root, 'bt.tex'), 'utf8'), 'latex').backend, 'bibtex');
    assert.equal(scanDocument(readFileSync(join(root, 'bl.tex'), 'utf8'), 'latex').backend, 'biblatex');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

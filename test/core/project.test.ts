// The project model (core/project.ts): roots, the inclusion graph and where bibliographies resolve.
// Fixtures are multi-file strings: `//- /path` headers, as rust-analyzer's and texlab's tests write them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { buildProject, latexFacts, markdownFacts, parseBibInputs, parseYaml, projectFileFacts, projectFileKind, type DocFacts, type ProjectFileFacts } from '../../server/src/core/project';
import { scanDocument } from '../../server/src/core/scan';

/** Splits `//- /path` sections into files. */
function files(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of raw.split(/^\/\/- /m).slice(1)) {
    const nl = part.indexOf('\n');
    out.set(path.resolve(part.slice(0, nl).trim()), part.slice(nl + 1));
  }
  return out;
}

/**
 * The model of a fixture, rendered one line per document: `file: roots | bibliographies` (paths
 * relative to /ws). Files ending in .bib exist; `bibInputs` is a BIBINPUTS value.
 */
function check(raw: string, expected: string[], bibInputs?: string): void {
  const documents = new Map<string, DocFacts>();
  const projectFiles = new Map<string, ProjectFileFacts>();
  const bibFiles = new Set<string>();
  for (const [file, text] of files(raw)) {
    if (projectFileKind(file)) projectFiles.set(file, projectFileFacts(file, text)!);
    else if (file.endsWith('.bib')) bibFiles.add(file);
    else {
      const language = file.endsWith('.tex') ? 'latex' : 'markdown';
      const decls = scanDocument(text, language).bibliographies;
      documents.set(file, language === 'latex' ? latexFacts(text, decls) : markdownFacts(decls));
    }
  }
  const model = buildProject({ documents, projectFiles, bibFiles, bibInputs: parseBibInputs(bibInputs) });
  const rel = (p: string) => (p.startsWith('/ws/') ? p.slice(4) : p);
  assert.deepEqual([...model].sort(([a], [b]) => (a < b ? -1 : 1)).map(([f, p]) => `${rel(f)}: ${p.roots.map(rel).join(', ')} | ${p.bibliographies.map(rel).join(', ')}`), expected);
}

test('a chapter \\input from the root gets the root; \\bibliography in a section file resolves from the root folder', () => {
  check(`
//- /ws/main.tex
\\documentclass{article}
\\input{sections/packages}
\\begin{document}
\\include{sections/intro}
\\end{document}
//- /ws/sections/packages.tex
\\bibliography{refs.bib}
//- /ws/sections/intro.tex
Text \\cite{a}.
//- /ws/refs.bib
//- /ws/sections/refs.bib
`, [
    'main.tex: main.tex | refs.bib',
    'sections/intro.tex: main.tex | refs.bib',
    'sections/packages.tex: main.tex | refs.bib',
  ]);
});

test('inclusions: with and without .tex, \\input without braces, \\subfile, \\import and \\subimport; comments do not count', () => {
  check(`
//- /ws/thesis.tex
\\documentclass{report}
\\input chapters/one.tex
\\subfile{parts/two}
\\import{appendix/}{a}
% \\input{commented}
\\addbibresource{lib/refs.bib}
//- /ws/chapters/one.tex
one
//- /ws/parts/two.tex
\\subimport{deep/}{three}
//- /ws/parts/deep/three.tex
three
//- /ws/appendix/a.tex
\\input{b}
//- /ws/appendix/b.tex
b, found from the \\import folder
//- /ws/commented.tex
not included
`, [
    'appendix/a.tex: thesis.tex | lib/refs.bib',
    'appendix/b.tex: thesis.tex | lib/refs.bib',
    'chapters/one.tex: thesis.tex | lib/refs.bib',
    'commented.tex: commented.tex | ',
    'parts/deep/three.tex: thesis.tex | lib/refs.bib',
    'parts/two.tex: thesis.tex | lib/refs.bib',
    'thesis.tex: thesis.tex | lib/refs.bib',
  ]);
});

test('% !TEX root names the root even when no inclusion reaches the file; a file in two roots gets both', () => {
  check(`
//- /ws/paper/main.tex
\\documentclass{article}
\\bibliography{../bib/main}
//- /ws/paper/notes/draft.tex
% !TEX root = ../main.tex
\\cite{x}
//- /ws/a.tex
\\documentclass{article}
\\input{shared}
\\bibliography{a}
//- /ws/b.tex
\\documentclass{article}
\\input{shared}
\\bibliography{b}
//- /ws/shared.tex
shared
`, [
    'a.tex: a.tex | a.bib',
    'b.tex: b.tex | b.bib',
    'paper/main.tex: paper/main.tex | bib/main.bib',
    'paper/notes/draft.tex: paper/main.tex | bib/main.bib',
    'shared.tex: a.tex, b.tex | a.bib, b.bib',
  ]);
});

test('an inclusion cycle ends; a missing included file is no error', () => {
  check(`
//- /ws/main.tex
\\documentclass{article}
\\input{x}
\\input{missing}
//- /ws/x.tex
\\input{main}
\\bibliography{r}
`, ['main.tex: main.tex | r.bib', 'x.tex: main.tex | r.bib']);
});

test('BIBINPUTS: the root folder first, then each folder; `//` searches subfolders', () => {
  const raw = `
//- /ws/main.tex
\\documentclass{article}
\\bibliography{refs,shared,deep}
//- /tex/bib/shared.bib
//- /tex/more/sub/deep.bib
//- /ws/refs.bib
`;
  check(raw, ['main.tex: main.tex | refs.bib, /tex/bib/shared.bib, deep.bib'], '/tex/bib:/tex/more');
  check(raw, ['main.tex: main.tex | refs.bib, /tex/bib/shared.bib, /tex/more/sub/deep.bib'], '/tex/bib::/tex/more//');
  assert.deepEqual(parseBibInputs('a//::/b', ':', '/w'), [{ dir: '/w/a', recursive: true }, { dir: '/b', recursive: false }]);
});

test('bookdown: rmd_files are one book; a chapter\'s front matter bibliography resolves from the project root', () => {
  check(`
//- /ws/_bookdown.yml
book_filename: "thesis"
rmd_files: ["src/title.md", "src/ch1.md"]
//- /ws/src/title.md
---
bibliography: src/bib.bib
---
# Title
//- /ws/src/ch1.md
Chapter [@key].
//- /ws/README.md
---
bibliography: readme.bib
---
not in the book
//- /ws/src/bib.bib
`, [
    'README.md: README.md | readme.bib',
    'src/ch1.md: src/title.md | src/bib.bib',
    'src/title.md: src/title.md | src/bib.bib',
  ]);
});

test('bookdown without rmd_files: the root folder\'s .Rmd files, index.Rmd first; _output.yml adds pandoc\'s --bibliography', () => {
  check(`
//- /ws/book/_bookdown.yml
book_filename: book
//- /ws/book/_output.yml
bookdown::gitbook:
  pandoc_args: ["--bibliography=extra.bib"]
//- /ws/book/01-intro.Rmd
intro
//- /ws/book/index.Rmd
---
bibliography: [book.bib, packages.bib]
---
//- /ws/book/_skip.Rmd
x
`, [
    'book/01-intro.Rmd: book/index.Rmd | book/book.bib, book/packages.bib, book/extra.bib',
    // Not in the book: rendered alone, with _output.yml beside it.
    'book/_skip.Rmd: book/_skip.Rmd | book/extra.bib',
    'book/index.Rmd: book/index.Rmd | book/book.bib, book/packages.bib, book/extra.bib',
  ]);
});

test('Quarto: the project\'s bibliography from the root, a document\'s own from its folder (else the root); a book\'s root is index.qmd', () => {
  check(`
//- /ws/_quarto.yml
project:
  type: book
book:
  title: "T"
  chapters:
    - index.qmd
    - part: "Part I"
      chapters:
        - chapters/a.qmd
bibliography: references.bib
//- /ws/index.qmd
hi
//- /ws/chapters/a.qmd
---
bibliography:
  - local.bib
  - top.bib
---
//- /ws/chapters/local.bib
//- /ws/top.bib
`, [
    'chapters/a.qmd: index.qmd | references.bib, chapters/local.bib, top.bib',
    'index.qmd: index.qmd | references.bib',
  ]);
});

test('project files: the YAML the model reads', () => {
  assert.deepEqual(projectFileFacts('/p/_bookdown.yml', 'rmd_files:\n  html: ["a.Rmd", "b.Rmd"]\n  latex:\n    - a.Rmd\n    - c.Rmd # comment\n'),
    { kind: 'bookdown', rmdFiles: ['a.Rmd', 'b.Rmd', 'c.Rmd'], bibliographies: [] });
  assert.deepEqual(projectFileFacts('/p/_quarto.yml', 'project:\n  type: website\nformat:\n  html:\n    bibliography: refs.bib\n'),
    { kind: 'quarto', type: 'website', chapters: undefined, bibliographies: ['refs.bib'] });
  assert.equal(projectFileFacts('/p/other.yml', 'bibliography: x.bib'), undefined);
  assert.deepEqual(parseYaml('a:\n- x\n- y: 1\n  z: [p, "q"]\nb: \'s # t\'\n'), { a: ['x', { y: '1', z: ['p', 'q'] }], b: 's # t' });
  assert.deepEqual(parseYaml(':::\n  - [\n'), {});
});

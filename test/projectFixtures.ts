// Two small multi-file projects shared by the server and CLI tests of the project model.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** A thesis: chapters \input from main.tex; the bibliography is declared in a section file, the .bib sits beside main.tex. */
export const latexProject: Record<string, string> = {
  'main.tex': '\\documentclass{article}\n\\input{sections/packages}\n\\begin{document}\nIn the main file \\cite{mykey2020}.\n\\input{sections/intro}\n\\input{sections/references}\n\\end{document}\n',
  'sections/packages.tex': '\\usepackage{url}\n',
  'sections/intro.tex': 'Our own \\cite{mykey2020} and ResNet \\cite{he2016deep}.\n',
  'sections/references.tex': '\\bibliographystyle{plain}\n\\bibliography{refs.bib}\n',
  'refs.bib': '@article{mykey2020,\n  title = {A Local Entry},\n  author = {Doe, Jane},\n  journal = {J},\n  year = {2020}\n}\n',
};

/** A bookdown book: the bibliography is declared in src/title.md relative to the project root. */
export const bookProject: Record<string, string> = {
  '_bookdown.yml': 'book_filename: "thesis"\nrmd_files: ["src/title.md", "src/ch1.md"]\n',
  'src/title.md': '---\ntitle: A Book\nbibliography: src/bib.bib\n---\n# Title\n',
  'src/ch1.md': '# One\n\nLocal [@local2021key] and ResNet [@he2016deep].\n',
  'src/bib.bib': '@misc{local2021key,\n  title = {Local},\n  author = {Roe, R},\n  year = {2021}\n}\n',
};

export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
}

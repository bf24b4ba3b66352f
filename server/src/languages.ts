/**
 * The documents ML Papers reads: editor language ids and file extensions, one table for the
 * server, the CLI and the VS Code client (which reaches it through protocol.ts). No Node imports,
 * so the client bundle can take it.
 */
import type { DocLanguage } from './core/model';

/** Editor language ids per document language (VS Code's, and those other editors and extensions use). */
const LANGUAGE_IDS: Record<DocLanguage, readonly string[]> = {
  latex: ['latex', 'tex', 'context'],
  markdown: ['markdown', 'quarto', 'rmd', 'pandoc'],
  bibtex: ['bibtex', 'biblatex'],
};

/** File extensions per document language, lower case. `.sty` is LaTeX when opened, but no note. */
const EXTENSIONS: Record<DocLanguage, readonly string[]> = {
  latex: ['.tex', '.ltx', '.sty'],
  markdown: ['.md', '.markdown', '.qmd', '.rmd'],
  bibtex: ['.bib'],
};

/** The editor languages the VS Code client attaches the server to. */
export const EDITOR_LANGUAGE_IDS: readonly string[] = ['markdown', 'latex', 'tex', 'bibtex'];

/** Extensions of the notes a workspace search or the CLI looks at: Markdown and LaTeX documents. */
export const NOTE_EXTENSIONS: readonly string[] = [...EXTENSIONS.markdown, '.tex', '.ltx'];

/** Extensions of bibliography files found by a workspace search. */
export const BIB_EXTENSIONS: readonly string[] = EXTENSIONS.bibtex;

/** Notes and bibliographies. */
export const DOCUMENT_EXTENSIONS: readonly string[] = [...NOTE_EXTENSIONS, ...BIB_EXTENSIONS];

function extensionOf(file: string): string {
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  const dot = file.lastIndexOf('.');
  return dot > slash ? file.slice(dot).toLowerCase() : '';
}

export function languageOfPath(file: string): DocLanguage | undefined {
  const ext = extensionOf(file);
  for (const language of Object.keys(EXTENSIONS) as DocLanguage[]) if (EXTENSIONS[language].includes(ext)) return language;
  return undefined;
}

/**
 * The document language of a file: by its extension when it is one of ours, else by the editor's
 * language id (an untitled note, a `.txt` set to Markdown). The extension wins because some clients
 * send one language id for every file a server handles (Eglot 1.9 sends the first file's).
 */
export function languageOf(languageId: string, fileOrUri: string): DocLanguage | undefined {
  const byExtension = languageOfPath(fileOrUri.replace(/[?#].*$/, ''));
  if (byExtension) return byExtension;
  for (const language of Object.keys(LANGUAGE_IDS) as DocLanguage[]) if (LANGUAGE_IDS[language].includes(languageId)) return language;
  return undefined;
}

/** The workspace's documents as the core reads them, for the features that look at all of them. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Doc } from './core/features/context';
import { DOCUMENT_EXTENSIONS, languageOfPath } from './languages';
import type { Session } from './session';
import { findFiles, pathToUri, readTextFile } from './workspace';

/** Every Markdown/LaTeX/BibTeX text of the workspace: open documents win over the disk. */
export async function workspaceDocs(session: Session): Promise<Doc[]> {
  const out = new Map<string, Doc>();
  for (const d of session.documents.all()) { const f = session.featureDoc(d); if (f) out.set(d.uri, f); }
  for (const file of await findFiles(session.roots, DOCUMENT_EXTENSIONS)) {
    const uri = pathToUri(file);
    const language = languageOfPath(file);
    if (out.has(uri) || !language) continue;
    // An indexed .bib is already in memory (a big one should not be read again per request).
    const held = language === 'bibtex' ? session.index.fileText(uri) : undefined;
    if (held !== undefined) { out.set(uri, { uri, language, text: held }); continue; }
    const read = await readTextFile(file, session.config.maxBibFileBytes);
    if (read.ok) out.set(uri, { uri, language, text: read.text });
  }
  return [...out.values()];
}

/**
 * Every key the workspace's Markdown/LaTeX notes cite, in order, each note read with its project's
 * settings (a chapter's cite macros are its root's).
 */
export async function workspaceCitedKeys(session: Session): Promise<string[]> {
  return (await workspaceDocs(session)).filter((d) => d.language !== 'bibtex').flatMap((d) => session.citedKeys(d));
}

export function textDocumentOf(session: Session, uri: string, docs: readonly Doc[]): TextDocument | undefined {
  const open = session.documents.get(uri);
  if (open) return open;
  const f = docs.find((d) => d.uri === uri);
  return f ? TextDocument.create(uri, f.language, 0, f.text) : undefined;
}

/**
 * The workspace edit that appends missing BibTeX entries to a document's bibliography: the quick
 * fix on one key and the "Add missing entries" command share it. The core plans the text
 * (core/bibliography.ts); this file decides the file, guards where we may write, and speaks LSP.
 */
import * as path from 'node:path';
import type { WorkspaceEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { bibliographyTargetFor, planAdditions } from './core/bibliography';
import { writtenItem } from './core/bibtex';
import type { Doc } from './core/features/context';
import type { Paper } from './core/model';
import type { BibFiles } from './bibFiles';
import type { Session } from './session';
import { isInside, pathToUri, uriToPath } from './workspace';

export interface BibliographyEdit {
  title: string;
  edit: WorkspaceEdit;
  added: string[];
  /** The bibliography file written to. */
  file: string;
  sameAs: Array<{ cited: string; existing: string }>;
}

/**
 * Appends the missing entries for `keys` to the document's bibliography, creating references.bib
 * and declaring it when the document names none. Undefined when nothing is missing, when the target
 * lies outside the workspace or could not be read (we never write there), or when a new file would
 * be needed and the client cannot create files.
 */
export function bibliographyEdit(session: Session, bibFiles: BibFiles, doc: TextDocument, fdoc: Doc, keys: string[]): BibliographyEdit | undefined {
  const docPath = uriToPath(doc.uri);
  if (fdoc.language === 'bibtex' || !docPath) return undefined;
  const target = bibliographyTargetFor(session.scanOf(fdoc), docPath, fdoc.text);
  const file = 'path' in target ? target.path : target.create;
  const uri = pathToUri(file);
  const refusal = refusalToWrite(session, bibFiles, file, uri);
  if (refusal) { session.connection.console.warn(`Not writing ${file}: ${refusal}`); return undefined; }
  const bibDoc = session.documents.get(uri);
  // A references.bib may already exist beside an undeclared document: append to it, never replace it.
  const existingText = bibDoc?.getText() ?? bibFiles.textOf(uri, file);
  if (existingText === undefined && !session.abilities.createFiles) {
    session.connection.console.warn(`Not writing ${file}: it does not exist, and this editor cannot create files through an edit.`);
    return undefined;
  }
  const bibText = existingText ?? '';
  const userUris = [uri, ...session.declaredBibUris(fdoc)];
  const plan = planAdditions({
    citedKeys: keys,
    bibText,
    lookup: (k) => writtenItem(session.index.resolve(k, userUris)),
    samePaperInBib: (item) => session.index.findInFiles(item as Paper, [uri])[0]?.key,
    format: session.config.bibFormat,
  });
  if (!plan.added.length) return undefined;
  const insertAt = (bibDoc ?? TextDocument.create(uri, 'bibtex', 0, bibText)).positionAt(plan.insertOffset);
  const changes: Array<{ uri: string; version: number | null; at: { line: number; character: number }; text: string }> = [
    { uri, version: bibDoc?.version ?? null, at: insertAt, text: plan.insertText },
  ];
  if ('create' in target) changes.push({ uri: doc.uri, version: doc.version, at: doc.positionAt(target.declarationEdit.offset), text: target.declarationEdit.text });
  const name = path.basename(file);
  const title = plan.added.length === 1 ? `Add BibTeX entry for ${plan.added[0]} to ${name}` : `Add ${plan.added.length} missing entries to ${name}`;
  return { title, edit: workspaceEdit(session, changes, existingText === undefined ? uri : undefined), added: plan.added, file, sameAs: plan.sameAs };
}

/** Why `file` may not be written, or undefined when it may. */
function refusalToWrite(session: Session, bibFiles: BibFiles, file: string, uri: string): string | undefined {
  if (session.roots.length && !isInside(file, session.roots)) return 'it is outside the workspace.';
  // A file that could not be read as a bibliography (binary, too big, unreadable) is never appended to.
  return bibFiles.unreadable(uri);
}

/** Insertions as a WorkspaceEdit the client takes: versioned document changes (after creating `create`) when it can, else plain changes. */
function workspaceEdit(session: Session, inserts: Array<{ uri: string; version: number | null; at: { line: number; character: number }; text: string }>, create?: string): WorkspaceEdit {
  const edits = (i: (typeof inserts)[number]) => [{ range: { start: i.at, end: i.at }, newText: i.text }];
  if (!session.abilities.documentChanges) return { changes: Object.fromEntries(inserts.map((i) => [i.uri, edits(i)])) };
  return {
    documentChanges: [
      ...(create ? [{ kind: 'create' as const, uri: create, options: { ignoreIfExists: true } }] : []),
      ...inserts.map((i) => ({ textDocument: { uri: i.uri, version: i.version }, edits: edits(i) })),
    ],
  };
}

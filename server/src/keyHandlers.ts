/**
 * References and rename of a citation key: the features that read every Markdown, LaTeX and
 * BibTeX document of the workspace, open or not (open documents win over the disk).
 */
import { ErrorCodes, ResponseError, type Location, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import { citeAt } from './core/documentModel';
import type { Doc } from './core/features/context';
import { references } from './core/features/references';
import { rename } from './core/features/rename';
import type { Span } from './core/model';
import { toRange } from './convert';
import type { Session } from './session';
import { textDocumentOf, workspaceDocs } from './workspaceDocuments';

export function registerKeyHandlers(session: Session): void {
  const { connection } = session;

  connection.onReferences(async (params): Promise<Location[]> => {
    const at = session.withDoc('references', params.textDocument.uri, undefined, (doc, fdoc) => keyAt(session, fdoc, doc.offsetAt(params.position)));
    if (!at) return [];
    const docs = await workspaceDocs(session);
    return session.guard('references', params.textDocument.uri, [], () => references(session.ctxForOpen(session.documents.get(params.textDocument.uri)), docs, at.key).flatMap((r) => {
      const d = textDocumentOf(session, r.uri, docs);
      return d ? [{ uri: r.uri, range: toRange(d, r.span) }] : [];
    }));
  });

  connection.onPrepareRename((params) => session.withDoc('rename', params.textDocument.uri, null, (doc, fdoc) => {
    const at = keyAt(session, fdoc, doc.offsetAt(params.position));
    return at ? { range: toRange(doc, at.span), placeholder: at.key } : null;
  }));

  connection.onRenameRequest(async (params): Promise<WorkspaceEdit | null> => {
    const uri = params.textDocument.uri;
    const at = session.withDoc('rename', uri, undefined, (doc, fdoc) => keyAt(session, fdoc, doc.offsetAt(params.position)));
    if (!at) return null;
    const docs = await workspaceDocs(session);
    const result = session.guard('rename', uri, undefined, () => rename(session.ctxForOpen(session.documents.get(uri)), docs, at.key, params.newName.trim()));
    if (!result) return null;
    // An unusable new key is the user's to fix: the editor shows the message.
    if ('error' in result) throw new ResponseError(ErrorCodes.InvalidParams, result.error);
    const changes: Record<string, TextEdit[]> = {};
    for (const e of result.edits) {
      const d = textDocumentOf(session, e.uri, docs);
      if (d) (changes[e.uri] ??= []).push({ range: toRange(d, e.span), newText: e.newText });
    }
    return { changes };
  });
}

/**
 * The citation key under the cursor: a cite in prose, or an entry key in a .bib (asked of the index,
 * which has the file's entries already: a big .bib is not parsed again per request).
 */
function keyAt(session: Session, fdoc: Doc, offset: number): { key: string; span: Span } | undefined {
  if (fdoc.language === 'bibtex') {
    const entry = session.index.entryWithKeyAt(fdoc.uri, offset);
    return entry && entry.source.kind === 'bib' ? { key: entry.key, span: entry.source.keySpan } : undefined;
  }
  const site = citeAt(session.scanOf(fdoc), offset);
  return site ? { key: site.key, span: site.span } : undefined;
}

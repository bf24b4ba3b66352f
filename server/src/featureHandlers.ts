/**
 * The LSP feature handlers: each finds the document (`withDoc`), calls its core feature and
 * converts the result (convert.ts). Features that need every document of the workspace
 * (references, rename) are in keyHandlers.ts.
 */
import { CodeActionKind, type CodeAction, type Location } from 'vscode-languageserver/node';
import { codeActions } from './core/features/codeActions';
import { completion, completionDocumentation } from './core/features/completion';
import { definition } from './core/features/definition';
import { documentLinks } from './core/features/documentLinks';
import { hover } from './core/features/hover';
import { implementation } from './core/features/implementation';
import { symbols } from './core/features/symbols';
import type { BibFiles } from './bibFiles';
import { bibliographyEdit } from './bibliographyEdits';
import { fromDiagnostics, isCompletionData, startOf, toCompletionList, toHover, toLocation, toMarkup, toQuickFix, toRange, toWorkspaceSymbol, type Positions } from './convert';
import { lookUpAction, offerLookUp } from './onlineRequests';
import type { Session } from './session';

export function registerFeatureHandlers(session: Session, bibFiles: BibFiles): void {
  const { connection, index } = session;
  /** Offsets to positions in a file: an open document, or the line index of an indexed file. */
  const positionsOf = (uri: string): Positions | undefined => session.documents.get(uri) ?? index.filePositions(uri);

  connection.onHover((params) => session.withDoc('hover', params.textDocument.uri, null, (doc, fdoc) => {
    const r = hover(session.ctxFor(fdoc), fdoc, doc.offsetAt(params.position));
    return r ? toHover(doc, offerLookUp(session, doc.uri, r), session.abilities) : null;
  }));

  connection.onCompletion((params) => session.withDoc('completion', params.textDocument.uri, null, (doc, fdoc) => {
    const ctx = session.ctxFor(fdoc);
    const abilities = session.abilities;
    // The core renders the Markdown card unless the client resolves it later; a plain-text client gets its card from plainCard.
    const r = completion(ctx, fdoc, doc.offsetAt(params.position), { documentation: !abilities.resolveCompletionDocs && abilities.markdownCompletionDocs });
    if (!r) return null;
    return toCompletionList(doc, r, doc.offsetAt(params.position), abilities, (key, source) => completionDocumentation(ctx, key, source)?.plaintext ?? key);
  }));

  connection.onCompletionResolve((item) => {
    const data = item.data;
    if (!isCompletionData(data) || item.documentation !== undefined) return item;
    return session.guard('completion resolve', data.uri, item, () => {
      const card = completionDocumentation(session.ctxForOpen(session.documents.get(data.uri)), item.label, data.source);
      return card ? { ...item, documentation: toMarkup(card, session.abilities.markdownCompletionDocs) } : item;
    });
  });

  connection.onImplementation((params): Location[] => session.withDoc('implementation', params.textDocument.uri, [], (doc, fdoc) =>
    (implementation(session.ctxFor(fdoc), fdoc, doc.offsetAt(params.position)) ?? []).map((repo) => startOf(repo.url))));

  connection.onDefinition((params): Location[] => session.withDoc('definition', params.textDocument.uri, [], (doc, fdoc) => {
    const r = definition(session.ctxFor(fdoc), fdoc, doc.offsetAt(params.position));
    const location = r && toLocation('virtualKey' in r ? r : { uri: r.uri, span: r.selection }, positionsOf);
    return location ? [location] : [];
  }));

  connection.onCodeAction((params): CodeAction[] => session.withDoc('codeAction', params.textDocument.uri, [], (doc, fdoc) => {
    const span = { start: doc.offsetAt(params.range.start), end: doc.offsetAt(params.range.end) };
    const actions: CodeAction[] = [];
    for (const a of codeActions(session.ctxFor(fdoc), fdoc, span, fromDiagnostics(doc, params.context.diagnostics))) {
      if (a.kind === 'edit') actions.push(toQuickFix(doc, a.title, a.edits, a.preferred));
      else if (a.kind === 'addToBib' && session.workspaceTrusted) {
        const edit = bibliographyEdit(session, bibFiles, doc, fdoc, [a.key]);
        if (edit) actions.push({ title: edit.title, kind: CodeActionKind.QuickFix, edit: edit.edit });
      } else if (a.kind === 'lookUpOnline') {
        const action = lookUpAction(session, doc, a, params.context.diagnostics);
        if (action) actions.push(action);
      }
    }
    return actions;
  }));

  connection.onWorkspaceSymbol((params) => session.guard('symbols', '', [], () =>
    symbols(session.ctxFor(), params.query).map((s) => toWorkspaceSymbol(s, positionsOf))));

  connection.onDocumentLinks((params) => session.withDoc('documentLinks', params.textDocument.uri, [], (doc, fdoc) =>
    documentLinks(session.ctxFor(fdoc), fdoc).map((l) => ({ range: toRange(doc, l.span), target: l.url }))));
}

/**
 * Core ⇄ LSP conversions: offset spans to ranges, core severities and results to protocol types.
 * Capability-dependent choices (Markdown or plain text, snippet support) are made here only.
 */
import {
  DiagnosticSeverity,
  MarkupKind,
  type Diagnostic,
  type Hover,
  type Range,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Problem, Severity, Span } from './core/model';

export interface ClientAbilities {
  markdownHover: boolean;
  markdownCompletionDocs: boolean;
  /** The client fetches an item's documentation with completionItem/resolve when it shows it (VS Code does). */
  resolveCompletionDocs: boolean;
  snippets: boolean;
  /**
   * Completion list fields the client fills into every item (LSP 3.17 `itemDefaults`): a list then
   * states the replaced range and the resolve data once instead of on each of its ~50 items.
   */
  completionDefaults: { editRange: boolean; data: boolean };
  documentLinks: boolean;
  workDoneProgress: boolean;
  configuration: boolean;
  applyEdit: boolean;
  documentChanges: boolean;
  createFiles: boolean;
  watchedFilesDynamic: boolean;
}

/** Reads what the client can do out of `initialize` params, tolerating clients that send little. */
export function clientAbilities(caps: any): ClientAbilities {
  const td = caps?.textDocument ?? {};
  const ws = caps?.workspace ?? {};
  const hasMarkdown = (formats: unknown) => Array.isArray(formats) && formats.includes(MarkupKind.Markdown);
  return {
    markdownHover: hasMarkdown(td.hover?.contentFormat),
    markdownCompletionDocs: hasMarkdown(td.completion?.completionItem?.documentationFormat),
    resolveCompletionDocs: Array.isArray(td.completion?.completionItem?.resolveSupport?.properties) && td.completion.completionItem.resolveSupport.properties.includes('documentation'),
    snippets: td.completion?.completionItem?.snippetSupport === true,
    completionDefaults: { editRange: listsItemDefault(td.completion, 'editRange'), data: listsItemDefault(td.completion, 'data') },
    documentLinks: td.documentLink !== undefined,
    workDoneProgress: caps?.window?.workDoneProgress === true,
    configuration: ws.configuration === true,
    applyEdit: ws.applyEdit === true,
    documentChanges: ws.workspaceEdit?.documentChanges === true,
    createFiles: Array.isArray(ws.workspaceEdit?.resourceOperations) && ws.workspaceEdit.resourceOperations.includes('create'),
    watchedFilesDynamic: ws.didChangeWatchedFiles?.dynamicRegistration === true,
  };
}

function listsItemDefault(completion: any, field: string): boolean {
  const defaults = completion?.completionList?.itemDefaults;
  return Array.isArray(defaults) && defaults.includes(field);
}

/** What turns offsets into positions: an open TextDocument, or the line index of an indexed file. */
export interface Positions {
  positionAt(offset: number): { line: number; character: number };
}

export function toRange(doc: Positions, span: Span): Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

export function toSeverity(s: Severity): DiagnosticSeverity {
  switch (s) {
    case 'error': return DiagnosticSeverity.Error;
    case 'warning': return DiagnosticSeverity.Warning;
    case 'information': return DiagnosticSeverity.Information;
    default: return DiagnosticSeverity.Hint;
  }
}

export function fromSeverity(s: DiagnosticSeverity | undefined): Severity {
  return s === DiagnosticSeverity.Error ? 'error' : s === DiagnosticSeverity.Warning ? 'warning' : s === DiagnosticSeverity.Information ? 'information' : 'hint';
}

export function toDiagnostic(doc: Positions, p: Problem): Diagnostic {
  return {
    range: toRange(doc, p.span),
    severity: toSeverity(p.severity),
    message: p.message,
    source: 'ml-papers',
    ...(p.code ? { code: p.code } : {}),
    ...(p.data !== undefined ? { data: p.data } : {}),
  };
}

export function toHover(doc: TextDocument, result: { span: Span; markdown: string; plaintext: string }, abilities: ClientAbilities): Hover {
  return {
    range: toRange(doc, result.span),
    contents: abilities.markdownHover
      ? { kind: MarkupKind.Markdown, value: result.markdown }
      : { kind: MarkupKind.PlainText, value: result.plaintext },
  };
}

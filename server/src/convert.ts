/**
 * Core ⇄ LSP conversions: offset spans to ranges, core results to protocol types, and what the
 * client can do. Capability-dependent choices (Markdown or plain text, list defaults, document
 * changes) are made here and in the edit builders only.
 */
import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  MarkupKind,
  SymbolKind,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type Hover,
  type Location,
  type Range,
  type WorkspaceSymbol,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionResult } from './core/features/completion';
import type { TextEdit } from './core/features/context';
import type { CitedPaper, PaperGroup } from './core/citedPapers';
import type { PaperSymbol } from './core/features/symbols';
import { summarizeEntry } from './core/entrySummary';
import type { IndexedEntry, Problem, Severity, Span } from './core/model';
import type { CitedPapersRequest, PaperSummary } from './protocol';

export interface ClientAbilities {
  markdownHover: boolean;
  markdownCompletionDocs: boolean;
  /** The client fetches an item's documentation with completionItem/resolve when it shows it (VS Code does). */
  resolveCompletionDocs: boolean;
  /**
   * Completion list fields the client fills into every item (LSP 3.17 `itemDefaults`): a list then
   * states the replaced range and the resolve data once instead of on each of its ~50 items.
   */
  completionDefaults: { editRange: boolean; data: boolean };
  /** The client takes an edit with two ranges, to insert before the cursor or replace the whole word (VS Code's editor.suggest.insertMode). */
  insertReplace: boolean;
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
    completionDefaults: { editRange: listsItemDefault(td.completion, 'editRange'), data: listsItemDefault(td.completion, 'data') },
    insertReplace: td.completion?.completionItem?.insertReplaceSupport === true,
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

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** A location at the start of a document (a repository URL, a virtual document). */
export function startOf(uri: string): Location {
  return { uri, range: START };
}

/** The read-only `ml-papers:/<key>.bib` document of a database-only paper (the client serves it). */
export function virtualBibUri(key: string): string {
  return `ml-papers:/${encodeURIComponent(key)}.bib`;
}

/** The key of a `ml-papers:/<key>.bib` URI. */
export function keyOfVirtualBibUri(uri: string): string {
  return decodeURIComponent(uri.replace(/^ml-papers:\/?/, '').replace(/\.bib$/, ''));
}

/** Where a core location points: a span in a file (when we can turn offsets into positions) or a virtual .bib. */
export function toLocation(target: { uri: string; span: Span } | { virtualKey: string }, positionsOf: (uri: string) => Positions | undefined): Location | undefined {
  if ('virtualKey' in target) return startOf(virtualBibUri(target.virtualKey));
  const positions = positionsOf(target.uri);
  return positions ? { uri: target.uri, range: toRange(positions, target.span) } : undefined;
}

/** A cited paper for the Papers view: its citations' spans as ranges of their documents (a citation in a document without positions is left out). */
export function toCitedPaper(p: CitedPaper, positionsOf: (uri: string) => Positions | undefined): CitedPapersRequest.Paper {
  const citations = p.citations.flatMap((c) => {
    const positions = positionsOf(c.uri);
    return positions ? [{ uri: c.uri, range: toRange(positions, c.span), status: c.status }] : [];
  });
  return { ...p, citations };
}

export function toPaperGroup(g: PaperGroup): CitedPapersRequest.Group {
  return { id: g.id, label: g.label, keys: g.papers.map((p) => p.key) };
}

export function toSeverity(s: Severity): DiagnosticSeverity {
  switch (s) {
    case 'error': return DiagnosticSeverity.Error;
    case 'warning': return DiagnosticSeverity.Warning;
    case 'information': return DiagnosticSeverity.Information;
    default: return DiagnosticSeverity.Hint;
  }
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

/**
 * What a completion item carries for completionItem/resolve: where its entry comes from and the
 * document asking (whose bibliographies decide between same-key entries). The key is the label.
 */
export interface CompletionData { source: string; uri: string }

export function isCompletionData(data: unknown): data is CompletionData {
  const d = data as Partial<CompletionData> | undefined;
  return typeof d?.source === 'string' && typeof d.uri === 'string';
}

/**
 * A core completion as an LSP list. Each item replaces the partial key with its label (the key), as
 * a plain-text edit: the format's default, so no item states it. A client that takes list-wide
 * defaults gets the range and the resolve data once, which makes the answer much smaller
 * (bench/DESIGN.md §9). `plainCard` gives a plain-text client its card when it cannot resolve one.
 */
export function toCompletionList(doc: TextDocument, r: CompletionResult, cursor: number, abilities: ClientAbilities, plainCard: (key: string, source: string) => string): CompletionList {
  const replace = toRange(doc, r.span);
  // Typed before existing text (`\cite{kaiming|Generative`): a client that can choose inserts the
  // key before the cursor's tail or replaces the whole word, as its user prefers.
  const insertEnd = Math.min(Math.max(cursor, r.span.start), r.span.end);
  const range = abilities.insertReplace && insertEnd < r.span.end
    ? { insert: toRange(doc, { start: r.span.start, end: insertEnd }), replace }
    : replace;
  const lazyDocs = abilities.resolveCompletionDocs;
  const defaults = abilities.completionDefaults;
  const shared = lazyDocs && defaults.data ? commonSource(r.items) : undefined;
  const sharedData: CompletionData | undefined = shared === undefined ? undefined : { source: shared, uri: doc.uri };
  const items: CompletionItem[] = r.items.map((it, i) => ({
    label: it.key,
    kind: CompletionItemKind.Reference,
    detail: it.detail,
    ...(!lazyDocs
      ? { documentation: abilities.markdownCompletionDocs ? { kind: MarkupKind.Markdown, value: it.documentationMarkdown ?? '' } : plainCard(it.key, it.source) }
      : it.source === sharedData?.source ? {} : { data: { source: it.source, uri: doc.uri } satisfies CompletionData }),
    filterText: it.filterText,
    sortText: it.sortText ?? String(i).padStart(5, '0'),
    ...(defaults.editRange ? {} : { textEdit: 'insert' in range ? { ...range, newText: it.key } : { range, newText: it.key } }),
  }));
  const itemDefaults = { ...(defaults.editRange ? { editRange: range } : {}), ...(sharedData ? { data: sharedData } : {}) };
  return { isIncomplete: r.incomplete, ...(Object.keys(itemDefaults).length ? { itemDefaults } : {}), items };
}

/** The source most items come from: it goes into the list's defaults, so only the others state theirs. */
function commonSource(items: readonly { source: string }[]): string | undefined {
  const counts = new Map<string, number>();
  let best: string | undefined;
  let bestCount = 0;
  for (const it of items) {
    const n = (counts.get(it.source) ?? 0) + 1;
    counts.set(it.source, n);
    if (n > bestCount) { best = it.source; bestCount = n; }
  }
  return best;
}

/** A card for completion documentation or a hover, in the format the client reads. */
export function toMarkup(card: { markdown: string; plaintext: string }, markdown: boolean): CompletionItem['documentation'] {
  return markdown ? { kind: MarkupKind.Markdown, value: card.markdown } : card.plaintext;
}

/** Diagnostics as the client sent them back with a code action request, as core problems. */
export function fromDiagnostics(doc: TextDocument, diagnostics: readonly Diagnostic[]): Problem[] {
  return diagnostics.map((d) => ({
    span: { start: doc.offsetAt(d.range.start), end: doc.offsetAt(d.range.end) },
    message: typeof d.message === 'string' ? d.message : (d.message as { value: string }).value,
    severity: 'warning' as const,
    code: typeof d.code === 'string' ? d.code : undefined,
    data: d.data as Record<string, string> | undefined,
  }));
}

/** A quick fix made of text edits in `doc`. */
export function toQuickFix(doc: TextDocument, title: string, edits: readonly TextEdit[], preferred?: boolean): CodeAction {
  return {
    title,
    kind: CodeActionKind.QuickFix,
    isPreferred: preferred,
    edit: { changes: { [doc.uri]: edits.map((e) => ({ range: toRange(doc, e.span), newText: e.newText })) } },
  };
}

export function toWorkspaceSymbol(s: PaperSymbol, positionsOf: (uri: string) => Positions | undefined): WorkspaceSymbol {
  const location = toLocation(s.location, positionsOf) ?? startOf('uri' in s.location ? s.location.uri : virtualBibUri(s.name));
  return { name: s.name, kind: SymbolKind.Key, containerName: s.container, location };
}

/** An indexed entry as the search quick pick and the CLI list it (protocol.ts PaperSummary). */
export function toPaperSummary(entry: IndexedEntry): PaperSummary {
  const s = summarizeEntry(entry);
  return {
    key: s.key, title: s.title, authors: s.familyNames.join(', '), year: s.year, venue: s.shownVenue, nicknames: s.nicknames, source: s.source, hasCode: s.hasCode,
    ...(entry.source.kind === 'bib' && entry.source.catalog ? { catalog: true as const } : {}),
  };
}

/**
 * Our own requests and commands (protocol.ts): paper search and details for the client's views,
 * the read-only BibTeX of a database paper, and the commands that copy or write BibTeX.
 */
import { entryToBibtex, writtenItem, type BibFormat } from './core/bibtex';
import { bibliographyFor } from './core/bibliography';
import { definedIn } from './core/features/hover';
import { codeLinks } from './core/features/implementation';
import { paperUrl } from './core/features/documentLinks';
import { renderCard } from './core/render';
import type { BibFiles } from './bibFiles';
import { bibliographyEdit } from './bibliographyEdits';
import { keyOfVirtualBibUri, toPaperSummary } from './convert';
import { PaperDetailsRequest, SearchRequest, ServerCommands, VirtualBibRequest } from './protocol';
import { citeFetched } from './onlineRequests';
import type { Session } from './session';
import { pathToUri } from './workspace';
import { workspaceCitedKeys } from './workspaceDocuments';

/** Most results one search request may ask for. */
const MAX_SEARCH_RESULTS = 500;

export function registerCustomRequests(session: Session, bibFiles: BibFiles): void {
  const { connection, index } = session;

  connection.onRequest(SearchRequest.method, (params: SearchRequest.Params): SearchRequest.Result => session.guard('search', '', [], () => {
    const limit = Math.min(Math.max(Number(params?.limit) || 50, 1), MAX_SEARCH_RESULTS);
    return index.search(String(params?.query ?? ''), limit).results.map(({ entry }) => toPaperSummary(entry));
  }));

  connection.onRequest(PaperDetailsRequest.method, (params: PaperDetailsRequest.Params): PaperDetailsRequest.Response => session.guard('paperDetails', '', null, () => {
    const entry = index.lookUp(String(params?.key ?? ''));
    if (!entry) return null;
    const card = renderCard(entry, { hover: { summary: true, code: true, citations: true }, definedIn: definedIn(session.ctxFor(), entry) });
    const paper = entry.paper;
    return {
      key: entry.key,
      title: entry.title,
      markdown: card.markdown,
      bibtex: entryToBibtex(entry, entry.key, session.config.bibFormat),
      paperUrl: paperUrl(entry),
      code: codeLinks(paper?.custom.code ?? []),
      related: (paper?.custom.related ?? []).map((r) => ({ key: r.key, relation: r.relation, title: index.db.byKey(r.key)?.title ?? r.key })),
    };
  }));

  connection.onRequest(VirtualBibRequest.method, (params: VirtualBibRequest.Params): VirtualBibRequest.Result => session.guard('virtualBib', String(params?.uri), null, () => {
    const key = keyOfVirtualBibUri(String(params?.uri ?? ''));
    const entry = index.resolve(key);
    return entry ? entryToBibtex(entry, key, session.config.bibFormat) : null;
  }));

  connection.onExecuteCommand(async (params) => {
    const args = params.arguments ?? [];
    switch (params.command) {
      case ServerCommands.bibtexFor: return bibtexFor(session, String(args[0] ?? ''), args[1]);
      case ServerCommands.addMissingEntries: return addMissingEntries(session, bibFiles, String(args[0] ?? ''), Array.isArray(args[1]) ? args[1].filter((k): k is string => typeof k === 'string') : undefined);
      case ServerCommands.workspaceBibliography: return workspaceBibliography(session);
      case ServerCommands.citeFetched: return citeFetched(session, bibFiles, String(args[0] ?? ''), String(args[1] ?? ''), args[2]);
      default: throw new Error(`Unknown command ${params.command}`);
    }
  });
}

function bibtexFor(session: Session, key: string, format: unknown): string {
  const entry = session.index.lookUp(key);
  if (!entry) throw new Error(`Unknown citation key: ${key}`);
  return entryToBibtex(entry, key, format === 'biblatex' || format === 'bibtex' ? (format as BibFormat) : session.config.bibFormat);
}

/** `only`: just these keys (the Papers view adds one paper), else every key the document cites. */
export async function addMissingEntries(session: Session, bibFiles: BibFiles, uri: string, only?: string[]): Promise<{ added: string[]; file: string | null; sameAs: Array<{ cited: string; existing: string }> }> {
  if (!session.workspaceTrusted) throw new Error('This workspace is not trusted: ML Papers does not write to its files. Trust the workspace to add entries.');
  const doc = session.documents.get(uri);
  if (!doc) throw new Error(`The document ${uri} is not open.`);
  const fdoc = session.featureDoc(doc);
  if (!fdoc || fdoc.language === 'bibtex') throw new Error('Add missing entries works on Markdown and LaTeX documents.');
  if (!session.abilities.applyEdit) throw new Error('This editor does not apply edits that a server proposes.');
  const plan = bibliographyEdit(session, bibFiles, doc, fdoc, only ?? session.citedKeys(fdoc));
  if (!plan) return { added: [], file: null, sameAs: [] };
  const applied = await session.connection.workspace.applyEdit({ label: plan.title, edit: plan.edit });
  if (!applied.applied) throw new Error(`The editor did not apply the edit${applied.failureReason ? `: ${applied.failureReason}` : ''}.`);
  return { added: plan.added, file: pathToUri(plan.file), sameAs: plan.sameAs };
}

/** The bibliography for every key the workspace's notes cite (open documents win over the disk). */
async function workspaceBibliography(session: Session): Promise<{ text: string; keys: string[]; unknown: string[] }> {
  const keys = await workspaceCitedKeys(session);
  const bib = bibliographyFor(keys, (k) => writtenItem(session.index.resolve(k)), session.config.bibFormat);
  return { text: bib.text, keys: bib.written, unknown: bib.unknown };
}

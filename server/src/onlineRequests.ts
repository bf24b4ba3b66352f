/**
 * The online look-up in the language server (protocol.ts: OnlineLookUpRequest, OnlineSearchRequest,
 * OnlineCacheRequest, ClientCommands.lookUpOnline, ServerCommands.citeFetched): the gate
 * (mlPapers.online.enabled or the user's "just this once", never in an untrusted workspace), the hover
 * offer and its background fetch, the quick fix, and citing a fetched paper through the usual
 * bibliography edit. The network is reached only through online/ and only past the gate.
 */
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { BibFiles } from './bibFiles';
import { addMissingEntries } from './customRequests';
import { toPaperSummary, toRange } from './convert';
import { renderCard } from './core/render';
import type { HoverResult } from './core/features/hover';
import { scanOf } from './core/documentModel';
import type { IndexedEntry, OnlineService, Span } from './core/model';
import { classifyRef, SERVICE_NAMES } from './core/online/records';
import { OnlineLibrary } from './online/onlineLibrary';
import { SEARCH_SERVICES, SERVICE_HOSTS, servicesFor } from './online/services';
import { ClientCommands, OnlineCacheRequest, OnlineFetchedNotification, OnlineLookUpRequest, OnlineSearchRequest, type LookUpOnlineArgs, type OnlinePaper, type OnlineRefusal, type OnlineSearchResult } from './protocol';
import type { Session } from './session';

/** Each session's library, what to call after its index changed, and background look-ups that failed lately (by ref, when). */
const libraries = new WeakMap<Session, { library: OnlineLibrary; changed: () => void; failed: Map<string, number> }>();
/** A background look-up that failed is not tried again on hover for this long (an explicit look-up still is). */
const RETRY_BACKGROUND_AFTER_MS = 10 * 60 * 1000;

export function registerOnlineRequests(session: Session, bibFiles: BibFiles): void {
  const library = new OnlineLibrary(session.index);
  const changed = () => bibFiles.changed();
  libraries.set(session, { library, changed, failed: new Map() });
  for (const p of library.load()) session.connection.console.warn(p);

  session.connection.onRequest(OnlineLookUpRequest.method, async (params: OnlineLookUpRequest.Params): Promise<OnlineLookUpRequest.Result> => {
    const ref = classifyRef(String(params?.ref ?? ''));
    const services = ref ? servicesFor(ref) : [];
    if (!ref) return refusal('invalid', 'Nothing to look up: give an arXiv id, a DOI or a title.', services);
    const known = library.known(ref);
    if (known) return { ok: true, paper: onlinePaper(session, known.entry), source: known.source };
    const gate = gateFor(session, params?.once === true, services);
    if (gate) return gate;
    const r = await library.lookUp(String(params.ref));
    if (!r.ok) return refusal(r.notFound ? 'not-found' : 'failed', r.message, services);
    if (r.source === 'fetched') changed();
    return { ok: true, paper: onlinePaper(session, r.entry), source: r.source };
  });

  session.connection.onRequest(OnlineSearchRequest.method, async (params: OnlineSearchRequest.Params): Promise<OnlineSearchRequest.Result> => {
    const query = String(params?.query ?? '').trim();
    if (!query) return refusal('invalid', 'Nothing to search for.', [...SEARCH_SERVICES]);
    const gate = gateFor(session, params?.once === true, [...SEARCH_SERVICES]);
    if (gate) return gate;
    const answers = await library.search(query);
    return {
      ok: true,
      services: answers.map((a) => ({
        service: a.service, name: SERVICE_NAMES[a.service], ok: a.ok,
        ...(a.ok ? {} : { message: a.message }),
        results: a.ok ? a.records.map((r) => searchResult(session, r.item, r.citationCount)) : [],
      })),
    };
  });

  session.connection.onRequest(OnlineCacheRequest.method, async (params: OnlineCacheRequest.Params): Promise<OnlineCacheRequest.Result> => {
    const keys = Array.isArray(params?.keys) ? params.keys.map(String) : [];
    const list = () => library.list().flatMap((r) => { const e = session.index.resolve(r.item.id); return e ? [onlinePaper(session, e)] : []; });
    if (params?.action === 'forget') {
      const forgotten = library.forget(keys);
      if (forgotten.length) changed();
      return { ok: true, papers: list(), forgotten, file: library.cache.file };
    }
    if (params?.action === 'refresh') {
      const gate = gateFor(session, params?.once === true, [...SEARCH_SERVICES, 'doi']);
      if (gate) return gate;
      const { refreshed, failed } = await library.refresh(keys);
      if (refreshed.length) changed();
      return { ok: true, papers: list(), refreshed, failed, file: library.cache.file };
    }
    return { ok: true, papers: list(), file: library.cache.file };
  });
}

/** Why the network may not be used now, or undefined when it may. */
function gateFor(session: Session, once: boolean, services: OnlineService[]): OnlineRefusal | undefined {
  if (!session.workspaceTrusted) return refusal('untrusted', 'This workspace is not trusted: ML Papers does not look papers up online here.', services);
  if (!session.config.onlineEnabled && !once) return refusal('disabled', `Online look-up is off (mlPapers.online.enabled). It would ask ${services.map((s) => SERVICE_NAMES[s]).join(', ')}.`, services);
  return undefined;
}

function refusal(reason: OnlineRefusal['reason'], message: string, services: OnlineService[]): OnlineRefusal {
  return { ok: false, reason, message, services: [...new Set(services)].map((id) => ({ id, name: SERVICE_NAMES[id], host: SERVICE_HOSTS[id] })) };
}

function onlinePaper(session: Session, e: IndexedEntry): OnlinePaper {
  const card = renderCard(e, { hover: session.config.hover });
  return {
    ...toPaperSummary(e),
    ...(e.source.kind === 'online' ? { source: 'online' } : {}),
    ...(e.arxiv ? { arxiv: e.arxiv } : {}), ...(e.doi ? { doi: e.doi } : {}),
    ...(e.source.kind === 'online' ? { service: e.source.service, fetched: e.source.fetched } : {}),
    markdown: card.markdown,
  };
}

function searchResult(session: Session, item: { title?: string; author?: Array<{ family?: string; literal?: string }>; issued?: { 'date-parts'?: Array<Array<number | string>> }; 'container-title'?: string; DOI?: string; custom?: { arxiv?: string } }, citationCount?: number): OnlineSearchResult {
  const arxiv = item.custom?.arxiv;
  const doi = typeof item.DOI === 'string' ? item.DOI : undefined;
  const year = Number(item.issued?.['date-parts']?.[0]?.[0]) || undefined;
  const known = (arxiv || doi) ? session.index.lookUp(arxiv ?? doi!) : undefined;
  return {
    ref: arxiv ?? doi ?? String(item.title ?? ''),
    title: String(item.title ?? ''),
    authors: (item.author ?? []).map((a) => a.family ?? a.literal ?? '').join(', '),
    ...(year ? { year } : {}), ...(item['container-title'] ? { venue: item['container-title'] } : {}),
    ...(arxiv ? { arxiv } : {}), ...(doi ? { doi } : {}), ...(citationCount !== undefined ? { citationCount } : {}),
    ...(known ? { knownKey: known.key } : {}),
  };
}

/**
 * A hover on an arXiv id or DOI nothing local knows: the card gains a "Look up online" command link
 * (ClientCommands.lookUpOnline), and when look-ups are allowed the fetch starts in the background (the
 * hover answers at once; the next hover shows the card). Other hovers pass through unchanged.
 */
export function offerLookUp(session: Session, uri: string, r: HoverResult): HoverResult {
  const online = libraries.get(session);
  const ref = r.lookUp && classifyRef(r.lookUp);
  if (!online || !ref || ref.kind === 'title' || !session.workspaceTrusted) return r;
  const args: LookUpOnlineArgs = { ref: r.lookUp!, uri };
  const link = `command:${ClientCommands.lookUpOnline}?${encodeURIComponent(JSON.stringify([args]))}`;
  const names = servicesFor(ref).map((s) => SERVICE_NAMES[s]).join(', ');
  const failedAt = online.failed.get(r.lookUp!);
  if (failedAt !== undefined && Date.now() - failedAt < RETRY_BACKGROUND_AFTER_MS) {
    return { ...r, markdown: `${r.markdown}\n\nThe online look-up found nothing a moment ago. [Try again](${link}) (${names})`, plaintext: `${r.plaintext}\nThe online look-up found nothing a moment ago.` };
  }
  if (session.config.onlineEnabled) {
    const asked = r.lookUp!;
    void online.library.lookUp(asked).then((o) => {
      if (o.ok && o.source === 'fetched') {
        online.changed();
        void session.connection.sendNotification(OnlineFetchedNotification.method, { ref: asked, key: o.entry.key } satisfies OnlineFetchedNotification.Params);
      }
      if (!o.ok) { online.failed.set(asked, Date.now()); session.log(`Online look-up of ${asked}: ${o.message}`); }
    });
    return { ...r, markdown: `${r.markdown}\n\nLooking it up online (${names})… hover again in a moment, or [look it up now](${link}).`, plaintext: `${r.plaintext}\nLooking it up online (${names}); hover again in a moment.` };
  }
  return { ...r, markdown: `${r.markdown}\n\n[Look up online](${link}) (${names})`, plaintext: `${r.plaintext}\nLook it up online (${names}) with: ml-papers show ${r.lookUp} --online` };
}

/** The quick fix "Look up 2106.09685 online" for an unknown key that is an arXiv id or DOI (trusted workspaces only). */
export function lookUpAction(session: Session, doc: TextDocument, a: { title: string; ref: string; span: Span }, diagnostics: Diagnostic[]): CodeAction | undefined {
  if (!session.workspaceTrusted) return undefined;
  const args: LookUpOnlineArgs = { ref: a.ref, uri: doc.uri, range: toRange(doc, a.span) };
  const related = diagnostics.filter((d) => d.code === 'unknown-key');
  return { title: a.title, kind: CodeActionKind.QuickFix, ...(related.length ? { diagnostics: related } : {}), command: { title: a.title, command: ClientCommands.lookUpOnline, arguments: [args] } };
}

/** ServerCommands.citeFetched: the unknown key at `range` becomes `key`, then its BibTeX is added. */
export async function citeFetched(session: Session, bibFiles: BibFiles, uri: string, key: string, range: unknown): Promise<{ key: string; added: string[]; file: string | null }> {
  const doc = session.documents.get(uri);
  if (!doc) throw new Error(`The document ${uri} is not open.`);
  if (!session.index.resolve(key)) throw new Error(`Unknown citation key: ${key}`);
  const span = spanOf(doc, range);
  const fdoc = session.featureDoc(doc);
  const cite = span && fdoc && scanOf(fdoc, session.configFor(fdoc)).cites.find((c) => c.span.start === span.start && c.span.end === span.end);
  if (cite && session.workspaceTrusted) {
    const applied = await session.connection.workspace.applyEdit({ label: `Cite ${key}`, edit: { changes: { [uri]: [{ range: toRange(doc, cite.span), newText: key }] } } });
    if (!applied.applied) throw new Error('The editor did not apply the edit.');
  }
  const r = await addMissingEntries(session, bibFiles, uri, [key]);
  return { key, added: r.added, file: r.file };
}

function spanOf(doc: TextDocument, range: unknown): Span | undefined {
  const r = range as { start?: { line?: number; character?: number }; end?: { line?: number; character?: number } } | undefined;
  if (typeof r?.start?.line !== 'number' || typeof r.end?.line !== 'number') return undefined;
  return { start: doc.offsetAt({ line: r.start.line, character: r.start.character ?? 0 }), end: doc.offsetAt({ line: r.end.line, character: r.end.character ?? 0 }) };
}

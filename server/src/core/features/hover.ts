/** Hover on a cite key, a Markdown cross-reference, a bare arXiv id/link or DOI, or an entry key in a .bib file. */
import { bareAt, bibEntryAt, bibOf, citeAt, scanOf } from '../documentModel';
import type { BareRef, IndexedEntry, Span } from '../model';
import { arxivAbsUrl, baseName, doiUrl, renderCard } from '../render';
import type { Doc, FeatureContext } from './context';
import { suggestKeys } from './suggest';
import { normalizeArxivId, normalizeDoi } from '../refRecognizers';

export interface HoverResult {
  span: Span;
  markdown: string;
  plaintext: string;
  /**
   * An arXiv id or DOI nothing local knows (a bare reference, or a cited key that is one): the adapter
   * may offer to look it up online, and fetch it in the background when the user allows look-ups.
   */
  lookUp?: string;
}

/** "refs.bib:12" for an entry from a user file the index holds, else undefined. */
export function definedIn(ctx: FeatureContext, e: IndexedEntry): string | undefined {
  if (e.source.kind === 'bib') {
    const line = ctx.index.lineOf(e.source.uri, e.source.span.start);
    return line !== undefined ? `${baseName(e.source.uri)}:${line}` : baseName(e.source.uri);
  }
  if (e.source.kind === 'csl-json') return baseName(e.source.uri);
  return undefined;
}

/** The hover card, or undefined when the offset is on nothing citable. */
export function hover(ctx: FeatureContext, doc: Doc, offset: number): HoverResult | undefined {
  if (doc.language === 'bibtex') {
    const b = bibEntryAt(bibOf(doc), offset);
    if (!b) return undefined;
    const held = ctx.index.entryWithKeyAt(doc.uri, b.keySpan.start);
    const e = (held?.key === b.key && held.source.kind === 'bib' && held.source.keySpan.start === b.keySpan.start ? held : undefined)
      ?? ctx.index.resolve(b.key, [doc.uri]);
    if (!e) return undefined;
    return { span: b.keySpan, ...renderCard(e, { hover: ctx.config.hover, definedIn: definedIn(ctx, e) }) };
  }
  const scan = scanOf(doc, ctx.config);
  const xref = scan.crossrefs?.find((r) => offset >= r.span.start && offset <= r.span.end);
  if (xref) {
    // Resolved by pandoc-crossref or Quarto, not by a bibliography: say so, and nothing more.
    return { span: xref.span, markdown: `Cross-reference to ${xref.kind} \`${xref.label}\`.`, plaintext: `Cross-reference to ${xref.kind} ${xref.label}.` };
  }
  const cite = citeAt(scan, offset);
  if (cite) {
    const e = ctx.index.resolve(cite.key, ctx.docBibUris);
    if (!e) {
      const known = onlineRefKey(cite.key) && ctx.index.lookUp(cite.key);
      if (known) return { span: cite.span, ...renderCard(known, { hover: ctx.config.hover, definedIn: definedIn(ctx, known) }) };
      return { span: cite.span, ...unknownCard(ctx, cite.key), ...(onlineRefKey(cite.key) ? { lookUp: cite.key } : {}) };
    }
    return { span: cite.span, ...renderCard(e, { hover: ctx.config.hover, citedKey: cite.key, definedIn: definedIn(ctx, e) }) };
  }
  const bare = bareAt(scan, offset);
  if (bare) return { span: bare.span, ...bareCard(ctx, bare) };
  return undefined;
}

/** Whether a cited key is really an arXiv id or DOI (`\cite{2106.09685}`): something a look-up could find. */
export function onlineRefKey(key: string): boolean {
  return !!(normalizeArxivId(key) ?? normalizeDoi(key));
}

function unknownCard(ctx: FeatureContext, key: string): { markdown: string; plaintext: string } {
  const s = suggestKeys(ctx.index, key, ctx.docBibUris);
  const md = [`Unknown citation key \`${key}\`: not in the ML Papers database or your bibliographies.`];
  const pt = [`Unknown citation key ${key}: not in the ML Papers database or your bibliographies.`];
  if (s.length) {
    md.push(`Did you mean ${s.map((k) => `\`${k}\``).join(', ')}?`);
    pt.push(`Did you mean ${s.join(', ')}?`);
  }
  return { markdown: md.join('\n\n'), plaintext: pt.join('\n') };
}

/** A paper the database (or a user entry) knows by its arXiv id or DOI gets the full card; others get the link. */
function bareCard(ctx: FeatureContext, bare: BareRef): { markdown: string; plaintext: string; lookUp?: string } {
  const db = ctx.index.db;
  const paper = bare.kind === 'arxiv' ? db.byArxiv(bare.id) : db.byDoi(bare.id);
  const mine = paper ? ctx.index.findInFiles(paper, ctx.docBibUris)[0] : undefined;
  const e = mine ?? (paper ? ctx.index.bundledEntry(paper) : ctx.index.onlineFor(bare.kind === 'arxiv' ? { arxiv: bare.id } : { doi: bare.id }));
  if (e) {
    const card = renderCard(e, { hover: ctx.config.hover, definedIn: definedIn(ctx, e) });
    const cite = `Cite as \`${e.key}\`.`;
    return { markdown: `${card.markdown}\n\n${cite}`, plaintext: `${card.plaintext}\nCite as ${e.key}.` };
  }
  const label = bare.kind === 'arxiv' ? `arXiv:${bare.id}${bare.version ?? ''}` : `DOI ${bare.id}`;
  const url = bare.kind === 'arxiv' ? arxivAbsUrl(bare.id + (bare.version ?? '')) : doiUrl(bare.id);
  return {
    markdown: `[${label}](${url}) is not in the ML Papers database.`,
    plaintext: `${label} is not in the ML Papers database.\n${url}`,
    lookUp: bare.id,
  };
}

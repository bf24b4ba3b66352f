/** Clickable links: bare arXiv ids/links and DOIs, and cite keys of papers the database knows. */
import { scanOf } from '../documentModel';
import type { IndexedEntry, Span } from '../model';
import { arxivAbsUrl, doiUrl, viewOf } from '../render';
import type { Doc, FeatureContext } from './context';

export interface DocLink {
  span: Span;
  url: string;
}

/** The web page of an entry's paper: arXiv abstract, else DOI, else its URL. */
export function paperUrl(e: IndexedEntry): string | undefined {
  const v = viewOf(e);
  if (v.arxiv) return arxivAbsUrl(v.arxiv);
  if (v.doi) return doiUrl(v.doi);
  return v.url;
}

/** Links in document order; [] for BibTeX documents. */
export function documentLinks(ctx: FeatureContext, doc: Doc): DocLink[] {
  if (doc.language === 'bibtex') return [];
  const scan = scanOf(doc, ctx.config);
  const out: DocLink[] = [];
  for (const b of scan.bare) {
    out.push({ span: b.span, url: b.kind === 'arxiv' ? arxivAbsUrl(b.id + (b.version ?? '')) : doiUrl(b.id) });
  }
  for (const c of scan.cites) {
    const e = ctx.index.resolve(c.key, ctx.docBibUris);
    const url = e?.paper ? paperUrl(e) : undefined;
    if (url) out.push({ span: c.span, url });
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

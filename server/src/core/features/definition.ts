/** "Go to definition" on a cite: the entry in the user's bibliography, or a virtual .bib for database papers. */
import { citeAt, scanOf } from '../documentModel';
import type { Span } from '../model';
import type { Doc, FeatureContext } from './context';

export type DefinitionResult =
  /** `span` is the whole entry, `selection` its key. */
  | { uri: string; span: Span; selection: Span }
  /** A database-only paper: the adapter shows the read-only `ml-papers:/<key>.bib`. */
  | { virtualKey: string };

/** Where the cited key at `offset` is defined; undefined when the offset is not on a cite or the key is unknown. */
export function definition(ctx: FeatureContext, doc: Doc, offset: number): DefinitionResult | undefined {
  if (doc.language === 'bibtex') return undefined;
  const cite = citeAt(scanOf(doc, ctx.config), offset);
  if (!cite) return undefined;
  const e = ctx.index.resolve(cite.key, ctx.docBibUris);
  if (!e) return undefined;
  if (e.source.kind === 'bib') return { uri: e.source.uri, span: e.source.span, selection: e.source.keySpan };
  if (e.source.kind === 'csl-json' || e.source.kind === 'database') {
    const text = ctx.index.fileText(e.source.uri) ?? '';
    const at = text.indexOf(JSON.stringify(e.key));
    const span = at >= 0 ? { start: at, end: at + JSON.stringify(e.key).length } : { start: 0, end: 0 };
    return { uri: e.source.uri, span, selection: span };
  }
  // Written under the key as cited, so an alias gets an entry under the alias.
  return { virtualKey: cite.key };
}

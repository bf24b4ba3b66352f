/** Workspace symbols: the same search as completion, as symbol-ish data. */
import type { Span } from '../model';
import { SERVICE_NAMES } from '../online/records';
import { baseName, detailLine } from '../render';
import type { FeatureContext } from './context';

export interface PaperSymbol {
  name: string;
  detail: string;
  /** "ML Papers database" or the defining file's name. */
  container: string;
  /** Where to go: a span in a user file, or the virtual `ml-papers:/<key>.bib`. */
  location: { uri: string; span: Span } | { virtualKey: string };
}

/** Up to `config.completionLimit` symbols for `query`, best first. */
export function symbols(ctx: FeatureContext, query: string): PaperSymbol[] {
  const r = ctx.index.search(query, Math.max(1, ctx.config.completionLimit), ctx.docBibUris);
  return r.results.map(({ entry: e }) => ({
    name: e.key,
    detail: detailLine(e),
    container: e.source.kind === 'bundled' ? 'ML Papers database' : e.source.kind === 'online' ? `fetched from ${SERVICE_NAMES[e.source.service]}` : baseName(e.source.uri),
    location: e.source.kind === 'bib' ? { uri: e.source.uri, span: e.source.keySpan }
      // A fetched paper has no file: like a bundled one, it opens as the read-only ml-papers:/<key>.bib.
      : e.source.kind === 'bundled' || e.source.kind === 'online' ? { virtualKey: e.key }
      : { uri: e.source.uri, span: { start: 0, end: 0 } },
  }));
}

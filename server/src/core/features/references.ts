/** Every place a key is cited (and defined), across the workspace documents the adapter holds. */
import { bibOf, scanOf } from '../documentModel';
import type { Span } from '../model';
import type { Doc, FeatureContext } from './context';

export interface KeyLocation {
  uri: string;
  span: Span;
  /** True for the key of a .bib entry. */
  definition: boolean;
}

/** Cites of `key` in Markdown/LaTeX docs, and (with `includeDefinitions`) entry keys in .bib docs, in document order. */
export function references(ctx: FeatureContext, docs: readonly Doc[], key: string, includeDefinitions = true): KeyLocation[] {
  const out: KeyLocation[] = [];
  for (const doc of docs) {
    if (doc.language === 'bibtex') {
      if (!includeDefinitions) continue;
      for (const e of bibOf(doc).entries) if (e.key === key) out.push({ uri: doc.uri, span: e.keySpan, definition: true });
    } else {
      for (const c of scanOf(doc, ctx.config).cites) if (c.key === key) out.push({ uri: doc.uri, span: c.span, definition: false });
    }
  }
  return out;
}

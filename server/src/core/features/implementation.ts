/** "Go to implementation" on a citation: the paper's code repositories, official first. */
import { bareAt, bibEntryAt, bibOf, citeAt, scanOf } from '../documentModel';
import type { CodeRepo, Paper } from '../model';
import { codeKind, codeLabel, codeOrder } from '../render';
import type { Doc, FeatureContext } from './context';

export interface CodeLink {
  url: string;
  official: boolean;
  kind: 'official' | 'library' | 'community';
  /** What to show beside the URL: "library · transformers model folder · PyTorch". */
  description: string;
  framework?: string;
  owner?: string;
}

export function codeLinks(code: readonly CodeRepo[]): CodeLink[] {
  return codeOrder(code).map((r) => ({ url: r.url, official: r.official, kind: codeKind(r), description: codeLabel(r), ...(r.framework ? { framework: r.framework } : {}), ...(r.owner ? { owner: r.owner } : {}) }));
}

/** The database paper at `offset` (cite key, .bib entry key, or bare arXiv id/DOI), if any. */
export function paperAt(ctx: FeatureContext, doc: Doc, offset: number): Paper | undefined {
  if (doc.language === 'bibtex') {
    const b = bibEntryAt(bibOf(doc), offset);
    return b ? ctx.index.resolve(b.key, [doc.uri])?.paper : undefined;
  }
  const scan = scanOf(doc, ctx.config);
  const cite = citeAt(scan, offset);
  if (cite) return ctx.index.resolve(cite.key, ctx.docBibUris)?.paper;
  const bare = bareAt(scan, offset);
  if (bare) return bare.kind === 'arxiv' ? ctx.index.db.byArxiv(bare.id) : ctx.index.db.byDoi(bare.id);
  return undefined;
}

/** Code repositories of the paper at `offset`, official first; undefined when there is no paper or it lists no code. */
export function implementation(ctx: FeatureContext, doc: Doc, offset: number): CodeLink[] | undefined {
  const code = paperAt(ctx, doc, offset)?.custom.code;
  if (!code?.length) return undefined;
  return codeLinks(code);
}

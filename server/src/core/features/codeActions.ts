/** Fixes for problems and bare references: typo'd keys, missing bib entries, arXiv links → citations. */
import { scanOf } from '../documentModel';
import type { BareRef, Problem, Span } from '../model';
import { baseName } from '../render';
import { onlineRefKey } from './hover';
import type { Doc, FeatureContext, TextEdit } from './context';

export type CodeAction =
  /** Plain text edits on the document itself. */
  | { kind: 'edit'; title: string; edits: TextEdit[]; preferred?: boolean; problem?: Problem }
  /** The adapter writes the BibTeX entry for `key` into `bibUri` (or the document's bibliography). */
  | { kind: 'addToBib'; title: string; key: string; bibUri?: string; problem?: Problem }
  /** The cited key is an arXiv id or DOI nothing local knows: the adapter offers the online look-up command. */
  | { kind: 'lookUpOnline'; title: string; ref: string; span: Span; problem?: Problem };

const overlaps = (a: Span, b: Span) => a.start <= b.end && b.start <= a.end;

/** Actions for `span` given the problems the editor reports there; [] when none apply. */
export function codeActions(ctx: FeatureContext, doc: Doc, span: Span, problems: readonly Problem[]): CodeAction[] {
  const out: CodeAction[] = [];
  const bibUri = ctx.docBibUris?.[0];
  const bibName = bibUri ? baseName(bibUri) : 'the bibliography';
  for (const p of problems) {
    if ((p.code === 'unknown-key' || p.code === 'key-case') && p.data?.suggestion) {
      out.push({ kind: 'edit', title: `Change to '${p.data.suggestion}'`, edits: [{ span: p.span, newText: p.data.suggestion }], preferred: true, problem: p });
    } else if (p.code === 'same-paper-other-key' && p.data?.existing) {
      out.push({ kind: 'edit', title: `Use the existing key '${p.data.existing}'`, edits: [{ span: p.span, newText: p.data.existing }], preferred: true, problem: p });
    } else if (p.code === 'unknown-key' && p.data?.key && onlineRefKey(p.data.key)) {
      out.push({ kind: 'lookUpOnline', title: `Look up ${p.data.key} online`, ref: p.data.key, span: p.span, problem: p });
    } else if (p.code === 'missing-from-bib' && p.data?.key) {
      out.push({ kind: 'addToBib', title: `Add BibTeX entry for ${p.data.key} to ${bibName}`, key: p.data.key, ...(bibUri ? { bibUri } : {}), problem: p });
    }
  }
  if (doc.language !== 'bibtex') {
    for (const b of scanOf(doc, ctx.config).bare) if (overlaps(b.span, span)) { const a = citeBare(ctx, doc, b); if (a) out.push(a); }
  }
  return out;
}

/** Replace a bare arXiv id/link or DOI with a citation when the database knows the paper; the user's own key wins. */
function citeBare(ctx: FeatureContext, doc: Doc, b: BareRef): CodeAction | undefined {
  const db = ctx.index.db;
  const paper = b.kind === 'arxiv' ? db.byArxiv(b.id) : db.byDoi(b.id);
  if (!paper) return undefined;
  const mine = ctx.index.findInFiles(paper, ctx.docBibUris?.length ? ctx.docBibUris : undefined)[0];
  const key = mine?.key ?? paper.id;
  const text = doc.language === 'latex' ? `\\cite{${key}}` : `[@${key}]`;
  return { kind: 'edit', title: `Replace with citation ${text}`, edits: [{ span: b.span, newText: text }] };
}

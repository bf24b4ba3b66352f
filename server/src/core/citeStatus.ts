/**
 * What a cited key is to the document that cites it: unknown, in the document's bibliography,
 * missing from it, or the same paper as an entry the bibliography holds under another key.
 * One rule, asked by the diagnostics (which turn it into problems) and by the Papers view (which
 * shows it as an icon), so that the view never says "in the bibliography" where a diagnostic says
 * "missing from it".
 */
import type { CitationIndex } from './citationIndex';
import type { Doc, FeatureContext } from './features/context';
import type { EntrySource, IndexedEntry, ScanResult } from './model';

/** An entry some file defines (not the bundled database). */
export type FileEntry = IndexedEntry & { source: Exclude<EntrySource, { kind: 'bundled' }> };

/** The bibliographies that apply to one document, and how its bibliography tool matches keys. */
export interface BibliographyScope {
  /** URIs of the document's bibliographies (its own and its project's), in order. */
  uris: readonly string[];
  /** True when the document (or its project) declares a bibliography: only then can a key be missing from it. */
  declared: boolean;
  /** A LaTeX document not using biblatex: BibTeX finds a key that differs only in case (and warns). */
  caseInsensitive: boolean;
}

export function bibliographyScope(ctx: FeatureContext, doc: Doc, scan: ScanResult): BibliographyScope {
  return {
    uris: ctx.docBibUris ?? [],
    declared: ctx.bibliographyDeclared ?? scan.bibliographies.length > 0,
    caseInsensitive: doc.language === 'latex' && (scan.backend ?? ctx.backend) !== 'biblatex',
  };
}

/**
 * - `unknown`: nothing defines the key; `caseOnly` is a user entry equal to it ignoring case (a biber or
 *   pandoc document, which does not find it).
 * - `key-case`: BibTeX resolves the key to `entry`, whose key differs only in case.
 * - `in-bibliography`: one of the document's bibliographies defines it.
 * - `undeclared`: known, and the document declares no bibliography, so nothing is missing.
 * - `same-paper`: known, not in the bibliography, which holds the same paper as `existing`.
 * - `missing`: known (database or another file), not in the document's bibliography.
 */
export type KeyStatus =
  | { kind: 'unknown'; caseOnly?: IndexedEntry }
  | { kind: 'key-case' | 'in-bibliography' | 'undeclared' | 'missing'; entry: IndexedEntry }
  | { kind: 'same-paper'; entry: IndexedEntry; existing: FileEntry };

export function keyStatus(index: CitationIndex, key: string, scope: BibliographyScope): KeyStatus {
  const entry = index.resolve(key, scope.uris);
  if (!entry) {
    const caseOnly = index.resolveIgnoringCase(key, scope.uris);
    if (caseOnly && scope.caseInsensitive) return { kind: 'key-case', entry: caseOnly };
    return caseOnly ? { kind: 'unknown', caseOnly } : { kind: 'unknown' };
  }
  if (entry.source.kind !== 'bundled' && scope.uris.includes(entry.source.uri)) return { kind: 'in-bibliography', entry };
  if (!scope.declared) return { kind: 'undeclared', entry };
  // Same paper, other key: the bibliography already holds this paper under another key; adding a
  // second entry would cite one paper twice (the bibliography plan refuses to, by the same look-up).
  const existing = entry.paper ? index.findInFiles(entry.paper, scope.uris)[0] : undefined;
  if (existing && existing.key !== key && existing.source.kind !== 'bundled') return { kind: 'same-paper', entry, existing: existing as FileEntry };
  return { kind: 'missing', entry };
}

/** Problems in a document: unknown keys, keys missing from the named bibliography, duplicate keys, bib syntax. */
import { bibOf, scanOf } from '../documentModel';
import { bibliographyScope, keyStatus } from '../citeStatus';
import type { Problem, Span } from '../model';
import { baseName } from '../render';
import type { Doc, FeatureContext } from './context';
import { suggestKeys } from './suggest';

/**
 * All problems of `doc`; [] when diagnostics are off.
 * `data.key` is the key as written; `data.suggestion` a likely intended key (unknown-key; key-case: the exact key);
 * key-case is a LaTeX key that matches a user entry only ignoring case, in a document not using biblatex:
 * BibTeX resolves it, so it is information, not an unknown key;
 * `data.existing` the key under which the document's bibliography already has the paper (same-paper-other-key).
 */
export function diagnostics(ctx: FeatureContext, doc: Doc): Problem[] {
  const cfg = ctx.config.diagnostics;
  if (!cfg.enabled) return [];
  if (doc.language === 'bibtex') return bibDiagnostics(ctx, doc);
  const scan = scanOf(doc, ctx.config);
  const out: Problem[] = [];
  const scope = bibliographyScope(ctx, doc, scan);
  const bibNames = ctx.bibliographyDeclared && scope.uris.length
    ? [...new Set(scope.uris.map(baseName))]
    : scan.bibliographies.map((b) => baseName(b.path.endsWith('.bib') || b.path.endsWith('.json') ? b.path : `${b.path}.bib`));
  const suggestions = new Map<string, string[]>();
  for (const c of scan.cites) {
    const status = keyStatus(ctx.index, c.key, scope);
    switch (status.kind) {
      case 'key-case':
        out.push({
          span: c.span,
          severity: 'information',
          code: 'key-case',
          message: `BibTeX resolves ${c.key} to ${status.entry.key}; biber would not`,
          data: { key: c.key, suggestion: status.entry.key },
        });
        break;
      case 'unknown': {
        let s = suggestions.get(c.key);
        if (!s) suggestions.set(c.key, (s = status.caseOnly ? [status.caseOnly.key] : suggestKeys(ctx.index, c.key, scope.uris, 1)));
        out.push({
          span: c.span,
          severity: cfg.unknownKeySeverity,
          code: 'unknown-key',
          message: `Unknown citation key '${c.key}'${s.length ? `. Did you mean '${s[0]}'?` : ': not in the ML Papers database or your bibliographies.'}`,
          data: s.length ? { key: c.key, suggestion: s[0] } : { key: c.key },
        });
        break;
      }
      case 'same-paper': {
        const { existing } = status;
        out.push({
          span: c.span,
          severity: cfg.missingFromBibSeverity,
          code: 'same-paper-other-key',
          message: `'${c.key}' is the same paper as '${existing.key}' in ${baseName(existing.source.uri)}: cite '${existing.key}' instead of adding a duplicate entry`,
          data: { key: c.key, existing: existing.key },
        });
        break;
      }
      case 'missing': {
        const e = status.entry;
        const where = e.source.kind === 'bundled' ? 'is in the ML Papers database' : e.source.kind === 'online' ? 'was fetched online' : `is defined in ${baseName(e.source.uri)}`;
        out.push({
          span: c.span,
          severity: cfg.missingFromBibSeverity,
          code: 'missing-from-bib',
          message: `'${c.key}' ${where} but not in ${bibNames.join(', ')}`,
          data: { key: c.key },
        });
        break;
      }
      default: break;
    }
  }
  return out;
}

/** Bib reader problems (including a key repeated within the file) and keys also defined in other files. */
function bibDiagnostics(ctx: FeatureContext, doc: Doc): Problem[] {
  const parsed = bibOf(doc);
  const seenHere = new Map<string, number>();
  for (const e of parsed.entries) seenHere.set(e.key, (seenHere.get(e.key) ?? 0) + 1);
  return [...parsed.problems, ...duplicateKeyProblems(ctx, doc.uri, parsed.entries, (key) => (seenHere.get(key) ?? 0) > 1)];
}

/**
 * Warnings for the keys of `entries` (the entries of the .bib `uri`) that another indexed .bib also
 * defines, at most `limit`. `repeatedHere` says whether the key also repeats within this file.
 * Works from the index alone, so a big file's cross-file duplicates need no second parse.
 */
export function duplicateKeyProblems(ctx: FeatureContext, uri: string, entries: Iterable<{ key: string; keySpan: Span }>, repeatedHere: (key: string) => boolean = () => false, limit = 1000): Problem[] {
  const out: Problem[] = [];
  for (const e of entries) {
    if (out.length >= limit) break;
    // The common case, a key no other file defines, costs a probe per chunk of the other files and
    // builds no entry (this runs over every entry of a big file).
    if (!repeatedHere(e.key) && !ctx.index.definedOutside(e.key, uri)) continue;
    const places: string[] = ctx.index.keyDefinitionsElsewhere(e.key, uri).map(({ uri: other, keySpan }) => {
      const line = ctx.index.lineOf(other, keySpan.start);
      return line !== undefined ? `${baseName(other)}:${line}` : baseName(other);
    });
    if (repeatedHere(e.key)) places.unshift('this file');
    if (!places.length) continue;
    out.push({
      span: e.keySpan,
      severity: 'warning',
      code: 'duplicate-key',
      message: `Duplicate key '${e.key}': also defined in ${places.join(', ')}`,
      data: { key: e.key },
    });
  }
  return out;
}

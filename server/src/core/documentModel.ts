/**
 * Cached scans: a document is scanned (or a .bib parsed) once per text, however many features
 * ask about it, and features ask "what is at this offset?" of the cached result.
 */
import { parseBib } from './bibParser';
import { scanDocument } from './scan';
import type { BareRef, BibEntry, BibParseResult, CiteSite, Config, DocLanguage, ScanResult, Span } from './model';

interface DocLike {
  uri: string;
  language: DocLanguage;
  text: string;
  version?: number;
}

interface Cached<T> {
  text: string;
  version?: number;
  options: string;
  value: T;
}

/** Enough for the open editors and a workspace-wide references pass to keep their neighbours. */
const MAX_CACHED = 256;

function cache<T>() {
  const map = new Map<string, Cached<T>>();
  return (doc: DocLike, options: string, compute: () => T): T => {
    const hit = map.get(doc.uri);
    // Same version and the same text: versions alone are not trusted (the CLI has none).
    if (hit && hit.options === options && hit.version === doc.version && hit.text.length === doc.text.length && hit.text === doc.text) {
      map.delete(doc.uri);
      map.set(doc.uri, hit);
      return hit.value;
    }
    const value = compute();
    map.delete(doc.uri);
    map.set(doc.uri, { text: doc.text, version: doc.version, options, value });
    if (map.size > MAX_CACHED) map.delete(map.keys().next().value as string);
    return value;
  };
}

const scans = cache<ScanResult>();
const bibs = cache<BibParseResult>();
const empty: ScanResult = { cites: [], bare: [], bibliographies: [] };

/** Cite sites, bare references and bibliography declarations of a Markdown or LaTeX document (empty for BibTeX). */
export function scanOf(doc: DocLike, config: Pick<Config, 'customCiteCommands'>): ScanResult {
  if (doc.language === 'bibtex') return empty;
  const custom = config.customCiteCommands;
  return scans(doc, custom.join(','), () => scanDocument(doc.text, doc.language, { customCiteCommands: custom }));
}

/** The parsed entries of a BibTeX document. */
export function bibOf(doc: DocLike): BibParseResult {
  return bibs(doc, '', () => parseBib(doc.text));
}

/** True when `offset` is in the span or right at its end (where the cursor sits after typing). */
export function touches(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

export function citeAt(scan: ScanResult, offset: number): CiteSite | undefined {
  return scan.cites.find((c) => touches(c.span, offset));
}

export function bareAt(scan: ScanResult, offset: number): BareRef | undefined {
  return scan.bare.find((b) => touches(b.span, offset));
}

export function bibEntryAt(parsed: BibParseResult, offset: number): BibEntry | undefined {
  return parsed.entries.find((e) => touches(e.keySpan, offset));
}

/** The keys a Markdown or LaTeX document cites, in order of appearance (repeats kept). */
export function citedKeys(doc: DocLike, config: Pick<Config, 'customCiteCommands'>): string[] {
  return scanOf(doc, config).cites.map((c) => c.key);
}

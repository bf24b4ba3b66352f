/**
 * Which BibTeX entries to write, under which keys, and where: a whole bibliography for a list of
 * cited keys, the entries missing from a document's .bib (appended, never rewriting what is there),
 * and which .bib file a document uses (or how to declare a new one).
 * Pure: the adapters read and write files; this module only sees strings and returns offsets and text.
 */
import type { BibliographyDecl, CslItem, ScanResult } from './model';
import { parseBib } from './bibParser';
import { paperToBibtex, type BibFormat } from './bibtex';

/** Code-unit order, not locale order, so that the output is the same byte for byte everywhere. */
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function uniqueSorted(keys: readonly string[]): string[] {
  return [...new Set(keys)].sort(byCodeUnit);
}

export interface Bibliography {
  /** The entries, sorted by key, separated by blank lines, ending with a newline ('' when none). */
  text: string;
  /** Keys written, in the order written. */
  written: string[];
  /** Cited keys `lookup` did not know, sorted. */
  unknown: string[];
}

/**
 * A complete bibliography for `citedKeys`: each distinct key once, sorted by key, each entry written
 * under the key as cited (an alias like `kingma2014adam` gets an entry under that name).
 * The same input gives the same text byte for byte.
 */
export function bibliographyFor(
  citedKeys: readonly string[],
  lookup: (key: string) => CslItem | undefined,
  format: BibFormat,
): Bibliography {
  const entries: string[] = [];
  const written: string[] = [];
  const unknown: string[] = [];
  for (const key of uniqueSorted(citedKeys)) {
    const item = lookup(key);
    if (!item) { unknown.push(key); continue; }
    entries.push(paperToBibtex(item, key, format));
    written.push(key);
  }
  return { text: entries.join('\n'), written, unknown };
}

/* ------------------------------------------------------------------ *
 * Adding the missing entries to an existing .bib text.
 * ------------------------------------------------------------------ */

/** Keys the .bib text defines, as bibtex would read them (entries only: not @string, @preamble, @comment). */
function definedKeys(bibText: string): string[] {
  return parseBib(bibText).entries.map((e) => e.key);
}

export interface PlanArgs {
  citedKeys: readonly string[];
  /** The .bib file's current text; '' when the file does not exist yet. */
  bibText: string;
  lookup: (key: string) => CslItem | undefined;
  /** The key under which the user's bib already has this paper (same arXiv id, DOI or title), if any. */
  samePaperInBib: (item: CslItem) => string | undefined;
  format: BibFormat;
}

export interface AdditionPlan {
  /** Where to insert: always the end of the text, so nothing the user wrote moves or changes. */
  insertOffset: number;
  /** '' when there is nothing to add. */
  insertText: string;
  /** Keys of the entries in `insertText`, sorted. */
  added: string[];
  /** Cited keys not added because the bib already has the paper under another key. */
  sameAs: Array<{ cited: string; existing: string }>;
  /** Cited keys neither the bib nor `lookup` knows. */
  unknown: string[];
  /** Cited keys the bib already defines (compared case-insensitively, as bibtex does). */
  alreadyPresent: string[];
}

/**
 * The entries to append to a document's .bib so that every cited key resolves: only keys the file
 * does not define, never a second key for a paper the file already has (reported in `sameAs` so the
 * editor can offer the existing key), appended after a blank line. Line endings follow the file's.
 */
export function planAdditions(args: PlanArgs): AdditionPlan {
  const { bibText, lookup, samePaperInBib, format } = args;
  // bibtex treats keys differing only in case as one key ("repeated entry"), so a case variant is present too.
  const defined = new Set(definedKeys(bibText).map((k) => k.toLowerCase()));
  const plan: AdditionPlan = { insertOffset: bibText.length, insertText: '', added: [], sameAs: [], unknown: [], alreadyPresent: [] };
  const entries: string[] = [];
  for (const key of uniqueSorted(args.citedKeys)) {
    if (defined.has(key.toLowerCase())) { plan.alreadyPresent.push(key); continue; }
    const item = lookup(key);
    if (!item) { plan.unknown.push(key); continue; }
    const existing = samePaperInBib(item);
    // The index places this very key in the file although the text does not show it (it is being edited): never write it twice.
    if (existing === key) { plan.alreadyPresent.push(key); continue; }
    if (existing !== undefined) { plan.sameAs.push({ cited: key, existing }); continue; }
    entries.push(paperToBibtex(item, key, format));
    plan.added.push(key);
  }
  if (!entries.length) return plan;
  const eol = bibText.includes('\r\n') ? '\r\n' : '\n';
  const body = entries.join('\n').replace(/\n/g, eol);
  plan.insertText = separatorAfter(bibText, eol) + body;
  return plan;
}

/** What to put between the existing text and the new entries so that exactly one blank line separates them. */
function separatorAfter(text: string, eol: string): string {
  if (!text.trim()) return text.length && !/[\r\n]$/.test(text) ? eol : '';
  if (/\r?\n[ \t]*\r?\n[ \t]*$/.test(text)) return '';
  if (/\r?\n[ \t]*$/.test(text)) return eol;
  return eol + eol;
}

/* ------------------------------------------------------------------ *
 * Which file a document's bibliography lives in.
 * ------------------------------------------------------------------ */

/** Where new entries go: a file the document already declares, or a new file and the line that declares it. */
export type BibTarget =
  | { path: string; decl: BibliographyDecl }
  | { create: string; declarationEdit: { offset: number; text: string } };

/** The name a new bibliography gets, next to the document. */
export const NEW_BIB_NAME = 'references.bib';

function dirOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i < 0 ? '' : path.slice(0, i + 1);
}

function isAbsolute(path: string): boolean {
  return /^(?:[/\\]|[A-Za-z]:[/\\]|~\/)/.test(path);
}

/** `rel` resolved against the directory of `docPath`, with `./` and `dir/../` removed; strings only, no file system. */
export function resolveBesides(docPath: string, rel: string): string {
  const joined = isAbsolute(rel) ? rel : dirOf(docPath) + rel;
  const sep = joined.includes('\\') && !joined.includes('/') ? '\\' : '/';
  const parts = joined.split(/[/\\]/);
  const out: string[] = [];
  for (const [i, part] of parts.entries()) {
    if (part === '.' && i > 0) continue;
    if (part === '..' && out.length && out[out.length - 1] !== '..' && out[out.length - 1] !== '.' && out[out.length - 1] !== '') { out.pop(); continue; }
    out.push(part);
  }
  return out.join(sep);
}

function languageOf(docPath: string): 'latex' | 'markdown' {
  return /\.(?:tex|ltx|latex|sty|cls)$/i.test(docPath) ? 'latex' : 'markdown';
}

/**
 * The .bib file new entries go to: the first bibliography the document declares (`\bibliography{refs}`
 * gives `refs.bib`, resolved beside the document), or, when it declares none, `references.bib` beside
 * the document together with the edit that declares it: `\bibliography{references}` (with a
 * `\bibliographystyle` when the document has none) before `\end{document}`, `\addbibresource` in the
 * preamble of a biblatex document, or `bibliography: references.bib` in the YAML front matter of a
 * Markdown document (adding the front matter when missing).
 */
export function bibliographyTargetFor(scan: ScanResult, docPath: string, docText: string): BibTarget {
  const decl = [...scan.bibliographies].sort((a, b) => a.span.start - b.span.start)[0];
  if (decl) {
    let path = decl.path.trim();
    if (decl.kind === 'bibliography') {
      path = path.split(',')[0].trim();
      if (!/\.bib$/i.test(path)) path += '.bib';
    }
    return { path: resolveBesides(docPath, path), decl };
  }
  const eol = docText.includes('\r\n') ? '\r\n' : '\n';
  const create = resolveBesides(docPath, NEW_BIB_NAME);
  const declarationEdit = languageOf(docPath) === 'latex' ? latexDeclaration(docText, eol) : yamlDeclaration(docText, eol);
  return { create, declarationEdit };
}

/** Offset of the first match of `re` on a line that is not commented out before it (LaTeX `%`). */
function uncommented(text: string, re: RegExp): number {
  const g = new RegExp(re.source, 'g');
  for (const m of text.matchAll(g)) {
    const lineStart = text.lastIndexOf('\n', m.index - 1) + 1;
    if (!/(?:^|[^\\])%/.test(text.slice(lineStart, m.index))) return m.index;
  }
  return -1;
}

function latexDeclaration(text: string, eol: string): { offset: number; text: string } {
  const lineStartAt = (offset: number) => offset === 0 || text[offset - 1] === '\n';
  if (uncommented(text, /\\usepackage\s*(?:\[[^\]]*\])?\s*\{[^}]*\bbiblatex\b[^}]*\}/) >= 0) {
    const begin = uncommented(text, /\\begin\s*\{document\}/);
    const line = `\\addbibresource{${NEW_BIB_NAME}}`;
    if (begin < 0) return { offset: 0, text: line + eol };
    return { offset: begin, text: (lineStartAt(begin) ? '' : eol) + line + eol };
  }
  const natbib = uncommented(text, /\\usepackage\s*(?:\[[^\]]*\])?\s*\{[^}]*\bnatbib\b[^}]*\}/) >= 0;
  const lines: string[] = [];
  if (uncommented(text, /\\bibliographystyle\s*\{/) < 0) lines.push(`\\bibliographystyle{${natbib ? 'plainnat' : 'plain'}}`);
  lines.push(`\\bibliography{${NEW_BIB_NAME.replace(/\.bib$/, '')}}`);
  const end = uncommented(text, /\\end\s*\{document\}/);
  if (end < 0) {
    // A fragment (a chapter file): the declaration goes at its end.
    const lead = text.length && !text.endsWith('\n') ? eol : '';
    return { offset: text.length, text: lead + lines.join(eol) + eol };
  }
  return { offset: end, text: (lineStartAt(end) ? '' : eol) + lines.join(eol) + eol };
}

function yamlDeclaration(text: string, eol: string): { offset: number; text: string } {
  const line = `bibliography: ${NEW_BIB_NAME}`;
  const bom = text.startsWith('\uFEFF') ? 1 : 0;
  const open = /^---[ \t]*\r?\n/.exec(text.slice(bom));
  if (open) {
    // The closing fence of front matter is `---` or `...` on a line of its own.
    const close = /^(?:---|\.\.\.)[ \t]*$/m.exec(text.slice(bom + open[0].length));
    if (close) return { offset: bom + open[0].length + close.index, text: line + eol };
  }
  return { offset: bom, text: `---${eol}${line}${eol}---${eol}${eol}` };
}

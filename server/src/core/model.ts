/**
 * Plain data shared by the whole core. Nothing here knows about LSP, VS Code or the file system.
 * All offsets are UTF-16 code-unit offsets into a JavaScript string (what `String#slice` uses),
 * which is also what LSP positions count, so adapters convert with `TextDocument.positionAt`.
 */

/** A half-open range `[start, end)` of UTF-16 offsets into one text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/* ------------------------------------------------------------------ *
 * The bundled paper database: CSL-JSON items with project fields under `custom`.
 * ------------------------------------------------------------------ */

/** A CSL-JSON name. Papers in the database always use family/given (literal for organisations). */
export interface CslName {
  family?: string;
  given?: string;
  literal?: string;
}

/** A code repository that implements a paper. */
export interface CodeRepo {
  /** https URL of the repository. */
  url: string;
  /** True for the authors' own (or their lab's) release. Official repos sort first. */
  official: boolean;
  /** "PyTorch", "TensorFlow", "Caffe", "Keras", "JAX", "Lua Torch", "Theano", "MXNet", ... */
  framework?: string;
  /** GitHub owner, for display ("facebookresearch"). */
  owner?: string;
  /** Who says so: e.g. "Papers With Code post (004)". */
  note?: string;
  /** What it is: the authors' release, a library's implementation, or a community re-implementation. Official sorts first, then library, then community. */
  kind?: 'official' | 'library' | 'community';
  /** A few words saying what the link is, for display: "transformers model folder", "OpenMMLab mmdet configs". */
  label?: string;
  /** The library, for a library implementation: "transformers", "diffusers", "timm", "mmdet", "pyg". */
  library?: string;
}

/** A citation count a seed document states, with the document and its date. */
export interface CitationCount {
  count: number;
  /** Seed document id, e.g. "003_982281470ab976d1". */
  source: string;
  /** ISO date (YYYY-MM or YYYY-MM-DD) the document was written. */
  date: string;
}

/** A link to another database paper. */
export interface RelatedPaper {
  /** Canonical key of the other paper (must resolve). */
  key: string;
  /** Free text but from a small vocabulary: "builds on", "follow-up", "honourable mention of", "improves on", "same family". */
  relation: string;
}

/** Project fields of a database paper. */
export interface PaperCustom {
  /** arXiv id without version suffix, new style `1512.03385` or old style `cs/0112017`. */
  arxiv?: string;
  /** arXiv primary category, e.g. "cs.CV". */
  primaryClass?: string;
  /** Year of the first arXiv version (when it differs from `issued`, `aliases` holds the key with that year). */
  arxivYear?: number;
  /** Other keys that resolve to this paper (Google Scholar keys with the arXiv year, old keys). */
  aliases?: string[];
  /** Names people use: "ResNet", "GAN", "BatchNorm". */
  nicknames?: string[];
  /** 1–3 sentences in our own words: what it introduced and why it mattered. */
  summary: string;
  /** Short venue for display: "CVPR 2016", "NeurIPS 2017", "ICLR 2015", "Nature", "arXiv". */
  venueShort?: string;
  code?: CodeRepo[];
  citations?: CitationCount[];
  related?: RelatedPaper[];
  /** "vision", "nlp", "rl", "generative", "optimisation", "speech", "graphs", "theory", ... */
  topics?: string[];
  /** Seed document ids that mention the paper. */
  seeds?: string[];
  /** Fields left out (or kept) because they could not be verified; see server/data/UNVERIFIED.md. */
  unverified?: string[];
  /**
   * Where each identifying field came from: field name (title, author, issued, container-title, arxiv, DOI,
   * code) → evidence refs (`owner/repo@commit:path#Lline`, as in server/data/evidence/*.jsonl) or the v1 part
   * file (`server/data/parts/<part>.json`).
   */
  sources?: Record<string, string[]>;
}

/** One CSL-JSON item of `server/data/papers.json`. `id` is the canonical citation key. */
export interface CslItem {
  id: string;
  type: string;
  'citation-key'?: string;
  title?: string;
  author?: CslName[];
  editor?: CslName[];
  issued?: { 'date-parts'?: Array<Array<number | string>>; literal?: string };
  'container-title'?: string;
  'collection-title'?: string;
  publisher?: string;
  volume?: string | number;
  issue?: string | number;
  page?: string;
  DOI?: string;
  URL?: string;
  custom?: PaperCustom;
  [field: string]: unknown;
}

/** A validated database paper: a CslItem whose core fields are guaranteed present. */
export interface Paper extends CslItem {
  title: string;
  author: CslName[];
  custom: PaperCustom;
}

/* ------------------------------------------------------------------ *
 * Problems: every reader returns data plus problems, never throws on user input.
 * ------------------------------------------------------------------ */

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Problem {
  span: Span;
  message: string;
  severity: Severity;
  /** Stable machine code: "bib-syntax", "unknown-key", "missing-from-bib", "duplicate-key", ... */
  code?: string;
  /** What a code action needs to fix it, e.g. `{ key: "he2016dep", suggestion: "he2016deep" }`. */
  data?: Record<string, string>;
}

/* ------------------------------------------------------------------ *
 * BibTeX files.
 * ------------------------------------------------------------------ */

/** One `@type{key, field = value, ...}` entry of a .bib file. */
export interface BibEntry {
  /** Entry type, lowercased: "article", "inproceedings", ... */
  type: string;
  key: string;
  keySpan: Span;
  /** From `@` to the closing delimiter (or to where the reader gave up). */
  span: Span;
  /**
   * Field values by lowercased field name, with `@string` macros and `#` concatenation resolved
   * and the outer `{}`/`""` delimiters removed; inner TeX (braces, accents) is kept as written.
   * Use `latexToText` to display or search them.
   */
  fields: Record<string, string>;
}

export interface BibParseResult {
  entries: BibEntry[];
  /** `@string` macros defined in the file (lowercased names). */
  strings: Record<string, string>;
  problems: Problem[];
}

/* ------------------------------------------------------------------ *
 * Documents (Markdown, LaTeX) and what the scanners find in them.
 * ------------------------------------------------------------------ */

export type DocLanguage = 'latex' | 'markdown' | 'bibtex';

/** One cited key at one place. */
export interface CiteSite {
  key: string;
  /** Where the key itself is (without `@` or braces). */
  span: Span;
  /**
   * The command or syntax: "\\citep", "\\cites", "[@", "@" (in-text pandoc), "nocite" (a key in
   * the front matter's `nocite:`, cited without a place in the body), or a custom command.
   */
  command: string;
  /** The whole citation: `\citep[p.~3]{a,b}` or `[see @a; @b]`; for "nocite", the `nocite:` value. */
  container: Span;
}

/**
 * A pandoc-crossref (`@fig:x`, `@Sec:x`) or Quarto (`@fig-x`, `@thm-x`) cross-reference: written
 * like an in-text citation but resolved by a filter, so no key feature (diagnostics, completion,
 * references, bibliography generation) sees it.
 */
export interface CrossRef {
  /** The label as written, prefix included: "fig:x", "Sec:intro", "tbl-results". */
  label: string;
  /** Where the label is (without `@` or braces). */
  span: Span;
  /** What the prefix names: "figure", "section", "equation", "table", "listing", "theorem", … */
  kind: string;
}

/** An arXiv id, arXiv link or DOI written in prose. */
export interface BareRef {
  kind: 'arxiv' | 'doi';
  /** arXiv: id without version ("1512.03385", "cs/0112017"); DOI: as written, without "https://doi.org/". */
  id: string;
  /** arXiv version suffix as written ("v3"), if any. */
  version?: string;
  /** The whole match (the full link when written as a link). */
  span: Span;
  /** True when written as a URL. */
  isLink: boolean;
}

/** A bibliography a document names: `\bibliography{a,b}` (one per file), `\addbibresource{x.bib}`, YAML `bibliography:`. */
export interface BibliographyDecl {
  /** The path as written; `\bibliography{refs}` gives "refs" (the caller adds ".bib"). */
  path: string;
  span: Span;
  kind: 'bibliography' | 'addbibresource' | 'yaml';
}

export interface ScanResult {
  cites: CiteSite[];
  bare: BareRef[];
  bibliographies: BibliographyDecl[];
  /** Markdown cross-references, kept out of `cites` (absent or empty when there are none). */
  crossrefs?: CrossRef[];
  /** Where front matter `nocite: '@*'` cites every entry of the bibliography, if it does (Markdown). */
  nociteAll?: Span;
  /**
   * LaTeX: the bibliography backend the document shows. "biblatex" for `\usepackage{biblatex}`,
   * `\addbibresource` or `\printbibliography` (biber matches keys exactly); "bibtex" for
   * `\bibliography` or `\bibliographystyle` without those (BibTeX matches keys ignoring case).
   * Undefined when the document shows neither (a chapter) and for Markdown.
   */
  backend?: 'bibtex' | 'biblatex';
}

/** Where completion applies: the partial key under the cursor (possibly empty) inside a citation. */
export interface CompletionContext {
  /** The span of the partial key that an accepted item replaces. */
  span: Span;
  /**
   * The partial key from its start to the cursor: what completion searches for. Text after the
   * cursor is not part of the query (it may be the next word, typed before the key was).
   */
  prefix: string;
  command: string;
}

/* ------------------------------------------------------------------ *
 * The citation index: the bundled database and the user's bib / CSL-JSON files, merged.
 * ------------------------------------------------------------------ */

/** Where an indexed entry comes from. */
export type EntrySource =
  | { kind: 'bundled' }
  /** `catalog`: a record of the venue catalog (metadata only; its `source` field says where it comes from). */
  | { kind: 'bib'; uri: string; span: Span; keySpan: Span; catalog?: boolean }
  | { kind: 'csl-json'; uri: string }
  | { kind: 'database'; uri: string };

/** A name reduced for display and search. */
export interface PersonName {
  readonly family: string;
  readonly given?: string;
}

/** One citable key as the index knows it, whatever its source. */
export interface IndexedEntry {
  key: string;
  source: EntrySource;
  /** BibTeX type (lowercase) for bib entries, CSL type for the others. */
  type: string;
  /** Plain text (TeX resolved) for display and search. */
  title: string;
  /** Shared between entries with the same long list (bibEntries.ts): never changed in place. */
  authors: readonly PersonName[];
  year?: number;
  venue?: string;
  doi?: string;
  arxiv?: string;
  url?: string;
  /** The database paper this entry is (same key, alias, arXiv id, DOI or normalised title), if any. */
  paper?: Paper;
  /** For bib entries: the raw fields (see BibEntry.fields). */
  fields?: Record<string, string>;
  /** Known by its key alone while its big file is being read (core/bibKeyScan.ts); the rest follows. */
  pending?: boolean;
}

/**
 * What a list of results shows of an entry (a completion item's label, detail and filter words):
 * everything but what only a card or a BibTeX export needs, so a store can give it without building
 * the whole entry. Every IndexedEntry is one.
 */
export type EntryBrief = Pick<IndexedEntry, 'key' | 'source' | 'title' | 'authors' | 'year' | 'paper' | 'pending'>;

/** Settings, normalised with defaults where they enter (see server/src/settings.ts). */
export interface Config {
  /** Extra cite commands, without backslash: ["citeal", "mycite"]. */
  customCiteCommands: string[];
  /** Extra bibliography files (absolute or workspace-relative), .bib or CSL-JSON. */
  bibFiles: string[];
  bibFormat: 'bibtex' | 'biblatex';
  diagnostics: {
    enabled: boolean;
    unknownKeySeverity: Severity;
    missingFromBibSeverity: Severity;
  };
  hover: { summary: boolean; code: boolean; citations: boolean };
  /** Files bigger than this are reported and skipped. */
  maxBibFileBytes: number;
  completionLimit: number;
  /**
   * Large paper databases in JSON lines (the arXiv metadata snapshot format), absolute or
   * workspace-relative. Read streaming and off the request path; not subject to maxBibFileBytes.
   */
  databases: string[];
  /** Index the bundled venue catalog (metadata only) in the background, after the user's files. */
  catalogEnabled: boolean;
  /** Where paper notes live (`<folder>/<noteFileName(key)>`, core/paperNotes.ts): relative to the workspace folder, or absolute. */
  notesFolder: string;
}

export const defaultConfig: Config = {
  customCiteCommands: [],
  bibFiles: [],
  bibFormat: 'bibtex',
  diagnostics: { enabled: true, unknownKeySeverity: 'warning', missingFromBibSeverity: 'information' },
  hover: { summary: true, code: true, citations: true },
  maxBibFileBytes: 128 * 1024 * 1024,
  completionLimit: 50,
  databases: [],
  catalogEnabled: true,
  notesFolder: 'notes',
};

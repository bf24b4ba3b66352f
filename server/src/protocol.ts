/**
 * Custom messages between the VS Code client and the server (plain JSON; no vscode types).
 * Editors other than VS Code can use them too; the standard LSP features never depend on them.
 * The client imports this module only (a test enforces it), so the rules it shares with the
 * server are re-exported here: the document languages and the key under the cursor.
 */
export { EDITOR_LANGUAGE_IDS } from './languages';
export { keyInLine } from './core/citationKey';

/** One paper as the search quick pick / CLI shows it. */
export interface PaperSummary {
  key: string;
  title: string;
  /** "He, Zhang, Ren, Sun" (family names). */
  authors: string;
  year?: number;
  venue?: string;
  nicknames: string[];
  /** "bundled" or the bib file's URI. */
  source: string;
  hasCode: boolean;
}

export namespace SearchRequest {
  export const method = 'mlPapers/search';
  /**
   * `catalog: 'fallback'`: records of the venue catalog only when the curated database and the user's
   * bibliographies give fewer than three results (a picker that re-sorts rows by label match would
   * otherwise lift catalog titles above the paper the query names). Default: ranked with the rest.
   */
  export interface Params { query: string; limit?: number; catalog?: 'fallback' }
  export type Result = PaperSummary[];
}

/** Everything the "Show paper details" view needs, rendered by the server. */
export namespace PaperDetailsRequest {
  export const method = 'mlPapers/paperDetails';
  export interface Params { key: string }
  export interface Result {
    key: string;
    title: string;
    /** The hover text, Markdown. */
    markdown: string;
    bibtex: string;
    paperUrl?: string;
    /** Official first, then library implementations, then community ones; `description` says which is which. */
    code: Array<{ url: string; official: boolean; kind?: 'official' | 'library' | 'community'; description?: string; framework?: string; owner?: string }>;
    related: Array<{ key: string; title: string; relation: string }>;
  }
  export type Response = Result | null;
}

/** The read-only BibTeX of `ml-papers:/<key>.bib`, the definition target of a database-only paper. */
export namespace VirtualBibRequest {
  export const method = 'mlPapers/virtualBib';
  export interface Params { uri: string }
  export type Result = string | null;
}

/**
 * The papers a document, or every Markdown/LaTeX document of the workspace, cites: the data of the
 * VS Code "Papers" view, in plain JSON so that any editor can draw the same tree. Each key once, in
 * order of first citation; `groups` (when `groupBy` is given) lists the keys of each group (a paper
 * with several topics is in each of them).
 */
export namespace CitedPapersRequest {
  export const method = 'mlPapers/citedPapers';
  export interface Params {
    /** The document, for `scope: 'document'` (it must be open in the editor). */
    uri?: string;
    scope: 'document' | 'workspace';
    groupBy?: 'topic' | 'year' | 'file';
  }
  /**
   * - `in-bibliography`: a bibliography of the document defines the key;
   * - `missing`: the database or another file knows it, the document's bibliography does not;
   * - `unknown`: nothing defines it;
   * - `same-paper`: the bibliography holds the same paper under another key (`existing`);
   * - `no-bibliography`: known, and the document declares no bibliography.
   * The same rule as the diagnostics.
   */
  export type Status = 'in-bibliography' | 'missing' | 'unknown' | 'same-paper' | 'no-bibliography';
  export interface Citation {
    uri: string;
    /** The key as written (without `@` or braces). */
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    /** The key's status in this citation's document. */
    status: Status;
  }
  export interface Paper {
    key: string;
    /** Absent for an unknown key. */
    title?: string;
    year?: number;
    /** "CVPR 2016" for a database paper; a user entry's own venue. */
    venue?: string;
    /** The database's topics ("vision", "nlp", …); [] when none. */
    topics: string[];
    /** URI of the bibliography file holding the paper (for `same-paper`, the one holding `existing`); absent for database papers and unknown keys. */
    file?: string;
    source: 'file' | 'database' | 'catalog' | 'none';
    /** Over all citations: the worst (unknown, missing, same-paper, no-bibliography, in-bibliography). */
    status: Status;
    existing?: string;
    hasCode: boolean;
    paperUrl?: string;
    citations: Citation[];
    // Reserved for paper notes: `note?: string`, the URI of the paper's note (not sent yet).
  }
  export interface Group {
    /** The topic, the year or the file's URI; '' for the papers without one ("No topic", "No year", database papers), 'unknown' for unknown keys when grouping by file. */
    id: string;
    label: string;
    keys: string[];
  }
  export interface Result {
    papers: Paper[];
    /** Present when `groupBy` was given. */
    groups?: Group[];
    /** Markdown/LaTeX documents looked at (0: the document is not open, or is not a note). */
    documents: number;
  }
}

/** Sent by the server whenever the index changes. */
export namespace StatusNotification {
  export const method = 'mlPapers/status';
  export interface Params {
    /** Papers in the bundled database. */
    bundled: number;
    /** Entries read from bib / CSL-JSON files. */
    bibEntries: number;
    bibFiles: number;
    indexing: boolean;
    /** Files that could not be read or parsed cleanly. */
    failures: Array<{ uri: string; message: string }>;
  }
}

/** `workspace/executeCommand` commands the server implements. */
export const ServerCommands = {
  /** args: [key: string, format?: 'bibtex' | 'biblatex'] → string (the BibTeX text). */
  bibtexFor: 'mlPapers.server.bibtexFor',
  /** args: [uri: string, keys?: string[]] → { added: string[], file: string } after applying a workspace edit; `keys`: only those (default: every key the document cites). */
  addMissingEntries: 'mlPapers.server.addMissingEntries',
  /** args: [] → { text: string, keys: string[] }: the bibliography for every key cited in the workspace. */
  workspaceBibliography: 'mlPapers.server.workspaceBibliography',
} as const;

/**
 * Custom messages between the VS Code client and the server (plain JSON; no vscode types).
 * Editors other than VS Code can use them too; the standard LSP features never depend on them.
 * The client imports this module only (a test enforces it), so the rules it shares with the
 * server are re-exported here: the document languages and the key under the cursor.
 */
export { EDITOR_LANGUAGE_IDS } from './languages';
export { keyInLine } from './core/citationKey';
/**
 * The note on a paper is `<workspace folder>/<mlPapers.notes.folder>/<noteFileName(key)>` (the folder
 * setting may also be absolute); a paper "has a note" when that file exists. The Papers view and the
 * New Note command use this one rule.
 */
export { noteFileName } from './core/noteFileName';
export type { GraphEdge, GraphNode, GraphYear, PaperGraph } from './core/paperGraph';
import type { PaperGraph } from './core/paperGraph';

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
  /** Set for a record of the bundled venue catalog (metadata only; `source` is the catalog file). */
  catalog?: true;
}

export namespace SearchRequest {
  export const method = 'mlPapers/search';
  /**
   * The best `limit` (default 50, at most 500) matches, best first: the order to show them in. Records
   * of the venue catalog are ranked with the rest and lose ties to curated and user entries.
   */
  export interface Params { query: string; limit?: number }
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

/**
 * The related-papers graph of a document (the papers it cites, with its project's bibliographies
 * first) or of every note in the workspace: nodes laid out on a time axis, the database's relations,
 * and the papers they build on that are not cited (suggestions). `render` adds the same graph as
 * SVG, Graphviz DOT or Mermaid text, drawn by the writers the CLI uses.
 */
export namespace PaperGraphRequest {
  export const method = 'mlPapers/paperGraph';
  export interface Params { uri?: string; scope: 'document' | 'workspace'; render?: 'svg' | 'dot' | 'mermaid' }
  export interface Result {
    graph: PaperGraph;
    /** What the graph is of: the document's file name, or "workspace". */
    title: string;
    rendered?: string;
  }
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

/** The literature table of the papers an open document cites (core/literatureTable.ts), as text to insert. */
export namespace LiteratureTableRequest {
  export const method = 'mlPapers/literatureTable';
  export type Sort = 'year' | 'topic';
  export type Format = 'markdown' | 'latex' | 'csv';
  /** `format` defaults to the document's syntax (Markdown or LaTeX); `sort` to 'year'. */
  export interface Params { uri: string; sort?: Sort; format?: Format }
  export interface Result {
    text: string;
    format: Format;
    /** Papers in the table. */
    rows: number;
    /** Cited keys nothing resolves: they have no row. */
    unknown: string[];
    /** LaTeX: the packages the table needs in the preamble (else empty). */
    packages: string[];
  }
  /** null: the document is not open or is not Markdown or LaTeX. */
  export type Response = Result | null;
}

/** The text a new note on a paper starts with (core/paperNotes.ts). */
export namespace PaperNoteRequest {
  export const method = 'mlPapers/paperNote';
  export interface Params { key: string }
  export interface Result {
    /** The key as the index knows it (a nickname or arXiv id asked for gives the paper's key). */
    key: string;
    /** noteFileName(key). */
    fileName: string;
    text: string;
  }
  /** null: no paper has that key. */
  export type Response = Result | null;
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

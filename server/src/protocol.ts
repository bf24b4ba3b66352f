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
import type { CitedPaper, PaperStatus } from './core/citedPapers';

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
  /** A key's status in a document: PaperStatus in core/citedPapers.ts (the same rule as the diagnostics). */
  export type Status = PaperStatus;
  export interface Citation {
    uri: string;
    /** The key as written (without `@` or braces). */
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    /** The key's status in this citation's document. */
    status: Status;
  }
  /** One cited paper: core/citedPapers.ts's CitedPaper (its fields are documented there), each citation's place as a range. */
  export type Paper = Omit<CitedPaper, 'citations'> & { citations: Citation[] };
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
    /** Papers fetched by the online look-up and kept in the user's cache (absent from older servers). */
    fetched?: number;
    indexing: boolean;
    /** Files that could not be read or parsed cleanly. */
    failures: Array<{ uri: string; message: string }>;
  }
}

/* ------------------------------------------------------------------ *
 * Online look-up (issue 20). Off unless mlPapers.online.enabled is true, and never in an untrusted
 * workspace. With it off the server opens no connection: every request below then answers
 * `{ ok: false, reason: 'disabled' }` with the services it would contact, and the client asks the
 * user once ("Enable" → set mlPapers.online.enabled; "Just this once" → the same request again with
 * `once: true`; "Never" → remember not to ask). Every answer comes back; none throws.
 * ------------------------------------------------------------------ */

/** The services, by the ids the messages below use. */
export type OnlineServiceId = 'arxiv' | 'doi' | 'crossref' | 'semanticscholar';

/** Why an online request did nothing. */
export type OnlineRefusal = {
  ok: false;
  /**
   * `disabled`: mlPapers.online.enabled is false and `once` was not given (ask the user);
   * `untrusted`: the workspace is not trusted (do not ask; say so);
   * `invalid`: the reference or query is empty;
   * `not-found`: every service answered, none knows the paper;
   * `failed`: a service could not be asked or gave a broken answer (`message` says which and why).
   */
  reason: 'disabled' | 'untrusted' | 'invalid' | 'not-found' | 'failed';
  message: string;
  /** The services the request asks (or would ask), for the prompt: "arXiv, Semantic Scholar". */
  services: Array<{ id: OnlineServiceId; name: string; host: string }>;
};

/** A paper the look-up found: in the index from now on, under `key` (a fetched paper's key is Google Scholar style). */
export interface OnlinePaper extends PaperSummary {
  arxiv?: string;
  doi?: string;
  /** Set for a fetched paper: the service it came from and when (ISO date-time). */
  service?: OnlineServiceId;
  fetched?: string;
  /** The hover card, Markdown ("From arXiv, fetched 2026-12-06" for a fetched paper). */
  markdown: string;
}

/**
 * Look up one arXiv id (or arXiv link), DOI (or doi.org link) or title. A paper the user's
 * bibliographies, the database or the cache already hold is answered without a request
 * (`source: 'local' | 'cache'`), as is a search result (OnlineSearchRequest) picked a moment ago.
 * A fetched record is kept in the user's cache folder and indexed: completion, hover and BibTeX know it.
 * To cite it, insert the key and run ServerCommands.addMissingEntries with [uri, [key]] (or citeFetched for a quick fix).
 */
export namespace OnlineLookUpRequest {
  export const method = 'mlPapers/onlineLookUp';
  /** `once`: the user allowed this one request although the setting is off ("Just this once"). */
  export interface Params { ref: string; once?: boolean }
  export type Result = { ok: true; paper: OnlinePaper; source: 'local' | 'cache' | 'fetched' } | OnlineRefusal;
}

/** One result of an online search: pass `ref` to OnlineLookUpRequest to keep it (no second request is made). */
export interface OnlineSearchResult {
  /** The arXiv id, else the DOI, else the title. */
  ref: string;
  title: string;
  /** "Hu, Shen, Wallis" (family names). */
  authors: string;
  year?: number;
  venue?: string;
  arxiv?: string;
  doi?: string;
  citationCount?: number;
  /** The key the index already has for this paper (a local or cached one), if any. */
  knownKey?: string;
}

/** Search arXiv, Semantic Scholar and Crossref at once: the client lists them below its local results. */
export namespace OnlineSearchRequest {
  export const method = 'mlPapers/onlineSearch';
  export interface Params { query: string; once?: boolean }
  export type Result =
    | { ok: true; services: Array<{ service: OnlineServiceId; name: string; ok: boolean; message?: string; results: OnlineSearchResult[] }> }
    | OnlineRefusal;
}

/**
 * The cache of fetched papers: `list` them, `forget` some (all when `keys` is empty or absent; no
 * network), or `refresh` them from their services (a network request: needs the setting or `once`).
 */
export namespace OnlineCacheRequest {
  export const method = 'mlPapers/onlineCache';
  export interface Params { action: 'list' | 'forget' | 'refresh'; keys?: string[]; once?: boolean }
  export type Result =
    | { ok: true; papers: OnlinePaper[]; forgotten?: string[]; refreshed?: string[]; failed?: Array<{ key: string; message: string }>; file: string }
    | OnlineRefusal;
}

/**
 * Sent when a background look-up (started by a hover) stored a paper: the next hover on `ref` shows
 * its card. A client may use it to refresh what it shows; nothing depends on it.
 */
export namespace OnlineFetchedNotification {
  export const method = 'mlPapers/onlineFetched';
  export interface Params { ref: string; key: string }
}

/** Argument of the client command `mlPapers.lookUpOnline` (hover links and quick fixes carry it). */
export interface LookUpOnlineArgs {
  /** The arXiv id or DOI (as written). */
  ref: string;
  /** The document the offer was made in. */
  uri?: string;
  /**
   * Quick fix only: the unknown key to replace with the fetched paper's key (pass it on to
   * ServerCommands.citeFetched after a successful look-up).
   */
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/**
 * Commands the client implements and the server names in hovers (command links) and code actions.
 * The hover's link is `command:mlPapers.lookUpOnline?<encodeURIComponent(JSON.stringify([LookUpOnlineArgs]))>`:
 * VS Code runs it only when the client trusts the server's Markdown for that command
 * (LanguageClientOptions.markdown.isTrusted = { enabledCommands: ['mlPapers.lookUpOnline'] }).
 */
export const ClientCommands = {
  /** args: [LookUpOnlineArgs]. The client asks once when online look-up is off, then sends OnlineLookUpRequest. */
  lookUpOnline: 'mlPapers.lookUpOnline',
} as const;

/** `workspace/executeCommand` commands the server implements. */
export const ServerCommands = {
  /** args: [key: string, format?: 'bibtex' | 'biblatex'] → string (the BibTeX text). */
  bibtexFor: 'mlPapers.server.bibtexFor',
  /** args: [uri: string, keys?: string[]] → { added: string[], file: string } after applying a workspace edit; `keys`: only those (default: every key the document cites). */
  addMissingEntries: 'mlPapers.server.addMissingEntries',
  /** args: [] → { text: string, keys: string[] }: the bibliography for every key cited in the workspace. */
  workspaceBibliography: 'mlPapers.server.workspaceBibliography',
  /**
   * args: [uri: string, key: string, range: LookUpOnlineArgs['range']] → { key, added: string[], file: string | null }.
   * After a quick fix's look-up: replaces the unknown key at `range` with `key` (one edit), then appends
   * its BibTeX as addMissingEntries [uri, [key]] does (a second edit). Both are undoable.
   */
  citeFetched: 'mlPapers.server.citeFetched',
} as const;

/** What every feature function receives: the index, the settings and the document. */
import type { CitationIndex } from '../citationIndex';
import type { Config, DocLanguage } from '../model';

export interface FeatureContext {
  index: CitationIndex;
  /** Passed on every call, never stored (settings can differ per resource). */
  config: Config;
  /** URIs of the bibliographies that apply to the document (its own and its project's, resolved by the adapter), in order. */
  docBibUris?: string[];
  /** The bibliography backend of the document's project, when the document shows none itself (a chapter). */
  backend?: 'bibtex' | 'biblatex';
  /**
   * True when the document's project declares a bibliography (a chapter through its root), so a
   * cited key outside `docBibUris` is missing from it. Undefined: the document's own declarations decide.
   */
  bibliographyDeclared?: boolean;
}

/** A document's text as the adapter holds it. */
export interface Doc {
  uri: string;
  language: DocLanguage;
  text: string;
  version?: number;
}

/** A plain text replacement in one document. */
export interface TextEdit {
  span: { start: number; end: number };
  newText: string;
}

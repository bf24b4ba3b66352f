/** What every feature function receives: the index, the settings and the document. */
import type { CitationIndex } from '../citationIndex';
import type { Config, DocLanguage } from '../model';

export interface FeatureContext {
  index: CitationIndex;
  /** Passed on every call, never stored (settings can differ per resource). */
  config: Config;
  /** URIs of the bibliographies the document names (resolved by the adapter), in order. */
  docBibUris?: string[];
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

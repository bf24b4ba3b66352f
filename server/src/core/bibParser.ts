import type { BibParseResult } from './model';

/** Reads a .bib text tolerantly. Never throws. (Placeholder; the bib-reader work replaces it.) */
export function parseBib(text: string): BibParseResult {
  void text;
  return { entries: [], strings: {}, problems: [] };
}

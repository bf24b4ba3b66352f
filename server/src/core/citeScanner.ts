import type { CompletionContext, DocLanguage, ScanResult } from './model';

export interface ScanOptions {
  /** Extra LaTeX cite commands, without backslash. */
  customCiteCommands?: readonly string[];
}

/** Finds citations, bare arXiv/DOI references and bibliography declarations. Never throws. (Placeholder.) */
export function scanDocument(text: string, language: DocLanguage, options: ScanOptions = {}): ScanResult {
  void text; void language; void options;
  return { cites: [], bare: [], bibliographies: [] };
}

/** The partial key under `offset` inside a citation, or undefined when the cursor is not in one. (Placeholder.) */
export function completionContextAt(text: string, offset: number, language: DocLanguage, options: ScanOptions = {}): CompletionContext | undefined {
  void text; void offset; void language; void options;
  return undefined;
}

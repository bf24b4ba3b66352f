/**
 * Scanners for LaTeX and pandoc Markdown: cite sites, bare arXiv/DOI references and the
 * bibliographies a document names, plus the completion context at an offset.
 *
 * Each scanner is one forward pass that skips what is not prose (comments, verbatim, code) and
 * never looks back more than a few characters, so a document costs linear time whatever it holds.
 * Completion runs the same pass up to the cursor, so "inside a comment" or "inside code" means
 * exactly what it means for the scan.
 *
 * Parts: latex.ts (with latexMacros.ts, the definitions pass), markdown.ts and frontMatter.ts (one per syntax), prose.ts (the skip-region step
 * both passes share), chars.ts (character classes).
 */
import type { CompletionContext, DocLanguage, ScanResult } from '../model';
import { findBareRefs } from '../refRecognizers';
import { scanLatex } from './latex';
import { scanMarkdown } from './markdown';
import type { ScanOptions } from './types';

export type { ScanOptions } from './types';
export { citeMacrosDefinedIn } from './latexMacros';

/** Finds citations, bare arXiv/DOI references and bibliography declarations. Never throws. */
export function scanDocument(text: string, language: DocLanguage, options: ScanOptions = {}): ScanResult {
  if (language === 'latex') return scanLatex(text, options, -1).result;
  if (language === 'markdown') return scanMarkdown(text, -1).result;
  return { cites: [], bare: findBareRefs(text), bibliographies: [] };
}

/**
 * The partial key under `offset` inside a citation, or undefined when the cursor is not in one
 * (including inside the optional `[...]` of a LaTeX cite, comments and code).
 */
export function completionContextAt(text: string, offset: number, language: DocLanguage, options: ScanOptions = {}): CompletionContext | undefined {
  if (!(offset >= 0 && offset <= text.length)) return undefined;
  if (language === 'latex') return scanLatex(text, options, offset).context;
  if (language === 'markdown') return scanMarkdown(text, offset).context;
  return undefined;
}

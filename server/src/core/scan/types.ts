import type { CompletionContext, ScanResult } from '../model';

export interface ScanOptions {
  /**
   * Extra LaTeX cite commands, without backslash, taking their keys in the first argument: the
   * user's `mlPapers.customCiteCommands`, plus the macros other files of the project define
   * (`citeMacrosDefinedIn` of the root's preamble). A document's own definitions need not be listed.
   */
  customCiteCommands?: readonly string[];
}

/** What one pass gives: the whole result when collecting, the completion context when it had a cursor. */
export interface Scan {
  result: ScanResult;
  context?: CompletionContext;
}

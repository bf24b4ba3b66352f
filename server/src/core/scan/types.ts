import type { CompletionContext, ScanResult } from '../model';

export interface ScanOptions {
  /** Extra LaTeX cite commands, without backslash. */
  customCiteCommands?: readonly string[];
}

/** What one pass gives: the whole result when collecting, the completion context when it had a cursor. */
export interface Scan {
  result: ScanResult;
  context?: CompletionContext;
}

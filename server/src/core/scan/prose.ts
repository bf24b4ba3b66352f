/**
 * The step every scanner repeats: prose runs between regions that are not prose (comments,
 * verbatim, code, front matter). Bare arXiv ids and DOIs are looked for in the prose only, and a
 * completion scan (one with a cursor) stops when the cursor is inside a skipped region, where
 * nothing is completed.
 */
import type { BareRef } from '../model';
import { findBareRefs } from '../refRecognizers';

export class Prose {
  /** Bare references found so far; a completion scan collects none. */
  readonly bare: BareRef[] = [];
  /** Where the current run of prose began. */
  private start: number;

  /** `cursor` is -1 for a scan that collects the whole result. */
  constructor(private readonly text: string, private readonly cursor: number, start = 0) {
    this.start = start;
  }

  /** True when the cursor lies inside (start, end]: the scan of a completion request can stop. */
  covers(start: number, end: number): boolean {
    return this.cursor > start && this.cursor <= end;
  }

  /**
   * Passes over [start, end), which is not prose. True when the cursor is inside it (up to
   * `cursorEnd`): the completion scan stops there with no context. Otherwise the prose before it is
   * searched for bare references and prose resumes at `end`.
   */
  skip(start: number, end: number, cursorEnd = end): boolean {
    if (this.covers(start, cursorEnd)) return true;
    this.cut(start, end);
    return false;
  }

  /** Prose stops at `start` and resumes at `end`: around a citation, whose cursor case the caller handled. */
  cut(start: number, end: number): void {
    this.close(start);
    this.start = end;
  }

  /** The prose since the last skipped region ends at `end` (the end of the text). */
  close(end: number): void {
    if (this.cursor < 0 && end > this.start) for (const r of findBareRefs(this.text, this.start, end)) this.bare.push(r);
  }
}

/**
 * Once per server, after the first indexing of a workspace with many entries: completions for
 * queries made from the index (core/warmUp.ts), one per turn of the event loop so that requests
 * go first, so that the user's first keystrokes meet compiled search code rather than a cold JIT
 * (bench/DESIGN.md §8 has the measurements).
 */
import { completion } from './core/features/completion';
import { warmUpQueries } from './core/warmUp';
import type { Session } from './session';

/** Workspaces with fewer user entries answer fast enough without a warm-up. */
const WARM_UP_MIN_ENTRIES = 2_000;
const WARM_UP_QUERIES = 150;
/** The document the warm-up completes in (never an editor's: only the text below). */
const WARM_UP_URI = 'ml-papers-warm-up:/notes.md';

export function searchWarmUp(session: Session): () => void {
  let warmedUp = false;
  return () => {
    if (warmedUp || session.index.size().user < WARM_UP_MIN_ENTRIES) return;
    warmedUp = true;
    const queries = warmUpQueries(session.index.sampleBriefs(2 * WARM_UP_QUERIES), WARM_UP_QUERIES);
    const started = performance.now();
    let busy = 0;
    const step = (k: number): void => {
      if (k >= queries.length) {
        session.log(`Warmed up the search with ${queries.length} queries: ${Math.round(busy)} ms of work over ${Math.round(performance.now() - started)} ms`);
        return;
      }
      const text = `[@${queries[k]}`;
      const t = performance.now();
      try {
        completion(session.ctxFor(), { uri: WARM_UP_URI, language: 'markdown', text }, text.length, { documentation: false });
      } catch (e) {
        // Only a warm-up: a failure is logged and the rest skipped; requests are unaffected.
        session.connection.console.error(`[warm-up] ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        return;
      }
      busy += performance.now() - t;
      setTimeout(() => step(k + 1), 0);
    };
    setTimeout(() => step(0), 0);
  };
}

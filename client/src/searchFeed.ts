/**
 * The query side of a list fed by the server as the user types: keystrokes are debounced, a new
 * query cancels the request of the one before, and only the newest query's answer is shown, so a
 * slow answer to "R" cannot replace a quick answer to "ResNet". No vscode import: it runs under
 * node:test, and paperPicker.ts connects it to a quick pick.
 */

/** Asks the server for the rows of `query`; `signal` aborts when a newer query supersedes it. */
export type SearchFn<T> = (query: string, signal: AbortSignal) => Promise<readonly T[]>;

/** Where the feed puts its answers. None of these is called after `dispose()`. */
export interface SearchSink<T> {
  /** The answer to the newest query, in the server's order. */
  show(rows: readonly T[], query: string): void;
  /** True from a keystroke until the answer to the newest query is shown (or has failed). */
  busy(busy: boolean): void;
  /** The newest query's request failed; the rows shown before stay. */
  failed(error: unknown, query: string): void;
}

export class SearchFeed<T> {
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The request of the newest query, until it is answered; older ones are aborted and ignored. */
  private current: AbortController | undefined;
  private disposed = false;

  constructor(
    private readonly search: SearchFn<T>,
    private readonly sink: SearchSink<T>,
    private readonly debounceMs: number,
  ) {}

  /** A keystroke: searches `query` once typing has paused for the debounce time. */
  type(query: string): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.sink.busy(true);
    this.timer = setTimeout(() => void this.now(query), this.debounceMs);
  }

  /** Searches `query` at once; whatever an earlier query still has in flight is cancelled and dropped. */
  async now(query: string): Promise<void> {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.current?.abort();
    const mine = new AbortController();
    this.current = mine;
    this.sink.busy(true);
    try {
      const rows = await this.search(query, mine.signal);
      if (this.current === mine) this.sink.show(rows, query);
    } catch (e) {
      if (this.current === mine) this.sink.failed(e, query);
    } finally {
      if (this.current === mine) {
        this.current = undefined;
        // A keystroke during the request left a timer pending: the answer to its query is still to come.
        if (this.timer === undefined) this.sink.busy(false);
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.current?.abort();
    this.current = undefined;
  }
}

/** How the CLI writes to the terminal: colours only on a TTY (and never with NO_COLOR), paths relative to the current folder. */
import * as path from 'node:path';
import { summarizeEntry } from '../core/entrySummary';
import type { IndexedEntry } from '../core/model';

export const color = {
  on: process.stdout.isTTY === true && !process.env.NO_COLOR,
  wrap(code: string, s: string) { return this.on ? `\x1b[${code}m${s}\x1b[0m` : s; },
  bold(s: string) { return this.wrap('1', s); },
  dim(s: string) { return this.wrap('2', s); },
  red(s: string) { return this.wrap('31', s); },
  yellow(s: string) { return this.wrap('33', s); },
  cyan(s: string) { return this.wrap('36', s); },
};

/** `file` relative to the current folder when it is inside it, else as given. */
export function rel(file: string): string {
  const r = path.relative(process.cwd(), file);
  return r && !r.startsWith('..') ? r : file;
}

/** Shows a progress line on stderr when indexing takes more than a second (TTY only). */
export function progress(label: string): { tick(detail: string): void; done(): void } {
  const started = Date.now();
  let shown = false;
  return {
    tick(detail) {
      if (!process.stderr.isTTY || Date.now() - started < 1000) return;
      shown = true;
      process.stderr.write(`\r${label}: ${detail}`.slice(0, 100).padEnd(100));
    },
    done() { if (shown) process.stderr.write('\r'.padEnd(101) + '\r'); },
  };
}

/** What `--json` prints of an entry. */
export function entryJson(entry: IndexedEntry, score?: number) {
  const s = summarizeEntry(entry);
  return { key: s.key, year: s.year, authors: s.authors, title: s.title, venue: s.venue, arxiv: s.arxiv, doi: s.doi, nicknames: s.nicknames, source: s.source, ...(score !== undefined ? { score } : {}) };
}

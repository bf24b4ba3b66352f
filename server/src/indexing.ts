/**
 * Reading bibliography files and paper databases for the index, off the request path where it
 * matters: files over WORKER_MIN_BYTES and every database are read, parsed and prepared by the index
 * worker (indexWorker.ts), which hands the file's text and then its prepared chunks to an IndexSink
 * as they are ready; small files are read here, where a round trip to the worker would cost more
 * than the parse.
 *
 * A file whose size and mtime match what was indexed is not read at all (`unchanged`): a no-op save
 * or a duplicate watcher event costs one stat. The counters behind `mlPapers/debugStats` say so.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { parseBib } from './core/bibParser';
import { userCacheDir } from './cacheDir';
import type { BibParseResult, Problem } from './core/model';
import { readTextFile } from './workspace';
import type { JobRequest, JobResult } from './indexWorkerProtocol';
import { getWorker, runJob, type IndexSink } from './indexWorkerPool';
import type { Worker } from 'node:worker_threads';

export { workersRunning, type IndexSink } from './indexWorkerPool';

/** Below this size a file is parsed on the server thread (a few milliseconds). */
export const WORKER_MIN_BYTES = 1 << 20;

/** What the index knew about a file when it last read it. */
export interface FileStamp {
  mtimeMs: number;
  size: number;
}

export type BibLoad =
  | { kind: 'unchanged' }
  | { kind: 'failed'; message: string }
  /** Read on this thread: the caller indexes it. `parsed` is absent for CSL-JSON files (the index parses those itself). */
  | { kind: 'loaded'; text: string; parsed?: BibParseResult; stamp: FileStamp }
  /** Read and prepared by the worker, which has given the text and every chunk to the sink. */
  | { kind: 'indexed'; entries: number; stamp: FileStamp };

export type DatabaseLoad =
  | { kind: 'unchanged' }
  | { kind: 'failed'; message: string }
  | { kind: 'indexed'; entries: number; problems: Problem[]; stamp: FileStamp; fromCache: boolean; ms: number };

/** Counters for `mlPapers/debugStats`: what indexing did since the server started. */
export interface IndexingStats {
  /** Files whose bytes were read (on either thread). */
  fileReads: number;
  /** Files skipped because size and mtime were unchanged (one stat each). */
  unchanged: number;
  /** Jobs the worker ran (bib files and databases). */
  workerJobs: number;
  /** Database loads answered from the on-disk index cache. */
  cacheHits: number;
  /** Per file URI or path: the last load, for logs and benchmarks. */
  last: Record<string, { ms: number; entries: number; viaWorker: boolean; fromCache?: boolean }>;
}

const stats: IndexingStats = { fileReads: 0, unchanged: 0, workerJobs: 0, cacheHits: 0, last: {} };

export function indexingStats(): IndexingStats {
  return stats;
}

/* ------------------------------ the worker ------------------------------ */

/** A job for the index worker, counted for debugStats. */
function workerJob(w: Worker, req: JobRequest, sink: IndexSink, progress?: (percent: number, message: string) => void): Promise<JobResult> {
  stats.workerJobs++;
  return runJob(w, req, sink, progress);
}

/* ------------------------------ loading ------------------------------ */

async function statOf(file: string): Promise<FileStamp | string> {
  try {
    const s = await fsp.stat(file);
    if (!s.isFile()) return `${file} is not a file.`;
    return { mtimeMs: s.mtimeMs, size: s.size };
  } catch (e) {
    return `Cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : String((e as Error).message)}.`;
  }
}

function same(a: FileStamp | undefined, b: FileStamp): boolean {
  return !!a && a.mtimeMs === b.mtimeMs && a.size === b.size;
}

/**
 * Reads and parses a .bib (or reads a CSL-JSON) file unless `known` says it is unchanged. A big
 * .bib goes to the worker, which hands it to `sink` (result `indexed`); otherwise the caller gets
 * the text (result `loaded`). `dbFile` is the bundled database the index uses (the worker matches
 * entries to its papers). Never throws: unreadable, too big or binary files give `failed`.
 */
export async function loadBibFile(file: string, maxBytes: number, known: FileStamp | undefined, dbFile: string, sink: IndexSink, quickKeys = false): Promise<BibLoad> {
  const stamp = await statOf(file);
  if (typeof stamp === 'string') return { kind: 'failed', message: stamp };
  if (same(known, stamp)) { stats.unchanged++; return { kind: 'unchanged' }; }
  const isJson = /\.json$/i.test(file);
  const w = !isJson && stamp.size >= WORKER_MIN_BYTES && stamp.size <= maxBytes ? getWorker() : undefined;
  const t = performance.now();
  stats.fileReads++;
  if (w) {
    let begun = false;
    try {
      const r = await workerJob(w, { op: 'bib', file, maxBytes, dbFile, quickKeys }, { begin: (b) => { begun = true; sink.begin(b); }, chunk: (c) => sink.chunk(c), range: (r) => sink.range(r) });
      if (!r.ok) return { kind: 'failed', message: r.message };
      stats.last[file] = { ms: Math.round(performance.now() - t), entries: r.entries, viaWorker: true };
      return { kind: 'indexed', entries: r.entries, stamp: { mtimeMs: r.mtimeMs, size: r.size } };
    } catch (e) {
      // The worker died (out of memory, killed) before it began: read the file here instead.
      if (begun) return { kind: 'failed', message: `Indexing ${path.basename(file)} failed: ${(e as Error).message.split('\n')[0]}` };
    }
  }
  const read = await readTextFile(file, maxBytes);
  if (!read.ok) return { kind: 'failed', message: read.message };
  const parsed = isJson ? undefined : parseBib(read.text);
  stats.last[file] = { ms: Math.round(performance.now() - t), entries: parsed?.entries.length ?? 0, viaWorker: false };
  return { kind: 'loaded', text: read.text, parsed, stamp: { mtimeMs: read.mtimeMs, size: read.size } };
}

/**
 * Parses and prepares a big .bib text (an open editor's copy) in the worker, handing it to `sink`.
 * False when the worker cannot run; the caller then indexes the text itself.
 */
export async function prepareBibText(text: string, dbFile: string, sink: IndexSink): Promise<boolean> {
  const w = getWorker();
  if (!w) return false;
  let begun = false;
  try {
    await workerJob(w, { op: 'parse', text, dbFile }, { begin: (b) => { begun = true; sink.begin(b); }, chunk: (c) => sink.chunk(c), range: (r) => sink.range(r) });
    return true;
  } catch {
    return begun;
  }
}

const timers = new Map<string, NodeJS.Timeout>();
/** Runs `fn` for `key` once no new call came for `ms` (typing in a big .bib re-indexes once per pause). */
export function debounce(key: string, ms: number, fn: () => void): void {
  clearTimeout(timers.get(key));
  timers.set(key, setTimeout(() => { timers.delete(key); fn(); }, ms));
}

/**
 * Streams a JSON-lines paper database into `sink` (in the worker), using and refreshing the on-disk
 * cache. `progress` gets percentages while the file is read.
 */
export async function loadDatabase(file: string, known: FileStamp | undefined, dbFile: string, sink: IndexSink, progress?: (percent: number, message: string) => void): Promise<DatabaseLoad> {
  const stamp = await statOf(file);
  if (typeof stamp === 'string') return { kind: 'failed', message: stamp };
  if (same(known, stamp)) { stats.unchanged++; return { kind: 'unchanged' }; }
  const w = getWorker();
  if (!w) return { kind: 'failed', message: `Cannot index the database ${path.basename(file)}: the index worker (indexWorker.js) is missing.` };
  const t = performance.now();
  let r: JobResult;
  try {
    r = await workerJob(w, { op: 'database', file, cacheDir: userCacheDir(), dbFile }, sink, progress);
  } catch (e) {
    return { kind: 'failed', message: `Cannot index the database ${path.basename(file)}: ${(e as Error).message.split('\n')[0]}` };
  }
  if (!r.ok) return { kind: 'failed', message: r.message };
  if (r.fromCache) stats.cacheHits++; else stats.fileReads++;
  stats.last[file] = { ms: Math.round(performance.now() - t), entries: r.entries, viaWorker: true, fromCache: r.fromCache };
  return { kind: 'indexed', entries: r.entries, problems: r.problems, stamp: { mtimeMs: r.mtimeMs, size: r.size }, fromCache: r.fromCache, ms: r.ms };
}

/**
 * Reading bibliography files and paper databases for the index, off the request path where it
 * matters: files over WORKER_MIN_BYTES and every database are read and parsed by the index worker
 * (indexWorker.ts), which sends back packed entries; small files are read here, where a round trip
 * to the worker would cost more than the parse.
 *
 * A file whose size and mtime match what was indexed is not read at all (`unchanged`): a no-op save
 * or a duplicate watcher event costs one stat. The counters behind `mlPapers/debugStats` say so.
 */
import { promises as fsp, existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { parseBib } from './core/bibParser';
import { iteratePacked, unpackEntries, type PackedEntries } from './core/packedEntries';
import type { BibEntry, BibParseResult, Problem } from './core/model';
import { readTextFile } from './workspace';
import type { BibJobResult, DatabaseJobResult, JobRequest, ParseJobResult, WorkerReply } from './indexWorker';

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
  /** `parsed` is absent for CSL-JSON files (the index parses those itself). */
  | { kind: 'loaded'; text: string; parsed?: BibParseResult; stamp: FileStamp; viaWorker: boolean };

export type DatabaseLoad =
  | { kind: 'unchanged' }
  | { kind: 'failed'; message: string }
  | { kind: 'loaded'; parsed: BibParseResult; stamp: FileStamp; fromCache: boolean; ms: number };

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

let worker: Worker | undefined;
let workerBroken = false;
let nextId = 1;
const waiting = new Map<number, { resolve: (r: BibJobResult | DatabaseJobResult | ParseJobResult) => void; reject: (e: Error) => void; progress?: (percent: number, message: string) => void }>();

function workerPath(): string {
  return path.join(__dirname, 'indexWorker.js');
}

/** The shared worker, started on first use; undefined when it cannot run (then everything is read here). */
function getWorker(): Worker | undefined {
  if (worker || workerBroken) return worker;
  if (!existsSync(workerPath())) { workerBroken = true; return undefined; }
  try {
    // A young generation sized for parse results: the reader's objects survive until packed, and
    // with the default 16 MB semispaces a 100k-entry file spends a third of its time in scavenges.
    worker = new Worker(workerPath(), { resourceLimits: { maxYoungGenerationSizeMb: 96 } });
  } catch {
    workerBroken = true;
    return undefined;
  }
  worker.unref();
  worker.on('message', (m: WorkerReply) => {
    const w = waiting.get(m.id);
    if (!w) return;
    if ('progress' in m) { w.progress?.(m.progress, m.message); return; }
    waiting.delete(m.id);
    if ('error' in m) w.reject(new Error(m.error)); else w.resolve(m.result);
    if (!waiting.size) scheduleIdleStop();
  });
  const fail = (e: Error) => {
    worker = undefined;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`index worker exited with code ${code}`)));
  return worker;
}

/**
 * A worker that parsed a big file holds hundreds of megabytes of garbage and a large young
 * generation; stopping it when idle gives that memory back (a restart costs ~30 ms).
 */
const IDLE_STOP_MS = 1000;
let idleTimer: NodeJS.Timeout | undefined;
function scheduleIdleStop(): void {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    if (waiting.size || !worker) return;
    const w = worker;
    worker = undefined;
    w.removeAllListeners('exit');
    void w.terminate();
  }, IDLE_STOP_MS);
  idleTimer.unref();
}

function runJob<R extends BibJobResult | DatabaseJobResult | ParseJobResult>(w: Worker, req: JobRequest, progress?: (percent: number, message: string) => void): Promise<R> {
  const id = nextId++;
  stats.workerJobs++;
  clearTimeout(idleTimer);
  return new Promise<R>((resolve, reject) => {
    waiting.set(id, { resolve: resolve as (r: BibJobResult | DatabaseJobResult | ParseJobResult) => void, reject, progress });
    w.postMessage({ ...req, id });
  });
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
 * Reads and parses a .bib (or reads a CSL-JSON) file unless `known` says it is unchanged.
 * Never throws: unreadable, too big or binary files give `failed` with a message for the user.
 */
export async function loadBibFile(file: string, maxBytes: number, known?: FileStamp): Promise<BibLoad> {
  const stamp = await statOf(file);
  if (typeof stamp === 'string') return { kind: 'failed', message: stamp };
  if (same(known, stamp)) { stats.unchanged++; return { kind: 'unchanged' }; }
  const isJson = /\.json$/i.test(file);
  const w = !isJson && stamp.size >= WORKER_MIN_BYTES && stamp.size <= maxBytes ? getWorker() : undefined;
  const t = performance.now();
  stats.fileReads++;
  if (w) {
    try {
      const r = await runJob<BibJobResult>(w, { op: 'bib', file, maxBytes });
      if (!r.ok) return { kind: 'failed', message: r.message };
      const parsed: BibParseResult = { entries: await unpackGradually(r.packed), strings: r.strings, problems: r.problems };
      stats.last[file] = { ms: Math.round(performance.now() - t), entries: parsed.entries.length, viaWorker: true };
      return { kind: 'loaded', text: r.text, parsed, stamp: { mtimeMs: r.mtimeMs, size: r.size }, viaWorker: true };
    } catch {
      // The worker died (out of memory, killed): read the file here instead.
    }
  }
  const read = await readTextFile(file, maxBytes);
  if (!read.ok) return { kind: 'failed', message: read.message };
  const parsed = isJson ? undefined : parseBib(read.text);
  stats.last[file] = { ms: Math.round(performance.now() - t), entries: parsed?.entries.length ?? 0, viaWorker: false };
  return { kind: 'loaded', text: read.text, parsed, stamp: { mtimeMs: read.mtimeMs, size: read.size }, viaWorker: false };
}

/**
 * Unpacks a worker's result in slices of a few thousand entries with a turn of the event loop
 * between them: unpacking 100k entries at once holds requests for a few hundred milliseconds.
 */
async function unpackGradually(p: PackedEntries, slice = 2000): Promise<BibEntry[]> {
  const out: BibEntry[] = [];
  const it = iteratePacked(p);
  for (;;) {
    for (let n = 0; n < slice; n++) {
      const r = it.next();
      if (r.done) return out;
      out.push(r.value);
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Parses a .bib text: in the worker when it is big (an open editor's copy of a big file), here otherwise. */
export async function parseBibText(text: string): Promise<BibParseResult> {
  const w = text.length >= WORKER_MIN_BYTES ? getWorker() : undefined;
  if (w) {
    try {
      const r = await runJob<ParseJobResult>(w, { op: 'parse', text });
      return { entries: unpackEntries(r.packed), strings: r.strings, problems: r.problems };
    } catch {
      // The worker died: parse here.
    }
  }
  return parseBib(text);
}

const timers = new Map<string, NodeJS.Timeout>();
/** Runs `fn` for `key` once no new call came for `ms` (typing in a big .bib re-indexes once per pause). */
export function debounce(key: string, ms: number, fn: () => void): void {
  clearTimeout(timers.get(key));
  timers.set(key, setTimeout(() => { timers.delete(key); fn(); }, ms));
}

/**
 * Where database index caches live: `ML_PAPERS_CACHE_DIR`, else the OS cache directory. Not the
 * workspace: a database is usually a user-level setting shared by many workspaces, its cache must
 * not land in anyone's repository, and the workspace may be read-only.
 */
export function databaseCacheDir(): string {
  if (process.env.ML_PAPERS_CACHE_DIR) return process.env.ML_PAPERS_CACHE_DIR;
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'ml-papers', 'Cache');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'ml-papers');
  return path.join(process.env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'ml-papers');
}

/**
 * Streams a JSON-lines paper database into entries (in the worker when it runs), using and
 * refreshing the on-disk cache. `progress` gets percentages while the file is read.
 */
export async function loadDatabase(file: string, known: FileStamp | undefined, progress?: (percent: number, message: string) => void): Promise<DatabaseLoad> {
  const stamp = await statOf(file);
  if (typeof stamp === 'string') return { kind: 'failed', message: stamp };
  if (same(known, stamp)) { stats.unchanged++; return { kind: 'unchanged' }; }
  const w = getWorker();
  if (!w) return { kind: 'failed', message: `Cannot index the database ${path.basename(file)}: the index worker (indexWorker.js) is missing.` };
  const t = performance.now();
  let r: DatabaseJobResult;
  try {
    r = await runJob<DatabaseJobResult>(w, { op: 'database', file, cacheDir: databaseCacheDir() }, progress);
  } catch (e) {
    return { kind: 'failed', message: `Cannot index the database ${path.basename(file)}: ${(e as Error).message.split('\n')[0]}` };
  }
  if (!r.ok) return { kind: 'failed', message: r.message };
  if (r.fromCache) stats.cacheHits++; else stats.fileReads++;
  const parsed: BibParseResult = { entries: await unpackGradually(r.packed), strings: {}, problems: r.problems as Problem[] };
  stats.last[file] = { ms: Math.round(performance.now() - t), entries: parsed.entries.length, viaWorker: true, fromCache: r.fromCache };
  return { kind: 'loaded', parsed, stamp: { mtimeMs: r.mtimeMs, size: r.size }, fromCache: r.fromCache, ms: r.ms };
}

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
import { promises as fsp, existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { parseBib } from './core/bibParser';
import { userCacheDir } from './cacheDir';
import type { BibParseResult, Problem } from './core/model';
import type { PreparedChunk, PreparedRange } from './core/preparedEntries';
import { readTextFile } from './workspace';
import type { JobBegin, JobRequest, JobResult, WorkerReply, WorkerRequest } from './indexWorkerProtocol';

/** Below this size a file is parsed on the server thread (a few milliseconds). */
export const WORKER_MIN_BYTES = 1 << 20;

/** What the index knew about a file when it last read it. */
export interface FileStamp {
  mtimeMs: number;
  size: number;
}

/**
 * Where the worker delivers a file: first its text and reader problems, then its prepared chunks.
 * A big file new to the index may `begin` twice: its scanned keys, then the parsed file, each a new
 * version that replaces the one before (bibKeyScan.ts).
 */
export interface IndexSink {
  begin(begin: JobBegin): void;
  chunk(chunk: PreparedChunk): void;
  /** Full search structures for a range of the last chunk (one sent with its keys alone). */
  range(range: PreparedRange): void;
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

/**
 * Two workers: the main one reads, parses and streams; a helper, started when a big file's ranges
 * are to be prepared, takes ranges from the same shared counter (the machine's second core). The
 * helper gets its own copy of the packed entries; every message of either carries the job id.
 */
let worker: Worker | undefined;
let helper: Worker | undefined;
let workerBroken = false;
let nextId = 1;
interface Waiting {
  resolve: (r: JobResult) => void;
  reject: (e: Error) => void;
  sink: IndexSink;
  dbFile: string;
  progress?: (percent: number, message: string) => void;
  /** Ranges announced by a keys-first chunk, and how many have arrived (from either worker). */
  rangesExpected?: number;
  rangesReceived: number;
  /** The main worker's result, held until the last range arrives. */
  result?: JobResult;
}
const waiting = new Map<number, Waiting>();

function workerPath(): string {
  return path.join(__dirname, 'indexWorker.js');
}

function startWorker(onExit: (e: Error) => void): Worker | undefined {
  let w: Worker;
  try {
    // A young generation sized for parse results: the reader's objects survive until packed, and
    // with the default semispaces scavenges copy them again and again (bench/DESIGN.md §1).
    w = new Worker(workerPath(), { resourceLimits: { maxYoungGenerationSizeMb: 96 } });
  } catch {
    return undefined;
  }
  w.unref();
  w.on('message', onMessage);
  w.on('error', onExit);
  w.on('exit', (code) => onExit(new Error(`index worker exited with code ${code}`)));
  return w;
}

/** The main worker, started on first use; undefined when it cannot run (then everything is read here). */
function getWorker(): Worker | undefined {
  if (worker || workerBroken) return worker;
  if (!existsSync(workerPath())) { workerBroken = true; return undefined; }
  worker = startWorker((e) => {
    worker = undefined;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  });
  if (!worker) workerBroken = true;
  return worker;
}

function getHelper(): Worker | undefined {
  if (helper || workerBroken || os.cpus().length < 2) return helper;
  helper = startWorker(() => {
    helper = undefined;
    // Ranges the helper had taken will not come: jobs finish with what arrived (those entries
    // stay searchable by key), instead of waiting forever.
    for (const [id, w] of waiting) { w.rangesExpected = undefined; if (w.result) finish(id, w); }
  });
  return helper;
}

export function workersRunning(): number {
  return Number(!!worker) + Number(!!helper);
}

function finish(id: number, w: Waiting): void {
  waiting.delete(id);
  w.resolve(w.result!);
  if (!waiting.size) scheduleIdleStop();
}

function onMessage(m: WorkerReply): void {
  const w = waiting.get(m.id);
  if (!w) return;
  if ('progress' in m) { w.progress?.(m.progress, m.message); return; }
  if ('rangesLost' in m) { w.rangesExpected = undefined; if (w.result) finish(m.id, w); return; }
  // A sink that throws must not leave the job waiting forever: the job fails instead.
  try {
    if ('begin' in m) w.sink.begin(m.begin);
    if ('chunk' in m && m.chunk) {
      if (m.share) {
        w.rangesExpected = m.share.ranges;
        // The helper needs the entries too: the packed arrays are shared memory (withSharedPacked),
        // so this hands them over without a copy.
        getHelper()?.postMessage({ op: 'ranges', id: m.id, packed: m.chunk.packed, share: m.share, dbFile: w.dbFile } satisfies WorkerRequest);
      }
      w.sink.chunk(m.chunk);
    }
    if ('begin' in m || 'chunk' in m) return;
    if ('range' in m) {
      w.rangesReceived++;
      w.sink.range(m.range);
      if (w.result && w.rangesReceived >= (w.rangesExpected ?? 0)) finish(m.id, w);
      return;
    }
  } catch (e) {
    waiting.delete(m.id);
    w.reject(e as Error);
    return;
  }
  if ('error' in m) { waiting.delete(m.id); w.reject(new Error(m.error)); if (!waiting.size) scheduleIdleStop(); return; }
  w.result = m.result;
  if (w.rangesExpected === undefined || w.rangesReceived >= w.rangesExpected || !m.result.ok) finish(m.id, w);
}

/**
 * Workers that parsed a big file hold hundreds of megabytes of garbage and a large young
 * generation; stopping them when idle gives that memory back, and starting one again is cheap
 * next to the parse it is started for (bench/DESIGN.md §1).
 */
const IDLE_STOP_MS = 1000;
let idleTimer: NodeJS.Timeout | undefined;
function scheduleIdleStop(): void {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    if (waiting.size) return;
    for (const w of [worker, helper]) {
      if (!w) continue;
      w.removeAllListeners('exit');
      w.removeAllListeners('error');
      void w.terminate();
    }
    worker = undefined;
    helper = undefined;
  }, IDLE_STOP_MS);
  idleTimer.unref();
}

function runJob(w: Worker, req: JobRequest, sink: IndexSink, progress?: (percent: number, message: string) => void): Promise<JobResult> {
  const id = nextId++;
  stats.workerJobs++;
  clearTimeout(idleTimer);
  return new Promise<JobResult>((resolve, reject) => {
    waiting.set(id, { resolve, reject, sink, progress, dbFile: req.dbFile, rangesReceived: 0 });
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
      const r = await runJob(w, { op: 'bib', file, maxBytes, dbFile, quickKeys }, { begin: (b) => { begun = true; sink.begin(b); }, chunk: (c) => sink.chunk(c), range: (r) => sink.range(r) });
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
    await runJob(w, { op: 'parse', text, dbFile }, { begin: (b) => { begun = true; sink.begin(b); }, chunk: (c) => sink.chunk(c), range: (r) => sink.range(r) });
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
    r = await runJob(w, { op: 'database', file, cacheDir: userCacheDir(), dbFile }, sink, progress);
  } catch (e) {
    return { kind: 'failed', message: `Cannot index the database ${path.basename(file)}: ${(e as Error).message.split('\n')[0]}` };
  }
  if (!r.ok) return { kind: 'failed', message: r.message };
  if (r.fromCache) stats.cacheHits++; else stats.fileReads++;
  stats.last[file] = { ms: Math.round(performance.now() - t), entries: r.entries, viaWorker: true, fromCache: r.fromCache };
  return { kind: 'indexed', entries: r.entries, problems: r.problems, stamp: { mtimeMs: r.mtimeMs, size: r.size }, fromCache: r.fromCache, ms: r.ms };
}

/**
 * The index workers on the server's side: started on first use, stopped when idle, and the
 * bookkeeping that routes each worker message to the job (and its IndexSink) it belongs to.
 * What the workers do is in indexWorker.ts; the messages are in indexWorkerProtocol.ts.
 */
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PreparedChunk, PreparedRange } from './core/preparedEntries';
import type { JobBegin, JobRequest, JobResult, WorkerReply, WorkerRequest } from './indexWorkerProtocol';

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
export function getWorker(): Worker | undefined {
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

/** Sends a job to worker `w`; its replies go to `sink` (and `progress`) until its result settles the promise. */
export function runJob(w: Worker, req: JobRequest, sink: IndexSink, progress?: (percent: number, message: string) => void): Promise<JobResult> {
  const id = nextId++;
  clearTimeout(idleTimer);
  return new Promise<JobResult>((resolve, reject) => {
    waiting.set(id, { resolve, reject, sink, progress, dbFile: req.dbFile, rangesReceived: 0 });
    w.postMessage({ ...req, id });
  });
}


/**
 * The index worker (dist/indexWorker.js): reads, parses and *prepares* big bibliography files and
 * paper databases off the server's request path. Preparing (core/preparedEntries.ts) is the costly
 * part of indexing: converting entries, matching them to the bundled papers and building their
 * search structures. The server thread receives finished chunks and only wraps them. The messages
 * are in indexWorkerProtocol.ts, the database cache's format in indexCache.ts.
 */
import { parentPort } from 'node:worker_threads';
import { createReadStream, promises as fsp, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import * as os from 'node:os';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { decodeBibBytes, parseBib } from './core/bibParser';
import { lineStarts } from './core/lineIndex';
import { recordToEntry } from './core/arxivRecords';
import type { BibEntry, Problem } from './core/model';
import type { PaperDb } from './core/paperDb';
import { loadPaperDbFile } from './paperDbFile';
import { unpackEntries } from './core/packedEntries';
import { scanKeys } from './core/bibKeyScan';
import { CacheWriter, cacheFile, replayCache } from './indexCache';
import type { JobBegin, JobResult, RangeShare, WorkerReply, WorkerRequest } from './indexWorkerProtocol';
import { CHUNK_ENTRIES, chunkTransferables, prepareChunk, prepareKeys, prepareRange, prepareScannedKeys, rangeTransferables, withSharedPacked, type PreparedChunk } from './core/preparedEntries';

/**
 * Records per chunk of a database: every chunk is a search segment a query visits, so small chunks
 * make every completion over a big database slower, but a bigger chunk makes the worker's peak
 * memory bigger; this is between the two (bench/DESIGN.md §4). Within 16-bit ids.
 */
const DATABASE_CHUNK_ENTRIES = 25_000;
/** At most this many problems travel back; a broken database would otherwise send one per line. */
const MAX_PROBLEMS = 200;

let loadedDb: { file: string; db: PaperDb; stamp: string } | undefined;

/** The bundled database, as the server loaded it (chunks name its papers by position). */
function paperDb(file: string): { db: PaperDb; stamp: string } {
  if (loadedDb?.file === file) return loadedDb;
  // A file that cannot be read gives no papers: entries simply match none.
  const db = loadPaperDbFile(file).db;
  // Cached chunks hold paper positions: they are valid only for the same papers in the same order.
  const stamp = createHash('sha1').update(Array.from({ length: db.size }, (_, i) => db.idAt(i)).join('\n')).digest('hex').slice(0, 16);
  loadedDb = { file, db, stamp };
  return loadedDb;
}

function post(reply: WorkerReply): void {
  if (!parentPort) return;
  // A chunk's typed arrays move without a copy; strings (text, pool, vocabularies) are copied once.
  const transfer = 'range' in reply ? rangeTransferables(reply.range) : [];
  if ('chunk' in reply && reply.chunk) transfer.push(...chunkTransferables(reply.chunk));
  if ('begin' in reply && reply.begin.lineStarts) transfer.push(reply.begin.lineStarts.buffer as ArrayBuffer);
  parentPort.postMessage(reply, transfer);
}

/** Prepares and posts `entries` in complete chunks; `record` sees each chunk before its buffers move. */
function postChunks(id: number, entries: readonly BibEntry[], db: PaperDb, record?: (c: PreparedChunk) => void, size = CHUNK_ENTRIES): void {
  for (let i = 0; i < entries.length; i += size) {
    const chunk = prepareChunk(entries.slice(i, i + size), db);
    record?.(chunk);
    post({ id, chunk });
  }
}

/**
 * Posts a parsed file: `begin` with its entries packed and searchable by key, then the full
 * search structures range by range: keys are what people type most, and they work a moment after
 * the parse instead of after the whole file is prepared. (A small file goes as one complete chunk.)
 */
function postFile(id: number, begin: JobBegin, entries: readonly BibEntry[], db: PaperDb): void {
  if (entries.length === 0) { post({ id, begin }); return; }
  if (entries.length <= CHUNK_ENTRIES) { post({ id, begin, chunk: prepareChunk(entries, db) }); return; }
  const share: RangeShare = { ranges: Math.ceil(entries.length / CHUNK_ENTRIES), counter: new SharedArrayBuffer(4) };
  post({ id, begin, chunk: withSharedPacked(prepareKeys(entries, db)), share });
  postRanges(id, entries, share, db);
}

/**
 * Texts from this size on (about 8k entries) get their keys scanned before the parse (see
 * core/bibKeyScan.ts): below it the parse is soon done anyway; above it the scan gives keys well
 * before the parse and packing do (bench/DESIGN.md §3).
 */
const QUICK_KEYS_MIN_CHARS = 4_000_000;

/** Prepares and posts ranges until the shared counter runs out (the helper worker does the same). */
function postRanges(id: number, entries: readonly BibEntry[], share: RangeShare, db: PaperDb): void {
  const counter = new Int32Array(share.counter);
  for (let r = Atomics.add(counter, 0, 1); r < share.ranges; r = Atomics.add(counter, 0, 1)) {
    const from = r * CHUNK_ENTRIES;
    post({ id, range: prepareRange(entries, from, Math.min(entries.length, from + CHUNK_ENTRIES), db) });
  }
}

async function readBib(id: number, file: string, maxBytes: number, dbFile: string, quickKeys: boolean): Promise<JobResult> {
  const t = performance.now();
  let bytes: Buffer;
  let stat;
  try {
    stat = await fsp.stat(file);
    if (stat.size > maxBytes) {
      return { ok: false, message: `${path.basename(file)} is ${(stat.size / 1048576).toFixed(1)} MB, over the ${(maxBytes / 1048576).toFixed(0)} MB limit (setting mlPapers.maxBibFileSizeMB); it was skipped.` };
    }
    // Synchronous: this thread has nothing else to do meanwhile, and one read call is faster than
    // the many small reads of the promise API on a big file (bench/DESIGN.md §1).
    bytes = readFileSync(file);
  } catch (e) {
    return { ok: false, message: `Cannot read ${file}: ${(e as Error).message}` };
  }
  const decoded = decodeBibBytes(bytes);
  if (decoded.binary) return { ok: false, message: `${path.basename(file)} looks like a binary file, not text; it was skipped.` };
  const { db } = paperDb(dbFile);
  const text = decoded.text;
  const starts = lineStarts(text);
  if (quickKeys && text.length >= QUICK_KEYS_MIN_CHARS) {
    // The file's keys alone, a first version the reader's entries replace as soon as they are packed.
    post({ id, begin: { problems: [], length: text.length, lineStarts: starts.slice() }, chunk: prepareScannedKeys(scanKeys(text), db) });
  }
  const parsed = parseBib(text);
  postFile(id, { problems: parsed.problems, length: text.length, lineStarts: starts }, parsed.entries, db);
  return { ok: true, entries: parsed.entries.length, problems: [], mtimeMs: stat.mtimeMs, size: stat.size, fromCache: false, ms: performance.now() - t };
}

function parseText(id: number, text: string, dbFile: string): JobResult {
  const t = performance.now();
  const { db } = paperDb(dbFile);
  const parsed = parseBib(text);
  postFile(id, { problems: parsed.problems }, parsed.entries, db);
  return { ok: true, entries: parsed.entries.length, problems: [], mtimeMs: 0, size: text.length, fromCache: false, ms: performance.now() - t };
}

async function readDatabase(id: number, file: string, cacheDir: string | undefined, dbFile: string): Promise<JobResult> {
  const t = performance.now();
  let stat;
  try { stat = await fsp.stat(file); } catch (e) { return { ok: false, message: `Cannot read ${file}: ${(e as Error).message}` }; }
  const { db, stamp: dbStamp } = paperDb(dbFile);
  const cache = cacheDir ? cacheFile(cacheDir, file) : undefined;
  const found = { mtimeMs: stat.mtimeMs, size: stat.size };
  if (cache) {
    const hit = replayCache(cache, stat.mtimeMs, stat.size, dbStamp, () => post({ id, begin: { problems: [] } }), (chunk) => post({ id, chunk }));
    if (hit) return { ok: true, ...hit, ...found, fromCache: true, ms: performance.now() - t };
  }
  const writer = cacheDir && cache ? new CacheWriter(cacheDir, file, cache) : undefined;
  await writer?.open({ ...found, dbStamp });
  post({ id, begin: { problems: [] } });
  const read = await streamRecords(id, file, stat.size, db, (c) => writer?.record(c));
  if ('message' in read) {
    await writer?.abort();
    return { ok: false, message: read.message };
  }
  await writer?.finish(read.entries, read.problems);
  return { ok: true, ...read, ...found, fromCache: false, ms: performance.now() - t };
}

/**
 * Reads a JSON-lines database line by line (the file is never one string: snapshots run to gigabytes)
 * and posts its chunks. A file ending in `.gz` (the bundled catalog) is gunzipped as it streams.
 */
async function streamRecords(id: number, file: string, size: number, db: PaperDb, record: (c: PreparedChunk) => void): Promise<{ entries: number; problems: Problem[] } | { message: string }> {
  let batch: BibEntry[] = [];
  let count = 0;
  const problems: Problem[] = [];
  const used = new Set<string>();
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  let input: NodeJS.ReadableStream = stream;
  if (file.endsWith('.gz')) {
    const gunzip = createGunzip();
    // pipe() does not pass a read error on; a damaged gzip fails the reading loop below.
    stream.on('error', (e) => gunzip.destroy(e));
    input = stream.pipe(gunzip);
  }
  input.setEncoding('utf8');
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const line of lines) {
      const r = recordToEntry(line, lineNo++, used);
      if (r && 'entry' in r) batch.push(r.entry);
      else if (r && problems.length < MAX_PROBLEMS) problems.push(r.problem);
      if (batch.length >= DATABASE_CHUNK_ENTRIES) {
        postChunks(id, batch, db, record, DATABASE_CHUNK_ENTRIES);
        count += batch.length;
        batch = [];
        post({ id, progress: Math.min(99, Math.round((100 * stream.bytesRead) / Math.max(1, size))), message: `${count} papers` });
      }
    }
  } catch (e) {
    return { message: `Cannot read ${file}: ${(e as Error).message}` };
  }
  if (batch.length) postChunks(id, batch, db, record, DATABASE_CHUNK_ENTRIES);
  return { entries: count + batch.length, problems };
}

// Below the request thread: on a two-core machine the two workers and the editor's requests compete
// for the cores, and a request should not wait for a worker's time slice. On Linux a thread's nice
// value is its own, so this lowers this worker thread only (elsewhere it would lower the whole
// server, so it is left alone).
if (parentPort && process.platform === 'linux') {
  try { os.setPriority(0, 10); } catch { /* not permitted: run at the normal priority */ }
}

parentPort?.on('message', (req: WorkerRequest) => {
  if (req.op === 'ranges') {
    // The helper: its ranges go straight to the server thread; the main worker sends the result.
    try { postRanges(req.id, unpackEntries(req.packed), req.share, paperDb(req.dbFile).db); } catch { post({ id: req.id, rangesLost: true }); }
    return;
  }
  const job = req.op === 'bib' ? readBib(req.id, req.file, req.maxBytes, req.dbFile, !!req.quickKeys)
    : req.op === 'parse' ? Promise.resolve(parseText(req.id, req.text, req.dbFile))
    : readDatabase(req.id, req.file, req.cacheDir, req.dbFile);
  job.then((result) => post({ id: req.id, result }), (e: unknown) => post({ id: req.id, error: e instanceof Error ? e.stack ?? e.message : String(e) }));
});

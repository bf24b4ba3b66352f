/**
 * The index worker (dist/indexWorker.js): reads, parses and *prepares* big bibliography files and
 * paper databases off the server's request path. Preparing (core/preparedEntries.ts) is the costly
 * part of indexing: converting entries, matching them to the bundled papers and building their
 * search structures. The server thread receives finished chunks and only wraps them.
 *
 * Requests: `{ id, op: 'bib', file, maxBytes, dbFile }`, `{ id, op: 'parse', text, dbFile }` and
 * `{ id, op: 'database', file, cacheDir?, dbFile }`.
 * Replies, in order: `{ id, begin }` (the text and reader problems), `{ id, chunk }` per prepared
 * chunk (its buffers transferred), `{ id, progress, message }` while a database streams, then
 * `{ id, result }` or `{ id, error }`.
 */
import { parentPort } from 'node:worker_threads';
import { closeSync, createReadStream, fstatSync, openSync, promises as fsp, readFileSync, readSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { decodeBibBytes, parseBib } from './core/bibParser';
import { lineStarts } from './core/lineIndex';
import { recordToEntry } from './core/arxivRecords';
import type { BibEntry, Problem } from './core/model';
import { loadPaperDb, type PaperDb } from './core/paperDb';
import { unpackEntries, type PackedEntries } from './core/packedEntries';
import { scanKeys } from './core/bibKeyScan';
import { oneByte } from './core/search';
import { CHUNK_ENTRIES, chunkTransferables, prepareChunk, prepareKeys, prepareRange, prepareScannedKeys, rangeTransferables, withSharedPacked, type PreparedChunk, type PreparedRange } from './core/preparedEntries';

export type JobRequest =
  /** `quickKeys`: the file is new to the index, so a big one's scanned keys may stand in until it is parsed. */
  | { op: 'bib'; file: string; maxBytes: number; dbFile: string; quickKeys?: boolean }
  | { op: 'parse'; text: string; dbFile: string }
  | { op: 'database'; file: string; cacheDir?: string; dbFile: string }
  /** For the helper worker: prepare ranges of these entries, taking them from the shared counter. */
  | { op: 'ranges'; packed: PackedEntries; share: RangeShare; dbFile: string };

/** How the ranges of a keys-first file are shared: ranges are taken with Atomics.add on `counter`. */
export interface RangeShare {
  ranges: number;
  counter: SharedArrayBuffer;
}

export type WorkerRequest = JobRequest & { id: number };

/**
 * Sent before the chunks of a file: its reader problems and, for a file read from disk, its length
 * and line starts (the text itself stays here: positions need only the line starts, and the text of
 * a big bib costs up to twice its size on the request thread).
 */
export interface JobBegin {
  problems: Problem[];
  length?: number;
  lineStarts?: Int32Array;
}

export type JobResult =
  | { ok: false; message: string }
  | { ok: true; entries: number; problems: Problem[]; mtimeMs: number; size: number; fromCache: boolean; ms: number };

export type WorkerReply =
  | { id: number; progress: number; message: string }
  /**
   * A new version of the file, with its first chunk when it has entries: one message, so that a
   * version replacing another (the scanned keys, see readBib) never leaves the file empty between two.
   */
  | { id: number; begin: JobBegin; chunk?: PreparedChunk; share?: RangeShare }
  | { id: number; chunk: PreparedChunk; share?: RangeShare }
  | { id: number; range: PreparedRange }
  /** The helper failed: ranges it had taken will not come. */
  | { id: number; rangesLost: true }
  | { id: number; result: JobResult }
  | { id: number; error: string };

/** Bumped whenever the cache layout, the record conversion or the search structures change. */
const CACHE_VERSION = 4;
/**
 * Records per chunk of a database: every chunk is a search segment a query visits (a 1M-record
 * database in 10k chunks gave completion p50 15 ms, in 50k chunks 4 ms), but a bigger chunk makes
 * the worker's peak memory bigger (100k records: 270 MB at 10k, 540 MB at 50k). Within 16-bit ids.
 */
const DATABASE_CHUNK_ENTRIES = 25_000;
/** At most this many problems travel back; a broken database would otherwise send one per line. */
const MAX_PROBLEMS = 200;

let loadedDb: { file: string; db: PaperDb; stamp: string } | undefined;

/** The bundled database, as the server loaded it (chunks name its papers by position). */
function paperDb(file: string): { db: PaperDb; stamp: string } {
  if (loadedDb?.file === file) return loadedDb;
  let json: unknown = [];
  try { json = JSON.parse(readFileSync(file, 'utf8')); } catch { /* no papers: entries simply match none */ }
  const db = loadPaperDb(json).db;
  // Cached chunks hold paper positions: they are valid only for the same papers in the same order.
  const stamp = createHash('sha1').update(db.papers.map((p) => p.id).join('\n')).digest('hex').slice(0, 16);
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
 * core/bibKeyScan.ts): the scan takes ~0.1 s at 100k entries, the parse and packing 1.5–2 s.
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
    // the 512 KB reads of the promise API (48 MB: ~15 ms less).
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

/* ------------------------------ database cache ------------------------------ */

/*
 * Cache file: records of [u32 head length][JSON head, padded to 8 bytes][body]. The first record
 * names the database file's size and mtime and the bundled database's stamp; then one record per
 * prepared chunk (its arrays, then the pool and the texts of the three string lists as UTF-16LE,
 * so their offsets stay valid and loading is a copy, not a decode); the last record says the file is complete, with the entry count and problems. A cache
 * without that last record (a crash mid-write) is ignored.
 */

type ArrayName = 'ints' | 'paperIds' | 'keyTable' | 'postStart' | 'post' | 'postField' | 'fwdStart' | 'fwdTok' | 'fwdField' | 'exactStart' | 'exactIds' | 'keyIds' | 'ties' | 'vocabStarts' | 'keysStarts' | 'exactStrsStarts';
const REQUIRED_ARRAYS: readonly ArrayName[] = ['ints', 'paperIds', 'keyTable', 'postStart', 'post', 'postField', 'fwdStart', 'fwdTok', 'fwdField',
  'exactStart', 'exactIds', 'keyIds', 'ties', 'vocabStarts', 'keysStarts', 'exactStrsStarts'];
const ARRAY_TYPES = { Int32Array, Uint8Array, Uint16Array, Float64Array };
type ArrayType = keyof typeof ARRAY_TYPES;

function chunkArrays(c: PreparedChunk): Array<[ArrayName, Int32Array | Uint8Array | Uint16Array | Float64Array]> {
  const s = c.segment;
  return [['ints', c.packed.ints], ['paperIds', c.paperIds], ['keyTable', c.keyTable], ['postStart', s.postStart], ['post', s.post], ['postField', s.postField],
    ['fwdStart', s.fwdStart], ['fwdTok', s.fwdTok], ['fwdField', s.fwdField], ['exactStart', s.exactStart], ['exactIds', s.exactIds], ['keyIds', s.keyIds], ['ties', s.ties],
    ['vocabStarts', s.vocab.starts], ['keysStarts', s.keys.starts], ['exactStrsStarts', s.exactStrs.starts]];
}

const pad8 = (n: number) => (8 - (n % 8)) % 8;

function writeRecord(fd: number, head: object, body: Buffer[]): void {
  let h = Buffer.from(JSON.stringify(head), 'utf8');
  const p = pad8(4 + h.length);
  if (p) h = Buffer.concat([h, Buffer.alloc(p, 32)]);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(h.length, 0);
  for (const b of [len, h, ...body]) writeSync(fd, b);
}

function writeChunkRecord(fd: number, c: PreparedChunk): void {
  const arrays = chunkArrays(c);
  const body: Buffer[] = [];
  const sizes: Array<[ArrayName, ArrayType, number]> = [];
  for (const [name, a] of arrays) {
    const b = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    body.push(b, Buffer.alloc(pad8(b.length)));
    sizes.push([name, a.constructor.name as ArrayType, a.length]);
  }
  const pool = Buffer.from(c.packed.pool.buffer, c.packed.pool.byteOffset, c.packed.pool.byteLength);
  const strs = [c.segment.vocab, c.segment.keys, c.segment.exactStrs].map((l) => Buffer.from(l.text, 'utf16le'));
  body.push(pool, ...strs);
  writeRecord(fd, {
    kind: 'chunk', count: c.packed.count, names: c.packed.names, dbSize: c.dbSize, bundled: c.segment.bundled, arrays: sizes,
    pool: pool.length, strings: strs.map((b) => b.length),
  }, body);
}

/** Reads the next record at `pos`: its head and body, or undefined at the end or on damage. */
function readRecord(fd: number, pos: number, fileSize: number): { head: Record<string, unknown>; body: Buffer; next: number } | undefined {
  if (pos + 4 > fileSize) return undefined;
  const len = Buffer.alloc(4);
  readSync(fd, len, 0, 4, pos);
  const headLen = len.readUInt32LE(0);
  if (pos + 4 + headLen > fileSize) return undefined;
  const h = Buffer.alloc(headLen);
  readSync(fd, h, 0, headLen, pos + 4);
  const head = JSON.parse(h.toString('utf8')) as Record<string, unknown>;
  let bodyLen = 0;
  if (head.kind === 'chunk') {
    for (const [, type, n] of head.arrays as Array<[ArrayName, ArrayType, number]>) { const b = n * ARRAY_TYPES[type].BYTES_PER_ELEMENT; bodyLen += b + pad8(b); }
    bodyLen += head.pool as number;
    for (const b of head.strings as number[]) bodyLen += b;
  }
  const at = pos + 4 + headLen;
  if (at + bodyLen > fileSize) return undefined;
  const body = Buffer.alloc(bodyLen);
  if (bodyLen) readSync(fd, body, 0, bodyLen, at);
  return { head, body, next: at + bodyLen };
}

function chunkFromRecord(head: Record<string, unknown>, body: Buffer): PreparedChunk {
  const a: Partial<Record<ArrayName, Int32Array | Uint8Array | Uint16Array | Float64Array>> = {};
  let at = 0;
  for (const [name, type, n] of head.arrays as Array<[ArrayName, ArrayType, number]>) {
    const arr = new ARRAY_TYPES[type](n);
    new Uint8Array(arr.buffer).set(body.subarray(at, at + arr.byteLength));
    a[name] = arr;
    at += arr.byteLength + pad8(arr.byteLength);
  }
  const pool = new Uint8Array(head.pool as number);
  pool.set(body.subarray(at, at + (head.pool as number)));
  at += head.pool as number;
  const texts = (head.strings as number[]).map((bytes) => {
    // Stored as UTF-16 so offsets stay valid; held one byte per character when ASCII (half the heap).
    const s = oneByte(body.toString('utf16le', at, at + bytes));
    at += bytes;
    return s;
  });
  // A cache from another layout (a development build) must be a miss, not a broken index.
  for (const name of REQUIRED_ARRAYS) if (!a[name]) throw new Error(`cache chunk without ${name}`);
  const i32 = (k: ArrayName) => a[k] as Int32Array;
  return {
    packed: { count: head.count as number, ints: i32('ints'), pool, names: head.names as string[] },
    paperIds: i32('paperIds'), keyTable: i32('keyTable'), dbSize: head.dbSize as number, complete: true,
    segment: {
      count: head.count as number, bundled: head.bundled as boolean, vocab: { text: texts[0], starts: i32('vocabStarts') }, keys: { text: texts[1], starts: i32('keysStarts') },
      exactStrs: { text: texts[2], starts: i32('exactStrsStarts') },
      postStart: i32('postStart'), post: a.post as Int32Array | Uint16Array, postField: a.postField as Uint8Array, fwdStart: i32('fwdStart'), fwdTok: a.fwdTok as Int32Array | Uint16Array,
      fwdField: a.fwdField as Uint8Array, exactStart: i32('exactStart'), exactIds: a.exactIds as Int32Array | Uint16Array, keyIds: a.keyIds as Int32Array | Uint16Array, ties: a.ties as Uint16Array,
    },
  };
}

function cacheFile(cacheDir: string, file: string, version = CACHE_VERSION): string {
  return path.join(cacheDir, `${createHash('sha1').update(path.resolve(file)).digest('hex').slice(0, 20)}.v${version}.idx`);
}

/** Removes the caches earlier versions wrote for `file` (a 1M-record cache is hundreds of MB that nothing reads any more). */
async function removeOlderCaches(cacheDir: string, file: string): Promise<void> {
  for (let v = 1; v < CACHE_VERSION; v++) await fsp.rm(cacheFile(cacheDir, file, v), { force: true }).catch(() => undefined);
}

/**
 * Posts the chunks of a complete, matching cache; false (nothing posted) when there is none.
 * Completeness and the stamps are checked before the first chunk is posted.
 */
function replayCache(id: number, cache: string, mtimeMs: number, size: number, dbStamp: string): { entries: number; problems: Problem[] } | undefined {
  let fd: number;
  try { fd = openSync(cache, 'r'); } catch { return undefined; }
  try {
    const fileSize = fstatSync(fd).size;
    const first = readRecord(fd, 0, fileSize);
    const h = first?.head;
    if (!first || !h || h.kind !== 'file' || h.mtimeMs !== mtimeMs || h.size !== size || h.dbStamp !== dbStamp) return undefined;
    // Find the end record first: a cache cut short by a crash must not index half a database.
    const chunks: number[] = [];
    let pos = first.next;
    let end: Record<string, unknown> | undefined;
    for (;;) {
      const r = readRecord(fd, pos, fileSize);
      if (!r) break;
      if (r.head.kind === 'end') { end = r.head; break; }
      chunks.push(pos);
      pos = r.next;
    }
    if (!end) return undefined;
    post({ id, begin: { problems: [] } });
    for (const at of chunks) {
      const r = readRecord(fd, at, fileSize)!;
      post({ id, chunk: chunkFromRecord(r.head, r.body) });
    }
    return { entries: end.entries as number, problems: end.problems as Problem[] };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

async function readDatabase(id: number, file: string, cacheDir: string | undefined, dbFile: string): Promise<JobResult> {
  const t = performance.now();
  let stat;
  try { stat = await fsp.stat(file); } catch (e) { return { ok: false, message: `Cannot read ${file}: ${(e as Error).message}` }; }
  const { db, stamp: dbStamp } = paperDb(dbFile);
  const cache = cacheDir ? cacheFile(cacheDir, file) : undefined;
  if (cache) {
    const hit = replayCache(id, cache, stat.mtimeMs, stat.size, dbStamp);
    if (hit) return { ok: true, ...hit, mtimeMs: stat.mtimeMs, size: stat.size, fromCache: true, ms: performance.now() - t };
  }
  // Write then rename, so a crash or a second server never leaves a half-written cache behind.
  let tmp: string | undefined;
  let fd: number | undefined;
  if (cache) {
    try {
      await fsp.mkdir(path.dirname(cache), { recursive: true });
      tmp = `${cache}.${process.pid}.${Date.now()}.tmp`;
      fd = openSync(tmp, 'w');
      writeRecord(fd, { kind: 'file', mtimeMs: stat.mtimeMs, size: stat.size, dbStamp }, []);
    } catch {
      fd = undefined;
    }
  }
  const record = (c: PreparedChunk) => {
    if (fd === undefined) return;
    try { writeChunkRecord(fd, c); } catch { closeSync(fd); fd = undefined; }
  };
  // Line by line: the file is never one string (snapshots run to gigabytes).
  post({ id, begin: { problems: [] } });
  let batch: BibEntry[] = [];
  let count = 0;
  const problems: Problem[] = [];
  const used = new Set<string>();
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
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
        post({ id, progress: Math.min(99, Math.round((100 * stream.bytesRead) / Math.max(1, stat.size))), message: `${count} papers` });
      }
    }
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    if (tmp) await fsp.rm(tmp, { force: true });
    return { ok: false, message: `Cannot read ${file}: ${(e as Error).message}` };
  }
  if (batch.length) postChunks(id, batch, db, record, DATABASE_CHUNK_ENTRIES);
  count += batch.length;
  if (fd !== undefined && cache && tmp) {
    try {
      writeRecord(fd, { kind: 'end', entries: count, problems }, []);
      closeSync(fd);
      await fsp.rename(tmp, cache);
      await removeOlderCaches(cacheDir!, file);
    } catch {
      await fsp.rm(tmp, { force: true }).catch(() => undefined);
    }
  } else if (tmp) {
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
  }
  return { ok: true, entries: count, problems, mtimeMs: stat.mtimeMs, size: stat.size, fromCache: false, ms: performance.now() - t };
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

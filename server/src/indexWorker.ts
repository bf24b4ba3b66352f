/**
 * The index worker (dist/indexWorker.js): reads and parses big bibliography files and paper
 * databases off the server's request path. The server thread only receives packed results
 * (see core/packedEntries.ts) and puts them into the index.
 *
 * Requests: `{ id, op: 'bib', file, maxBytes }` and `{ id, op: 'database', file, cacheDir? }`.
 * Replies: `{ id, progress, message }` while working, then `{ id, result }` or `{ id, error }`.
 */
import { parentPort } from 'node:worker_threads';
import { createReadStream, promises as fsp } from 'node:fs';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { decodeBibBytes, parseBib } from './core/bibParser';
import { packEntries, type PackedEntries } from './core/packedEntries';
import { recordToEntry } from './core/arxivRecords';
import type { BibEntry, Problem } from './core/model';

export type JobRequest =
  | { op: 'bib'; file: string; maxBytes: number }
  | { op: 'parse'; text: string }
  | { op: 'database'; file: string; cacheDir?: string };

/** A text parsed for the server (an open editor's big .bib). */
export type ParseJobResult = { ok: true; packed: PackedEntries; strings: Record<string, string>; problems: Problem[] };

export type WorkerRequest = JobRequest & { id: number };

export type BibJobResult =
  | { ok: false; message: string }
  | { ok: true; text: string; packed: PackedEntries; strings: Record<string, string>; problems: Problem[]; mtimeMs: number; size: number; parseMs: number };

export type DatabaseJobResult =
  | { ok: false; message: string }
  | { ok: true; packed: PackedEntries; problems: Problem[]; mtimeMs: number; size: number; fromCache: boolean; ms: number };

export type WorkerReply =
  | { id: number; progress: number; message: string }
  | { id: number; result: BibJobResult | DatabaseJobResult | ParseJobResult }
  | { id: number; error: string };

/** Bumped whenever the cache layout or the record conversion changes. */
const CACHE_VERSION = 1;
/** At most this many problems travel back; a broken database would otherwise send one per line. */
const MAX_PROBLEMS = 200;

async function readBib(file: string, maxBytes: number): Promise<BibJobResult> {
  let bytes: Buffer;
  let stat;
  try {
    stat = await fsp.stat(file);
    if (stat.size > maxBytes) {
      return { ok: false, message: `${path.basename(file)} is ${(stat.size / 1048576).toFixed(1)} MB, over the ${(maxBytes / 1048576).toFixed(0)} MB limit (setting mlPapers.maxBibFileSizeMB); it was skipped.` };
    }
    bytes = await fsp.readFile(file);
  } catch (e) {
    return { ok: false, message: `Cannot read ${file}: ${(e as Error).message}` };
  }
  const decoded = decodeBibBytes(bytes);
  if (decoded.binary) return { ok: false, message: `${path.basename(file)} looks like a binary file, not text; it was skipped.` };
  const t = performance.now();
  const parsed = parseBib(decoded.text);
  const parseMs = performance.now() - t;
  return { ok: true, text: decoded.text, packed: packEntries(parsed.entries), strings: parsed.strings, problems: parsed.problems, mtimeMs: stat.mtimeMs, size: stat.size, parseMs };
}

function parseText(text: string): ParseJobResult {
  const parsed = parseBib(text);
  return { ok: true, packed: packEntries(parsed.entries), strings: parsed.strings, problems: parsed.problems };
}

function cacheFile(cacheDir: string, file: string): string {
  return path.join(cacheDir, `${createHash('sha1').update(path.resolve(file)).digest('hex').slice(0, 20)}.v${CACHE_VERSION}.idx`);
}

/**
 * Cache layout: 4-byte header length, JSON header (padded to 4 bytes), the Int32Array, then the pool
 * as UTF-16LE (decoding UTF-16LE is a copy; UTF-8 would cost a decode pass on every start).
 */
async function readCache(cache: string, mtimeMs: number, size: number): Promise<{ packed: PackedEntries; problems: Problem[] } | undefined> {
  let buf: Buffer;
  try { buf = await fsp.readFile(cache); } catch { return undefined; }
  try {
    const headLen = buf.readUInt32LE(0);
    const head = JSON.parse(buf.toString('utf8', 4, 4 + headLen)) as { mtimeMs: number; size: number; count: number; names: string[]; ints: number; problems: Problem[] };
    if (head.mtimeMs !== mtimeMs || head.size !== size) return undefined;
    const intsAt = 4 + headLen;
    const ints = new Int32Array(head.ints);
    new Uint8Array(ints.buffer).set(buf.subarray(intsAt, intsAt + head.ints * 4));
    const pool = buf.toString('utf16le', intsAt + head.ints * 4);
    return { packed: { count: head.count, ints, pool, names: head.names }, problems: head.problems };
  } catch {
    return undefined;
  }
}

async function writeCache(cache: string, packed: PackedEntries, problems: Problem[], mtimeMs: number, size: number): Promise<void> {
  let head = Buffer.from(JSON.stringify({ mtimeMs, size, count: packed.count, names: packed.names, ints: packed.ints.length, problems }), 'utf8');
  const pad = (4 - ((4 + head.length) % 4)) % 4;
  if (pad) head = Buffer.concat([head, Buffer.alloc(pad, 32)]);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length, 0);
  const body = Buffer.concat([len, head, Buffer.from(packed.ints.buffer, packed.ints.byteOffset, packed.ints.byteLength), Buffer.from(packed.pool, 'utf16le')]);
  await fsp.mkdir(path.dirname(cache), { recursive: true });
  // Write then rename, so a crash or a second server never leaves a half-written cache behind.
  const tmp = `${cache}.${process.pid}.${Date.now()}.tmp`;
  await fsp.writeFile(tmp, body);
  await fsp.rename(tmp, cache);
}

async function readDatabase(id: number, file: string, cacheDir: string | undefined): Promise<DatabaseJobResult> {
  const t = performance.now();
  let stat;
  try { stat = await fsp.stat(file); } catch (e) { return { ok: false, message: `Cannot read ${file}: ${(e as Error).message}` }; }
  const cache = cacheDir ? cacheFile(cacheDir, file) : undefined;
  if (cache) {
    const hit = await readCache(cache, stat.mtimeMs, stat.size);
    if (hit) return { ok: true, ...hit, mtimeMs: stat.mtimeMs, size: stat.size, fromCache: true, ms: performance.now() - t };
  }
  // Line by line: the file is never one string (snapshots run to gigabytes).
  const entries: BibEntry[] = [];
  const problems: Problem[] = [];
  const used = new Set<string>();
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNo = 0;
  let nextReport = 50_000;
  try {
    for await (const line of lines) {
      const r = recordToEntry(line, lineNo++, used);
      if (r && 'entry' in r) entries.push(r.entry);
      else if (r && problems.length < MAX_PROBLEMS) problems.push(r.problem);
      if (lineNo >= nextReport) {
        nextReport += 50_000;
        post({ id, progress: Math.min(99, Math.round((100 * stream.bytesRead) / Math.max(1, stat.size))), message: `${entries.length} papers` });
      }
    }
  } catch (e) {
    return { ok: false, message: `Cannot read ${file}: ${(e as Error).message}` };
  }
  const packed = packEntries(entries);
  entries.length = 0;
  if (cache) await writeCache(cache, packed, problems, stat.mtimeMs, stat.size).catch(() => undefined);
  return { ok: true, packed, problems, mtimeMs: stat.mtimeMs, size: stat.size, fromCache: false, ms: performance.now() - t };
}

function post(reply: WorkerReply): void {
  if (!parentPort) return;
  // The entry table moves without a copy; strings (text, pool) are copied once as flat blocks.
  const transfer = 'result' in reply && reply.result.ok ? [reply.result.packed.ints.buffer as ArrayBuffer] : [];
  parentPort.postMessage(reply, transfer);
}

parentPort?.on('message', (req: WorkerRequest) => {
  const job = req.op === 'bib' ? readBib(req.file, req.maxBytes)
    : req.op === 'parse' ? Promise.resolve(parseText(req.text))
    : readDatabase(req.id, req.file, req.cacheDir);
  job.then((result) => post({ id: req.id, result }), (e: unknown) => post({ id: req.id, error: e instanceof Error ? e.stack ?? e.message : String(e) }));
});

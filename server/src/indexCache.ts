/**
 * The on-disk cache of a prepared paper database (`mlPapers.databases`): a second start replays
 * the prepared chunks instead of reading and preparing the database again.
 */
import { closeSync, fstatSync, openSync, promises as fsp, readSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { Problem } from './core/model';
import type { PreparedChunk } from './core/preparedEntries';
import { oneByte } from './core/search';

/** Bumped whenever the cache layout, the record conversion or the search structures change. */
const CACHE_VERSION = 5;

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

export function cacheFile(cacheDir: string, file: string, version = CACHE_VERSION): string {
  return path.join(cacheDir, `${createHash('sha1').update(path.resolve(file)).digest('hex').slice(0, 20)}.v${version}.idx`);
}

/** Removes the caches earlier versions wrote for `file` (a 1M-record cache is hundreds of MB that nothing reads any more). */
export async function removeOlderCaches(cacheDir: string, file: string): Promise<void> {
  for (let v = 1; v < CACHE_VERSION; v++) await fsp.rm(cacheFile(cacheDir, file, v), { force: true }).catch(() => undefined);
}

/**
 * Hands over the chunks of a complete, matching cache; undefined (nothing handed over) when there is none.
 * Completeness and the stamps are checked before the first chunk is posted.
 */
export function replayCache(cache: string, mtimeMs: number, size: number, dbStamp: string, onBegin: () => void, onChunk: (c: PreparedChunk) => void): { entries: number; problems: Problem[] } | undefined {
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
    onBegin();
    for (const at of chunks) {
      const r = readRecord(fd, at, fileSize)!;
      onChunk(chunkFromRecord(r.head, r.body));
    }
    return { entries: end.entries as number, problems: end.problems as Problem[] };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a database's cache as its chunks are prepared: to a temporary file renamed into place at
 * the end, so a crash or a second server never leaves a half-written cache behind. Any write
 * failure only costs the cache.
 */
export class CacheWriter {
  private fd: number | undefined;
  private tmp: string | undefined;

  constructor(private readonly cacheDir: string, private readonly file: string, private readonly cache: string) {}

  async open(stamp: { mtimeMs: number; size: number; dbStamp: string }): Promise<void> {
    try {
      await fsp.mkdir(path.dirname(this.cache), { recursive: true });
      this.tmp = `${this.cache}.${process.pid}.${Date.now()}.tmp`;
      this.fd = openSync(this.tmp, 'w');
      writeRecord(this.fd, { kind: 'file', ...stamp }, []);
    } catch {
      this.fd = undefined;
    }
  }

  record(c: PreparedChunk): void {
    if (this.fd === undefined) return;
    try { writeChunkRecord(this.fd, c); } catch { closeSync(this.fd); this.fd = undefined; }
  }

  /** The last record, then the rename; older layouts' caches of the file go. */
  async finish(entries: number, problems: Problem[]): Promise<void> {
    if (this.fd === undefined || !this.tmp) return this.abort();
    try {
      writeRecord(this.fd, { kind: 'end', entries, problems }, []);
      closeSync(this.fd);
      this.fd = undefined;
      await fsp.rename(this.tmp, this.cache);
      await removeOlderCaches(this.cacheDir, this.file);
    } catch {
      await fsp.rm(this.tmp, { force: true }).catch(() => undefined);
    }
  }

  async abort(): Promise<void> {
    if (this.fd !== undefined) { try { closeSync(this.fd); } catch { /* already closed */ } this.fd = undefined; }
    if (this.tmp) await fsp.rm(this.tmp, { force: true }).catch(() => undefined);
  }
}

/**
 * The messages between the server thread (indexing.ts) and the index worker (indexWorker.ts).
 * Requests: `{ id, op: 'bib', file, maxBytes, dbFile }`, `{ id, op: 'parse', text, dbFile }`,
 * `{ id, op: 'database', file, cacheDir?, dbFile }` and the helper's `{ id, op: 'ranges', … }`.
 * Replies, in order: `{ id, begin }` (the text and reader problems), `{ id, chunk }` per prepared
 * chunk (its buffers transferred), `{ id, progress, message }` while a database streams, then
 * `{ id, result }` or `{ id, error }`.
 */
import type { Problem } from './core/model';
import type { PackedEntries } from './core/packedEntries';
import type { PreparedChunk, PreparedRange } from './core/preparedEntries';

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


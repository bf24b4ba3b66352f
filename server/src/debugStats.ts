/**
 * `mlPapers/debugStats`: what indexing has done since the server started (files read, unchanged
 * files skipped, worker jobs, cache hits), the index size and the process memory. For tests and
 * benchmarks that must observe "a no-op save reads nothing" from outside the process.
 */
import type { Connection } from 'vscode-languageserver/node';
import { codeCacheState } from './cacheDir';
import { indexingStats, workersRunning, type IndexingStats } from './indexing';

export namespace DebugStatsRequest {
  export const method = 'mlPapers/debugStats';
  export interface Result extends IndexingStats {
    index: unknown;
    rssMB: number;
    heapUsedMB: number;
    /** Heap the JavaScript engine holds (used or not). */
    heapTotalMB: number;
    /** Memory of ArrayBuffers (packed entries, search structures): outside the JavaScript heap. */
    arrayBuffersMB: number;
    /** Whether an index worker is running (its memory is part of rssMB until it stops). */
    workersRunning: number;
    /** How dist/server.js loaded the server bundle (launch.ts); absent when the bundle was started directly. */
    codeCache?: string;
    /**
     * Time spent in each feature's handler (ms, oldest first, the last HANDLER_TIMES per feature):
     * the server's own share of a request's latency, which a client timing over stdio cannot separate
     * from the transport and the client.
     */
    handlerMs: Record<string, number[]>;
  }
}

/** Handler times kept per feature. */
export const HANDLER_TIMES = 1000;
const handlerMs: Record<string, number[]> = {};

/** Records how long one call of a feature's handler took. */
export function recordHandlerTime(feature: string, ms: number): void {
  const times = (handlerMs[feature] ??= []);
  if (times.length >= HANDLER_TIMES) times.splice(0, times.length - HANDLER_TIMES + 1);
  times.push(Math.round(ms * 1000) / 1000);
}

/** Registers the request; `indexSize` reports the index's own counts. */
export function registerDebugStats(connection: Connection, indexSize: () => unknown): void {
  connection.onRequest(DebugStatsRequest.method, (): DebugStatsRequest.Result => {
    const mem = process.memoryUsage();
    return {
      ...indexingStats(), index: indexSize(), rssMB: Math.round(mem.rss / 1048576), heapUsedMB: Math.round(mem.heapUsed / 1048576),
      heapTotalMB: Math.round(mem.heapTotal / 1048576),
      arrayBuffersMB: Math.round(mem.arrayBuffers / 1048576), workersRunning: workersRunning(),
      codeCache: codeCacheState(), handlerMs,
    };
  });
}

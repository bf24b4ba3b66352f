/**
 * The user's cache directory for ML Papers (`ML_PAPERS_CACHE_DIR`, else the OS cache directory),
 * for database index caches and the server's code cache, and how the code cache was used. Not the
 * workspace: these are per user, must not land in anyone's repository, and the workspace may be
 * read-only. Kept apart from indexing.ts so the launcher (launch.ts) can use it without loading the
 * server.
 */
import * as os from 'node:os';
import * as path from 'node:path';

export function userCacheDir(): string {
  if (process.env.ML_PAPERS_CACHE_DIR) return process.env.ML_PAPERS_CACHE_DIR;
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'ml-papers', 'Cache');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'ml-papers');
  return path.join(process.env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'ml-papers');
}

/**
 * How dist/server.js loaded the server bundle with V8's code cache (launch.ts sets it, debugStats
 * reports it). Kept on globalThis: the launcher and the bundle are separate modules.
 */
export type CodeCacheState = 'accepted' | 'rejected' | 'created' | 'off' | 'failed';
const CODE_CACHE_STATE = Symbol.for('ml-papers.codeCache');

export function setCodeCacheState(s: CodeCacheState): void {
  (globalThis as Record<symbol, unknown>)[CODE_CACHE_STATE] = s;
}

/** Undefined when the bundle was started directly, not through the launcher. */
export function codeCacheState(): CodeCacheState | undefined {
  return (globalThis as Record<symbol, CodeCacheState | undefined>)[CODE_CACHE_STATE];
}

/**
 * Loading a paper database file for the server thread and the index worker: CSL-JSON (papers.json,
 * or any user-given file, validated item by item) or the prepared form (papers.runtime.json with
 * its papers.runtime.jsonl, built and checked by scripts/build-db.mjs), whose papers are read from
 * their file only when first asked for.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { isPreparedDatabase, isPreparedForm, loadPaperDb, preparedDb, preparedPapersFile, type PaperDbLoad } from './core/paperDb';

export function loadPaperDbFile(file: string): PaperDbLoad {
  // A broken prepared form falls back to the papers.json it was built from, which every install ships too.
  const fallback = isPreparedDatabase(file) ? file.replace(/\.runtime\.json$/, '.json') : undefined;
  let json: unknown = [];
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return orFallback(`Cannot load the paper database ${file}: ${(e as Error).message}`, fallback);
  }
  if (isPreparedDatabase(file) && isPreparedForm(json)) {
    // The papers' lines must be the file the offsets were written for: a damaged or partial install
    // would otherwise fail on every hover instead of once, here.
    const lines = preparedPapersFile(file);
    let size = -1;
    try { size = statSync(lines).size; } catch { /* missing: size stays -1 */ }
    if (size !== json.offsets[json.offsets.length - 1]) return orFallback(`The prepared paper database ${lines} is missing or does not match ${file}`, fallback);
    return { db: preparedDb(json, lineReader(lines)), problems: [] };
  }
  return loadPaperDb(json);
}

/** The database `fallback` holds (papers.json when the prepared form is broken), with the problem that sent us there. */
function orFallback(problem: string, fallback: string | undefined): PaperDbLoad {
  const loaded = fallback ? loadPaperDbFile(fallback) : loadPaperDb([]);
  return { db: loaded.db, problems: [fallback ? `${problem}; using ${fallback}` : problem, ...loaded.problems] };
}

/**
 * Reads byte ranges of `file`, opening it on first use and keeping it open (the bundled database does
 * not change while the server runs). A read that fails gives an empty paper rather than a crash.
 */
function lineReader(file: string): (start: number, end: number) => string {
  let fd: number | undefined;
  return (start, end) => {
    try {
      fd ??= openSync(file, 'r');
      const buf = Buffer.allocUnsafe(end - start);
      const n = readSync(fd, buf, 0, buf.length, start);
      return buf.toString('utf8', 0, n);
    } catch (e) {
      if (fd !== undefined) { try { closeSync(fd); } catch { /* already closed */ } fd = undefined; }
      throw new Error(`Cannot read ${file}: ${(e as Error).message}`);
    }
  };
}

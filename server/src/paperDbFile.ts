/**
 * Loading a paper database file for the server thread and the index worker: CSL-JSON (papers.json,
 * or any user-given file, validated item by item) or the prepared form (papers.runtime.json with
 * its papers.runtime.jsonl, built and checked by scripts/build-db.mjs), whose papers are read from
 * their file only when first asked for.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { isPreparedDatabase, isPreparedForm, loadPaperDb, preparedDb, preparedPapersFile, type PaperDbLoad } from './core/paperDb';

export function loadPaperDbFile(file: string): PaperDbLoad {
  let json: unknown = [];
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return { ...loadPaperDb([]), problems: [`Cannot load the paper database ${file}: ${(e as Error).message}`] };
  }
  if (isPreparedDatabase(file) && isPreparedForm(json)) return { db: preparedDb(json, lineReader(preparedPapersFile(file))), problems: [] };
  return loadPaperDb(json);
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

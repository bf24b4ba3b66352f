/**
 * The fetched papers on disk: `<user cache>/online/records.jsonl`, one record per line (service, fetch
 * date, request, CSL-JSON item; core/online/records.ts). Per user, not per workspace: a paper fetched
 * once is there offline afterwards and in every workspace. A new record is appended; forgetting or
 * refreshing rewrites the file through a temporary file renamed over it, so a crash leaves the old or
 * the new list, never half of one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { userCacheDir } from '../cacheDir';
import { parseRecords, type OnlineRecord } from '../core/online/records';

export class OnlineCache {
  constructor(readonly file: string = path.join(userCacheDir(), 'online', 'records.jsonl')) {}

  /** The records on disk (none when the file does not exist), and a message per damaged line. */
  load(): { records: OnlineRecord[]; problems: string[] } {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (e) {
      return { records: [], problems: (e as NodeJS.ErrnoException).code === 'ENOENT' ? [] : [`Could not read ${this.file}: ${(e as Error).message}`] };
    }
    const { records, problems } = parseRecords(text);
    return { records, problems: problems.map((p) => `${this.file}: ${p}`) };
  }

  /** Adds one record at the end; a message when the disk refused (the record then lives until the server stops). */
  append(record: OnlineRecord): string | undefined {
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.appendFileSync(this.file, JSON.stringify(record) + '\n');
      return undefined;
    } catch (e) {
      return `Could not write ${this.file}: ${(e as Error).message}`;
    }
  }

  /** Replaces the whole list (forget, refresh). */
  rewrite(records: readonly OnlineRecord[]): string | undefined {
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(tmp, records.map((r) => JSON.stringify(r) + '\n').join(''));
      fs.renameSync(tmp, this.file);
      return undefined;
    } catch (e) {
      try { fs.unlinkSync(tmp); } catch { /* nothing was written */ }
      return `Could not write ${this.file}: ${(e as Error).message}`;
    }
  }
}

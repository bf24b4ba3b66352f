/**
 * The fetched papers as the server and the CLI use them: the cache's records in the index (their own
 * tier), and the operations on them: look up a reference (cache first, then the services), search the
 * services, forget, refresh. Whether the network may be used is the caller's decision (the server checks
 * the setting and the workspace's trust; the CLI its --online flag): this class is only reached then.
 */
import type { CitationIndex } from '../core/citationIndex';
import type { IndexedEntry } from '../core/model';
import { citable, classifyRef, keyForItem, onlineEntry, recordMatches, refLabel, type OnlineRecord, type OnlineRef } from '../core/online/records';
import type { FetchOptions } from './httpClient';
import { OnlineCache } from './onlineCache';
import { arxivSearch, crossrefSearch, lookUpRef, semanticScholarSearch, type ServiceAnswer } from './services';

export type LookUpOutcome =
  | { ok: true; entry: IndexedEntry; source: 'local' | 'cache' | 'fetched' }
  | { ok: false; message: string; notFound: boolean };

/** Search results kept in memory so that picking one stores it without asking the service again. */
const REMEMBERED_RESULTS = 200;

export class OnlineLibrary {
  private records: OnlineRecord[] = [];
  /** Look-ups under way, by reference: a second hover or request waits for the first instead of asking again. */
  private readonly inFlight = new Map<string, Promise<LookUpOutcome>>();
  private readonly remembered: OnlineRecord[] = [];

  constructor(private readonly index: CitationIndex, readonly cache = new OnlineCache(), private readonly fetchOptions: FetchOptions = {}) {}

  /** Reads the cache into the index; returns the problems met (damaged lines, an unreadable file). */
  load(): string[] {
    const { records, problems } = this.cache.load();
    this.records = records;
    this.reindex();
    return problems;
  }

  list(): readonly OnlineRecord[] {
    return this.records;
  }

  private reindex(): void {
    this.index.setOnlineEntries(this.records.map(onlineEntry));
  }

  /** What the index already knows of `ref` without the network: a user's or bundled entry, else a fetched one. */
  known(ref: OnlineRef): { entry: IndexedEntry; source: 'local' | 'cache' } | undefined {
    if (ref.kind === 'title') {
      const r = this.records.find((x) => recordMatches(x, ref));
      const e = r && this.index.resolve(r.item.id);
      return e ? { entry: e, source: 'cache' } : undefined;
    }
    const e = this.index.lookUp(ref.id);
    return e ? { entry: e, source: e.source.kind === 'online' ? 'cache' : 'local' } : undefined;
  }

  /**
   * The entry for an arXiv id, DOI or title: what the index knows (no request), else a search result
   * picked a moment ago, else the services in turn; a fetched record is stored and indexed.
   */
  lookUp(text: string): Promise<LookUpOutcome> {
    const ref = classifyRef(text);
    if (!ref) return Promise.resolve({ ok: false, message: 'Nothing to look up: give an arXiv id, a DOI or a title.', notFound: false });
    const known = this.known(ref);
    if (known) return Promise.resolve({ ok: true, ...known });
    const picked = this.remembered.find((r) => recordMatches(r, ref) && citable(r.item));
    if (picked) return Promise.resolve({ ok: true, entry: this.store(picked), source: 'fetched' });
    const id = refLabel(ref);
    let running = this.inFlight.get(id);
    if (!running) {
      running = lookUpRef(ref, this.fetchOptions).then((a): LookUpOutcome => (a.ok ? { ok: true, entry: this.store(a.record), source: 'fetched' } : a));
      running = running.finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, running);
    }
    return running;
  }

  /** Each service's results for a query (asked together; arXiv's own pace still holds). Results are remembered for a later pick. */
  async search(query: string): Promise<ServiceAnswer[]> {
    const answers = await Promise.all([arxivSearch(query, this.fetchOptions), semanticScholarSearch(query, this.fetchOptions), crossrefSearch(query, this.fetchOptions)]);
    for (const a of answers) if (a.ok) this.remembered.unshift(...a.records);
    this.remembered.length = Math.min(this.remembered.length, REMEMBERED_RESULTS);
    return answers;
  }

  /**
   * Keeps a record: it gets its key (Google Scholar style; a letter added when the key means another
   * paper), goes to the cache file and into the index. A record of a paper already stored replaces it.
   */
  store(record: OnlineRecord, key?: string): IndexedEntry {
    const samePaper = (r: OnlineRecord) => (r.item.custom?.arxiv ? r.item.custom.arxiv === record.item.custom?.arxiv : typeof r.item.DOI === 'string' && r.item.DOI.toLowerCase() === String(record.item.DOI ?? '').toLowerCase());
    const same = this.records.findIndex((r) => (key ? r.item.id === key : samePaper(r)));
    const own = key ?? (same >= 0 ? this.records[same].item.id : keyForItem(record.item, (k) => !!this.index.resolve(k)));
    const kept: OnlineRecord = { ...record, item: { ...record.item, id: own } };
    if (same >= 0) {
      this.records[same] = kept;
      this.cache.rewrite(this.records);
    } else {
      this.records.push(kept);
      this.cache.append(kept);
    }
    this.reindex();
    return this.index.resolve(own)!;
  }

  /** Drops the records of these keys (all when `keys` is empty); returns the keys dropped. */
  forget(keys: readonly string[]): string[] {
    const drop = (r: OnlineRecord) => !keys.length || keys.includes(r.item.id);
    const gone = this.records.filter(drop).map((r) => r.item.id);
    if (!gone.length) return [];
    this.records = this.records.filter((r) => !drop(r));
    this.cache.rewrite(this.records);
    this.reindex();
    return gone;
  }

  /**
   * Fetches these keys' records again (all when empty) from the reference each was found by, keeping
   * their keys. Returns what was refreshed and what failed, with why.
   */
  async refresh(keys: readonly string[]): Promise<{ refreshed: string[]; failed: Array<{ key: string; message: string }> }> {
    const refreshed: string[] = [];
    const failed: Array<{ key: string; message: string }> = [];
    for (const r of this.records.filter((x) => !keys.length || keys.includes(x.item.id))) {
      const ref: OnlineRef = r.item.custom?.arxiv ? { kind: 'arxiv', id: r.item.custom.arxiv } : typeof r.item.DOI === 'string' ? { kind: 'doi', id: r.item.DOI.toLowerCase() } : { kind: 'title', text: String(r.item.title) };
      const a = await lookUpRef(ref, this.fetchOptions);
      if (a.ok) { this.store(a.record, r.item.id); refreshed.push(r.item.id); } else failed.push({ key: r.item.id, message: a.message });
    }
    return { refreshed, failed };
  }
}

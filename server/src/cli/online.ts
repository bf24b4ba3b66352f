/**
 * `--online` for show, search and bib: the same look-up the editor makes (online/), asked only when
 * the flag is given. Without it the CLI opens no connection, though papers fetched earlier (the cache
 * in the user's cache folder, shared with the editor) are known as they are in the editor.
 */
import type { CitationIndex } from '../core/citationIndex';
import { onlineRefKey } from '../core/features/hover';
import type { IndexedEntry } from '../core/model';
import { SERVICE_NAMES } from '../core/online/records';
import { OnlineLibrary } from '../online/onlineLibrary';
import { flag, type Args } from './args';
import { color } from './output';

export const ONLINE_FLAG = '--online';
export const ONLINE_HELP = `--online asks arXiv, doi.org, Crossref and Semantic Scholar (HTTPS to those hosts only) for what is
not known locally; fetched papers are kept in the user's cache folder, which later runs (and the editor) read
without --online.`;

const libraries = new WeakMap<CitationIndex, OnlineLibrary>();

/** The index's fetched papers, read from the cache once (a message on stderr per damaged line). */
export function onlineLibrary(index: CitationIndex): OnlineLibrary {
  let lib = libraries.get(index);
  if (!lib) {
    lib = new OnlineLibrary(index);
    for (const p of lib.load()) process.stderr.write(`ml-papers: ${p}\n`);
    libraries.set(index, lib);
  }
  return lib;
}

export const wantsOnline = (args: Args): boolean => flag(args, ONLINE_FLAG);

/** What a cited key means: the index's entry, else (for a key that is an arXiv id or DOI) the paper fetched for it. */
export function resolveCited(index: CitationIndex, key: string, preferUris?: readonly string[]): IndexedEntry | undefined {
  return index.resolve(key, preferUris) ?? (onlineRefKey(key) ? index.lookUp(key) : undefined);
}

/**
 * `show <ref> --online` when nothing local knows `query`: the fetched entry, or undefined after saying
 * on stderr why there is none.
 */
export async function lookUpForShow(index: CitationIndex, query: string): Promise<IndexedEntry | undefined> {
  const r = await onlineLibrary(index).lookUp(query);
  if (!r.ok) { process.stderr.write(`ml-papers: ${r.message}\n`); return undefined; }
  if (r.entry.source.kind === 'online' && r.source === 'fetched') process.stderr.write(color.dim(`Fetched from ${SERVICE_NAMES[r.entry.source.service]} and cached as ${r.entry.key} (${onlineLibrary(index).cache.file})\n`));
  return r.entry;
}

/**
 * `bib --online`: fetches the cited keys nothing knows that are arXiv ids or DOIs (`\cite{2106.09685}`),
 * one at a time (arXiv's pace holds); returns the keys it could not fill, each said on stderr.
 */
export async function fillMissing(index: CitationIndex, keys: readonly string[], preferUris: readonly string[]): Promise<string[]> {
  const failed: string[] = [];
  for (const key of [...new Set(keys)].sort()) {
    if (resolveCited(index, key, preferUris) || !onlineRefKey(key)) continue;
    const r = await onlineLibrary(index).lookUp(key);
    if (r.ok) process.stderr.write(color.dim(`${key}: fetched from ${r.entry.source.kind === 'online' ? SERVICE_NAMES[r.entry.source.service] : 'the index'} (${r.entry.key})\n`));
    else { failed.push(key); process.stderr.write(`ml-papers: ${r.message}\n`); }
  }
  return failed;
}

/** `search --online`: each service's results after the local ones, as lines (or the JSON the caller writes). */
export async function searchOnline(index: CitationIndex, query: string): Promise<Array<{ service: string; ok: boolean; message?: string; results: Array<{ ref: string; title: string; authors: string[]; year?: number; venue?: string; citationCount?: number }> }>> {
  const answers = await onlineLibrary(index).search(query);
  return answers.map((a) => ({
    service: SERVICE_NAMES[a.service],
    ok: a.ok,
    ...(a.ok ? {} : { message: a.message }),
    results: a.ok ? a.records.map((r) => {
      const year = Number(r.item.issued?.['date-parts']?.[0]?.[0]) || undefined;
      return {
        ref: r.item.custom?.arxiv ?? (typeof r.item.DOI === 'string' ? r.item.DOI : String(r.item.title)),
        title: String(r.item.title ?? ''),
        authors: (r.item.author ?? []).map((n) => n.family ?? n.literal ?? ''),
        ...(year ? { year } : {}),
        ...(typeof r.item['container-title'] === 'string' ? { venue: r.item['container-title'] } : {}),
        ...(r.citationCount !== undefined ? { citationCount: r.citationCount } : {}),
      };
    }) : [],
  }));
}

/** The online sections of `search --online` as terminal lines. */
export function printOnline(sections: Awaited<ReturnType<typeof searchOnline>>): void {
  for (const s of sections) {
    process.stdout.write(`\n${color.bold(`${s.service}:`)}${s.ok ? (s.results.length ? '' : ' nothing found') : ` ${s.message}`}\n`);
    for (const r of s.results) {
      const authors = r.authors.slice(0, 3).join(', ') + (r.authors.length > 3 ? ' et al.' : '');
      process.stdout.write(`${color.bold(r.ref)}  ${r.year ?? '    '}  ${color.dim(authors)}  ${r.title}\n`);
    }
  }
}

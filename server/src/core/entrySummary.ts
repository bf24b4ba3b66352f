/** One indexed entry told in a few fields: what search results, the quick pick and `ml-papers search --json` list. */
import type { IndexedEntry } from './model';

export interface EntrySummary {
  key: string;
  title: string;
  year?: number;
  /** The venue the entry states. */
  venue?: string;
  /** The venue to show: the entry's, else the database paper's short form ("CVPR 2016"). */
  shownVenue?: string;
  /** "Kaiming He" per author (the family name alone when there is no given name). */
  authors: string[];
  familyNames: string[];
  arxiv?: string;
  doi?: string;
  nicknames: string[];
  /** "bundled", or the URI of the file that defines the entry. */
  source: string;
  hasCode: boolean;
}

export function summarizeEntry(entry: IndexedEntry): EntrySummary {
  const custom = entry.paper?.custom;
  return {
    key: entry.key,
    title: entry.title,
    year: entry.year,
    venue: entry.venue,
    shownVenue: entry.venue ?? custom?.venueShort,
    authors: entry.authors.map((a) => (a.given ? `${a.given} ${a.family}` : a.family)),
    familyNames: entry.authors.map((a) => a.family),
    arxiv: entry.arxiv,
    doi: entry.doi,
    nicknames: custom?.nicknames ?? [],
    source: entry.source.kind === 'bundled' ? 'bundled' : entry.source.uri,
    hasCode: (custom?.code?.length ?? 0) > 0,
  };
}

/**
 * Coverage of real bibliographies (issue 17, "Measure what users meet"): which share of the references
 * cited by real ML papers the paper database holds. Shared by scripts/coverage/measure.mjs (bundled
 * with esbuild at run time) and test/core/coverage.test.ts (compiled by `npm run build`).
 *
 * A reference is held when the database has the same paper in the sense the citation index uses
 * (samePaper in server/src/core/bibEntries.ts): same arXiv id (version dropped), same DOI (any case)
 * or same normalised title (lowercase letters and digits only).
 */
import { samePaper } from '../../server/src/core/bibEntries';
import type { PaperDb } from '../../server/src/core/paperDb';
import type { IndexedEntry } from '../../server/src/core/model';

/** One cited reference, as test/fixtures/coverage/references.jsonl states it. */
export interface CitedReference {
  /** The .bib it comes from: owner/repo@commit:path. */
  paper: string;
  /** Year of the citing paper (2023–2026). */
  paperYear: number;
  key: string;
  /** Plain text (TeX removed). */
  title?: string;
  /** Year of the cited work. */
  year?: number;
  arxiv?: string;
  doi?: string;
}

/** Year bands of the cited work, in report order. */
export const YEAR_BANDS = ['≤2011', '2012–2015', '2016–2019', '2020', '2021', '2022', '2023', '2024', '2025–26', 'no year'] as const;
export type YearBand = (typeof YEAR_BANDS)[number];

export function yearBand(year: number | undefined): YearBand {
  if (year === undefined || !Number.isFinite(year)) return 'no year';
  if (year <= 2011) return '≤2011';
  if (year <= 2015) return '2012–2015';
  if (year <= 2019) return '2016–2019';
  if (year >= 2025) return '2025–26';
  return String(year) as YearBand;
}

export interface Share { held: number; total: number }

export interface CoverageReport {
  overall: Share;
  byYear: Array<{ band: YearBand } & Share>;
  byPaper: Array<{ paper: string; paperYear: number } & Share>;
}

/** The database paper a cited reference is, if any (the index's own rule). */
export function heldBy(db: PaperDb, r: CitedReference) {
  const entry = { key: r.key, source: { kind: 'bib', uri: 'coverage' }, title: r.title, arxiv: r.arxiv, doi: r.doi } as unknown as IndexedEntry;
  return samePaper(db, entry);
}

/** The citing paper: the .bib's repo@commit and folder (a paper with two .bib files in one folder is one paper). */
export function paperOf(r: CitedReference): string {
  return r.paper.replace(/[^/:]*$/, '');
}

export function parseReferences(jsonl: string): CitedReference[] {
  return jsonl.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as CitedReference);
}

export function measure(db: PaperDb, refs: readonly CitedReference[]): CoverageReport {
  const overall: Share = { held: 0, total: 0 };
  const years = new Map<YearBand, Share>();
  const papers = new Map<string, { paper: string; paperYear: number } & Share>();
  for (const r of refs) {
    const held = heldBy(db, r) ? 1 : 0;
    overall.total++; overall.held += held;
    const band = yearBand(r.year);
    const y = years.get(band) ?? { held: 0, total: 0 };
    y.total++; y.held += held; years.set(band, y);
    const id = paperOf(r);
    const p = papers.get(id) ?? { paper: id, paperYear: r.paperYear, held: 0, total: 0 };
    p.total++; p.held += held; papers.set(id, p);
  }
  return {
    overall,
    byYear: YEAR_BANDS.filter((b) => years.has(b)).map((band) => ({ band, ...years.get(band)! })),
    byPaper: [...papers.values()],
  };
}

export const percent = (s: Share): string => (s.total ? `${((100 * s.held) / s.total).toFixed(1)}%` : '–');

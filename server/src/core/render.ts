/**
 * Text about a paper for people: hover cards (Markdown and plain text), completion details, code
 * lines. A user's entry wins over the database for the fields it has; the database adds summary,
 * code and citation counts.
 */
import type { CitationCount, CodeRepo, Config, EntryBrief, IndexedEntry, PersonName } from './model';
import { SERVICE_NAMES } from './online/records';

/** Display names of the seed documents citation counts come from. */
const SEED_NAMES: Record<string, string> = {
  '000_5f99cd674643b20b': 'The Last 5 Years In Deep Learning',
  '001_53d5ec6b17588987': 'The 4 deep learning breakthroughs you should know about',
  '002_79c877c4439f9324': 'Deep Learning Trends @ ICLR 2016',
  '003_982281470ab976d1': 'The Decade of Deep Learning',
  '004_584ead95d34e0ea6': 'State of Deep Learning H2 2018',
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The fields a card shows, user entry first, database second. */
export interface PaperView {
  key: string;
  title: string;
  authors: readonly PersonName[];
  year?: number;
  venue?: string;
  arxiv?: string;
  doi?: string;
  url?: string;
  summary?: string;
  code: CodeRepo[];
  citations: CitationCount[];
}

export function viewOf(e: IndexedEntry): PaperView {
  const p = e.paper;
  return {
    key: e.key,
    title: titleOf(e),
    authors: authorsOf(e),
    year: yearOf(e),
    venue: e.venue ?? p?.custom.venueShort ?? (typeof p?.['container-title'] === 'string' ? p['container-title'] : undefined),
    arxiv: e.arxiv ?? p?.custom.arxiv,
    doi: e.doi ?? p?.DOI,
    url: e.url ?? p?.URL,
    summary: p?.custom.summary,
    code: codeOrder(p?.custom.code ?? []),
    citations: p?.custom.citations ?? [],
  };
}

/** The entry's title, or its paper's. */
export function titleOf(e: EntryBrief): string {
  return e.title || e.paper?.title || '';
}

/** The entry's names, or its paper's. */
export function authorsOf(e: EntryBrief): readonly PersonName[] {
  if (e.authors.length || !e.paper) return e.authors;
  return (e.paper.author ?? []).map((a) => ({ family: a.family ?? a.literal ?? '', ...(a.given ? { given: a.given } : {}) }));
}

/** The entry's year, or its paper's. */
export function yearOf(e: EntryBrief): number | undefined {
  const pYear = e.paper?.issued?.['date-parts']?.[0]?.[0];
  return e.year ?? (typeof pYear === 'number' ? pYear : undefined);
}

/** What a repository is: the authors' release, a library's implementation or a community one. */
export function codeKind(r: CodeRepo): 'official' | 'library' | 'community' {
  return r.official ? 'official' : r.kind ?? 'community';
}

const KIND_RANK = { official: 0, library: 1, community: 2 } as const;

/** Official repositories first, then library implementations, then community ones; otherwise in database order. */
export function codeOrder(code: readonly CodeRepo[]): CodeRepo[] {
  return [...code].sort((a, b) => KIND_RANK[codeKind(a)] - KIND_RANK[codeKind(b)]);
}

function fullName(n: PersonName): string {
  return n.given ? `${n.given} ${n.family}` : n.family;
}

/** "Kaiming He, Xiangyu Zhang, …": everyone, or the first `max` and "et al.". */
export function authorList(authors: readonly PersonName[], max = 10): string {
  const shown = authors.slice(0, max).map(fullName).join(', ');
  return authors.length > max ? `${shown} et al.` : shown;
}

/** "He, Zhang, Ren, Sun": up to four family names, else the first three and "et al.". */
export function shortAuthors(authors: readonly PersonName[]): string {
  if (authors.length <= 4) return authors.map((a) => a.family).join(', ');
  return `${authors.slice(0, 3).map((a) => a.family).join(', ')} et al.`;
}

/** At most `n` characters, cut at a word boundary when there is one in the second half. */
function truncate(s: string, n: number): string {
  if (s.length <= n) return s;
  const cut = s.slice(0, n - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > n / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** What stands for an entry's title when it has none (yet). */
function missingTitle(e: EntryBrief): string {
  return e.pending ? '(still reading its file…)' : '(no title)';
}

/** One line for completion lists and symbols: "He, Zhang, Ren, Sun (2016) — Deep Residual Learning for Image…". */
export function detailLine(e: EntryBrief): string {
  const title = titleOf(e);
  const authors = authorsOf(e);
  if (e.pending && !title && !authors.length) return missingTitle(e);
  const who = shortAuthors(authors) || 'Anonymous';
  const year = yearOf(e);
  const when = year !== undefined ? ` (${year})` : '';
  return `${who}${when} — ${truncate(title || missingTitle(e), 60)}`;
}

/** "34,635 citations (The Decade of Deep Learning, Dec 2019)". */
export function citationsLine(c: CitationCount): string {
  const source = SEED_NAMES[c.source] ?? c.source;
  const m = /^(\d{4})(?:-(\d{2}))?/.exec(c.date);
  const when = m ? (m[2] ? `${MONTHS[Number(m[2]) - 1] ?? ''} ${m[1]}`.trim() : m[1]) : c.date;
  return `${thousands(c.count)} citation${c.count === 1 ? '' : 's'} (${source}, ${when})`;
}

/**
 * 34635 → "34,635". Not `toLocaleString`: its first call loads ICU data, which would slow the first
 * hover after start-up (bench/DESIGN.md §6).
 */
function thousands(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * "official · PyTorch · facebookresearch", "library · transformers model folder · PyTorch",
 * "community · lucidrains community implementation": what the repository is, then what the
 * database says of it (a label that only repeats the kind is left out).
 */
export function codeLabel(r: CodeRepo): string {
  const kind = codeKind(r);
  const label = r.label && !r.label.toLowerCase().startsWith(kind) ? r.label : undefined;
  // The owner only when the URL does not already show it (github.com/<owner>/…).
  const owner = r.owner && !r.url.includes(`/${r.owner}/`) ? r.owner : undefined;
  return [kind, label, r.framework, owner].filter(Boolean).join(' · ');
}

function repoName(url: string): string {
  const m = /github\.com\/([^/]+\/[^/#?]+)/.exec(url);
  return m ? m[1].replace(/\.git$/, '') : url.replace(/^https?:\/\//, '');
}

const mdEscape = (s: string) => s.replace(/([\\`*_[\]<>#|])/g, '\\$1');

export interface CardOptions {
  hover: Config['hover'];
  /** The key as written at the cite, when it differs from the entry's key (an alias). */
  citedKey?: string;
  /** "refs.bib:12" for user entries. */
  definedIn?: string;
}

export interface Card {
  markdown: string;
  plaintext: string;
}

export function arxivAbsUrl(id: string): string {
  return `https://arxiv.org/abs/${id}`;
}

export function doiUrl(doi: string): string {
  return `https://doi.org/${doi}`;
}

/** The hover card of an entry. */
export function renderCard(e: IndexedEntry, opts: CardOptions): Card {
  const v = viewOf(e);
  const md: string[] = [];
  const pt: string[] = [];
  md.push(`**${mdEscape(v.title || missingTitle(e))}**`);
  pt.push(v.title || missingTitle(e));
  if (v.authors.length) { md.push(mdEscape(authorList(v.authors))); pt.push(authorList(v.authors)); }
  const venue = v.venue && v.year !== undefined && !v.venue.includes(String(v.year)) ? `${v.venue}, ${v.year}` : v.venue ?? (v.year !== undefined ? String(v.year) : undefined);
  if (venue) { md.push(`*${mdEscape(venue)}*`); pt.push(venue); }
  if (opts.citedKey && opts.citedKey !== e.key) {
    md.push(`\`${opts.citedKey}\` is another key for \`${e.key}\`.`);
    pt.push(`${opts.citedKey} is another key for ${e.key}.`);
  } else if (e.paper && e.paper.id !== e.key) {
    md.push(`Same paper as \`${e.paper.id}\` in the ML Papers database.`);
    pt.push(`Same paper as ${e.paper.id} in the ML Papers database.`);
  }
  if (opts.hover.summary && v.summary) { md.push(mdEscape(v.summary)); pt.push(v.summary); }
  if (opts.hover.citations && v.citations.length) {
    const lines = v.citations.map(citationsLine);
    md.push(lines.join('  \n'));
    pt.push(lines.join('\n'));
  }
  const links: Array<[string, string]> = [];
  if (v.arxiv) links.push([`arXiv:${v.arxiv}`, arxivAbsUrl(v.arxiv)], ['PDF', `https://arxiv.org/pdf/${v.arxiv}`]);
  if (v.doi) links.push([`DOI ${v.doi}`, doiUrl(v.doi)]);
  if (!links.length && v.url) links.push(['Link', v.url]);
  if (links.length) {
    md.push(links.map(([t, u]) => `[${mdEscape(t)}](${u})`).join(' · '));
    pt.push(links.map(([t, u]) => (t === 'PDF' || t === 'Link' ? `${t}: ${u}` : u)).join('\n'));
  }
  if (opts.hover.code && v.code.length) {
    md.push(`Code: ${v.code.map((r) => `[${mdEscape(repoName(r.url))}](${r.url}) (${codeLabel(r)})`).join(', ')}`);
    pt.push(`Code:\n${v.code.map((r) => `  ${r.url} (${codeLabel(r)})`).join('\n')}`);
  }
  const online = onlineLine(e);
  if (online) {
    md.push(`*${mdEscape(online.line)}*${online.pdf ? ` · [Open-access PDF](${online.pdf})` : ''}`);
    pt.push(online.pdf ? `${online.line}\nOpen-access PDF: ${online.pdf}` : online.line);
  }
  const catalog = catalogLine(e);
  if (catalog) { md.push(`*${mdEscape(catalog.line)}*${catalog.ref ? ` (\`${catalog.ref}\`)` : ''}`); pt.push(catalog.ref ? `${catalog.line} (${catalog.ref})` : catalog.line); }
  else if (opts.definedIn) { md.push(`Defined in ${mdEscape(opts.definedIn)}`); pt.push(`Defined in ${opts.definedIn}`); }
  return { markdown: md.join('\n\n'), plaintext: pt.join('\n') };
}

/**
 * For a venue catalog entry: "From the venue catalog (papercopilot), metadata only" (the name is the
 * owner in the record's source reference) and that reference, e.g. `papercopilot/paperlists@33f9884e:iclr/iclr2018.json`.
 */
export function catalogLine(e: IndexedEntry): { line: string; ref?: string } | undefined {
  if (e.source.kind !== 'bib' || !e.source.catalog) return undefined;
  const ref = e.fields?.source;
  const from = ref ? /^([^/@:\s]+)\//.exec(ref)?.[1] : undefined;
  return { line: `From the venue catalog${from ? ` (${from})` : ''}, metadata only`, ref };
}

/**
 * For a fetched paper: "From arXiv, fetched 2026-12-06" (with Semantic Scholar's citation count when it
 * gave one) and the open-access PDF it names. Undefined for every other entry.
 */
export function onlineLine(e: IndexedEntry): { line: string; pdf?: string } | undefined {
  if (e.source.kind !== 'online') return undefined;
  const s = e.source;
  const cited = s.citationCount !== undefined ? `; cited by ${s.citationCount.toLocaleString('en-US')} (Semantic Scholar)` : '';
  return { line: `From ${SERVICE_NAMES[s.service]}, fetched ${s.fetched.slice(0, 10)}${cited}`, ...(s.pdf ? { pdf: s.pdf } : {}) };
}

/** The last path segment of a URI, for "Defined in refs.bib:12". */
export function baseName(uri: string): string {
  const clean = uri.replace(/[?#].*$/, '');
  const name = clean.slice(clean.lastIndexOf('/') + 1);
  try { return decodeURIComponent(name); } catch { return name; }
}

/**
 * The literature table: the papers a document cites, one row each (citation, title, year, venue,
 * the first sentence of the summary, the code), written as a Markdown pipe table, a LaTeX longtable
 * or CSV. Pure: the caller gives the cited keys and a resolver; the editor command and
 * `ml-papers table` write the same text.
 */
import { escapeTex } from './bibtex';
import type { IndexedEntry } from './model';
import { viewOf } from './render';

export type TableSort = 'year' | 'topic';
export type TableFormat = 'markdown' | 'latex' | 'csv';

export const TABLE_SORTS: readonly TableSort[] = ['year', 'topic'];
export const TABLE_FORMATS: readonly TableFormat[] = ['markdown', 'latex', 'csv'];

export interface TableRow {
  key: string;
  title: string;
  /** "He, Zhang, Ren, Sun" (family names), for CSV. */
  authors: string;
  year?: number;
  venue?: string;
  /** The database paper's first topic; undefined for a paper the database does not hold. */
  topic?: string;
  /** The first sentence of the database summary ("" when there is none). */
  summary: string;
  /** The first code repository in the database's order (official, then library, then community: render.ts codeOrder). */
  code?: { url: string; official: boolean };
}

export interface LiteratureTable {
  rows: TableRow[];
  /** Cited keys that nothing resolves, in order of first citation: they get no row. */
  unknown: string[];
}

/** Rows sort last on a missing year or topic; this is the topic they show under. */
const NO_TOPIC = 'other';

/**
 * One row per distinct key in `keys` that `resolve` finds (the first citation decides the order
 * before sorting), sorted by `sort`: by year (oldest first), or by topic (alphabetically, papers
 * without one last) and by year within a topic; ties by key, so the table is stable.
 */
export function literatureRows(keys: readonly string[], resolve: (key: string) => IndexedEntry | undefined, sort: TableSort): LiteratureTable {
  const rows: TableRow[] = [];
  const unknown: string[] = [];
  for (const key of new Set(keys)) {
    const entry = resolve(key);
    // A bundled "entry" without a paper is a key the index reserves but cannot describe.
    if (!entry || (entry.source.kind === 'bundled' && !entry.paper)) unknown.push(key);
    else rows.push(rowOf(key, entry));
  }
  return { rows: rows.sort(sort === 'topic' ? byTopic : byYear), unknown };
}

function rowOf(key: string, entry: IndexedEntry): TableRow {
  // viewOf: the entry's fields, else its database paper's (a user's entry may lack the venue).
  const v = viewOf(entry);
  const code = v.code[0];
  const topic = entry.paper?.custom.topics?.[0];
  return {
    key,
    title: clean(v.title),
    authors: v.authors.map((a) => a.family).join(', '),
    ...(v.year !== undefined ? { year: v.year } : {}),
    ...(v.venue ? { venue: clean(v.venue) } : {}),
    ...(topic ? { topic } : {}),
    summary: firstSentence(clean(v.summary ?? '')),
    ...(code ? { code: { url: code.url, official: code.official } } : {}),
  };
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byYear = (a: TableRow, b: TableRow) => (a.year ?? Infinity) - (b.year ?? Infinity) || compareText(a.key, b.key);
const byTopic = (a: TableRow, b: TableRow) =>
  Number(a.topic === undefined) - Number(b.topic === undefined) || compareText(a.topic ?? '', b.topic ?? '') || byYear(a, b);

/** Control characters and U+FFFC (an object placeholder pasted from a PDF) mean nothing in a cell; line breaks become spaces. */
function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\ufffc]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Words after which a full stop does not end a sentence. */
const ABBREVIATIONS = /(?:^|[\s(])(?:e\.g|i\.e|cf|vs|etc|et al|Fig|Eq|Sec|approx|resp|incl)\.$/i;

/**
 * The first sentence of a summary: up to the first `.`, `!` or `?` that is followed by a space and
 * a capital letter or digit, outside parentheses, and not after an abbreviation ("e.g. DreamBooth").
 * The whole text when no such end is found.
 */
export function firstSentence(text: string): string {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    else if ((c === '.' || c === '!' || c === '?') && depth === 0 && /^\s+["'‘“]?[\p{Lu}\p{N}]/u.test(text.slice(i + 1, i + 4))) {
      if (c === '.' && ABBREVIATIONS.test(text.slice(Math.max(0, i - 8), i + 1))) continue;
      return text.slice(0, i + 1);
    }
  }
  return text;
}

/** The column headings, in order; `topic` only in a table sorted by topic (and always in CSV). */
function columns(sort: TableSort): string[] {
  return ['Paper', ...(sort === 'topic' ? ['Topic'] : []), 'Title', 'Year', 'Venue', 'Summary', 'Code'];
}

/** "KaimingHe/deep-residual-networks" for a GitHub URL; the URL without its scheme otherwise. */
export function codeLabel(url: string): string {
  const gh = /^https?:\/\/(?:www\.)?github\.com\/([^/?#]+\/[^/?#]+?)(?:\.git)?\/?(?:[?#].*)?$/.exec(url);
  return gh ? gh[1] : url.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

/* ------------------------------ Markdown ------------------------------ */

/**
 * Markdown (pandoc, GitHub) inline text in a pipe-table cell: the pipe must be escaped or it ends
 * the cell, `@` would start a citation in pandoc, and the other characters would start emphasis,
 * code, links, HTML or math.
 */
export function markdownCell(text: string): string {
  return text.replace(/\s*[\r\n\u2028\u2029]\s*/g, ' ').replace(/[\\`*_[\]<>|@$~^]/g, '\\$&');
}

/** A pandoc citation of `key`: `[@key]`, or `[@{key}]` when the key has characters a bare key may not. */
export function markdownCitation(key: string): string {
  const bare = /^[\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}_]))*$/u.test(key);
  return bare ? `[@${key}]` : `[@{${key.replace(/[{}]/g, '')}}]`;
}

/** A URL inside `(…)` of a Markdown link: the characters that would end it, or the cell, percent-encoded. */
function markdownUrl(url: string): string {
  return url.replace(/[\s()<>|]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function markdownTable(rows: readonly TableRow[], sort: TableSort): string {
  const head = columns(sort);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const out = [line(head), line(head.map((h) => (h === 'Year' ? '---:' : '---')))];
  for (const r of rows) {
    // A citation in a cell: the key itself is never escaped (that would change the key), only a `|` in it.
    const cite = markdownCitation(r.key).replace(/\|/g, '\\|');
    const code = r.code ? `[${markdownCell(codeLabel(r.code.url))}](${markdownUrl(r.code.url)})${r.code.official ? '' : ' (unofficial)'}` : '';
    out.push(line([cite, ...(sort === 'topic' ? [markdownCell(r.topic ?? NO_TOPIC)] : []), markdownCell(r.title), r.year ? String(r.year) : '', markdownCell(r.venue ?? ''), markdownCell(r.summary), code]));
  }
  return out.join('\n') + '\n';
}

/* ------------------------------ LaTeX ------------------------------ */

/** The packages the LaTeX table needs in the preamble. */
export const LATEX_TABLE_PACKAGES = ['longtable', 'array', 'url'] as const;

/**
 * Characters pdfLaTeX's UTF-8 input cannot set in text, which ML titles and summaries use (PixArt-α,
 * β-VAE): as math. Latin letters with accents, dashes and quotes pdfLaTeX sets itself.
 */
const TEX_SYMBOLS: Record<string, string> = {
  α: '\\alpha', β: '\\beta', γ: '\\gamma', δ: '\\delta', ε: '\\epsilon', ζ: '\\zeta', η: '\\eta', θ: '\\theta', κ: '\\kappa',
  λ: '\\lambda', μ: '\\mu', ν: '\\nu', ξ: '\\xi', π: '\\pi', ρ: '\\rho', σ: '\\sigma', τ: '\\tau', φ: '\\phi', χ: '\\chi',
  ψ: '\\psi', ω: '\\omega', Γ: '\\Gamma', Δ: '\\Delta', Θ: '\\Theta', Λ: '\\Lambda', Π: '\\Pi', Σ: '\\Sigma', Φ: '\\Phi',
  Ψ: '\\Psi', Ω: '\\Omega', '∞': '\\infty', '×': '\\times', '≤': '\\leq', '≥': '\\geq', '≈': '\\approx', '→': '\\rightarrow',
  '←': '\\leftarrow', '±': '\\pm', '∼': '\\sim', '∈': '\\in', '·': '\\cdot', '√': '\\surd', '∑': '\\sum', '∂': '\\partial',
};
const texSymbol = new RegExp(`[${Object.keys(TEX_SYMBOLS).join('')}]`, 'gu');

/** ASCII that pdfLaTeX's default (OT1) fonts set as other glyphs: `|` as a dash, `<` and `>` as ¡ and ¿. */
const TEX_ASCII: Record<string, string> = { '|': '\\textbar{}', '<': '\\textless{}', '>': '\\textgreater{}' };

/**
 * Plain text for a LaTeX cell: TeX's specials escaped (bibtex.ts escapeTex), `|<>` as text symbols,
 * Greek and math symbols set as math, and a blank line (a paragraph break) as a space.
 */
export function latexText(text: string): string {
  return escapeTex(text.replace(/\s*[\r\n\u2028\u2029]\s*/g, ' '))
    .replace(/[|<>]/g, (c) => TEX_ASCII[c])
    .replace(texSymbol, (c) => `\\ensuremath{${TEX_SYMBOLS[c]}}`);
}

/** `\url{…}`, or the escaped text when the URL has a character `\url` cannot take in a table cell. */
function latexUrl(url: string): string {
  return /^[\w:/.?=&+\-~@!*',;]+$/.test(url) ? `\\url{${url}}` : latexText(url);
}

function latexTable(rows: readonly TableRow[], sort: TableSort): string {
  const head = columns(sort);
  // Paragraph columns, set ragged right (narrow justified cells stretch badly); widths sum to the line.
  // With the Year column and the gaps (3pt each side), the paragraph columns take ~0.85 of the line.
  const widths: Record<string, string> = sort === 'topic'
    ? { Paper: '0.12', Topic: '0.09', Title: '0.2', Venue: '0.1', Summary: '0.2', Code: '0.13' }
    : { Paper: '0.13', Title: '0.21', Venue: '0.1', Summary: '0.27', Code: '0.14' };
  const spec = head.map((h) => (h === 'Year' ? 'r' : `>{\\raggedright\\arraybackslash}p{${widths[h]}\\linewidth}`)).join('');
  const headLine = `${head.map((h) => `\\textbf{${h}}`).join(' & ')} \\\\`;
  const out = [
    `% Literature table written by ML Papers; needs \\usepackage{${LATEX_TABLE_PACKAGES.join(',')}} (hyperref also provides \\url).`,
    // In a group: the narrower column gap must not leak into the document's other tables.
    '\\begingroup',
    '\\setlength{\\tabcolsep}{3pt}',
    `\\begin{longtable}{@{}${spec}@{}}`,
    '\\hline', headLine, '\\hline', '\\endfirsthead',
    '\\hline', headLine, '\\hline', '\\endhead',
    '\\hline', '\\endfoot',
  ];
  for (const r of rows) {
    const code = r.code ? `${latexUrl(r.code.url)}${r.code.official ? '' : ' (unofficial)'}` : '';
    const cells = [`\\cite{${r.key}}`, ...(sort === 'topic' ? [latexText(r.topic ?? NO_TOPIC)] : []), latexText(r.title), r.year ? String(r.year) : '', latexText(r.venue ?? ''), latexText(r.summary), code];
    out.push(`${cells.join(' & ')} \\\\`);
  }
  out.push('\\end{longtable}', '\\endgroup');
  return out.join('\n') + '\n';
}

/* ------------------------------ CSV ------------------------------ */

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV keeps every field (authors, topic, whether the code is official), whatever the sort: it is data, not a page. */
function csvTable(rows: readonly TableRow[]): string {
  const head = ['key', 'title', 'authors', 'year', 'venue', 'topic', 'summary', 'code', 'code_official'];
  const lines = [head, ...rows.map((r) => [r.key, r.title, r.authors, r.year ? String(r.year) : '', r.venue ?? '', r.topic ?? '', r.summary, r.code?.url ?? '', r.code ? String(r.code.official) : ''])];
  // RFC 4180 ends every record, the last one included, with CRLF.
  return lines.map((cells) => cells.map(csvField).join(',') + '\r\n').join('');
}

/** The table as text in `format`; an empty table still has its headings (and, in LaTeX, compiles). */
export function writeTable(rows: readonly TableRow[], format: TableFormat, sort: TableSort): string {
  if (format === 'latex') return latexTable(rows, sort);
  if (format === 'csv') return csvTable(rows);
  return markdownTable(rows, sort);
}

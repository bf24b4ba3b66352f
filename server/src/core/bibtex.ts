/**
 * CSL-JSON → BibTeX / BibLaTeX text for one paper or one indexed entry.
 *
 * citation-js does the mapping (entry types, field names, names, page ranges, dates). We hand it
 * CSL-JSON objects only, never strings, so none of its network input plugins (DOI, Wikidata) can run.
 * Then we fix what it gets wrong for our readers:
 * - it relabels entries, so the cited key is forced onto the entry;
 * - it braces every capitalised title word, so titles are re-rendered with our protection rule;
 * - with `asciiOnly` it turns non-ASCII into TeX macros and silently drops characters it has no macro
 *   for (CJK names vanish), and without it it escapes nothing at all (`&` breaks the file), so we
 *   escape TeX specials ourselves and keep UTF-8;
 * - it knows nothing of arXiv ids (they live in our `custom`), so eprint fields are added here;
 * - its field order depends on its mapping tables, so fields are written in one fixed order.
 *
 * UTF-8 is kept on purpose: biber and pandoc read UTF-8 natively, and bibtex copies the bytes through
 * to the .bbl, where `inputenc` (the LaTeX default since 2018) reads them. Only initials of non-ASCII
 * given names in abbreviating styles can go wrong in 8-bit bibtex, which is a smaller loss than
 * dropping characters.
 */
import type { CslItem, CslName, IndexedEntry } from './model';

export type BibFormat = 'bibtex' | 'biblatex';

/* ------------------------------------------------------------------ *
 * citation-js, typed as far as we use it.
 * ------------------------------------------------------------------ */

interface CiteEntryObject {
  type: string;
  label: string;
  properties: Record<string, string>;
}
interface CiteInstance {
  format(name: string, options: { format: 'object' }): CiteEntryObject[];
}
interface CiteConstructor {
  new (data: object[], options: { forceType: string }): CiteInstance;
  plugins: { config: { get(name: string): { format: { asciiOnly: boolean } } } };
}
let citeLib: CiteConstructor | undefined;
/**
 * citation-js, loaded on first use: loading it is slow (bench/DESIGN.md §6), and server start-up should
 * not pay for it.
 * The build (esbuild.js) bundles it apart into dist/citation.js and turns this require into a
 * run-time require of that file, so the server bundle does not even parse it at start.
 */
function citationJs(): CiteConstructor {
  // citation-js ships no types; it is CommonJS.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (citeLib ??= require('citation-js') as CiteConstructor);
}

/** Runs citation-js on one CSL item with `asciiOnly` off (restored afterwards: the setting is process-wide). */
function citeObject(item: Record<string, unknown>, format: BibFormat): CiteEntryObject | undefined {
  const Cite = citationJs();
  const config = Cite.plugins.config.get('@bibtex');
  const before = config.format.asciiOnly;
  config.format.asciiOnly = false;
  try {
    const [entry] = new Cite([item], { forceType: '@csl/list+object' }).format(format, { format: 'object' });
    return entry;
  } catch {
    return undefined;
  } finally {
    config.format.asciiOnly = before;
  }
}

/* ------------------------------------------------------------------ *
 * Escaping and title protection.
 * ------------------------------------------------------------------ */

/** Escapes TeX's special characters in plain text; non-ASCII is kept as it is (see the file comment). */
export function escapeTex(text: string): string {
  return text.replace(/[\\{}&%$#_~^]/g, (c) => {
    switch (c) {
      case '\\': return '\\textbackslash{}';
      case '~': return '\\textasciitilde{}';
      case '^': return '\\textasciicircum{}';
      default: return '\\' + c;
    }
  });
}

/**
 * Words whose capital must survive a style that lowercases titles, although they have only an
 * initial capital. Acronyms and words like "ImageNet" are caught by the shape rule instead.
 */
const PROPER_NOUNS = new Set([
  'ImageNet', 'Atari', 'Go', 'Transformer', 'Transformers', 'English', 'German', 'French', 'Chinese',
  'Japanese', 'Spanish', 'Monte', 'Carlo', 'Bayes', 'Bayesian', 'Gauss', 'Gaussian', 'Gaussians',
  'Markov', 'Markovian', 'Wasserstein', 'Adam', 'Boltzmann', 'Hessian', 'Newton', 'Langevin', 'Hopfield',
  'Dirichlet', 'Poisson', 'Bernoulli', 'Laplace', 'Laplacian', 'Euclidean', 'Riemannian', 'Hilbert',
  'Fourier', 'Kalman', 'Nesterov', 'Lipschitz', 'Hebbian', 'Shannon', 'Turing', 'Wikipedia', 'Python',
  'Minecraft', 'Dota', 'Bellman', 'Gibbs', 'Hamiltonian', 'Lagrangian', 'Stein', 'Kullback', 'Leibler',
  'Jensen', 'Shapley', 'Sinkhorn', 'Gumbel', 'Cauchy', 'Wishart', 'Beta', 'Student',
]);

/** True when a hyphen-free word must keep its capitals: an internal capital, two or more capitals, or a listed name. */
function needsProtection(segment: string): boolean {
  if (PROPER_NOUNS.has(segment)) return true;
  const capitals = segment.match(/\p{Lu}/gu)?.length ?? 0;
  if (capitals >= 2) return true;
  // An internal capital: "word2Vec", "iPhone".
  return /.\p{Lu}/u.test(segment);
}

/**
 * Braces the parts of one word (letters, digits, hyphens, apostrophes) that a style must not lowercase.
 * Hyphen segments are judged one by one so that "Self-Attention" stays free while "R-CNN", "GPT-3" and
 * "Q-learning" keep their capitals; a trailing plural "s" stays outside ("{GAN}s").
 */
function protectWord(word: string): string {
  const segments = word.split('-');
  const protect = segments.map((s) => needsProtection(s) || (segments.length > 1 && /^\p{Lu}$/u.test(s)));
  // Digits next to a protected segment belong to the name: "GPT-3", "ResNet-50".
  for (let i = 0; i < segments.length; i++) {
    if (!protect[i] && /^\d+$/.test(segments[i]) && (protect[i - 1] || protect[i + 1])) protect[i] = true;
  }
  let out = '';
  for (let i = 0; i < segments.length; ) {
    if (!protect[i]) { out += (i ? '-' : '') + escapeTex(segments[i]); i++; continue; }
    let j = i;
    while (j + 1 < segments.length && protect[j + 1]) j++;
    const group = segments.slice(i, j + 1).join('-');
    const plural = /^(?=(?:.*\p{Lu}){2})[\p{Lu}\d-]+s$/u.test(group);
    out += (i ? '-' : '') + (plural ? `{${escapeTex(group.slice(0, -1))}}s` : `{${escapeTex(group)}}`);
    i = j + 1;
  }
  return out;
}

/**
 * Title text for BibTeX: TeX specials escaped, and acronyms, words with internal capitals and a
 * short list of proper nouns braced so that sentence-casing styles keep them ("{BERT}", "{ImageNet}",
 * "{GAN}s", "{R-CNN}", "{Go}"). Ordinary capitalised words are left free for the style to recase.
 */
export function protectTitle(title: string): string {
  return title.replace(/\s+/g, ' ').trim().split(/([\p{L}\p{N}'’&-]+)/u)
    .map((part, i) => (i % 2 ? protectWord(part) : escapeTex(part)))
    .join('');
}

/* ------------------------------------------------------------------ *
 * One paper.
 * ------------------------------------------------------------------ */

/** arXiv id (without version) of a CSL item: our `custom.arxiv`, else an arXiv DOI or URL. */
export function arxivIdOf(item: CslItem): string | undefined {
  const fromCustom = item.custom?.arxiv;
  if (fromCustom) return fromCustom.replace(/v\d+$/, '');
  const m = /(?:arxiv\.org\/(?:abs|pdf)\/|10\.48550\/arxiv\.)([a-z-]+(?:\.[A-Z]{2})?\/\d{7}|\d{4}\.\d{4,5})/i.exec(`${item.URL ?? ''} ${item.DOI ?? ''}`);
  return m?.[1];
}

/** A paper that exists only as an arXiv preprint (no venue, or a venue that is arXiv itself). */
function isArxivOnly(item: CslItem, arxiv: string | undefined): boolean {
  if (!arxiv) return false;
  if (['report', 'thesis', 'book', 'chapter'].includes(item.type)) return false;
  const venue = item['container-title'];
  return !venue || /^(arxiv|corr)\b/i.test(venue);
}

function escapeName(name: CslName): CslName {
  const out: CslName = {};
  // CSL-JSON from other tools may split "van der Maaten" into a particle and a family name; BibTeX wants them together.
  const particle = (name as Record<string, unknown>)['non-dropping-particle'] ?? (name as Record<string, unknown>)['dropping-particle'];
  const family = typeof particle === 'string' && particle && name.family ? `${particle} ${name.family}` : name.family;
  if (family !== undefined) out.family = escapeTex(family);
  if (name.given !== undefined) out.given = escapeTex(name.given);
  if (name.literal !== undefined) out.literal = escapeTex(name.literal);
  return out;
}

/** The CSL item citation-js sees: our fields only, text pre-escaped, the key forced. */
function cslForCite(item: CslItem, key: string): Record<string, unknown> {
  const out: Record<string, unknown> = { id: key, 'citation-key': key, type: item.type };
  const escape = (v: unknown) => (typeof v === 'string' ? escapeTex(v) : typeof v === 'number' ? String(v) : undefined);
  // Titles are rendered by protectTitle afterwards; they only need to be present for the mapping.
  for (const f of ['title', 'container-title', 'collection-title', 'publisher', 'publisher-place', 'volume', 'issue', 'page', 'number', 'note', 'edition']) {
    const v = escape(item[f]);
    if (v) out[f] = v;
  }
  if (item.author?.length) out.author = item.author.map(escapeName);
  if (item.editor?.length) out.editor = item.editor.map(escapeName);
  if (item.issued) out.issued = item.issued;
  if (item.DOI) out.DOI = item.DOI;
  if (item.URL) out.URL = item.URL;
  return out;
}

/** CSL types whose citation-js mapping we keep. */
const WELL_MAPPED = new Set([
  'article', 'article-journal', 'article-magazine', 'article-newspaper', 'paper-conference', 'report',
  'thesis', 'book', 'chapter', 'manuscript', 'webpage', 'dataset', 'software',
]);

/** Fields in the order we write them; anything else follows alphabetically. */
const FIELD_ORDER = [
  'author', 'editor', 'title', 'booktitle', 'journal', 'journaltitle', 'series', 'howpublished',
  'institution', 'school', 'organization', 'publisher', 'address', 'location', 'edition', 'volume',
  'number', 'pages', 'type', 'year', 'month', 'date', 'doi', 'eprint', 'archivePrefix', 'primaryClass',
  'eprinttype', 'eprintclass', 'url', 'note',
];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Field values that are written bare (BibTeX macros), not braced. */
type Value = string | { macro: string };

function serialize(type: string, key: string, fields: Map<string, Value>): string {
  const rank = (f: string) => { const i = FIELD_ORDER.indexOf(f); return i < 0 ? FIELD_ORDER.length : i; };
  const names = [...fields.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const lines = names.map((f) => {
    const v = fields.get(f)!;
    return `  ${f} = ${typeof v === 'string' ? `{${v}}` : v.macro}`;
  });
  return `@${type}{${key},\n${lines.join(',\n')}\n}\n`;
}

/**
 * One database paper as a BibTeX or BibLaTeX entry under exactly `key`.
 * `@inproceedings` + booktitle for conference papers, `@article` + journal for journal papers,
 * `@techreport`/`@report` + institution for reports, and `@misc` (BibTeX) / `@online` (BibLaTeX)
 * with eprint fields for arXiv-only preprints. Fields come in a fixed order, indented by two spaces,
 * with `\n` line endings and a final newline. Never throws: an item citation-js cannot map still
 * gives an entry with the fields we write ourselves.
 */
export function paperToBibtex(item: CslItem, key: string, format: BibFormat): string {
  const arxiv = arxivIdOf(item);
  const arxivOnly = isArxivOnly(item, arxiv);
  const cite = citeObject(cslForCite(item, key), format);
  const fields = new Map<string, Value>(Object.entries(cite?.properties ?? {}).filter(([, v]) => v !== ''));
  let type = cite?.type ?? 'misc';

  // Titles: ours, not citation-js's brace-every-capital rendering.
  fields.delete('title');
  if (item.title) fields.set('title', protectTitle(item.title));
  for (const f of ['booktitle', 'journal', 'journaltitle']) {
    if (fields.has(f) && item['container-title']) fields.set(f, protectTitle(item['container-title']));
  }
  if (fields.has('series') && item['collection-title']) fields.set('series', protectTitle(item['collection-title']));
  // citation-js copies the URL into howpublished; one copy is enough.
  if (fields.get('howpublished') === item.URL) fields.delete('howpublished');
  // A conference publisher is a publisher (plain styles print both, but "organization" reads as the host).
  if (type === 'inproceedings' && fields.has('organization') && !fields.has('publisher')) {
    fields.set('publisher', fields.get('organization')!);
    fields.delete('organization');
  }
  // Standard styles read `number` in @inproceedings as the number in a series and refuse it beside a volume.
  if (type === 'inproceedings' && fields.has('volume')) fields.delete('number');
  const genre = typeof item.genre === 'string' ? item.genre : '';
  if (item.type === 'thesis') {
    // citation-js has no BibTeX thesis type (it writes @misc, which ignores the school).
    const masters = /master|m\.?sc|m\.?a\b/i.test(genre);
    if (format === 'bibtex') type = masters ? 'mastersthesis' : 'phdthesis';
    else fields.set('type', masters ? 'mathesis' : /ph\.?d|doctor/i.test(genre) || !genre ? 'phdthesis' : escapeTex(genre));
  } else if (type === 'article' && !fields.has('journal') && !fields.has('journaltitle')) {
    // An article without a journal fails every standard style ("empty journal").
    type = 'misc';
  } else if (!arxivOnly && !WELL_MAPPED.has(item.type)) {
    // Lectures, talks and the like: citation-js picks types such as @audio; @misc with howpublished reads right everywhere.
    type = 'misc';
    const how = [genre, item['container-title']].filter((x) => x).map((x) => escapeTex(String(x))).join(', ');
    for (const f of ['booktitle', 'journal', 'journaltitle', 'volume', 'number', 'pages']) fields.delete(f);
    if (how) fields.set('howpublished', how);
  }
  if (format === 'biblatex') {
    // biber's data model (checked with --validate-datamodel) has no publisher for @article and requires a @report type.
    if (type === 'article') fields.delete('publisher');
    if (type === 'report' && !fields.has('type')) fields.set('type', genre ? escapeTex(genre) : 'techreport');
  }
  if (format === 'bibtex') {
    // Numeric months print as "12 2014" in plain styles; the month macros print as names.
    const month = fields.get('month');
    if (typeof month === 'string' && /^\d{1,2}$/.test(month) && +month >= 1 && +month <= 12) fields.set('month', { macro: MONTHS[+month - 1] });
  }

  if (arxiv) {
    fields.set('eprint', arxiv);
    const primary = item.custom?.primaryClass;
    if (format === 'bibtex') {
      fields.set('archivePrefix', 'arXiv');
      if (primary) fields.set('primaryClass', primary);
    } else {
      fields.set('eprinttype', 'arxiv');
      if (primary) fields.set('eprintclass', primary);
    }
    if (!item.URL && arxivOnly) fields.set('url', `https://arxiv.org/abs/${arxiv}`);
  }
  if (arxivOnly) {
    if (format === 'bibtex') {
      type = 'misc';
      // Most .bst styles ignore eprint fields; howpublished is what plain/plainnat print for @misc.
      fields.set('howpublished', escapeTex(`arXiv preprint arXiv:${arxiv}`));
    } else {
      type = 'online';
    }
    // "arXiv" as a journal or publisher only repeats the eprint fields (and plain styles print it twice).
    for (const f of ['journal', 'journaltitle', 'booktitle', 'publisher']) fields.delete(f);
  }
  return serialize(type, key, fields);
}

/* ------------------------------------------------------------------ *
 * One indexed entry, whatever its source.
 * ------------------------------------------------------------------ */

/** Reconstructs a CSL item from what the index knows, for entries without a database paper. */
function entryAsCsl(entry: IndexedEntry): CslItem {
  const item: CslItem = { id: entry.key, type: entry.venue ? 'article-journal' : 'article', title: entry.title };
  item.author = entry.authors.map((a) => (a.given ? { family: a.family, given: a.given } : { family: a.family }));
  if (entry.year !== undefined) item.issued = { 'date-parts': [[entry.year]] };
  if (entry.venue) item['container-title'] = entry.venue;
  if (entry.doi) item.DOI = entry.doi;
  if (entry.url) item.URL = entry.url;
  if (entry.arxiv) item.custom = { arxiv: entry.arxiv, summary: '' };
  // CSL-JSON files keep their own CSL type when the index recorded one.
  if (entry.source.kind !== 'bib' && entry.type) item.type = entry.type;
  return item;
}

/**
 * One indexed entry under `key`. A user's bib entry is written back with its own type and raw
 * fields (values exactly as in their file, in their order), whatever `format` says: we never
 * rewrite what the user wrote. Database papers go through `paperToBibtex`; other sources are
 * rebuilt from the index's plain fields.
 */
export function entryToBibtex(entry: IndexedEntry, key: string, format: BibFormat): string {
  if (entry.source.kind === 'bib' && entry.fields) {
    const lines = Object.entries(entry.fields).map(([f, v]) => `  ${f} = {${v}}`);
    return `@${entry.type || 'misc'}{${key},\n${lines.join(',\n')}\n}\n`;
  }
  return paperToBibtex(writtenItem(entry) ?? entryAsCsl(entry), key, format);
}

/**
 * The CSL item a bibliography writes for an entry that is not the user's own: its database paper, else
 * the item a service gave for a fetched paper; undefined for the others (a user's entry is already in
 * their bibliography).
 */
export function writtenItem(entry: IndexedEntry | undefined): CslItem | undefined {
  return entry?.paper ?? entry?.csl;
}

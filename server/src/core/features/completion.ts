/**
 * Citation key completion inside `\cite{…}` / `[@…]`.
 *
 * Filtering: editors filter the list themselves by matching the typed word (our `prefix`) against
 * each item's `filterText`, and re-rank by how well it matched. Two needs follow. (1) An item the
 * server found by title word or author ("resid", "kaiming") must survive that filter, so
 * `filterText` holds every word search matched on: key, aliases, nicknames, title, authors, year.
 * (2) Our ranking must survive the editor's re-ranking, so `filterText` *starts* with the typed
 * prefix: every item then matches the typed word equally well at position 0 and `sortText` decides.
 * When the user types on and the list was complete, the editor keeps filtering the same items
 * against the keywords, which still contain what search matched; when it was incomplete it asks again.
 */
import { completionContextAt } from '../scan';
import type { CompletionContext, EntryBrief, Span } from '../model';
import { authorsOf, detailLine, renderCard, titleOf, yearOf } from '../render';
import type { Doc, FeatureContext } from './context';
import { definedIn } from './hover';

export interface CompletionEntry {
  key: string;
  detail: string;
  /** The hover card; absent when asked for later (see completionDocumentation). */
  documentationMarkdown?: string;
  filterText: string;
  sortText: string;
  /** "bundled" or the URI of the file defining the key (lets `resolve` rebuild the item). */
  source: string;
}

export interface CompletionResult {
  /** The partial key an accepted item replaces. */
  span: Span;
  /** What was searched: the partial key from its start to the cursor. */
  prefix: string;
  items: CompletionEntry[];
  /** More matches exist: ask again as the user types. */
  incomplete: boolean;
}

/** Authors named in an item's keywords. */
const KEYWORD_AUTHORS = 20;

/** The words an entry can be found by, space-separated. */
export function keywords(e: EntryBrief): string {
  const p = e.paper;
  // Plain concatenation: this runs for every item of every completion (50 per keystroke), and the
  // array-per-author version was the biggest cost of a title-word completion in a large file.
  let out = e.key;
  const add = (s: string | undefined) => { if (s) out += ' ' + s; };
  if (p) {
    if (p.id !== e.key) add(p.id);
    for (const a of p.custom.aliases ?? []) add(a);
    for (const n of p.custom.nicknames ?? []) add(n);
  }
  add(titleOf(e));
  // The first authors only: an item found by a later one still passes the editor's filter, since
  // filterText starts with the typed prefix, and a paper with hundreds of authors made a filterText
  // of kilobytes.
  const authors = authorsOf(e);
  for (let i = 0; i < Math.min(authors.length, KEYWORD_AUTHORS); i++) { add(authors[i].given); add(authors[i].family); }
  const year = yearOf(e);
  if (year !== undefined) add(String(year));
  return out;
}

/**
 * Completion items for the citation under `offset`; undefined when the cursor is not in a citation.
 * With `documentation: false` the cards are left out: an editor that resolves items asks for the one
 * it shows (rendering 50 cards per keystroke was most of a completion response).
 */
export function completion(ctx: FeatureContext, doc: Doc, offset: number, options: { documentation?: boolean } = {}): CompletionResult | undefined {
  if (doc.language === 'bibtex') return undefined;
  const found = completionContextAt(doc.text, offset, doc.language, { customCiteCommands: ctx.config.customCiteCommands });
  if (!found) return undefined;
  const cc = doc.language === 'latex' ? withSpacedWords(doc.text, found) : found;
  const limit = Math.max(1, ctx.config.completionLimit);
  const r = ctx.index.search(cc.prefix, limit, ctx.docBibUris);
  const width = String(r.results.length).length;
  // Items are made from briefs: the whole entry is built only for a card rendered up front (most
  // editors ask for the card of the one item they show, through completionDocumentation).
  const items = r.results.map((hit, i): CompletionEntry => {
    const e = hit.brief();
    return {
      key: e.key,
      detail: detailLine(e),
      documentationMarkdown: options.documentation === false ? undefined : renderCard(hit.entry, { hover: ctx.config.hover, definedIn: definedIn(ctx, hit.entry) }).markdown,
      filterText: `${cc.prefix} ${keywords(e)}`.trimStart(),
      sortText: String(i).padStart(width, '0'),
      source: e.source.kind === 'bundled' ? 'bundled' : e.source.uri,
    };
  });
  return { span: cc.span, prefix: cc.prefix, items, incomplete: r.incomplete };
}

/** The card of a completion item, from its key and `source` (as `completion` set it). */
export function completionDocumentation(ctx: FeatureContext, key: string, source: string): { markdown: string; plaintext: string } | undefined {
  const entry = source === 'bundled' ? ctx.index.bundledFor(key) : ctx.index.resolve(key, [source, ...(ctx.docBibUris ?? [])]);
  return entry ? renderCard(entry, { hover: ctx.config.hover, definedIn: definedIn(ctx, entry) }) : undefined;
}

/**
 * In LaTeX a key never holds a space, so `\cite{residual lear|` can only be a search: the words typed
 * since the last `{` or `,` become the query, and accepting an item replaces all of them with the key.
 * (Pandoc is different: `[@he 2016]` is the key `he` with a suffix, so Markdown keeps the scanner's span.)
 */
function withSpacedWords(text: string, cc: CompletionContext): CompletionContext {
  let start = cc.span.start;
  const limit = Math.max(0, start - 120);
  while (start > limit && /[\p{L}\p{N} \-.:'_]/u.test(text[start - 1])) start--;
  if (start === limit && start > 0) return cc;
  if (text[start - 1] !== '{' && text[start - 1] !== ',') return cc;
  while (start < cc.span.start && text[start] === ' ') start++;
  if (start === cc.span.start || !text.slice(start, cc.span.start).includes(' ')) return cc;
  return { ...cc, span: { start, end: cc.span.end }, prefix: text.slice(start, cc.span.start) + cc.prefix };
}

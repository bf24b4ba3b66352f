/**
 * The arXiv API's answer (an Atom feed, https://info.arxiv.org/help/api/user-manual.html) → CSL-JSON
 * items. The feed is flat and regular (feed > entry > id, title, published, author > name,
 * arxiv:doi, arxiv:primary_category), so a small tolerant reader does: no XML library, and a feed
 * that does not close, or an entry that does not, is reported as malformed rather than half read.
 */
import { parseBibNames } from '../bibEntries';
import type { CslItem } from '../model';
import { normalizeArxivId } from '../refRecognizers';

export type ParsedAnswer = { items: CslItem[] } | { error: string };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML text content → plain text: entities and character references resolved, CDATA kept, spaces collapsed. */
function xmlText(s: string): string {
  return s
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, c: string) => c)
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[name.toLowerCase()] ?? m;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** Text of the first `<tag …>…</tag>` in `xml` (tag may carry a prefix, e.g. "arxiv:doi"). */
function first(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`).exec(xml);
  return m ? xmlText(m[1]) : undefined;
}

function attr(xml: string, tag: string, name: string): string | undefined {
  const m = new RegExp(`<${tag}\\s[^>]*\\b${name}="([^"]*)"`).exec(xml);
  return m ? xmlText(m[1]) : undefined;
}

/**
 * The papers of an arXiv API feed, in feed order; an error entry (title "Error", as the API answers a
 * malformed id) becomes its message. An empty feed is no papers (the id is unknown).
 */
export function parseArxivAtom(xml: string): ParsedAnswer {
  if (!/<feed[\s>]/.test(xml) || !/<\/feed>\s*$/.test(xml)) return { error: 'arXiv answered something that is not a complete Atom feed' };
  const opens = (xml.match(/<entry[\s>]/g) ?? []).length;
  const bodies = [...xml.matchAll(/<entry(?:\s[^>]*)?>([\s\S]*?)<\/entry>/g)].map((m) => m[1]);
  if (opens !== bodies.length) return { error: 'arXiv answered a feed with an unclosed entry' };
  const items: CslItem[] = [];
  for (const body of bodies) {
    if (first(body, 'title') === 'Error') return { error: `arXiv: ${first(body, 'summary') ?? 'error'}` };
    const item = entryItem(body);
    if (item) items.push(item);
  }
  return { items };
}

/** One feed entry as a CSL item (id left empty: the key is chosen when it is stored), or undefined without an arXiv id or title. */
function entryItem(body: string): CslItem | undefined {
  const idUrl = first(body, 'id') ?? '';
  const arxiv = normalizeArxivId(idUrl.replace(/^https?:\/\/arxiv\.org\/abs\//, ''))?.id;
  const title = first(body, 'title');
  if (!arxiv || !title) return undefined;
  const author = [...body.matchAll(/<author(?:\s[^>]*)?>([\s\S]*?)<\/author>/g)].flatMap((m) => {
    const name = first(m[1], 'name');
    if (!name) return [];
    const parsed = parseBibNames(name)[0];
    return parsed ? [parsed.given ? { family: parsed.family, given: parsed.given } : { family: parsed.family }] : [];
  });
  const published = /^(\d{4})-(\d{2})-(\d{2})/.exec(first(body, 'published') ?? '');
  const doi = first(body, 'arxiv:doi');
  const primaryClass = attr(body, 'arxiv:primary_category', 'term');
  const item: CslItem = {
    id: '',
    type: 'article',
    title,
    author,
    ...(published ? { issued: { 'date-parts': [[Number(published[1]), Number(published[2]), Number(published[3])]] } } : {}),
    ...(doi ? { DOI: doi } : {}),
    URL: `https://arxiv.org/abs/${arxiv}`,
    custom: { arxiv, summary: '', ...(primaryClass ? { primaryClass } : {}) },
  };
  return item;
}

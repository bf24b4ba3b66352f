/**
 * The arXiv ids the seed documents link or cite (`arxiv.org/abs|pdf/ID`, `arXiv:ID`), with the
 * content words of the link text and of the 200 characters before the link, so a test can check
 * the database has the paper under that id *and* that it is the paper the seed meant.
 *
 * The seed documents (../shared/seeds) may not be redistributed, so the extracted facts are
 * committed in test/fixtures/seeds/arxiv-links.json: `node scripts/seed-arxiv-ids.mjs --write`
 * regenerates that file from the seeds, and the shared-material tests (`npm run test:shared`)
 * check that it still matches them. Only a sorted set of words is kept, never the seeds' prose.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SeedArxivLink {
  seed: string;
  id: string;
  /** Content words of the link text and the 200 characters before it, sorted; null for an item of a bare numbered reference list. */
  words: string[] | null;
}

export const committedLinksFile = 'test/fixtures/seeds/arxiv-links.json';

const stop = new Set('a an the on of in for to with and by at from is are was were be been via how what why when where which who do does did as into or can we our it its this that these those'.split(' '));
const noise = new Set(['paper', 'pdf', 'https', 'arxiv', 'org']);

/** Lowercased words of three or more letters or digits, without stop words and link noise. */
export function contentWords(s: string): Set<string> {
  return new Set(s.toLowerCase().replace(/[^a-z0-9 ]+/g, ' ').split(/\s+/).filter((w) => w.length > 2 && !stop.has(w) && !noise.has(w)));
}

/** Extracts the links from the seed documents in `dir` (every `*.txt`, in name order). */
export function extractSeedArxivLinks(dir: string): SeedArxivLink[] {
  const out: SeedArxivLink[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.txt')).sort()) {
    const text = readFileSync(join(dir, name), 'utf8');
    const seed = name.replace(/\.txt$/, '');
    const re = /(?:\[([^\]]{0,200})\]\()?(?:https?:\/\/)?(?:www\.)?arxiv\.org\/(?:abs|pdf)\/(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?|arXiv:\s?(\d{4}\.\d{4,5})(?:v\d+)?/gi;
    for (const m of text.matchAll(re)) {
      const id = m[2] ?? m[3];
      const before = text.slice(Math.max(0, m.index - 200), m.index);
      // An item of a bare numbered reference list ("25. https://arxiv.org/pdf/…") says nothing about the paper.
      const lineStart = text.lastIndexOf('\n', m.index - 1) + 1;
      const bareListItem = /^\s*\d+\.\s*$/.test(text.slice(lineStart, m.index));
      out.push({ seed, id, words: bareListItem ? null : [...contentWords(`${m[1] ?? ''} ${before}`)].sort() });
    }
  }
  return out;
}

/** The committed links (see the header): what the tests read, with or without ../shared. */
export function seedArxivLinks(file = committedLinksFile): SeedArxivLink[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { links: SeedArxivLink[] }).links;
}

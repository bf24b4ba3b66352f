/**
 * Extracts every arXiv id the seed documents link or cite (`arxiv.org/abs|pdf/ID`, `arXiv:ID`),
 * with the link text or the words just before it, so a test can check the database has the
 * paper under that id *and* that it is the paper the seed meant.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDir } from './shared';

export interface SeedArxivLink {
  seed: string;
  id: string;
  /** Link text and the 200 characters before the link; '' for an item of a bare numbered reference list. */
  context: string;
}

export const seedsDir = join(sharedDir, 'seeds');

export function seedArxivLinks(dir = seedsDir): SeedArxivLink[] {
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
      out.push({ seed, id, context: bareListItem ? '' : `${m[1] ?? ''} ${before}` });
    }
  }
  return out;
}

// Shared helpers for the consumer tests: the papers to cite, a scratch directory, and running a
// real tool (bibtex, biber, pdflatex, pandoc) so that a missing tool fails the test with a clear
// message instead of skipping it. `npm test` installs the tools (scripts/setup.mjs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CslItem } from '../../server/src/core/model';
import { parseArxivAtom } from '../../server/src/core/online/arxivAtom';
import { parseCrossref, parseDoiCsl, parseSemanticScholar } from '../../server/src/core/online/cslAnswers';
import { citable, keyForItem } from '../../server/src/core/online/records';

export interface PaperSet {
  name: string;
  papers: CslItem[];
}

/**
 * Our fixture of real papers (always), and the bundled database once it has been built,
 * so that a database paper our BibTeX cannot express turns a consumer test red.
 */
export function paperSets(): PaperSet[] {
  const sets: PaperSet[] = [{ name: 'fixture', papers: JSON.parse(readFileSync('test/fixtures/bibtex/papers12.json', 'utf8')) }];
  const db = 'server/data/papers.json';
  if (existsSync(db)) sets.push({ name: 'database', papers: JSON.parse(readFileSync(db, 'utf8')) });
  sets.push({ name: 'fetched online', papers: fetchedPapers() });
  return sets;
}

/**
 * Papers as the online look-up stores them: every recorded service answer in test/fixtures/online/
 * that holds papers, read by our parsers and keyed as the look-up keys them.
 */
export function fetchedPapers(): CslItem[] {
  const read = (name: string) => readFileSync(join('test/fixtures/online', name), 'utf8');
  const answers = [
    parseArxivAtom(read('arxiv-1605.08386.xml')), parseArxivAtom(read('arxiv-search-testing.xml')),
    parseDoiCsl(read('doi-science.169.3946.635.csl.json')), parseCrossref(read('crossref-works-query-ecology.json')),
  ];
  const items = answers.flatMap((a) => ('items' in a ? a.items : []));
  const s2 = parseSemanticScholar(read('s2-batch.json'));
  if ('papers' in s2) items.push(...s2.papers.map((p) => p.item));
  const keys = new Set<string>();
  // The look-up stores only citable records (a title and authors): core/online/records.ts citable().
  return items.filter(citable).map((item) => {
    const id = keyForItem(item, (k) => keys.has(k));
    keys.add(id);
    return { ...item, id };
  });
}

export function lookupIn(papers: CslItem[]): (key: string) => CslItem | undefined {
  const byKey = new Map(papers.map((p) => [p.id, p]));
  return (key) => byKey.get(key);
}

/** A fresh directory, removed after `body` unless the test failed (then it is kept for inspection). */
export function inScratch(prefix: string, body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), `ml-papers-${prefix}-`));
  body(dir);
  rmSync(dir, { recursive: true, force: true });
}

export interface ToolRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

const installHint: Record<string, string> = {
  bibtex: 'texlive-latex-base (or texlive-binaries)',
  pdflatex: 'texlive-latex-base',
  biber: 'biber and texlive-bibtex-extra (biblatex)',
  pandoc: 'pandoc',
};

/** Runs a tool in `cwd`; fails the test (never skips) when the tool is not installed. */
export function run(tool: string, args: string[], cwd: string): ToolRun {
  const r = spawnSync(tool, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    assert.fail(`${tool} is not installed: apt-get install ${installHint[tool] ?? tool} (npm test installs it: scripts/setup.mjs)`);
  }
  assert.ifError(r.error);
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/**
 * Letters and digits only, lowercased: enough to find a title in a .bbl or in rendered text
 * whatever the style did to case, braces, dashes, quotes and line breaks.
 */
export function squash(text: string): string {
  return text
    .replace(/\\(?:textbackslash|textasciitilde|textasciicircum)\{\}/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Titles of `papers` that do not occur in `output`. */
export function missingTitles(papers: CslItem[], output: string): string[] {
  const haystack = squash(output);
  return papers.filter((p) => p.title && !haystack.includes(squash(p.title))).map((p) => `${p.id}: ${p.title}`);
}

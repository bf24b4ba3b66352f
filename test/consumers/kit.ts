// Shared helpers for the consumer tests: the papers to cite, a scratch directory, and running a
// real tool (bibtex, biber, pdflatex, pandoc) so that a missing tool fails the test with a clear
// message instead of skipping it. `npm test` installs the tools (scripts/setup.mjs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CslItem } from '../../server/src/core/model';

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
  return sets;
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

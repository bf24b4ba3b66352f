/**
 * Loading the bundled database: shared by the language server and the CLI (kept apart from
 * server.ts so the CLI does not load the LSP libraries).
 */
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import { CitationIndex } from './core/citationIndex';
import { loadPaperDb } from './core/paperDb';

/** Where the bundled database sits relative to the bundle (dist/server.js → server/data/papers.json). */
export function defaultDatabasePath(): string {
  return process.env.ML_PAPERS_DB ?? path.join(__dirname, '..', 'server', 'data', 'papers.json');
}

export function loadBundledIndex(file = defaultDatabasePath()): { index: CitationIndex; problems: string[] } {
  let json: unknown = [];
  const problems: string[] = [];
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    problems.push(`Cannot load the bundled paper database ${file}: ${(e as Error).message}`);
  }
  const loaded = loadPaperDb(json);
  return { index: new CitationIndex(loaded.db), problems: [...problems, ...loaded.problems] };
}

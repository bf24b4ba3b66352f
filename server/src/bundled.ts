/**
 * Loading the bundled database: shared by the language server and the CLI (kept apart from
 * server.ts so the CLI does not load the LSP libraries).
 */
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import { CitationIndex } from './core/citationIndex';
import { loadPaperDbFile } from './paperDbFile';

const DATA_DIR = path.join(__dirname, '..', 'server', 'data');

/** The database as built, with every field's sources: what `ml-papers export` writes. */
export const FULL_DATABASE = path.join(DATA_DIR, 'papers.json');

/**
 * The prepared form the server and CLI load: papers.json without the fields only reviewers read
 * (`custom.sources`, `custom.unverified`), validated when it was built (scripts/build-db.mjs; a test
 * checks it matches papers.json). See isPreparedDatabase.
 */
const PREPARED_DATABASE = path.join(DATA_DIR, 'papers.runtime.json');

/** Where the bundled database sits relative to the bundle (dist/server.js → server/data/). */
export function defaultDatabasePath(): string {
  return process.env.ML_PAPERS_DB ?? (existsSync(PREPARED_DATABASE) ? PREPARED_DATABASE : FULL_DATABASE);
}

/**
 * The venue catalog (scripts/build-catalog.mjs): a metadata-only database the server indexes in the
 * background like a `mlPapers.databases` entry (setting mlPapers.catalog.enabled). ML_PAPERS_CATALOG
 * may point elsewhere (tests); undefined when there is no such file.
 */
export function defaultCatalogPath(): string | undefined {
  const file = process.env.ML_PAPERS_CATALOG ?? path.join(DATA_DIR, 'catalog.jsonl.gz');
  return existsSync(file) ? file : undefined;
}

export function loadBundledIndex(file = defaultDatabasePath()): { index: CitationIndex; problems: string[] } {
  const loaded = loadPaperDbFile(file);
  return { index: new CitationIndex(loaded.db), problems: loaded.problems };
}

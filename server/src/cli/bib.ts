/**
 * `ml-papers bib`: the bibliography for every key the files cite. With --out it applies the same
 * plan the editor's code action applies (planAdditions), as an atomic file write instead of an edit.
 */
import * as path from 'node:path';
import { promises as fsp } from 'node:fs';
import { planAdditions } from '../core/bibliography';
import { entryToBibtex, type BibFormat } from '../core/bibtex';
import type { CitationIndex } from '../core/citationIndex';
import type { Paper } from '../core/model';
import { NOTE_EXTENSIONS, languageOfPath } from '../languages';
import { pathToUri, uriToPath } from '../workspace';
import { UsageError, value } from './args';
import { atomicWrite } from './atomicWrite';
import type { Command, CliRun } from './command';
import { docBibUris, expandInputs, extraBibs, folderInputs, formatOf, keysCitedIn, loadIndex, readDocs } from './inputs';
import { rel } from './output';

export const bibCommand: Command = {
  name: 'bib',
  synopsis: '<files or folders…>      the bibliography for every key they cite',
  help: `Usage: ml-papers bib <files or folders…> [--out refs.bib] [--biblatex | --bibtex]

Writes the BibTeX for every key the Markdown/LaTeX files cite (sorted, stable) to stdout: a key
your own bibliographies define as you wrote it, the others from the database (stderr says which
came from where). With --out it merges the missing entries into that file: existing entries are
never touched, keys never duplicated, papers already present under another key not added twice
(the file is replaced atomically).`,
  valueFlags: ['--out'],
  boolFlags: ['--bibtex', '--biblatex'],
  async run(run) {
    const { args } = run;
    if (!args.positional.length) throw new UsageError('bib needs files or folders, e.g. ml-papers bib notes/');
    const files = (await expandInputs(args.positional, NOTE_EXTENSIONS)).filter((f) => languageOfPath(f) !== 'bibtex');
    const docs = await readDocs(run, files);
    const out = value(args, '--out');
    const { index, project } = await loadIndex(run, folderInputs(args.positional), docs, [...extraBibs(run), ...(out ? [out] : [])]);
    const keys = keysCitedIn(run, docs, project);
    const preferUris = docs.flatMap((d) => docBibUris(run, project, d));
    if (!out) {
      const bib = ownOrDatabaseEntries(index, keys, preferUris, formatOf(run));
      process.stdout.write(bib.text);
      if (bib.sources.length || bib.unknown.length) process.stderr.write(`ml-papers: ${sourcesLine(bib.sources, bib.unknown)}\n`);
      return 0;
    }
    return mergeInto(run, index, path.resolve(out), keys, preferUris);
  },
};

/** Appends the entries `keys` need and `target` lacks (never touching what is there), atomically. */
async function mergeInto(run: CliRun, index: CitationIndex, target: string, keys: string[], preferUris: string[]): Promise<number> {
  let existing = '';
  try { existing = await fsp.readFile(target, 'utf8'); } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`cannot read ${rel(target)}: ${(e as Error).message}`);
  }
  const uri = pathToUri(target);
  const plan = planAdditions({
    citedKeys: keys,
    bibText: existing,
    lookup: (k: string) => index.resolve(k, preferUris)?.paper,
    samePaperInBib: (item) => index.findInFiles(item as Paper, [uri])[0]?.key,
    format: formatOf(run),
  });
  if (plan.insertText) await atomicWrite(target, existing.slice(0, plan.insertOffset) + plan.insertText + existing.slice(plan.insertOffset));
  process.stderr.write(`${rel(target)}: added ${plan.added.length} entr${plan.added.length === 1 ? 'y' : 'ies'}${plan.added.length ? ` (${plan.added.join(', ')})` : ''}; ${plan.alreadyPresent.length} already present\n`);
  for (const s of plan.sameAs) process.stderr.write(`  ${s.cited}: the file already has this paper as ${s.existing}; cite that key instead\n`);
  if (plan.unknown.length) process.stderr.write(`  unknown keys: ${plan.unknown.join(', ')}\n`);
  return 0;
}

/**
 * The entries for `keys` (each once, sorted by key, under the key as cited): a key the user's own
 * bibliographies define is written as the user wrote it (entryToBibtex), the rest from the database.
 * `sources` counts the entries per origin, the user's files first.
 */
function ownOrDatabaseEntries(index: CitationIndex, keys: readonly string[], preferUris: readonly string[], format: BibFormat) {
  const entries: string[] = [];
  const unknown: string[] = [];
  const counts = new Map<string, number>();
  for (const key of [...new Set(keys)].sort()) {
    const entry = index.resolve(key, preferUris);
    if (!entry || (entry.source.kind === 'bundled' && !entry.paper)) { unknown.push(key); continue; }
    entries.push(entryToBibtex(entry, key, format));
    const from = entry.source.kind === 'bundled' ? '' : rel(uriToPath(entry.source.uri) ?? entry.source.uri);
    counts.set(from, (counts.get(from) ?? 0) + 1);
  }
  const sources = [...counts].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : a > b ? 1 : 0));
  return { text: entries.join('\n'), sources, unknown };
}

/** "2 from refs.bib, 3 from the ML Papers database, 1 not in the database or your bibliographies: x". */
function sourcesLine(sources: ReadonlyArray<[string, number]>, unknown: readonly string[]): string {
  const parts = sources.map(([from, n]) => `${n} from ${from || 'the ML Papers database'}`);
  if (unknown.length) parts.push(`${unknown.length} not in the database or your bibliographies: ${unknown.join(', ')}`);
  return parts.join(', ');
}

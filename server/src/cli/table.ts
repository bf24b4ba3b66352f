/**
 * `ml-papers table`: the literature table of the papers the files cite (core/literatureTable.ts),
 * the same text the editor's Insert Literature Table writes, as Markdown, LaTeX or CSV.
 */
import * as path from 'node:path';
import { LATEX_TABLE_PACKAGES, TABLE_SORTS, literatureRows, writeTable, type TableFormat, type TableSort } from '../core/literatureTable';
import { NOTE_EXTENSIONS, languageOfPath } from '../languages';
import { UsageError, value } from './args';
import { atomicWrite } from './atomicWrite';
import type { Command } from './command';
import { docBibUris, expandInputs, extraBibs, folderInputs, keysCitedIn, loadIndex, readDocs } from './inputs';
import { rel } from './output';

/** What --format and an --out file's extension may say. */
const FORMAT_NAMES: Record<string, TableFormat> = { md: 'markdown', markdown: 'markdown', tex: 'latex', latex: 'latex', csv: 'csv' };

/** --format, else the --out file's extension, else the first document's language. */
function formatFor(formatFlag: string | undefined, out: string | undefined, firstFile: string): TableFormat {
  if (formatFlag !== undefined) {
    const f = FORMAT_NAMES[formatFlag.toLowerCase()];
    if (!f) throw new UsageError(`--format must be md, tex or csv, not ${formatFlag}`);
    return f;
  }
  const fromOut = out ? FORMAT_NAMES[path.extname(out).slice(1).toLowerCase()] : undefined;
  return fromOut ?? (languageOfPath(firstFile) === 'latex' ? 'latex' : 'markdown');
}

export const tableCommand: Command = {
  name: 'table',
  synopsis: '<files or folders…>    a table of the papers they cite (md, tex, csv)',
  help: `Usage: ml-papers table <files or folders…> [--format md|tex|csv] [--sort year|topic] [--out file]

Writes a literature table of the papers the Markdown/LaTeX files cite, one row per paper: the
citation, title, year, venue, the first sentence of the database's summary and the code (official
first); the table Insert Literature Table puts in the editor. --sort year (default; oldest first) or
topic (the database's topic, then year). The format follows --format, else the --out file's
extension, else the first file (Markdown pipe table, LaTeX longtable, or CSV per RFC 4180). Keys
nothing resolves are named on stderr and get no row. --out replaces the file atomically.`,
  valueFlags: ['--format', '--sort', '--out'],
  async run(run) {
    const { args } = run;
    if (!args.positional.length) throw new UsageError('table needs files or folders, e.g. ml-papers table notes/review.md');
    const sortFlag = value(args, '--sort') ?? 'year';
    if (!TABLE_SORTS.includes(sortFlag as TableSort)) throw new UsageError(`--sort must be year or topic, not ${sortFlag}`);
    const out = value(args, '--out');
    const files = (await expandInputs(args.positional, NOTE_EXTENSIONS)).filter((f) => languageOfPath(f) !== 'bibtex');
    if (!files.length) throw new UsageError(`no Markdown or LaTeX files in ${args.positional.join(', ')}`);
    const format = formatFor(value(args, '--format'), out, files[0]);
    const docs = await readDocs(run, files);
    const { index, project } = await loadIndex(run, folderInputs(args.positional), docs, extraBibs(run));
    const preferUris = docs.flatMap((d) => docBibUris(run, project, d));
    const table = literatureRows(keysCitedIn(run, docs, project), (k) => index.resolve(k, preferUris), sortFlag as TableSort);
    if (table.unknown.length) process.stderr.write(`ml-papers: no row for keys nothing knows: ${table.unknown.join(', ')}\n`);
    if (!table.rows.length) { process.stderr.write('ml-papers: the files cite no paper that ML Papers or your bibliographies know\n'); return 1; }
    const text = writeTable(table.rows, format, sortFlag as TableSort);
    if (out) await atomicWrite(path.resolve(out), text);
    else process.stdout.write(text);
    const needs = format === 'latex' ? `; needs \\usepackage{${LATEX_TABLE_PACKAGES.join(',')}}` : '';
    process.stderr.write(`ml-papers: ${table.rows.length} paper${table.rows.length === 1 ? '' : 's'}${out ? ` written to ${rel(path.resolve(out))}` : ''}${needs}\n`);
    return 0;
  },
};

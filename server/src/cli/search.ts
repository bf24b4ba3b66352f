/** `ml-papers search`: the ranking editor completion uses, as lines or JSON. */
import { UsageError, flag, value } from './args';
import type { Command } from './command';
import { extraBibs, loadIndex } from './inputs';
import { color, entryJson } from './output';

export const searchCommand: Command = {
  name: 'search',
  synopsis: '<words…>              find papers (database + bibs in the current folder)',
  help: `Usage: ml-papers search <words…> [--limit N] [--json] [--bib file]

Ranks papers as editor completion does: exact key or nickname first, then title/author matches,
then citation count. Prints key, year, authors and title per line.`,
  valueFlags: ['--limit'],
  boolFlags: ['--json'],
  async run(run) {
    const { args } = run;
    const query = args.positional.join(' ').trim();
    if (!query) throw new UsageError('search needs some words, e.g. ml-papers search residual learning');
    const limit = Number(value(args, '--limit') ?? 20);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number');
    const { index } = await loadIndex(run, [process.cwd()], [], extraBibs(run));
    const r = index.search(query, limit);
    if (flag(args, '--json')) {
      process.stdout.write(JSON.stringify(r.results.map(({ entry, score }) => entryJson(entry, score)), null, 2) + '\n');
      return 0;
    }
    if (!r.results.length) { process.stderr.write(`No papers match "${query}".\n`); return 1; }
    for (const { entry } of r.results) {
      const authors = entry.authors.map((a) => a.family).slice(0, 3).join(', ') + (entry.authors.length > 3 ? ' et al.' : '');
      process.stdout.write(`${color.bold(entry.key)}  ${entry.year ?? '    '}  ${color.dim(authors)}  ${entry.title}\n`);
    }
    if (r.incomplete) process.stderr.write(color.dim(`… more results; use --limit to see more\n`));
    return 0;
  },
};

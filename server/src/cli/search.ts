/** `ml-papers search`: the ranking editor completion uses, as lines or JSON. */
import { UsageError, flag, value } from './args';
import type { Command } from './command';
import { extraBibs, loadIndex } from './inputs';
import { color, entryJson } from './output';
import { ONLINE_FLAG, ONLINE_HELP, printOnline, searchOnline, wantsOnline } from './online';

export const searchCommand: Command = {
  name: 'search',
  synopsis: '<words…>              find papers (database + bibs in the current folder)',
  help: `Usage: ml-papers search <words…> [--limit N] [--json] [--bib file] [--online]

Ranks papers as editor completion does: exact key or nickname first, then title/author matches,
then citation count. Prints key, year, authors and title per line. With --online, each service's
results follow (arXiv id or DOI first: give it to 'ml-papers show --online' to keep the paper).
${ONLINE_HELP}`,
  valueFlags: ['--limit'],
  boolFlags: ['--json', ONLINE_FLAG],
  async run(run) {
    const { args } = run;
    const query = args.positional.join(' ').trim();
    if (!query) throw new UsageError('search needs some words, e.g. ml-papers search residual learning');
    const limit = Number(value(args, '--limit') ?? 20);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number');
    const { index } = await loadIndex(run, [process.cwd()], [], extraBibs(run));
    const r = index.search(query, limit);
    const online = wantsOnline(args) ? await searchOnline(index, query) : undefined;
    if (flag(args, '--json')) {
      const local = r.results.map(({ entry, score }) => entryJson(entry, score));
      process.stdout.write(JSON.stringify(online ? { local, online } : local, null, 2) + '\n');
      return 0;
    }
    if (!r.results.length && !online?.some((s) => s.results.length)) { process.stderr.write(`No papers match "${query}".\n`); if (online) printOnline(online); return 1; }
    for (const { entry } of r.results) {
      const authors = entry.authors.map((a) => a.family).slice(0, 3).join(', ') + (entry.authors.length > 3 ? ' et al.' : '');
      process.stdout.write(`${color.bold(entry.key)}  ${entry.year ?? '    '}  ${color.dim(authors)}  ${entry.title}\n`);
    }
    if (r.incomplete) process.stderr.write(color.dim(`… more results; use --limit to see more\n`));
    if (online) printOnline(online);
    return 0;
  },
};

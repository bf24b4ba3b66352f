/** `ml-papers show`: the card the editor's hover shows, or the entry as BibTeX / CSL-JSON / JSON. */
import { entryToBibtex } from '../core/bibtex';
import { definedIn } from '../core/features/hover';
import type { FeatureContext } from '../core/features/context';
import { renderCard } from '../core/render';
import { UsageError, flag } from './args';
import type { Command } from './command';
import { extraBibs, formatOf, loadIndex } from './inputs';
import { entryJson } from './output';

export const showCommand: Command = {
  name: 'show',
  synopsis: '<key|arXiv id|DOI|nickname>\n                               the paper card: title, authors, venue, summary, code',
  help: `Usage: ml-papers show <key | arXiv id | DOI | nickname> [--json | --bibtex | --biblatex | --csl-json]

Prints the paper card (what the editor's hover shows) or the chosen format.`,
  boolFlags: ['--json', '--bibtex', '--biblatex', '--csl-json'],
  async run(run) {
    const { args } = run;
    const query = args.positional.join(' ').trim();
    if (!query) throw new UsageError('show needs a key, arXiv id, DOI or nickname, e.g. ml-papers show ResNet');
    const { index, config } = await loadIndex(run, [process.cwd()], [], extraBibs(run));
    const entry = index.lookUp(query);
    if (!entry) {
      const near = index.search(query, 3).results.map((h) => h.entry.key);
      process.stderr.write(`ml-papers: no paper "${query}"${near.length ? `; did you mean ${near.join(', ')}?` : ''}\n`);
      return 1;
    }
    if (flag(args, '--bibtex') || flag(args, '--biblatex')) {
      process.stdout.write(entryToBibtex(entry, entry.key, formatOf(run)).trimEnd() + '\n');
    } else if (flag(args, '--csl-json')) {
      process.stdout.write(JSON.stringify(entry.paper ?? entryJson(entry), null, 2) + '\n');
    } else if (flag(args, '--json')) {
      process.stdout.write(JSON.stringify({ ...entryJson(entry), summary: entry.paper?.custom.summary, code: entry.paper?.custom.code ?? [], citations: entry.paper?.custom.citations ?? [] }, null, 2) + '\n');
    } else {
      const ctx: FeatureContext = { index, config };
      const card = renderCard(entry, { hover: config.hover, definedIn: definedIn(ctx, entry) });
      process.stdout.write(card.plaintext.trimEnd() + '\n');
    }
    return 0;
  },
};

/**
 * `ml-papers`: the core jobs in a terminal and in CI. A second adapter over the same core as the
 * language server: `check` prints the diagnostics the server would publish, `bib` applies the same
 * bibliography plan the code action applies (as an atomic file write instead of an editor edit).
 * This file only dispatches; each command is a file of cli/ (cli/command.ts says what one is).
 */
import { VERSION } from './version';
import { COMMON_BOOL_FLAGS, COMMON_VALUE_FLAGS, UsageError, flag, parseArgs } from './cli/args';
import type { Command } from './cli/command';
import { settingsFor } from './cli/inputs';
import { color } from './cli/output';
import { searchCommand } from './cli/search';
import { showCommand } from './cli/show';
import { bibCommand } from './cli/bib';
import { checkCommand } from './cli/check';
import { exportCommand } from './cli/export';
import { tableCommand } from './cli/table';
import { graphCommand } from './cli/graph';

/** The bundle's one export besides main: the atomic write, tested on the built dist/cli.js. */
export { atomicWrite } from './cli/atomicWrite';

/** In the order `ml-papers --help` lists them. */
const COMMANDS: readonly Command[] = [searchCommand, showCommand, bibCommand, checkCommand, tableCommand, graphCommand, exportCommand];

const mainHelp = () => `ml-papers ${VERSION} — citations of machine-learning papers, from the terminal

Usage: ml-papers <command> [options]

Commands:
${COMMANDS.map((c) => `  ${`${c.name} ${c.synopsis}`}`).join('\n')}

Options for every command: --help, --bib <file> (extra .bib/CSL-JSON, repeatable),
  --cite-command <name> (a custom cite command, repeatable or comma-separated), --no-color
Settings: the mlPapers.* settings of the workspace's .vscode/settings.json (bibFiles, bibFormat,
customCiteCommands, diagnostics.*, maxBibFileSizeMB) are used when present; flags add to them or win.
Run 'ml-papers <command> --help' for the options of a command.`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!name || name === '--help' || name === '-h' || name === 'help') { process.stdout.write(mainHelp() + '\n'); return name ? 0 : 2; }
    if (name === '--version' || name === '-v') { process.stdout.write(`${VERSION}\n`); return 0; }
    if (!command) throw new UsageError(`unknown command "${name}"`);
    const args = parseArgs(rest, new Set([...COMMON_VALUE_FLAGS, ...(command.valueFlags ?? [])]), new Set([...COMMON_BOOL_FLAGS, ...(command.boolFlags ?? [])]));
    if (flag(args, '--no-color')) color.on = false;
    if (flag(args, '--help') || flag(args, '-h')) { process.stdout.write(command.help + '\n'); return 0; }
    return await command.run({ args, settings: settingsFor(args) });
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`ml-papers: ${e.message}\n${command ? `Run 'ml-papers ${command.name} --help' for usage.` : "Run 'ml-papers --help' for usage."}\n`);
      return 2;
    }
    process.stderr.write(`ml-papers: ${(e as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  // A reader that stops early (`ml-papers export … | head`) closes the pipe: stop quietly, as Unix tools do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(0); throw e; });
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}

/** What a CLI command is: its help text, the options it takes beyond the common ones, and what it does. */
import type { Config } from '../core/model';
import type { Args } from './args';

/** One run of a command: its arguments and the settings it works with (defaults, then .vscode/settings.json, then flags). */
export interface CliRun {
  args: Args;
  settings: Config;
}

export interface Command {
  name: string;
  /** The line `ml-papers --help` lists (without the name), e.g. "<words…>   find papers". */
  synopsis: string;
  /** `ml-papers <name> --help`. */
  help: string;
  valueFlags?: readonly string[];
  boolFlags?: readonly string[];
  /** Exit status: 0 success, 1 failure (errors found, nothing matched), 2 usage. */
  run(run: CliRun): Promise<number>;
}

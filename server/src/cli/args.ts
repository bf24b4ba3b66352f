/**
 * The CLI's command line: options a command declares, parsed into positionals and flags, and the
 * error that means "the user asked for something malformed" (exit status 2, usage hint).
 */

export class UsageError extends Error {}

export interface Args {
  positional: string[];
  flags: Map<string, string[]>;
}

/** Options every command takes; a command adds its own (Command.valueFlags / boolFlags). */
export const COMMON_VALUE_FLAGS = ['--bib', '--cite-command'] as const;
export const COMMON_BOOL_FLAGS = ['--help', '-h', '--no-color'] as const;

export function parseArgs(argv: string[], valueFlags: ReadonlySet<string>, boolFlags: ReadonlySet<string>): Args {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { positional.push(...argv.slice(i + 1)); break; }
    if (a.startsWith('-')) {
      const [name, inline] = a.split(/=(.*)/s, 2);
      if (valueFlags.has(name)) {
        const v = inline ?? argv[++i];
        if (v === undefined) throw new UsageError(`${name} needs a value`);
        flags.set(name, [...(flags.get(name) ?? []), v]);
      } else if (boolFlags.has(name)) flags.set(name, ['true']);
      else throw new UsageError(`unknown option ${a}`);
    } else positional.push(a);
  }
  return { positional, flags };
}

export const flag = (args: Args, name: string): boolean => args.flags.has(name);
export const value = (args: Args, name: string): string | undefined => args.flags.get(name)?.at(-1);

/** `--name a,b --name c` → [a, b, c]. */
export const listValue = (args: Args, name: string): string[] => (args.flags.get(name) ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);

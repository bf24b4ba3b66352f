/** What may be a citation key: the one rule that rename, the adapter and the CLI share. */

/**
 * Characters a key may not contain. BibTeX ends a key at whitespace, a comma or a brace, and reads
 * `# % " ' ( ) = \` as syntax; pandoc ends a `@key` at `~` and `@`; so a key with any of them would
 * be cited in one place and defined as something else in another.
 */
const INVALID_KEY_CHAR = /[\s,{}()"#%'=\\~@]/;

/** Why `key` cannot be a citation key, or undefined when it can. */
export function citationKeyProblem(key: string): string | undefined {
  if (!key) return 'The new key is empty.';
  if (INVALID_KEY_CHAR.test(key)) return `"${key}" is not a valid citation key: no spaces, commas, braces, quotes, or any of # % ' = \\ ~ @.`;
  return undefined;
}

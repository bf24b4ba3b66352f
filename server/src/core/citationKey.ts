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

// Characters of a key mentioned anywhere in a line (BibTeX keys allow more, but these cover real
// keys: `he2016deep`, `He.Zhang.Ren.ea.2016`, `arXiv:1512.03385`, `doe-2020/a+b`).
const KEY_WORD_CHAR = /[A-Za-z0-9_:.+\-/]/;

/**
 * The key-like word the cursor is on in `line` (cursor at UTF-16 column `character`), or undefined
 * when it is on none: what the editor's commands (open paper, copy BibTeX) act on, in a cite or
 * not. A leading `@` (pandoc) and trailing sentence punctuation (`.`, `:`) are not part of the key.
 */
export function keyInLine(line: string, character: number): string | undefined {
  let start = Math.min(character, line.length);
  let end = start;
  while (start > 0 && KEY_WORD_CHAR.test(line[start - 1])) start--;
  while (end < line.length && KEY_WORD_CHAR.test(line[end])) end++;
  let key = line.slice(start, end).replace(/[.:]+$/, '');
  // A cursor placed on the `@` itself still means the key after it.
  if (key === '' && line[character] === '@') return keyInLine(line, character + 1);
  key = key.replace(/^[.:]+/, '');
  if (!/[A-Za-z]/.test(key)) return undefined;
  return key;
}

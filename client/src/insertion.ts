/**
 * What text a chosen paper becomes at the cursor. Plain string functions (no vscode import) so
 * they run under node:test. Which key the cursor is on is the server's rule (protocol.ts: keyInLine).
 */

/** Languages whose citation syntax the client knows; anything else gets the bare key. */
export type CitationSyntax = 'latex' | 'markdown' | 'plain';

/** Maps a VS Code language id to the citation syntax used when inserting. */
export function syntaxFor(languageId: string): CitationSyntax {
  if (languageId === 'latex' || languageId === 'tex') return 'latex';
  if (languageId === 'markdown') return 'markdown';
  return 'plain';
}

// A cite-family command whose key list is still open at the end of the text before the cursor:
// `\citep[p.~3][]{a, b` or `\parencite*{`. Any command containing "cite" counts, which covers
// natbib, biblatex and most custom macros without a list.
const openLatexCite = /\\[A-Za-z]*cite[A-Za-z]*\*?(?:\[[^\]\n]*\]){0,2}\{[^{}\n]*$/;

/**
 * The text to insert for `key` when the line reads `before|after` around the cursor.
 * LaTeX: `\cite{key}`, or the bare key (comma-separated when needed) inside an open `\cite{...}`.
 * Markdown: `[@key]`, or `@key` inside brackets (`; @key` after another citation).
 */
export function citationText(syntax: CitationSyntax, before: string, after: string, key: string): string {
  if (syntax === 'latex') {
    const open = openLatexCite.exec(before);
    if (!open) return `\\cite{${key}}`;
    const last = before.trimEnd().slice(-1);
    if (last === '{' || last === ',') return key;
    // Follow the separator the list already uses (`a, b` or `a,b`).
    const list = open[0].slice(open[0].lastIndexOf('{') + 1);
    return (/,\s/.test(list) ? ', ' : ',') + key;
  }
  if (syntax === 'markdown') {
    const open = before.lastIndexOf('[');
    const insideBrackets = open >= 0 && !before.slice(open).includes(']') && /^[^[\]\n]*\]/.test(after);
    if (!insideBrackets) return `[@${key}]`;
    const inBracket = before.slice(open + 1);
    // Directly after `[`, whitespace or `;` the key stands alone; after another citation it needs
    // Pandoc's `;` separator; after a prefix word ("see") a space.
    if (inBracket === '' || /[\s;]$/.test(inBracket)) return `@${key}`;
    return inBracket.includes('@') ? `; @${key}` : ` @${key}`;
  }
  return key;
}

/**
 * The text to insert for a block (a table) at the cursor of the line `before|after`, so that it
 * stands as a block of its own: after a blank line (pandoc reads a pipe table only after one; a
 * blank line before a LaTeX table is only a paragraph end), and followed by one when text follows on
 * the cursor's line. `previousLineBlank`: whether the line above is blank or there is none.
 */
export function blockInsertion(before: string, after: string, previousLineBlank: boolean, block: string): string {
  const body = block.endsWith('\n') ? block : `${block}\n`;
  const lead = before.trim() !== '' ? '\n\n' : previousLineBlank ? '' : '\n';
  // With nothing after the cursor, the line's own line break ends the block and leaves a blank line.
  return lead + body + (after.trim() !== '' ? '\n' : '');
}

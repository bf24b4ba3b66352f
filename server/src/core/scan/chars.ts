/** Character codes and classes the scanners test one `charCodeAt` at a time. */

export const NL = 10, CR = 13, SPACE = 32, TAB = 9, BACKSLASH = 92, PERCENT = 37, LBRACE = 123, RBRACE = 125,
  LBRACKET = 91, RBRACKET = 93, LPAREN = 40, RPAREN = 41, COMMA = 44, AT = 64, BACKTICK = 96, TILDE = 126,
  STAR = 42, LT = 60, GT = 62, MINUS = 45;

export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
/** A blank within a line. */
export function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === CR;
}
/** White space, line breaks and form feeds included. */
export function isWs(c: number): boolean {
  return c === SPACE || c === TAB || c === NL || c === CR || c === 12;
}

/** The offset of the line break ending the line at `p`, or the text's length on the last line. */
export function lineEnd(text: string, p: number): number {
  const e = text.indexOf('\n', p);
  return e < 0 ? text.length : e;
}

/**
 * From the opening `open` at `p`: the index past its matching `close`, or -1 when it does not close
 * before `limit`. A backslash hides the next character; braces nest inside any delimiter pair.
 */
export function matchingClose(text: string, p: number, limit: number, open = LBRACE, close = RBRACE): number {
  let depth = 0;
  for (let i = p; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) { i++; continue; }
    if (c === LBRACE || (c === open && open !== LBRACE)) depth++;
    else if (c === RBRACE || (c === close && close !== RBRACE)) { if (--depth === 0) return i + 1; }
  }
  return -1;
}

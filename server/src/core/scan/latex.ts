/**
 * LaTeX: natbib and biblatex cite commands (multicites included), bibliography declarations, and
 * the completion context inside a key group. Comments, verbatim environments and `\verb` are not prose.
 */
import type { BibliographyDecl, CiteSite, CompletionContext, Span } from '../model';
import { BACKSLASH, COMMA, isAsciiLetter, isBlank, isWs, LBRACE, LBRACKET, lineEnd, LPAREN, NL, PERCENT, RBRACE, RBRACKET, RPAREN, STAR } from './chars';
import { Prose } from './prose';
import type { Scan, ScanOptions } from './types';

const LATEX_CITES = new Set([
  'cite', 'Cite', 'citep', 'citet', 'citealp', 'citealt', 'citeauthor', 'citeyear', 'citeyearpar', 'citenum',
  'Citep', 'Citet', 'Citealp', 'Citealt', 'Citeauthor', 'nocite', 'parencite', 'Parencite', 'textcite', 'Textcite',
  'autocite', 'Autocite', 'footcite', 'Footcite', 'footcitetext', 'smartcite', 'Smartcite', 'supercite', 'fullcite',
  'footfullcite', 'citetitle', 'Citetitle', 'citeurl', 'citedate', 'citepalias', 'citetalias',
]);
/** biblatex multicite commands: `\cites(pre)(post)[..][..]{a}[..]{b}`. */
const LATEX_MULTICITES = new Set([
  'cites', 'Cites', 'parencites', 'Parencites', 'textcites', 'Textcites', 'autocites', 'Autocites', 'footcites',
  'footcitetexts', 'smartcites', 'Smartcites', 'supercites',
]);
const LATEX_BIBS: ReadonlyMap<string, BibliographyDecl['kind']> = new Map([
  ['bibliography', 'bibliography'], ['nobibliography', 'bibliography'],
  ['addbibresource', 'addbibresource'], ['addglobalbib', 'addbibresource'], ['addsectionbib', 'addbibresource'],
]);
/** Environments whose body is not TeX: nothing in them is cited. */
const VERBATIM_ENVS = new Set(['verbatim', 'verbatim*', 'Verbatim', 'Verbatim*', 'BVerbatim', 'LVerbatim', 'lstlisting', 'minted', 'comment']);
/** Optional arguments longer than this are not optional arguments (bounds the look-ahead on broken input). */
const MAX_OPTIONAL = 4096;

/** One pass over LaTeX: the whole result when `cursor` is -1, else the completion context at `cursor`. */
export function scanLatex(text: string, options: ScanOptions, cursor: number): Scan {
  const n = text.length;
  const collecting = cursor < 0;
  const cites: CiteSite[] = [];
  const bibliographies: BibliographyDecl[] = [];
  const custom = new Set<string>();
  for (const c of options.customCiteCommands ?? []) if (typeof c === 'string' && c) custom.add(c.replace(/^\\/, ''));
  const prose = new Prose(text, cursor);
  const done = (context?: CompletionContext): Scan => ({ result: { cites, bare: prose.bare, bibliographies }, context });

  /** Skips blanks and at most one line break (a blank line ends a command's arguments). */
  function skipArgSpace(p: number): number {
    let lines = 0;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c === NL) { if (++lines > 1) return p; }
      else if (!isBlank(c)) return p;
      p++;
    }
    return p;
  }
  /** Where `matchOptional` gave up: an unclosed `[` extends to here for the cursor's sake. */
  let optStop = 0;
  // Look-ahead for optional arguments is bounded per argument and in total, so that a file full
  // of unclosed `\cite[` stays linear.
  let optBudget = 4 * n + 65536;
  /** From `[` or `(` at `p`: index of the matching closer, or -1 when there is none nearby. */
  function matchOptional(p: number, open: number, close: number): number {
    let depth = 0, braces = 0;
    const limit = Math.min(n, p + (optBudget > 0 ? MAX_OPTIONAL : 64));
    optBudget -= limit - p;
    let i = p;
    for (; i < limit; i++) {
      const c = text.charCodeAt(i);
      if (c === BACKSLASH) { i++; continue; }
      if (c === LBRACE) braces++;
      else if (c === RBRACE) { if (--braces < 0) break; }
      else if (braces === 0 && c === open) depth++;
      else if (braces === 0 && c === close && --depth === 0) return i;
      else if (c === NL && isBlankLineAfter(i)) break;
    }
    optStop = Math.min(i, n);
    return -1;
  }
  /** After the newline at `i`: is the next line blank (a paragraph break)? */
  function isBlankLineAfter(i: number): boolean {
    let p = i + 1;
    while (p < n && isBlank(text.charCodeAt(p))) p++;
    return p >= n || text.charCodeAt(p) === NL;
  }
  /** A character that ends a key in a key list. */
  function endsKey(c: number): boolean {
    return c === COMMA || c === RBRACE || c === LBRACE || c === BACKSLASH || c === PERCENT || isWs(c);
  }

  // Result of `keyGroup`: the keys with spans, and where the group ended.
  interface Group { keys: Array<{ key: string; span: Span }>; end: number; closed: boolean }
  /**
   * Reads `{a, b}` at `g`. A group that never closes ends at the end of its first line (or at a
   * `{`, `\` or paragraph break), so a half-typed `\cite{he` does not swallow the next lines.
   */
  function keyGroup(g: number): Group {
    const keys: Group['keys'] = [];
    let p = g + 1;
    let firstLineEnd = -1;
    let keyStart = -1;
    const finish = (end: number): void => {
      if (keyStart >= 0 && end > keyStart) keys.push({ key: text.slice(keyStart, end), span: { start: keyStart, end } });
      keyStart = -1;
    };
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c === RBRACE) { finish(p); return { keys, end: p + 1, closed: true }; }
      if (c === LBRACE || c === BACKSLASH) break;
      if (c === PERCENT) {
        finish(p);
        p = lineEnd(text, p);
        continue;
      }
      if (c === NL) {
        finish(p);
        if (firstLineEnd < 0) firstLineEnd = p;
        if (isBlankLineAfter(p)) break;
        p++;
        continue;
      }
      if (c === COMMA || isWs(c)) { finish(p); p++; continue; }
      if (keyStart < 0) keyStart = p;
      p++;
    }
    finish(p);
    if (firstLineEnd >= 0 && collecting) {
      // Unterminated: keep only the keys on the opening line.
      return { keys: keys.filter((k) => k.span.end <= firstLineEnd), end: firstLineEnd, closed: false };
    }
    return { keys, end: p, closed: false };
  }
  /**
   * The completion context for a cursor inside the key group opened at `g` and scanned to `end`: the
   * whole key under the cursor is replaced, the part before the cursor is searched.
   */
  function groupContext(g: number, end: number, command: string): CompletionContext {
    let s = cursor;
    while (s > g + 1 && !endsKey(text.charCodeAt(s - 1))) s--;
    let e = cursor;
    while (e < end && e < n && !endsKey(text.charCodeAt(e))) e++;
    return { span: { start: s, end: e }, prefix: text.slice(s, cursor), command };
  }

  let i = 0;
  while (i < n) {
    if (!collecting && i >= cursor) break;
    const c = text.charCodeAt(i);
    if (c === PERCENT) {
      const end = lineEnd(text, i);
      if (prose.skip(i, end)) return done();
      i = end;
      continue;
    }
    if (c !== BACKSLASH) { i++; continue; }
    let j = i + 1;
    if (j >= n) break;
    if (!isAsciiLetter(text.charCodeAt(j))) { i = j + 1; continue; } // `\%`, `\\`, `\{`: escapes.
    while (j < n && isAsciiLetter(text.charCodeAt(j))) j++;
    const name = text.slice(i + 1, j);
    let star = false;
    if (text.charCodeAt(j) === STAR) { star = true; j++; }

    if (name === 'begin') {
      const p = skipArgSpace(j);
      if (text.charCodeAt(p) === LBRACE) {
        // Environment names are short; a bounded look keeps `\begin{` without `}` linear.
        const close = text.slice(p, p + 64).indexOf('}') + p;
        const env = close < p ? '' : text.slice(p + 1, close);
        if (VERBATIM_ENVS.has(env)) {
          const endTag = `\\end{${env}}`;
          const e = text.indexOf(endTag, close + 1);
          const end = e < 0 ? n : e + endTag.length;
          if (prose.skip(i, end)) return done();
          i = end;
          continue;
        }
      }
      i = j;
      continue;
    }
    if (name === 'verb' || name === 'lstinline') {
      const delim = text.charCodeAt(j);
      if (j < n && !isAsciiLetter(delim) && !isWs(delim) && delim !== STAR) {
        const closer = delim === LBRACE ? RBRACE : delim;
        let e = j + 1;
        while (e < n && text.charCodeAt(e) !== closer && text.charCodeAt(e) !== NL) e++;
        const end = e < n && text.charCodeAt(e) === closer ? e + 1 : e;
        if (prose.skip(i, end)) return done();
        i = end;
        continue;
      }
      i = j;
      continue;
    }

    const bibKind = LATEX_BIBS.get(name);
    const isCite = LATEX_CITES.has(name) || custom.has(name);
    const isMulti = LATEX_MULTICITES.has(name);
    if (!isCite && !isMulti && !bibKind) { i = j; continue; }
    const command = `\\${name}${star ? '*' : ''}`;

    // Arguments: multicites take up to two `(...)` global notes first; then each key group may be
    // preceded by up to two `[...]` optional arguments.
    let p = j;
    if (isMulti) {
      for (let k = 0; k < 2; k++) {
        const q = skipArgSpace(p);
        if (text.charCodeAt(q) !== LPAREN) break;
        const e = matchOptional(q, LPAREN, RPAREN);
        if (e < 0) break;
        if (prose.covers(q, e)) return done();
        p = e + 1;
      }
    }
    const groups: Group[] = [];
    let inOptional = false;
    for (;;) {
      let q = p;
      for (let k = 0; k < 2; k++) {
        const r = skipArgSpace(q);
        if (text.charCodeAt(r) !== LBRACKET) break;
        const e = matchOptional(r, LBRACKET, RBRACKET);
        if (e < 0) { if (prose.covers(r, optStop)) inOptional = true; break; }
        if (prose.covers(r, e)) inOptional = true;
        q = e + 1;
      }
      if (inOptional) break;
      const r = skipArgSpace(q);
      if (text.charCodeAt(r) !== LBRACE) break;
      const group = keyGroup(r);
      if (!collecting && cursor > r && cursor <= (group.closed ? group.end - 1 : group.end)) {
        return done(bibKind ? undefined : groupContext(r, group.closed ? group.end - 1 : group.end, command));
      }
      groups.push(group);
      p = group.end;
      if (!isMulti || !group.closed) break;
    }
    if (inOptional) return done();
    if (groups.length === 0) { i = j; continue; }
    prose.cut(i, p);
    const container: Span = { start: i, end: p };
    if (collecting) {
      if (bibKind) {
        const g = groups[0];
        if (bibKind === 'bibliography') {
          for (const k of g.keys) bibliographies.push({ path: k.key, span: k.span, kind: bibKind });
        } else if (g.keys.length) {
          // One resource per command; a path may contain spaces, so take everything between the braces.
          const first = g.keys[0].span.start, last = g.keys[g.keys.length - 1].span.end;
          bibliographies.push({ path: text.slice(first, last), span: { start: first, end: last }, kind: bibKind });
        }
      } else {
        for (const g of groups) {
          for (const k of g.keys) {
            if (name === 'nocite' && k.key === '*') continue;
            cites.push({ key: k.key, span: k.span, command, container });
          }
        }
      }
    }
    i = p;
  }
  prose.close(n);
  return done();
}

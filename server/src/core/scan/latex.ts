/**
 * LaTeX: natbib and biblatex cite commands (multicites included), the document's own cite macros
 * (latexMacros.ts), bibliography declarations and backend, and the completion context inside a key
 * group. Comments, verbatim environments, `\verb` and `\iffalse` blocks are not prose. A macro
 * body's keys count only where the macro is used, and `#1` in a body is never a key.
 */
import type { BibliographyDecl, CiteSite, CompletionContext, Span } from '../model';
import { BACKSLASH, COMMA, isAsciiLetter, isBlank, isWs, LBRACE, LBRACKET, lineEnd, LPAREN, matchingClose, NL, PERCENT, RBRACE, RBRACKET, RPAREN, STAR } from './chars';
import { iffalseEnd, LATEX_CITES, LATEX_MULTICITES, latexDefinitions, verbatimEnd, type LatexDefinition } from './latexMacros';
import { Prose } from './prose';
import type { Scan, ScanOptions } from './types';

const LATEX_BIBS: ReadonlyMap<string, BibliographyDecl['kind']> = new Map([
  ['bibliography', 'bibliography'], ['nobibliography', 'bibliography'],
  ['addbibresource', 'addbibresource'], ['addglobalbib', 'addbibresource'], ['addsectionbib', 'addbibresource'],
]);
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
  let sawBiblatex = false, sawBibtex = false;
  const done = (context?: CompletionContext): Scan => {
    const backend = sawBiblatex ? 'biblatex' : sawBibtex ? 'bibtex' : undefined;
    return { result: { cites, bare: prose.bare, bibliographies, ...(backend ? { backend } : {}) }, context };
  };

  // The document's own definitions: which commands cite, and which bodies are not prose citations.
  const { defs, macros } = latexDefinitions(text, custom);
  const defAt = new Map(defs.map((d) => [d.start, d]));
  /** Commands with a body: a literal key in the body is cited where the command is used (as LaTeX would). */
  const withBody = new Set(defs.filter((d) => d.bodyStart < d.end).map((d) => d.name));
  const used = new Set<string>();
  /** Cites written in a body, by its command: they count once the command is used outside its body. */
  const deferred = new Map<string, CiteSite[]>();
  /** The definition whose body the scan is in. */
  let body: LatexDefinition | undefined;

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
  /** From `{` at `p`: past its matching `}`, or -1 when it does not close nearby. */
  function matchGroup(p: number): number {
    const limit = Math.min(n, p + (optBudget > 0 ? MAX_OPTIONAL : 64));
    optBudget -= limit - p;
    return matchingClose(text, p, limit);
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

    if (body && i >= body.end) body = undefined;
    if (withBody.size && withBody.has(name) && body?.name !== name) used.add(name);
    const def = defAt.size ? defAt.get(i) : undefined;
    if (def) {
      // The defining command and the defined name are not prose; the body is scanned, its cites deferred.
      if (prose.skip(i, def.bodyStart)) return done();
      if (def.bodyStart < def.end) body = def;
      i = def.bodyStart;
      continue;
    }
    if (name === 'iffalse') {
      const end = iffalseEnd(text, j);
      if (prose.skip(i, end)) return done();
      i = end;
      continue;
    }
    if (name === 'begin' || name === 'verb' || name === 'lstinline') {
      const end = verbatimEnd(text, j, name);
      if (end > j && prose.skip(i, end)) return done();
      i = end;
      continue;
    }
    if (collecting) {
      if (name === 'usepackage' || name === 'RequirePackage') {
        const m = /\s*(?:\[[^\]]*\]\s*)?\{([^}]*)\}/y;
        m.lastIndex = j;
        const pkgs = m.exec(text)?.[1];
        // biblatex-chicago and friends load biblatex.
        if (pkgs && /(^|[\s,])biblatex(-[A-Za-z-]+)?([\s,]|$)/.test(pkgs)) sawBiblatex = true;
      } else if (name === 'bibliographystyle') sawBibtex = true;
      else if (name === 'printbibliography') sawBiblatex = true;
    }

    const bibKind = LATEX_BIBS.get(name);
    const macro = macros.size ? macros.get(name) : undefined;
    const isCite = LATEX_CITES.has(name) || custom.has(name) || macro?.multi === false;
    const isMulti = LATEX_MULTICITES.has(name) || macro?.multi === true;
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
    // A macro whose keys come in a later argument: pass over the arguments before it.
    let missing = false;
    for (let k = 0; k < (macro?.keyArg ?? 0) && !missing; k++) {
      let q = p;
      for (let o = 0; o < 2; o++) {
        const r = skipArgSpace(q);
        const e = text.charCodeAt(r) === LBRACKET ? matchOptional(r, LBRACKET, RBRACKET) : -1;
        if (e < 0) break;
        q = e + 1;
      }
      const r = skipArgSpace(q);
      const e = text.charCodeAt(r) === LBRACE ? matchGroup(r) : -1;
      if (e < 0 || prose.covers(r, e)) missing = true; else p = e;
    }
    if (missing) { i = j; continue; }
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
        if (bibKind === 'addbibresource') sawBiblatex = true; else sawBibtex = true;
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
            const site = { key: k.key, span: k.span, command, container };
            if (!body || k.span.start >= body.end) { cites.push(site); continue; }
            // In a body, `#1` is a parameter, not a key.
            if (k.key.includes('#')) continue;
            const l = deferred.get(body.name);
            if (l) l.push(site); else deferred.set(body.name, [site]);
          }
        }
      }
    }
    i = p;
  }
  prose.close(n);
  if (deferred.size) {
    for (const [name, sites] of deferred) if (used.has(name)) cites.push(...sites);
    cites.sort((a, b) => a.span.start - b.span.start);
  }
  return done();
}

/**
 * Scanners for LaTeX and pandoc Markdown: cite sites, bare arXiv/DOI references and the
 * bibliographies a document names, plus the completion context at an offset.
 *
 * Each scanner is one forward pass that skips what is not prose (comments, verbatim, code) and
 * never looks back more than a few characters, so a document costs linear time whatever it holds.
 * Completion runs the same pass up to the cursor, so "inside a comment" or "inside code" means
 * exactly what it means for the scan.
 */
import type { BibliographyDecl, BareRef, CiteSite, CompletionContext, DocLanguage, ScanResult, Span } from './model';
import { findBareRefs } from './refRecognizers';

export interface ScanOptions {
  /** Extra LaTeX cite commands, without backslash. */
  customCiteCommands?: readonly string[];
}

/** Finds citations, bare arXiv/DOI references and bibliography declarations. Never throws. */
export function scanDocument(text: string, language: DocLanguage, options: ScanOptions = {}): ScanResult {
  if (language === 'latex') return scanLatex(text, options, -1).result;
  if (language === 'markdown') return scanMarkdown(text, -1).result;
  return { cites: [], bare: findBareRefs(text), bibliographies: [] };
}

/**
 * The partial key under `offset` inside a citation, or undefined when the cursor is not in one
 * (including inside the optional `[...]` of a LaTeX cite, comments and code).
 */
export function completionContextAt(text: string, offset: number, language: DocLanguage, options: ScanOptions = {}): CompletionContext | undefined {
  if (!(offset >= 0 && offset <= text.length)) return undefined;
  if (language === 'latex') return scanLatex(text, options, offset).context;
  if (language === 'markdown') return scanMarkdown(text, offset).context;
  return undefined;
}

interface Scan {
  result: ScanResult;
  context?: CompletionContext;
}

const NL = 10, CR = 13, SPACE = 32, TAB = 9, BACKSLASH = 92, PERCENT = 37, LBRACE = 123, RBRACE = 125,
  LBRACKET = 91, RBRACKET = 93, LPAREN = 40, RPAREN = 41, COMMA = 44, AT = 64, BACKTICK = 96, TILDE = 126,
  STAR = 42, LT = 60, GT = 62, MINUS = 45;

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === CR;
}
function isWs(c: number): boolean {
  return c === SPACE || c === TAB || c === NL || c === CR || c === 12;
}

/* ------------------------------------------------------------------ *
 * LaTeX
 * ------------------------------------------------------------------ */

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

function scanLatex(text: string, options: ScanOptions, cursor: number): Scan {
  const n = text.length;
  const collecting = cursor < 0;
  const cites: CiteSite[] = [];
  const bare: BareRef[] = [];
  const bibliographies: BibliographyDecl[] = [];
  const custom = new Set<string>();
  for (const c of options.customCiteCommands ?? []) if (typeof c === 'string' && c) custom.add(c.replace(/^\\/, ''));
  const done = (context?: CompletionContext): Scan => ({ result: { cites, bare, bibliographies }, context });

  let segStart = 0;
  /** Prose ends where a comment, verbatim block or citation begins: look for bare references in it. */
  const flush = (end: number): void => {
    if (collecting && end > segStart) for (const r of findBareRefs(text, segStart, end)) bare.push(r);
  };
  /** True when the cursor lies inside (start, end]: the scan of a completion request can stop. */
  const covers = (start: number, end: number): boolean => cursor > start && cursor <= end;

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
        const nl = text.indexOf('\n', p);
        p = nl < 0 ? n : nl;
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
  /** The completion context for a cursor inside the key group opened at `g` and scanned to `end`. */
  function groupContext(g: number, end: number, command: string): CompletionContext {
    let s = cursor;
    while (s > g + 1 && !endsKey(text.charCodeAt(s - 1))) s--;
    let e = cursor;
    while (e < end && e < n && !endsKey(text.charCodeAt(e))) e++;
    return { span: { start: s, end: e }, prefix: text.slice(s, e), command };
  }

  let i = 0;
  while (i < n) {
    if (!collecting && i >= cursor) break;
    const c = text.charCodeAt(i);
    if (c === PERCENT) {
      const nl = text.indexOf('\n', i);
      const end = nl < 0 ? n : nl;
      if (covers(i, end)) return done();
      flush(i);
      i = end;
      segStart = i;
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
          if (covers(i, end)) return done();
          flush(i);
          i = end;
          segStart = i;
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
        if (covers(i, end)) return done();
        flush(i);
        i = end;
        segStart = i;
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
        if (covers(q, e)) return done();
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
        if (e < 0) { if (covers(r, optStop)) inOptional = true; break; }
        if (covers(r, e)) inOptional = true;
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
    flush(i);
    segStart = p;
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
  flush(n);
  return done();
}

/* ------------------------------------------------------------------ *
 * Markdown (pandoc)
 * ------------------------------------------------------------------ */

function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || isAsciiLetter(c) || c === 95;
  return /[\p{L}\p{N}]/u.test(String.fromCharCode(c)) || (c >= 0xd800 && c <= 0xdfff);
}
/** Punctuation pandoc allows inside a key when a letter or digit follows it. */
function isKeyPunct(c: number): boolean {
  return c === 58 || c === 46 || c === 35 || c === 36 || c === PERCENT || c === 38 || c === MINUS || c === 43 ||
    c === 63 || c === LT || c === GT || c === TILDE || c === 47;
}

/** End of a pandoc key starting at `p` (p itself when there is none). */
function pandocKeyEnd(text: string, p: number): number {
  const n = text.length;
  if (p >= n || !isWordChar(text.charCodeAt(p))) return p;
  let e = p + 1;
  while (e < n) {
    const c = text.charCodeAt(e);
    if (isWordChar(c)) { e++; continue; }
    if (isKeyPunct(c) && e + 1 < n && isWordChar(text.charCodeAt(e + 1))) { e += 2; continue; }
    break;
  }
  return e;
}

interface OpenBracket { pos: number; cites: CiteSite[] }

function scanMarkdown(text: string, cursor: number): Scan {
  const n = text.length;
  const collecting = cursor < 0;
  const cites: CiteSite[] = [];
  const bare: BareRef[] = [];
  const bibliographies: BibliographyDecl[] = [];
  const finish = (context?: CompletionContext): Scan => {
    cites.sort((a, b) => a.span.start - b.span.start);
    return { result: { cites, bare, bibliographies }, context };
  };
  const covers = (start: number, end: number): boolean => cursor > start && cursor <= end;

  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fm = frontMatterEnd(text, i);
  if (fm > 0) {
    if (covers(i, fm)) return finish();
    if (collecting) yamlBibliographies(text, i, fm, bibliographies);
    i = fm;
  }
  let segStart = i;
  const flush = (end: number): void => {
    if (collecting && end > segStart) for (const r of findBareRefs(text, segStart, end)) bare.push(r);
  };

  let stack: OpenBracket[] = [];
  let lastInText: CiteSite | undefined;
  // Paragraph bounds for code-span searches; backtick run lengths known to have no closer in it.
  let paraEnd = -1;
  /** Backtick runs of the current paragraph by length: their starts, and how many were passed. */
  let runs = new Map<number, { starts: number[]; next: number }>();
  const blankLine = /\n[ \t\r]*(?:\n|$)/g;
  /** The start of the first run of exactly `len` backticks at or after `from` in this paragraph, or -1. */
  function closingRun(from: number, len: number): number {
    if (from >= paraEnd) {
      blankLine.lastIndex = from;
      const m = blankLine.exec(text);
      paraEnd = m ? m.index + 1 : n;
      // Index the paragraph's runs once, so each code span costs O(1) however many runs there are.
      runs = new Map();
      for (let p = text.indexOf('`', from); p >= 0 && p < paraEnd; p = text.indexOf('`', p)) {
        let q = p;
        while (q < paraEnd && text.charCodeAt(q) === BACKTICK) q++;
        const r = runs.get(q - p);
        if (r) r.starts.push(p); else runs.set(q - p, { starts: [p], next: 0 });
        p = q;
      }
    }
    const r = runs.get(len);
    if (!r) return -1;
    while (r.next < r.starts.length && r.starts[r.next] < from) r.next++;
    return r.next < r.starts.length ? r.starts[r.next] : -1;
  }
  /** A paragraph break: open brackets will never close, so their citations are in-text ones. */
  function breakParagraph(): void {
    for (const b of stack) for (const s of b.cites) { s.command = '@'; cites.push(s); }
    stack = [];
    lastInText = undefined;
  }

  let lineStart = true;
  while (i < n) {
    if (!collecting && i >= cursor) break;
    if (lineStart) {
      lineStart = false;
      let p = i, indent = 0;
      while (p < n && isBlank(text.charCodeAt(p))) { p++; indent++; }
      if (p >= n || text.charCodeAt(p) === NL) { breakParagraph(); i = p; continue; }
      const f = text.charCodeAt(p);
      if (indent <= 3 && (f === BACKTICK || f === TILDE)) {
        let q = p;
        while (q < n && text.charCodeAt(q) === f) q++;
        const len = q - p;
        const eol = lineEnd(text, q);
        if (len >= 3 && (f === TILDE || text.slice(q, eol).indexOf('`') < 0)) {
          const end = fenceEnd(text, eol, f, len);
          if (covers(i, end)) return finish();
          flush(i);
          breakParagraph();
          i = end;
          segStart = i;
          lineStart = true;
          continue;
        }
      }
    }
    const c = text.charCodeAt(i);
    if (c === NL) { lineStart = true; i++; continue; }
    if (c === BACKSLASH) { i += text.charCodeAt(i + 1) === NL ? 1 : 2; continue; }
    if (c === BACKTICK) {
      let q = i;
      while (q < n && text.charCodeAt(q) === BACKTICK) q++;
      const len = q - i;
      const close = closingRun(q, len);
      if (close < 0) { i = q; continue; }
      const end = close + len;
      if (cursor > i && cursor < end) return finish();
      flush(i);
      i = end;
      segStart = i;
      continue;
    }
    if (c === LT) {
      if (text.startsWith('<!--', i)) {
        const e = text.indexOf('-->', i + 4);
        const end = e < 0 ? n : e + 3;
        if (covers(i, end)) return finish();
        flush(i);
        i = end;
        segStart = i;
        continue;
      }
      const end = autolinkEnd(text, i);
      if (end > 0) {
        if (covers(i, end)) return finish();
        i = end;
        continue;
      }
      i++;
      continue;
    }
    if ((c === 104 || c === 119 || c === 102) && (i === 0 || !isWordChar(text.charCodeAt(i - 1)))) {
      // Bare URLs (h, w, f: http(s)://, www., ftp://): an `@` in them is never a citation.
      const end = bareUrlEnd(text, i);
      if (end > 0) {
        if (covers(i, end)) return finish();
        i = end;
        continue;
      }
      i++;
      continue;
    }
    if (c === LBRACKET) {
      // Citations do not nest deeply; past this depth a `[` is plain text (bounds memory on junk input).
      if (stack.length < 256) stack.push({ pos: i, cites: [] });
      i++;
      continue;
    }
    if (c === RBRACKET) {
      const b = stack.pop();
      if (b) {
        if (b.cites.length) {
          // `[@key](url)` is a link whose text holds an in-text citation, not a bracketed one.
          const link = text.charCodeAt(i + 1) === LPAREN;
          for (const s of b.cites) {
            if (link) s.command = '@';
            else s.container = { start: b.pos, end: i + 1 };
            cites.push(s);
          }
          lastInText = undefined;
        } else if (lastInText && lastInText.container.end <= b.pos && b.pos - lastInText.container.end <= 1 &&
          (b.pos === lastInText.container.end || isBlank(text.charCodeAt(b.pos - 1)))) {
          // `@key [p. 4]`: the locator belongs to the in-text citation.
          lastInText.container = { start: lastInText.container.start, end: i + 1 };
          lastInText = undefined;
        }
      }
      i++;
      continue;
    }
    if (c === AT) {
      const prev = i > 0 ? text.charCodeAt(i - 1) : SPACE;
      if (isWordChar(prev) || prev === AT) { i++; continue; }
      let keyStart = i + 1, keyEnd: number, after: number;
      if (text.charCodeAt(i + 1) === LBRACE) {
        keyStart = i + 2;
        let e = keyStart;
        while (e < n && text.charCodeAt(e) !== RBRACE && text.charCodeAt(e) !== LBRACE && text.charCodeAt(e) !== NL) e++;
        if (e >= n || text.charCodeAt(e) !== RBRACE || e === keyStart) {
          if (!collecting && cursor >= keyStart && cursor <= e) return finish(markdownContext(text, keyStart, e, stack.length > 0));
          i++;
          continue;
        }
        keyEnd = e;
        after = e + 1;
      } else {
        keyEnd = pandocKeyEnd(text, keyStart);
        after = keyEnd;
        if (keyEnd === keyStart) { i++; continue; }
      }
      if (!collecting && cursor >= keyStart && cursor <= keyEnd) {
        return finish(markdownContext(text, keyStart, keyEnd, stack.length > 0));
      }
      const start = prev === MINUS ? i - 1 : i;
      const site: CiteSite = {
        key: text.slice(keyStart, keyEnd), span: { start: keyStart, end: keyEnd },
        command: stack.length ? '[@' : '@', container: { start, end: after },
      };
      if (stack.length) stack[stack.length - 1].cites.push(site);
      else { cites.push(site); lastInText = site; }
      i = after;
      continue;
    }
    i++;
  }
  if (!collecting) {
    // The cursor is in prose: `@` just typed (empty key) or a key being typed that the pass stopped inside.
    return finish(markdownContextBefore(text, cursor, stack.length > 0));
  }
  flush(n);
  breakParagraph();
  return finish();
}

/** The context for a cursor on the key [keyStart, keyEnd] of a citation. */
function markdownContext(text: string, keyStart: number, keyEnd: number, bracketed: boolean): CompletionContext {
  return { span: { start: keyStart, end: keyEnd }, prefix: text.slice(keyStart, keyEnd), command: bracketed ? '[@' : '@' };
}

/** When the scan reached the cursor in prose: is it right after `@` or `@{`, possibly with a partial key? */
function markdownContextBefore(text: string, cursor: number, bracketed: boolean): CompletionContext | undefined {
  let s = cursor;
  while (s > 0 && (isWordChar(text.charCodeAt(s - 1)) || isKeyPunct(text.charCodeAt(s - 1)))) s--;
  let at = s - 1;
  if (text.charCodeAt(at) === LBRACE && text.charCodeAt(at - 1) === AT) at--;
  if (at < 0 || text.charCodeAt(at) !== AT) return undefined;
  const prev = at > 0 ? text.charCodeAt(at - 1) : SPACE;
  if (isWordChar(prev) || prev === AT || prev === BACKSLASH) return undefined;
  // The key may continue after the cursor (completion in the middle of a key replaces all of it).
  let e = cursor;
  while (e < text.length) {
    const c = text.charCodeAt(e);
    if (isWordChar(c)) { e++; continue; }
    if (isKeyPunct(c) && isWordChar(text.charCodeAt(e + 1))) { e += 2; continue; }
    break;
  }
  return { span: { start: s, end: e }, prefix: text.slice(s, e), command: bracketed ? '[@' : '@' };
}

function lineEnd(text: string, p: number): number {
  const e = text.indexOf('\n', p);
  return e < 0 ? text.length : e;
}

/** End (after the closing line) of a fenced code block whose opening line ends at `eol`. */
function fenceEnd(text: string, eol: number, fence: number, len: number): number {
  const n = text.length;
  let p = eol + 1;
  while (p < n) {
    const e = lineEnd(text, p);
    let q = p, indent = 0;
    while (q < e && text.charCodeAt(q) === SPACE) { q++; indent++; }
    if (indent <= 3) {
      let r = q;
      while (r < e && text.charCodeAt(r) === fence) r++;
      if (r - q >= len) {
        let s = r;
        while (s < e && isBlank(text.charCodeAt(s))) s++;
        if (s === e) return Math.min(n, e + 1);
      }
    }
    p = e + 1;
  }
  return n;
}

/** `<scheme:...>` or `<user@host>` at `p`: the end after `>`, or -1. */
function autolinkEnd(text: string, p: number): number {
  const n = text.length;
  let q = p + 1;
  const limit = Math.min(n, p + 2048);
  let sawSpecial = false;
  while (q < limit) {
    const c = text.charCodeAt(q);
    if (c === GT) return sawSpecial && q > p + 2 ? q + 1 : -1;
    if (isWs(c) || c === LT) return -1;
    if (c === 58 || c === AT) sawSpecial = true;
    q++;
  }
  return -1;
}

/** A bare URL at `p` (http://, https://, ftp://, www.): its end, or -1. */
function bareUrlEnd(text: string, p: number): number {
  if (!(text.startsWith('http://', p) || text.startsWith('https://', p) || text.startsWith('ftp://', p) || text.startsWith('www.', p))) return -1;
  const n = text.length;
  let q = p;
  while (q < n) {
    const c = text.charCodeAt(q);
    if (isWs(c) || c === LT || c === GT || c === 34 || c === BACKTICK) break;
    q++;
  }
  return q;
}

/** End of YAML front matter opening at `p` (after the closing `---`/`...` line), or 0 when there is none. */
function frontMatterEnd(text: string, p: number): number {
  if (!text.startsWith('---', p)) return 0;
  let e = lineEnd(text, p);
  if (text.slice(p + 3, e).trim() !== '') return 0;
  const n = text.length;
  let q = e + 1;
  while (q < n) {
    e = lineEnd(text, q);
    const line = text.slice(q, e).replace(/\r$/, '');
    if (line === '---' || line === '...') return Math.min(n, e + 1);
    q = e + 1;
  }
  return 0;
}

/** `bibliography:` in front matter [from, to): a scalar, a flow list or a block list of paths. */
function yamlBibliographies(text: string, from: number, to: number, out: BibliographyDecl[]): void {
  let p = lineEnd(text, from) + 1;
  while (p < to) {
    const e = Math.min(lineEnd(text, p), to);
    if (text.startsWith('bibliography:', p)) {
      let q = p + 'bibliography:'.length;
      while (q < e && isBlank(text.charCodeAt(q))) q++;
      const valueEnd = stripYamlComment(text, q, e);
      if (q < valueEnd && text.charCodeAt(q) === LBRACKET) {
        const close = text.indexOf(']', q);
        const listEnd = close < 0 || close > valueEnd ? valueEnd : close;
        let s = q + 1;
        for (let k = s; k <= listEnd; k++) {
          if (k === listEnd || text.charCodeAt(k) === COMMA) { yamlPath(text, s, k, out); s = k + 1; }
        }
      } else if (q < valueEnd) {
        yamlPath(text, q, valueEnd, out);
      } else {
        // Block list: following indented `- path` lines.
        let r = e + 1;
        while (r < to) {
          const le = Math.min(lineEnd(text, r), to);
          let s = r;
          while (s < le && isBlank(text.charCodeAt(s))) s++;
          if (s === le) { r = le + 1; continue; }
          if (text.charCodeAt(s) !== MINUS || (s + 1 < le && !isBlank(text.charCodeAt(s + 1)))) break;
          yamlPath(text, s + 1, stripYamlComment(text, s + 1, le), out);
          r = le + 1;
        }
        p = r;
        continue;
      }
    }
    p = e + 1;
  }
}
function stripYamlComment(text: string, s: number, e: number): number {
  for (let k = s; k < e; k++) if (text.charCodeAt(k) === 35 && (k === s || isBlank(text.charCodeAt(k - 1)))) return k;
  return e;
}
/** One path in [s, e): blanks and surrounding quotes removed. */
function yamlPath(text: string, s: number, e: number, out: BibliographyDecl[]): void {
  while (s < e && isBlank(text.charCodeAt(s))) s++;
  while (e > s && isBlank(text.charCodeAt(e - 1))) e--;
  const q = text.charCodeAt(s);
  if (e - s >= 2 && (q === 34 || q === 39) && text.charCodeAt(e - 1) === q) { s++; e--; }
  if (e > s) out.push({ path: text.slice(s, e), span: { start: s, end: e }, kind: 'yaml' });
}

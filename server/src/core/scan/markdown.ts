/**
 * Pandoc Markdown: bracketed and in-text citations, the completion context on a key, and front
 * matter bibliographies and `nocite:` keys. Fenced and indented code, code spans, TeX math and HTML
 * comments are not prose; autolinks, bare URLs, link targets and HTML tags are prose whose `@` is
 * never a citation. Cross-references (pandoc-crossref, Quarto) and references to example-list
 * labels look like in-text citations and are kept out of the cites. docs/pandoc-differences.md
 * lists where we part from pandoc on purpose.
 */
import type { BibliographyDecl, CiteSite, CompletionContext, CrossRef, Span } from '../model';
import { AT, BACKSLASH, BACKTICK, CR, GT, isAsciiLetter, isBlank, isWs, LBRACE, LBRACKET, lineEnd, LPAREN, LT, MINUS, NL, PERCENT, RBRACE, RBRACKET, RPAREN, SPACE, TAB, TILDE } from './chars';
import { frontMatterEnd, yamlBibliographies, yamlValue } from './frontMatter';
import { Prose } from './prose';
import type { Scan } from './types';

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
    // Pandoc also takes `:` or `/` before a `/`, for keys that are URLs (`@http://x`).
    if ((c === 58 || c === 47) && text.charCodeAt(e + 1) === 47) { e++; continue; }
    break;
  }
  return e;
}

/**
 * The closing brace of a braced key whose text starts at `p` (after `@{`), or -1. Like pandoc, the
 * braces inside must balance and no white space may occur (`@{foo bar}` is no citation).
 */
function bracedKeyEnd(text: string, p: number): number {
  const limit = Math.min(text.length, p + 1024);
  let depth = 0;
  for (let e = p; e < limit; e++) {
    const c = text.charCodeAt(e);
    if (isWs(c)) return -1;
    if (c === LBRACE) depth++;
    else if (c === RBRACE) { if (depth === 0) return e; depth--; }
  }
  return -1;
}

/** Quarto's cross-reference prefixes (`@fig-x`), by what they name; pandoc-crossref's (`@fig:x`) are the first five. */
const CROSSREF_KINDS: Record<string, string> = {
  fig: 'figure', sec: 'section', eq: 'equation', tbl: 'table', lst: 'listing', thm: 'theorem', lem: 'lemma',
  cor: 'corollary', prp: 'proposition', cnj: 'conjecture', def: 'definition', exm: 'example', exr: 'exercise',
  sol: 'solution', rem: 'remark', alg: 'algorithm',
};
const PANDOC_CROSSREF = new Set(['fig', 'sec', 'eq', 'tbl', 'lst']);
const CROSSREF = /^([A-Za-z])([a-z]{1,2})([:-])./;

/**
 * What a key names when it is a cross-reference (`fig:x`, `Sec:x`, `tbl-x`, `Thm-x`: "figure",
 * "section", …), or undefined for a citation key. Only the documented prefixes count, in lower case
 * or capitalised (pandoc-crossref and Quarto both capitalise the rendered name then).
 */
export function crossRefKind(key: string): string | undefined {
  const m = CROSSREF.exec(key);
  if (!m) return undefined;
  const prefix = m[1].toLowerCase() + m[2];
  if (m[3] === ':' && !PANDOC_CROSSREF.has(prefix)) return undefined;
  return CROSSREF_KINDS[prefix];
}

interface OpenBracket { pos: number; cites: CiteSite[] }

/**
 * A list marker at `p` (bullet, `1.`, `1)`, `(1)`, `#.`, or an example marker `(@label)`, `@label)`,
 * `@label.`) followed by a blank or the end of the line. Group 1 is an example marker's label.
 */
const LIST_MARKER = /(?:[-*+]|\d{1,9}[.)]|\(\d{1,9}\)|#[.)]|\(@([\p{L}\p{N}_-]*)\)|@([\p{L}\p{N}_-]*)[.)])(?=[ \t]|\r?\n|$)/uy;
const ATX_HEADING = /#{1,6}(?=[ \t]|\r?\n|$)/y;

/** One pass over pandoc Markdown: the whole result when `cursor` is -1, else the completion context at `cursor`. */
export function scanMarkdown(text: string, cursor: number): Scan {
  const n = text.length;
  const collecting = cursor < 0;
  let cites: CiteSite[] = [];
  const crossrefs: CrossRef[] = [];
  const bibliographies: BibliographyDecl[] = [];
  /** Example-list labels: an in-text `@label` (or `(@label)`) refers to the item, wherever it is. */
  const examples = new Set<string>();
  let nociteAll: Span | undefined;
  const finish = (context?: CompletionContext): Scan => {
    if (examples.size) cites = cites.filter((c) => c.command !== '@' || !examples.has(c.key));
    cites.sort((a, b) => a.span.start - b.span.start);
    const result: Scan['result'] = { cites, bare: prose.bare, bibliographies };
    if (crossrefs.length) result.crossrefs = crossrefs;
    if (nociteAll) result.nociteAll = nociteAll;
    return { result, context };
  };
  /** A cite site, or a cross-reference when its key has a cross-reference prefix; false for the latter. */
  function site(key: string, span: Span, command: string, container: Span): CiteSite | undefined {
    const kind = crossRefKind(key);
    if (kind) { crossrefs.push({ label: key, span, kind }); return undefined; }
    return { key, span, command, container };
  }

  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const prose = new Prose(text, cursor, i);
  const fm = frontMatterEnd(text, i);
  if (fm > 0) {
    if (prose.skip(i, fm)) return finish();
    if (collecting) {
      yamlBibliographies(text, i, fm, bibliographies);
      const nocite = yamlValue(text, i, fm, 'nocite');
      if (nocite) nociteAll = nociteKeys(text, nocite, (key, span) => { const s = site(key, span, 'nocite', nocite); if (s) cites.push(s); });
    }
    i = fm;
  }

  let stack: OpenBracket[] = [];
  let lastInText: CiteSite | undefined;
  /** Where the last citation key ended: an `@` right after one starts another (`@a@b`). */
  let lastKeyEnd = -1;
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
  // Where the next `$$` and the next blank line are, once looked for: display math that finds no
  // closer in its paragraph must not search the rest of the document again for each `$$`.
  let nextDisplay = -2, nextBlank = -2;
  /** The end of `$$…$$` display math opening at `p`, or -1. */
  function displayMathEnd(p: number): number {
    if (text.charCodeAt(p + 2) === 36) return -1;
    if (nextDisplay < p + 3) nextDisplay = text.indexOf('$$', p + 3);
    if (nextDisplay < 0) return -1;
    if (nextBlank < p) { blankLine.lastIndex = p; const m = blankLine.exec(text); nextBlank = m ? m.index : n; }
    return nextDisplay < nextBlank ? nextDisplay + 2 : -1;
  }
  /** A paragraph break: open brackets will never close, so their citations are in-text ones. */
  function breakParagraph(): void {
    for (const b of stack) for (const s of b.cites) { s.command = '@'; cites.push(s); }
    stack = [];
    lastInText = undefined;
  }

  /** Skips a code block (indented or fenced) that ends at `end`; true when the scan ends in it (the cursor is there). */
  function skipCodeBlock(end: number): boolean {
    if (prose.skip(i, end)) return true;
    breakParagraph();
    prevBlank = false;
    prevBoundary = true;
    i = end;
    lineStart = true;
    return false;
  }

  // Block structure, as far as it decides what is prose: indented code after a blank line or a
  // heading (not a paragraph's continuation), list items (whose continuations are indented), and
  // example-list labels.
  let prevBlank = true;
  /** The previous line ends a block that an indented code block may follow directly: a heading, a fence, code. */
  let prevBoundary = false;
  /** The content column of the list being read, or -1 outside lists. */
  let listContent = -1;
  let lineStart = true;
  while (i < n) {
    if (!collecting && i >= cursor) break;
    if (lineStart) {
      lineStart = false;
      let p = i;
      // Block quote markers: `>` and one optional space each; the rest of the line is read after them.
      for (;;) {
        let b = p;
        while (b < p + 3 && text.charCodeAt(b) === SPACE) b++;
        if (text.charCodeAt(b) !== GT) break;
        p = b + 1;
        if (text.charCodeAt(p) === SPACE) p++;
      }
      let col = 0;
      for (; p < n; p++) {
        const c = text.charCodeAt(p);
        if (c === SPACE) col++;
        else if (c === TAB) col += 4 - (col % 4);
        else if (c !== CR) break;
      }
      if (p >= n || text.charCodeAt(p) === NL) { breakParagraph(); prevBlank = true; prevBoundary = false; i = p; continue; }
      LIST_MARKER.lastIndex = p;
      const marker = (prevBlank || listContent >= 0) && (col <= 3 || (listContent >= 0 && col >= listContent)) && LIST_MARKER.test(text);
      if (listContent >= 0 && prevBlank && col < listContent && !marker) listContent = -1;
      const base = listContent >= 0 ? listContent : 0;
      if (col >= base + 4 && (prevBlank || prevBoundary)) {
        if (skipCodeBlock(Math.min(n, lineEnd(text, p) + 1))) return finish();
        continue;
      }
      const f = text.charCodeAt(p);
      if (col - base <= 3 && (f === BACKTICK || f === TILDE)) {
        let q = p;
        while (q < n && text.charCodeAt(q) === f) q++;
        const len = q - p;
        const eol = lineEnd(text, q);
        if (len >= 3 && (f === TILDE || text.slice(q, eol).indexOf('`') < 0)) {
          if (skipCodeBlock(fenceEnd(text, eol, f, len))) return finish();
          continue;
        }
      }
      prevBlank = false;
      ATX_HEADING.lastIndex = p;
      prevBoundary = f === 35 && col <= 3 && ATX_HEADING.test(text);
      // List markers, nested ones on the same line included (`- (@good) text`): an example marker's
      // label is recorded and the marker is not prose.
      for (let m = marker; m;) {
        const end = LIST_MARKER.lastIndex;
        const label = exampleLabel(text, p, end);
        if (label !== undefined) {
          if (prose.skip(p, end)) return finish();
          if (label) examples.add(label);
        }
        let q = end;
        while (q < n && (text.charCodeAt(q) === SPACE || text.charCodeAt(q) === TAB)) q++;
        const atEol = q >= n || text.charCodeAt(q) === NL || text.charCodeAt(q) === CR;
        // Content starts after the marker and its blanks, or one column after it when the item is
        // empty or its text is indented code.
        const wide = atEol || q - end > 4;
        listContent = col + (end - p) + (wide ? 1 : q - end);
        col = listContent;
        p = atEol ? end : wide ? end + 1 : q;
        LIST_MARKER.lastIndex = p;
        m = !atEol && LIST_MARKER.test(text);
      }
      i = p;
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
      // A cursor right after the closing backticks is outside the span.
      if (prose.skip(i, end, end - 1)) return finish();
      i = end;
      continue;
    }
    if (c === 36) {
      const end = text.charCodeAt(i + 1) === 36 ? displayMathEnd(i) : inlineMathEnd(text, i);
      if (end > 0) {
        if (prose.skip(i, end, end - 1)) return finish();
        i = end;
        continue;
      }
      i += text.charCodeAt(i + 1) === 36 ? 2 : 1;
      continue;
    }
    if (c === LT && text.startsWith('<!--', i)) {
      const e = text.indexOf('-->', i + 4);
      const end = e < 0 ? n : e + 3;
      if (prose.skip(i, end)) return finish();
      i = end;
      continue;
    }
    // Autolinks, HTML tags and bare URLs (h, w, f: http(s)://, www., ftp://) stay prose, for the
    // bare references they link, but an `@` in them is never a citation.
    const link = c === LT ? Math.max(autolinkEnd(text, i), htmlTagEnd(text, i))
      : (c === 104 || c === 119 || c === 102) && (i === 0 || !isWordChar(text.charCodeAt(i - 1))) ? bareUrlEnd(text, i) : -1;
    if (link > 0) {
      if (prose.covers(i, link)) return finish();
      i = link;
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
        // An inline link's target and title (`[text](http://x/@y "t")`) are prose but hold no citation.
        const target = text.charCodeAt(i + 1) === LPAREN ? linkTargetEnd(text, i + 1) : -1;
        if (target > 0) {
          if (prose.covers(i + 1, target - 1)) return finish();
          i = target;
          continue;
        }
      }
      i++;
      continue;
    }
    if (c === AT) {
      const prev = i > 0 ? text.charCodeAt(i - 1) : SPACE;
      // As in pandoc, `a@b.com` and `x.@a` are no citations, while `x_@a` is and a citation may
      // follow another directly (`@a@b`).
      if (((isWordChar(prev) && prev !== 95) || prev === 46) && i !== lastKeyEnd) { i++; continue; }
      let keyStart = i + 1, keyEnd: number, after: number;
      if (text.charCodeAt(i + 1) === LBRACE) {
        keyStart = i + 2;
        const close = bracedKeyEnd(text, keyStart);
        if (close <= keyStart) {
          if (!collecting) {
            let e = keyStart;
            while (e < n && !isWs(text.charCodeAt(e)) && text.charCodeAt(e) !== RBRACE && text.charCodeAt(e) !== LBRACE) e++;
            if (cursor >= keyStart && cursor <= e) return finish(markdownContext(text, keyStart, e, cursor, stack.length > 0));
          }
          i++;
          continue;
        }
        keyEnd = close;
        after = close + 1;
      } else {
        keyEnd = pandocKeyEnd(text, keyStart);
        after = keyEnd;
        if (keyEnd === keyStart) { i++; continue; }
      }
      if (!collecting && cursor >= keyStart && cursor <= keyEnd) {
        return finish(markdownContext(text, keyStart, keyEnd, cursor, stack.length > 0));
      }
      const start = prev === MINUS ? i - 1 : i;
      const s = site(text.slice(keyStart, keyEnd), { start: keyStart, end: keyEnd }, stack.length ? '[@' : '@', { start, end: after });
      if (s && stack.length) stack[stack.length - 1].cites.push(s);
      else if (s) { cites.push(s); lastInText = s; }
      lastKeyEnd = after;
      i = after;
      continue;
    }
    i++;
  }
  if (!collecting) {
    // The cursor is in prose: `@` just typed (empty key) or a key being typed that the pass stopped inside.
    return finish(markdownContextBefore(text, cursor, stack.length > 0));
  }
  prose.close(n);
  breakParagraph();
  return finish();
}

/** The label of the example-list marker [p, end) (`(@good)`, `@good.`; "" for `(@)`), or undefined for another marker. */
function exampleLabel(text: string, p: number, end: number): string | undefined {
  const open = text.charCodeAt(p) === LPAREN ? 1 : 0;
  if (text.charCodeAt(p + open) !== AT) return undefined;
  return text.slice(p + open + 1, end - 1);
}

/**
 * The keys of a front matter `nocite:` value (`'@a, @b'`, `[ '@a' ]`, a block list or scalar), each
 * passed to `add` with its span; returns the span of `@*` (every entry) when the value holds one.
 */
function nociteKeys(text: string, value: Span, add: (key: string, span: Span) => void): Span | undefined {
  let all: Span | undefined;
  for (let p = text.indexOf('@', value.start); p >= 0 && p < value.end; p = text.indexOf('@', p + 1)) {
    if (p > 0 && isWordChar(text.charCodeAt(p - 1))) continue;
    if (text.charCodeAt(p + 1) === 42) { all ??= { start: p + 1, end: p + 2 }; continue; }
    if (text.charCodeAt(p + 1) === LBRACE) {
      const close = bracedKeyEnd(text, p + 2);
      if (close > p + 2 && close < value.end) add(text.slice(p + 2, close), { start: p + 2, end: close });
      continue;
    }
    const e = Math.min(pandocKeyEnd(text, p + 1), value.end);
    if (e > p + 1) add(text.slice(p + 1, e), { start: p + 1, end: e });
  }
  return all;
}

/**
 * The end of `$…$` inline math opening at `p`, or -1. As in pandoc: the opening `$` is followed by a
 * non-blank, the closing one preceded by a non-blank and not followed by a digit (`$20 and $30` is
 * no math), and the math stays within its paragraph.
 */
function inlineMathEnd(text: string, p: number): number {
  const n = text.length;
  let q = p + 1;
  if (q >= n || isWs(text.charCodeAt(q))) return -1;
  for (; q < n; q++) {
    const c = text.charCodeAt(q);
    if (c === BACKSLASH) { q++; continue; }
    if (c === 36) {
      const d = text.charCodeAt(q + 1);
      return d >= 48 && d <= 57 ? -1 : q + 1;
    }
    if (isWs(c)) {
      while (q + 1 < n && isBlank(text.charCodeAt(q + 1))) q++;
      if (c === NL || text.charCodeAt(q + 1) === NL) {
        if (c !== NL) q++;
        let r = q + 1;
        while (r < n && isBlank(text.charCodeAt(r))) r++;
        if (r >= n || text.charCodeAt(r) === NL) return -1;
        q = r - 1;
      }
      if (text.charCodeAt(q + 1) === 36) return -1;
    }
  }
  return -1;
}

/** The end (after `)`) of an inline link's target and title, `(` at `p`; -1 when the parentheses do not close in the paragraph. */
function linkTargetEnd(text: string, p: number): number {
  const limit = Math.min(text.length, p + 4096);
  let depth = 0;
  for (let q = p + 1; q < limit; q++) {
    const c = text.charCodeAt(q);
    if (c === BACKSLASH) { q++; continue; }
    if (c === LPAREN) depth++;
    else if (c === RPAREN) { if (depth === 0) return q + 1; depth--; }
    else if (c === NL && blankLineAt(text, q + 1)) return -1;
  }
  return -1;
}

/** A raw HTML tag at `p` (`<span title="…">`, `</b>`, `<br/>`): its end after `>`, or -1. A quoted attribute value may hold `>`. */
function htmlTagEnd(text: string, p: number): number {
  let q = p + 1;
  if (text.charCodeAt(q) === 47) q++;
  if (!isAsciiLetter(text.charCodeAt(q))) return -1;
  const limit = Math.min(text.length, p + 4096);
  let quote = 0;
  for (q++; q < limit; q++) {
    const c = text.charCodeAt(q);
    if (quote) { if (c === quote) quote = 0; continue; }
    if ((c === 34 || c === 39) && text.charCodeAt(q - 1) === 61) quote = c;
    else if (c === GT) return q + 1;
    else if (c === LT) return -1;
    else if (c === NL && blankLineAt(text, q + 1)) return -1;
  }
  return -1;
}

/** True when the line starting at `p` is blank (or the text ends there). */
function blankLineAt(text: string, p: number): boolean {
  while (p < text.length && isBlank(text.charCodeAt(p))) p++;
  return p >= text.length || text.charCodeAt(p) === NL;
}

/** The context for a cursor on the key [keyStart, keyEnd] of a citation: all of it is replaced, the part before the cursor searched. */
function markdownContext(text: string, keyStart: number, keyEnd: number, cursor: number, bracketed: boolean): CompletionContext {
  return { span: { start: keyStart, end: keyEnd }, prefix: text.slice(keyStart, cursor), command: bracketed ? '[@' : '@' };
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
  return { span: { start: s, end: e }, prefix: text.slice(s, cursor), command: bracketed ? '[@' : '@' };
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

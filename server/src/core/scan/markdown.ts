/**
 * Pandoc Markdown: bracketed and in-text citations, the completion context on a key, and front
 * matter bibliographies. Fenced code, code spans and HTML comments are not prose; autolinks and
 * bare URLs are prose whose `@` is never a citation.
 */
import type { BibliographyDecl, CiteSite, CompletionContext } from '../model';
import { AT, BACKSLASH, BACKTICK, GT, isAsciiLetter, isBlank, isWs, LBRACE, LBRACKET, lineEnd, LPAREN, LT, MINUS, NL, PERCENT, RBRACE, RBRACKET, SPACE, TILDE } from './chars';
import { frontMatterEnd, yamlBibliographies } from './frontMatter';
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
    break;
  }
  return e;
}

interface OpenBracket { pos: number; cites: CiteSite[] }

/** One pass over pandoc Markdown: the whole result when `cursor` is -1, else the completion context at `cursor`. */
export function scanMarkdown(text: string, cursor: number): Scan {
  const n = text.length;
  const collecting = cursor < 0;
  const cites: CiteSite[] = [];
  const bibliographies: BibliographyDecl[] = [];
  const finish = (context?: CompletionContext): Scan => {
    cites.sort((a, b) => a.span.start - b.span.start);
    return { result: { cites, bare: prose.bare, bibliographies }, context };
  };

  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const prose = new Prose(text, cursor, i);
  const fm = frontMatterEnd(text, i);
  if (fm > 0) {
    if (prose.skip(i, fm)) return finish();
    if (collecting) yamlBibliographies(text, i, fm, bibliographies);
    i = fm;
  }

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
          if (prose.skip(i, end)) return finish();
          breakParagraph();
          i = end;
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
      // A cursor right after the closing backticks is outside the span.
      if (prose.skip(i, end, end - 1)) return finish();
      i = end;
      continue;
    }
    if (c === LT && text.startsWith('<!--', i)) {
      const e = text.indexOf('-->', i + 4);
      const end = e < 0 ? n : e + 3;
      if (prose.skip(i, end)) return finish();
      i = end;
      continue;
    }
    // Autolinks and bare URLs (h, w, f: http(s)://, www., ftp://) stay prose, for the bare references
    // they link, but an `@` in them is never a citation.
    const link = c === LT ? autolinkEnd(text, i)
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
          if (!collecting && cursor >= keyStart && cursor <= e) return finish(markdownContext(text, keyStart, e, cursor, stack.length > 0));
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
        return finish(markdownContext(text, keyStart, keyEnd, cursor, stack.length > 0));
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
  prose.close(n);
  breakParagraph();
  return finish();
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

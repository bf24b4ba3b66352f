/** YAML front matter of a Markdown document: where it ends, the bibliographies it names, a key's value. */
import type { BibliographyDecl, Span } from '../model';
import { COMMA, isBlank, LBRACKET, lineEnd, MINUS } from './chars';

/** End of YAML front matter opening at `p` (after the closing `---`/`...` line), or 0 when there is none. */
export function frontMatterEnd(text: string, p: number): number {
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
export function yamlBibliographies(text: string, from: number, to: number, out: BibliographyDecl[]): void {
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

/** Where a YAML comment starts in [s, e), or e. */
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

/**
 * The value of the top-level key `name` in front matter [from, to): from after `name:` to the end of
 * its last more-indented continuation line (a block scalar or block list), or undefined when the
 * key is absent. The value is not parsed: callers look for what they need in it.
 */
export function yamlValue(text: string, from: number, to: number, name: string): Span | undefined {
  const head = `${name}:`;
  let p = lineEnd(text, from) + 1;
  while (p < to) {
    const e = Math.min(lineEnd(text, p), to);
    if (text.startsWith(head, p)) {
      const start = p + head.length;
      let end = e;
      for (let r = e + 1; r < to;) {
        const le = Math.min(lineEnd(text, r), to);
        const line = text.slice(r, le);
        // A line at column 0 is the next key (or the closing `---`), unless it is a `- item` of a
        // block list; blank lines may sit inside a block.
        const item = text.charCodeAt(r) === MINUS && (r + 1 >= le || isBlank(text.charCodeAt(r + 1)));
        if (line.trim() !== '' && !isBlank(text.charCodeAt(r)) && !item) break;
        if (line.trim() !== '') end = le;
        r = le + 1;
      }
      return { start, end };
    }
    p = e + 1;
  }
  return undefined;
}

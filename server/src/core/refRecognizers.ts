/**
 * Recognisers for references written in prose: arXiv ids (new `1512.03385` and old `cs/0112017`
 * style), arXiv links, DOIs and DOI links. The index uses the normalisers to compare identifiers.
 */
import type { BareRef } from './model';

/** Archives of old-style arXiv ids (before April 2007). */
const ARCHIVES = [
  'acc-phys', 'adap-org', 'alg-geom', 'ao-sci', 'astro-ph', 'atom-ph', 'bayes-an', 'chao-dyn', 'chem-ph', 'cmp-lg',
  'comp-gas', 'cond-mat', 'cs', 'dg-ga', 'funct-an', 'gr-qc', 'hep-ex', 'hep-lat', 'hep-ph', 'hep-th', 'math-ph',
  'math', 'mtrl-th', 'nlin', 'nucl-ex', 'nucl-th', 'patt-sol', 'physics', 'plasm-ph', 'q-alg', 'q-bio', 'q-fin',
  'quant-ph', 'solv-int', 'stat', 'supr-con',
].join('|');

// Capture groups: a new-style id is (yymm)(number); an old-style id is (archive)(subclass)(number).
const NEW_ID = String.raw`(\d{2}(?:0[1-9]|1[0-2]))\.(\d{4,5})`;
const OLD_ID = String.raw`(${ARCHIVES})(\.[A-Za-z][A-Za-z-]{0,15})?\/(\d{7})`;
const ID = `(?:${NEW_ID}|${OLD_ID})(v\\d+)?`;
/** Characters a DOI suffix may contain here; the trailing-punctuation rules trim the end. */
const DOI = String.raw`10\.\d{4,9}\/[^\s"<>{}|\\^\x60]+`;

/**
 * One pass over the text finds all forms; the leftmost match wins, so a link is taken whole
 * before the bare id inside it could be. Groups: 1 arXiv link prefix + 2-7 its id (see `arxivRef`),
 * 8 DOI link, 9 `arXiv:` prefix + 10-15 its id, 16 `doi:` DOI, 17 bare DOI, 18-20 bare new id
 * (yymm, number, version), 21-24 bare old id (archive, subclass, number, version).
 */
const PATTERN = new RegExp([
  String.raw`((?:https?:\/\/)?(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html)\/)${ID}(?:\.pdf)?`,
  String.raw`(?:https?:\/\/)?(?:dx\.)?doi\.org\/(${DOI})`,
  String.raw`(arxiv:\s?)${ID}`,
  String.raw`doi:\s?(${DOI})`,
  `(${DOI})`,
  `${NEW_ID}(v\\d+)?`,
  `${OLD_ID}(v\\d+)?`,
].join('|'), 'gi');

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** New-style ids use 4 digits for 0704–1412 and 5 digits from 1501. */
function plausibleNewId(yymm: string, num: string): boolean {
  const v = Number(yymm);
  return num.length === 4 ? v >= 704 && v <= 1412 : v >= 1501;
}

/** Drops what prose puts after a DOI: sentence punctuation, emphasis marks, unbalanced closers. */
function trimDoi(doi: string): string {
  for (;;) {
    const last = doi[doi.length - 1];
    if (last === undefined) return doi;
    if ('.,;:!?\'*_'.includes(last)) { doi = doi.slice(0, -1); continue; }
    if (last === ')' || last === ']') {
      const open = last === ')' ? '(' : '[';
      let balance = 0;
      for (const ch of doi) { if (ch === open) balance++; else if (ch === last) balance--; }
      if (balance < 0) { doi = doi.slice(0, -1); continue; }
    }
    return doi;
  }
}

/**
 * Finds arXiv ids, arXiv links and DOIs in `text` between `from` and `to` (defaults: all of it).
 * Matches lie wholly inside the range, in order; an empty array means none.
 */
export function findBareRefs(text: string, from = 0, to = text.length): BareRef[] {
  from = Math.max(0, Math.min(from, text.length));
  to = Math.max(from, Math.min(to, text.length));
  const out: BareRef[] = [];
  if (to - from < 7) return out;
  // Search a slice so the regex never runs past `to` (callers pass many small ranges).
  const part = from === 0 && to === text.length ? text : text.slice(from, to);
  // One shared regex: the search is synchronous, so nothing else can move its lastIndex meanwhile.
  const re = PATTERN;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(part)) !== null) {
    const start = from + m.index;
    let end = start + m[0].length;
    const prev = start > 0 ? text.charCodeAt(start - 1) : 32;
    const reject = (): void => { re.lastIndex = m!.index + 1; };
    if (m[1] !== undefined) {
      // arXiv link.
      if (isWordChar(prev) || prev === 46 /* . */ || isDigit(text.charCodeAt(end))) { reject(); continue; }
      const ref = arxivRef(m, 2, start, end, true);
      if (!ref) { reject(); continue; }
      out.push(ref);
    } else if (m[8] !== undefined || m[16] !== undefined || m[17] !== undefined) {
      const raw = m[8] ?? m[16] ?? m[17];
      if (isWordChar(prev) || (m[17] !== undefined && (prev === 46 || prev === 47))) { reject(); continue; }
      const doi = trimDoi(raw);
      if (!/^10\.\d{4,9}\/./.test(doi)) { reject(); continue; }
      end -= raw.length - doi.length;
      out.push({ kind: 'doi', id: doi, span: { start, end }, isLink: m[8] !== undefined });
    } else if (m[9] !== undefined) {
      if (isWordChar(prev) || isDigit(text.charCodeAt(end))) { reject(); continue; }
      const ref = arxivRef(m, 10, start, end, false);
      if (!ref) { reject(); continue; }
      out.push(ref);
    } else {
      // A bare id must stand as a word: not inside a number, a version string, a path or a URL.
      const next = text.charCodeAt(end);
      const afterNext = text.charCodeAt(end + 1);
      if (isWordChar(prev) || prev === 46 || prev === 47 || prev === 45 || prev === 58 || isWordChar(next) || next === 47 ||
        ((next === 46 || next === 45) && isDigit(afterNext))) { reject(); continue; }
      const ref = m[18] !== undefined
        ? newRef(m[18], m[19], m[20], start, end, false)
        : oldRef(m[21], m[23], m[24], start, end, false);
      if (!ref) { reject(); continue; }
      out.push(ref);
    }
    re.lastIndex = end - from;
  }
  return out;
}

/** Builds an arXiv ref from the six id groups starting at `g` (yymm, num, archive, subclass, oldnum, version). */
function arxivRef(m: RegExpExecArray, g: number, start: number, end: number, isLink: boolean): BareRef | undefined {
  return m[g] !== undefined
    ? newRef(m[g], m[g + 1], m[g + 5], start, end, isLink)
    : oldRef(m[g + 2], m[g + 4], m[g + 5], start, end, isLink);
}
function newRef(yymm: string, num: string, version: string | undefined, start: number, end: number, isLink: boolean): BareRef | undefined {
  if (!plausibleNewId(yymm, num)) return undefined;
  const ref: BareRef = { kind: 'arxiv', id: `${yymm}.${num}`, span: { start, end }, isLink };
  if (version) ref.version = version.toLowerCase();
  return ref;
}
function oldRef(archive: string, num: string, version: string | undefined, start: number, end: number, isLink: boolean): BareRef | undefined {
  const ref: BareRef = { kind: 'arxiv', id: `${archive.toLowerCase()}/${num}`, span: { start, end }, isLink };
  if (version) ref.version = version.toLowerCase();
  return ref;
}

const ARXIV_WHOLE = new RegExp(String.raw`^(?:arxiv:\s?|(?:https?:\/\/)?(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html)\/)?${ID}(?:\.pdf)?$`, 'i');

/**
 * Normalises an arXiv id, `arXiv:` id or arXiv link to `{id, version}` (id without version, old-style
 * subject class dropped: `math.GT/0309136` → `math/0309136`). Undefined when `s` is not one.
 */
export function normalizeArxivId(s: string): { id: string; version?: string } | undefined {
  const m = ARXIV_WHOLE.exec(s.trim());
  if (!m) return undefined;
  const version = m[6] ? m[6].toLowerCase() : undefined;
  let id: string;
  if (m[1] !== undefined) {
    if (!plausibleNewId(m[1], m[2])) return undefined;
    id = `${m[1]}.${m[2]}`;
  } else id = `${m[3].toLowerCase()}/${m[5]}`;
  return version ? { id, version } : { id };
}

const DOI_WHOLE = new RegExp(String.raw`^(?:doi:\s?|(?:https?:\/\/)?(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/\S+)$`, 'i');

/** Normalises a DOI, `doi:` DOI or DOI link to the lowercase bare DOI; undefined when `s` is not one. */
export function normalizeDoi(s: string): string | undefined {
  const m = DOI_WHOLE.exec(s.trim());
  return m ? m[1].toLowerCase() : undefined;
}

/**
 * Shared by the short fuzz tests (test/core/fuzz.test.ts) and the long campaign (scripts/fuzz.mjs):
 * input generators built with fast-check, and the invariants every reader and scanner must keep
 * on any input. Pure: callers load the seed texts.
 */
import fc from 'fast-check';
import { parseBib } from '../../server/src/core/bibParser';
import { completionContextAt, scanDocument } from '../../server/src/core/scan';
import { latexToText } from '../../server/src/core/latexText';
import type { DocLanguage, Span } from '../../server/src/core/model';
import { findBareRefs, normalizeArxivId, normalizeDoi } from '../../server/src/core/refRecognizers';

/** Per-input time limit; the real bottleneck inputs run in single milliseconds. */
export const MAX_MS = 200;

/** Fragments that matter to the readers: delimiters, commands, and text that is almost a reference. */
export const SNIPPETS = [
  '@', '@article{', '@string{m = ', '@comment{', '@preamble{', '{', '}', '"', '#', '%', ',', '=', '(', ')', '\n', '\r\n',
  ' ', '\t', '\ufeff', 'jan', ' # ', 'title = {', '}\n', '\\', '\\"{o}', '--', '~', '$', '😀', '中', '\ud800',
  '\\cite{', '\\citep[p.~3]{', '\\cites(a)[b]{', ']', '[', '[@', '; @', '-@', '@{', '`', '``', '```\n', '~~~\n',
  '<!--', '-->', '<', '>', '\\begin{verbatim}', '\\end{verbatim}', '\\verb|', '\\%', '---\n', 'bibliography: ', '- ',
  'arXiv:1512.03385', '1706.03762v2', 'cs/0112017', '10.1038/nature14236', 'doi:', 'https://arxiv.org/abs/', 'https://doi.org/',
  '\\bibliography{', '\\addbibresource{', 'http://', 'www.', '\n\n', 'v3', '.pdf', '...\n',
];

/** Random text drawn mostly from the characters and fragments above. */
export function randomText(maxLength: number): fc.Arbitrary<string> {
  const unit = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...SNIPPETS) },
    { weight: 3, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 4 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 2 }) },
  );
  return fc.array(unit, { maxLength, size: 'max' }).map((parts) => parts.join(''));
}

type Mutation = [kind: number, at: number, len: number, snippet: string];

/** A window of one seed text with a few random edits applied (insert, delete, duplicate, truncate). */
export function mutatedSeed(seeds: readonly string[], maxWindow: number): fc.Arbitrary<string> {
  return fc.record({
    seed: fc.nat({ max: seeds.length - 1 }),
    start: fc.nat(),
    edits: fc.array(fc.tuple(fc.nat({ max: 3 }), fc.nat(), fc.nat({ max: 64 }), fc.constantFrom(...SNIPPETS)), { maxLength: 12, size: 'max' }),
  }).map(({ seed, start, edits }) => {
    const full = seeds[seed];
    const from = full.length > maxWindow ? start % (full.length - maxWindow) : 0;
    let text = full.slice(from, from + maxWindow);
    for (const [kind, at, len, snippet] of edits as Mutation[]) text = mutate(text, kind, at, len, snippet);
    return text;
  });
}

function mutate(text: string, kind: number, at: number, len: number, snippet: string): string {
  const p = text.length ? at % (text.length + 1) : 0;
  switch (kind) {
    case 0: return text.slice(0, p) + snippet + text.slice(p);
    case 1: return text.slice(0, p) + text.slice(p + len);
    case 2: return text.slice(0, p) + text.slice(p, p + len).repeat(3) + text.slice(p);
    default: return text.slice(0, Math.max(p, text.length - len));
  }
}

function inside(span: Span, n: number): boolean {
  return Number.isInteger(span.start) && Number.isInteger(span.end) && 0 <= span.start && span.start <= span.end && span.end <= n;
}
/** Runs `f` under the time limit; a slow run is repeated once, so a GC pause or a busy machine is not a failure. */
function timed<T>(what: string, f: () => T): T {
  let started = performance.now();
  let r = f();
  if (performance.now() - started <= MAX_MS) return r;
  started = performance.now();
  r = f();
  const ms = performance.now() - started;
  if (ms > MAX_MS) throw new Error(`${what} took ${ms.toFixed(0)} ms (twice)`);
  return r;
}
function ok(cond: boolean, message: string): void {
  if (!cond) throw new Error(message);
}

/** parseBib on any text: no throw, bounded time, spans inside the text and in order, keys at their keySpan. */
export function checkBib(text: string): void {
  const r = timed('parseBib', () => parseBib(text));
  const n = text.length;
  let last = 0;
  for (const e of r.entries) {
    ok(inside(e.span, n) && inside(e.keySpan, n), `entry ${e.key}: span outside the text`);
    ok(e.span.start >= last, `entry ${e.key}: spans out of order`);
    ok(e.span.start <= e.keySpan.start && e.keySpan.end <= e.span.end, `entry ${e.key}: keySpan outside its entry`);
    ok(text.slice(e.keySpan.start, e.keySpan.end) === e.key && e.key.length > 0, `entry ${e.key}: key is not the text at keySpan`);
    ok(text[e.span.start] === '@', `entry ${e.key}: does not start at '@'`);
    for (const v of Object.values(e.fields)) ok(typeof v === 'string', `entry ${e.key}: non-string field`);
    last = e.span.end;
  }
  for (const p of r.problems) ok(inside(p.span, n) && p.message.length > 0, `problem "${p.message}": span outside the text`);
  timed('latexToText', () => { for (const e of r.entries) for (const v of Object.values(e.fields)) latexToText(v); });
}

/** scanDocument: cites in order, keys at their spans inside their containers; refs and declarations likewise. */
export function checkScan(text: string, language: DocLanguage): void {
  const r = timed(`scanDocument(${language})`, () => scanDocument(text, language, { customCiteCommands: ['mycite'] }));
  const n = text.length;
  let last = 0;
  for (const c of r.cites) {
    ok(inside(c.span, n) && inside(c.container, n), `cite ${c.key}: span outside the text`);
    ok(c.span.start >= last, `cite ${c.key}: spans out of order`);
    ok(text.slice(c.span.start, c.span.end) === c.key && c.key.length > 0, `cite ${c.key}: key is not the text at its span`);
    ok(c.container.start <= c.span.start && c.span.end <= c.container.end, `cite ${c.key}: key outside its container`);
    last = c.span.end;
  }
  checkRefs(text, r.bare);
  for (const b of r.bibliographies) {
    ok(inside(b.span, n) && text.slice(b.span.start, b.span.end) === b.path && b.path.length > 0, `bibliography ${b.path}: not the text at its span`);
  }
}

/** completionContextAt at an offset: undefined, or a span around the offset whose text up to the offset is the prefix. */
export function checkCompletion(text: string, offset: number, language: DocLanguage): void {
  const c = timed(`completionContextAt(${language})`, () => completionContextAt(text, offset, language, { customCiteCommands: ['mycite'] }));
  if (!c) return;
  ok(inside(c.span, text.length), 'completion span outside the text');
  ok(c.span.start <= offset && offset <= c.span.end, `completion span ${c.span.start}-${c.span.end} does not hold offset ${offset}`);
  ok(c.prefix === text.slice(c.span.start, offset), 'completion prefix is not the text from its span\'s start to the offset');
}

/** findBareRefs over all of the text and over a sub-range. */
export function checkBare(text: string, from: number, to: number): void {
  checkRefs(text, timed('findBareRefs', () => findBareRefs(text)));
  const part = timed('findBareRefs(range)', () => findBareRefs(text, from, to));
  const lo = Math.max(0, Math.min(from, text.length)), hi = Math.max(lo, Math.min(to, text.length));
  for (const r of part) ok(r.span.start >= lo && r.span.end <= hi, 'ref outside the requested range');
  checkRefs(text, part);
}

function checkRefs(text: string, refs: ReturnType<typeof findBareRefs>): void {
  let last = 0;
  for (const r of refs) {
    ok(inside(r.span, text.length) && r.span.start >= last && r.span.end > r.span.start, `ref ${r.id}: bad span`);
    if (r.kind === 'arxiv') ok(normalizeArxivId(r.id)?.id === r.id, `ref ${r.id}: id does not normalise to itself`);
    else ok(normalizeDoi(r.id) === r.id.toLowerCase(), `ref ${r.id}: DOI does not normalise`);
    last = r.span.end;
  }
}

// What the scanner tests share: fixtures with `<<marked>>` cites and a `$0` cursor, rendered compactly.
import assert from 'node:assert/strict';
import { completionContextAt, scanDocument, type ScanOptions } from '../../../server/src/core/scan';
import type { DocLanguage } from '../../../server/src/core/model';
import { fixture, texts } from '../../fixture';

/** Every `<<key>>` marked in the fixture is cited there, and nothing else is. */
export function checkCites(language: DocLanguage, raw: string, options: ScanOptions = {}): void {
  const f = fixture(raw);
  const r = scanDocument(f.text, language, options);
  assert.deepEqual(texts(f.text, r.cites.map((c) => c.span)), texts(f.text, f.marked));
  assert.deepEqual(r.cites.map((c) => c.span), f.marked);
  for (const c of r.cites) assert.equal(c.key, f.text.slice(c.span.start, c.span.end));
}
/** Renders each cite as `command key container-text`. */
export function render(language: DocLanguage, text: string, options: ScanOptions = {}): string[] {
  return scanDocument(text, language, options).cites.map((c) => `${c.command} ${c.key} ${text.slice(c.container.start, c.container.end)}`);
}
/** The completion context at `$0`, rendered as `command "prefix"` (the span is the one marked, if any), or "none". */
export function ctx(language: DocLanguage, raw: string, options: ScanOptions = {}): string {
  const f = fixture(raw);
  const c = completionContextAt(f.text, f.cursor, language, options);
  if (!c) return 'none';
  assert.equal(c.prefix, f.text.slice(c.span.start, f.cursor));
  if (f.marked.length) assert.deepEqual(c.span, f.marked[0]);
  return `${c.command} "${c.prefix}"`;
}

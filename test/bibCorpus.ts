/**
 * The bibliographies the parser and key-scan tests read on any clone: the real files whose
 * licence allows committing them (test/fixtures/bib/real, see its README), hand-written files with
 * the traits of the real files that may not be committed, and a synthetic file (test/syntheticBib.ts).
 * The tests of the uncommitted real files are in test/sharedMaterial.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBib } from '../server/src/core/bibParser';
import { syntheticBib } from './syntheticBib';

export const realBibDir = 'test/fixtures/bib/real';
export const styleBibs = ['zotero-style.bib', 'refdb-style.bib', 'cmlbib-style.bib'].map((f) => join('test/fixtures/bib', f));

export interface CorpusBib {
  name: string;
  text: string;
}

/** Every committed real bibliography, the trait files and a 5,000-entry synthetic file. */
export function committedBibs(): CorpusBib[] {
  const real = readdirSync(realBibDir).filter((f) => f.endsWith('.bib')).sort().map((f) => join(realBibDir, f));
  return [
    ...[...real, ...styleBibs].map((f) => ({ name: f, text: readFileSync(f, 'utf8') })),
    { name: 'syntheticBib(5000)', text: syntheticBib(5000).text },
  ];
}

/**
 * A whole real-world file loads: `entries` entries (duplicates included), every key at its keySpan,
 * every span from its `@` to its closing delimiter, no errors, a title wherever one is expected.
 */
export function assertLoadsCompletely(name: string, text: string, entries: number): ReturnType<typeof parseBib> {
  const r = parseBib(text);
  const duplicates = r.problems.filter((p) => p.code === 'duplicate-key');
  assert.equal(r.entries.length + duplicates.length, entries, name);
  assert.deepEqual(r.problems.filter((p) => p.severity === 'error'), [], name);
  for (const e of r.entries) {
    assert.equal(text.slice(e.keySpan.start, e.keySpan.end), e.key);
    assert.equal(text[e.span.start], '@');
    assert.ok('})'.includes(text[e.span.end - 1]), `${name}: ${e.key} ends at its closing delimiter`);
    assert.ok(e.fields.title !== undefined || e.type === 'proceedings' || e.type === 'misc' || e.type === 'book', `${name}: ${e.key} has a title`);
  }
  return r;
}

/** The keys reported as duplicates, as the text at each problem's span. */
export function duplicateKeysOf(text: string, r: ReturnType<typeof parseBib>): string[] {
  return r.problems.filter((p) => p.code === 'duplicate-key').map((p) => text.slice(p.span.start, p.span.end));
}

// Cross-references and front matter `nocite:` through the features: what diagnostics and hover say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics } from '../../server/src/core/features/diagnostics';
import { hover } from '../../server/src/core/features/hover';
import { completionContextAt, scanDocument } from '../../server/src/core/scan';
import { fixture } from '../fixture';
import { ctxOf, refsUri, sampleIndex } from './sampleIndex';

const index = sampleIndex({ withRefs: true });

/** Problems as "code: text"; the fixture's `<<…>>` marks must be their spans. */
function problems(raw: string, bibs?: string[]): string[] {
  const f = fixture(raw);
  const ps = diagnostics(ctxOf(index, bibs), { uri: 'file:///ws/a.md', language: 'markdown', text: f.text });
  if (f.marked.length) assert.deepEqual(ps.map((p) => p.span), f.marked);
  return ps.map((p) => `${p.code}: ${f.text.slice(p.span.start, p.span.end)}`);
}

/** Hover at `$0` as "hovered text | plaintext", or "-". */
function hoverAt(raw: string): string {
  const f = fixture(raw);
  const h = hover(ctxOf(index, [refsUri]), { uri: 'file:///ws/a.md', language: 'markdown', text: f.text }, f.cursor);
  return h ? `${f.text.slice(h.span.start, h.span.end)} | ${h.plaintext}` : '-';
}

test('cross-references get no key diagnostics; an unknown citation beside them still does', () => {
  assert.deepEqual(problems('See @sec:intro, @Fig:arch, [@eq:loss; @tbl:res] and @lst:code.'), []);
  assert.deepEqual(problems('Quarto: @fig-x @tbl-x @sec-x @eq-x @lst-x @thm-x @lem-x @cor-x @prp-x @cnj-x @def-x @exm-x @exr-x @sol-x @rem-x @alg-x @Fig-x.'), []);
  assert.deepEqual(problems('As @fig:a shows [@<<nosuchkey2020>>; @fig:b], and @<<fig2019>> and @<<figure:x>>.'), [
    'unknown-key: nosuchkey2020', 'unknown-key: fig2019', 'unknown-key: figure:x',
  ]);
});

test('hover on a cross-reference says what it is', () => {
  assert.equal(hoverAt('See @fig:ar$0ch.'), 'fig:arch | Cross-reference to figure fig:arch.');
  assert.equal(hoverAt('See @Thm-$0main.'), 'Thm-main | Cross-reference to theorem Thm-main.');
});

test('scan: cross-references are listed apart, with their kind and the label span', () => {
  const text = 'A @sec:x, @{eq:y} and @a.';
  const r = scanDocument(text, 'markdown');
  assert.deepEqual(r.cites.map((c) => c.key), ['a']);
  assert.deepEqual(r.crossrefs?.map((x) => `${x.kind} ${x.label} ${text.slice(x.span.start, x.span.end)}`), ['section sec:x sec:x', 'equation eq:y eq:y']);
  assert.equal(scanDocument('No cross-references @a.', 'markdown').crossrefs, undefined);
});

test('nocite keys are cited at their place in the front matter; @* is every entry', () => {
  const text = "---\nbibliography: refs.bib\nnocite: |\n  @he2016deep, @{odd:key}\n---\n\nText @kingma2015adam.";
  const r = scanDocument(text, 'markdown');
  assert.deepEqual(r.cites.map((c) => `${c.command} ${c.key} ${text.slice(c.span.start, c.span.end)}`), [
    'nocite he2016deep he2016deep', 'nocite odd:key odd:key', '@ kingma2015adam kingma2015adam',
  ]);
  assert.equal(r.nociteAll, undefined);
  const all = "---\nnocite: '@*'\n---\n";
  const s = scanDocument(all, 'markdown');
  assert.deepEqual(s.cites, []);
  assert.equal(all.slice(s.nociteAll!.start, s.nociteAll!.end), '*');
});

test('nocite keys count for the diagnostics like cited ones', () => {
  assert.deepEqual(problems("---\nbibliography: refs.bib\nnocite: '@<<nosuchkey>>, @<<vaswani2017attention>>'\n---\n\nText."), [
    'unknown-key: nosuchkey', 'missing-from-bib: vaswani2017attention',
  ]);
});

test('example-list labels are no citations, nor are in-text references to them', () => {
  const r = scanDocument('(@good) An example.\n\nAs (@good) and @good show, [@good] is a citation.', 'markdown');
  assert.deepEqual(r.cites.map((c) => `${c.command} ${c.key}`), ['[@ good']);
  assert.equal(completionContextAt('(@go) An example.', 3, 'markdown'), undefined);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics } from '../../server/src/core/features/diagnostics';
import type { Config, DocLanguage } from '../../server/src/core/model';
import { fixture } from '../fixture';
import { bib, ctxOf, refs, refsUri, sampleIndex } from './sampleIndex';

const index = sampleIndex({ withRefs: true });
const other = bib([{ key: 'smith2020local', fields: { title: 'Again' } }, { key: 'elsewhere2019', fields: { title: 'Only here' } }]);
index.setParsedBib('file:///ws/other.bib', other.text, other.parsed);

/** Problems rendered as "code severity: text | message | data"; the fixture's `<<…>>` marks must match the spans. */
function check(raw: string, expected: string[], opts: { language?: DocLanguage; uri?: string; bibs?: string[]; diagnostics?: Partial<Config['diagnostics']> } = {}): void {
  const f = fixture(raw);
  const ctx = ctxOf(index, opts.bibs, { diagnostics: { enabled: true, unknownKeySeverity: 'warning', missingFromBibSeverity: 'information', ...opts.diagnostics } });
  const ps = diagnostics(ctx, { uri: opts.uri ?? 'file:///ws/a.md', language: opts.language ?? 'markdown', text: f.text });
  assert.deepEqual(ps.map((p) => `${p.code} ${p.severity}: ${f.text.slice(p.span.start, p.span.end)} | ${p.message}${p.data ? ` | ${JSON.stringify(p.data)}` : ''}`), expected);
  if (f.marked.length) assert.deepEqual(ps.map((p) => p.span), f.marked);
}

test('unknown keys, with a did-you-mean in the message and the data', () => {
  check('[@<<he2016dep>>] [@he2016deep] [@<<zzzz>>] 😀 \\cite{x}', [
    `unknown-key warning: he2016dep | Unknown citation key 'he2016dep'. Did you mean 'he2016deep'? | {"key":"he2016dep","suggestion":"he2016deep"}`,
    `unknown-key warning: zzzz | Unknown citation key 'zzzz': not in the ML Papers database or your bibliographies. | {"key":"zzzz"}`,
  ]);
  check('\\cite{kingma2015adma}', [
    `unknown-key error: kingma2015adma | Unknown citation key 'kingma2015adma'. Did you mean 'kingma2015adam'? | {"key":"kingma2015adma","suggestion":"kingma2015adam"}`,
  ], { language: 'latex', diagnostics: { unknownKeySeverity: 'error' } });
});

test('aliases and user keys are known', () => {
  check('[@kingma2014adam; @He.Zhang.Ren.ea.2016; @smith2020local]', []);
});

test('missing-from-bib only when the document names a bibliography', () => {
  const doc = '\\bibliography{refs}\n\\cite{vaswani2017attention,He.Zhang.Ren.ea.2016,elsewhere2019}';
  check(doc, [
    "missing-from-bib information: vaswani2017attention | 'vaswani2017attention' is in the ML Papers database but not in refs.bib | {\"key\":\"vaswani2017attention\"}",
    "missing-from-bib information: elsewhere2019 | 'elsewhere2019' is defined in other.bib but not in refs.bib | {\"key\":\"elsewhere2019\"}",
  ], { language: 'latex', bibs: [refsUri] });
  check('\\cite{vaswani2017attention}', [], { language: 'latex', bibs: [refsUri] });
  check('---\nbibliography: refs.bib\n---\n[@vaswani2017attention]', ["missing-from-bib hint: vaswani2017attention | 'vaswani2017attention' is in the ML Papers database but not in refs.bib | {\"key\":\"vaswani2017attention\"}"],
    { bibs: [refsUri], diagnostics: { missingFromBibSeverity: 'hint' } });
});

test('a database key for a paper the bibliography holds under another key points to that key, not to a duplicate', () => {
  check('\\bibliography{refs}\n\\cite{<<he2016deep>>}', [
    "same-paper-other-key information: he2016deep | 'he2016deep' is the same paper as 'He.Zhang.Ren.ea.2016' in refs.bib: cite 'He.Zhang.Ren.ea.2016' instead of adding a duplicate entry | {\"key\":\"he2016deep\",\"existing\":\"He.Zhang.Ren.ea.2016\"}",
  ], { language: 'latex', bibs: [refsUri] });
});

test('duplicate keys in .bib documents, across files and within one', () => {
  check(refs.text, ["duplicate-key warning: smith2020local | Duplicate key 'smith2020local': also defined in other.bib:1 | {\"key\":\"smith2020local\"}"], { language: 'bibtex', uri: refsUri });
  // Within one file the bib reader reports the repeat itself (and keeps the first entry); it is not reported twice.
  check('@article{dup, title={A}}\n@article{<<dup>>, title={B}}\n', [
    "duplicate-key warning: dup | Duplicate key 'dup'; the entry at line 1 is kept and this one is ignored.",
  ], { language: 'bibtex', uri: 'file:///ws/x.bib' });
});

test('bib syntax problems come through', () => {
  const f = fixture('@article{ok, title={A}}\n@article{broken, title = {unclosed\n');
  const ps = diagnostics(ctxOf(index), { uri: 'file:///ws/x.bib', language: 'bibtex', text: f.text });
  assert.ok(ps.length >= 1 && ps.every((p) => p.code !== 'duplicate-key'), JSON.stringify(ps));
});

test('nothing when diagnostics are off', () => {
  check('[@zzzz]', [], { diagnostics: { enabled: false } });
});

test('a key matching a user key only in case: information under BibTeX, unknown with the exact key under biblatex and pandoc', () => {
  const idx = sampleIndex();
  const b = bib([{ type: 'inproceedings', key: 'Rosenfeld2000', fields: { title: 'Case' } }]);
  idx.setParsedBib('file:///ws/refs.bib', b.text, b.parsed);
  const ctx = ctxOf(idx, ['file:///ws/refs.bib']);
  const render = (language: DocLanguage, text: string) =>
    diagnostics(ctx, { uri: 'file:///ws/a', language, text }).map((p) => `${p.code} ${p.severity}: ${text.slice(p.span.start, p.span.end)} | ${p.message} | ${JSON.stringify(p.data)}`);
  const bibtex = ['key-case information: rosenfeld2000 | BibTeX resolves rosenfeld2000 to Rosenfeld2000; biber would not | {"key":"rosenfeld2000","suggestion":"Rosenfeld2000"}'];
  assert.deepEqual(render('latex', '\\bibliographystyle{plain}\\cite{rosenfeld2000}\\bibliography{refs}'), bibtex);
  // A chapter naming no backend is given BibTeX's benefit of the doubt: no false unknown key.
  assert.deepEqual(render('latex', '\\cite{rosenfeld2000}'), bibtex);
  const unknown = [`unknown-key warning: rosenfeld2000 | Unknown citation key 'rosenfeld2000'. Did you mean 'Rosenfeld2000'? | {"key":"rosenfeld2000","suggestion":"Rosenfeld2000"}`];
  assert.deepEqual(render('latex', '\\usepackage[style=authoryear]{biblatex}\\addbibresource{refs.bib}\\cite{rosenfeld2000}'), unknown);
  assert.deepEqual(render('latex', '\\addbibresource{refs.bib}\\cite{rosenfeld2000}'), unknown);
  assert.deepEqual(render('markdown', '[@rosenfeld2000]'), unknown);
  // The exact key is simply known.
  assert.deepEqual(render('latex', '\\cite{Rosenfeld2000}\\bibliography{refs}'), []);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completion } from '../../server/src/core/features/completion';
import type { DocLanguage } from '../../server/src/core/model';
import { fixture } from '../fixture';
import { CitationIndex } from '../../server/src/core/citationIndex';
import { bib, ctxOf, refsUri, sampleDb, sampleIndex } from './sampleIndex';

const index = sampleIndex({ withRefs: true });

/** Completion at `$0`, rendered as "key | detail" lines (first `n`); "-" when not in a citation. */
function check(raw: string, expected: string[], opts: { language?: DocLanguage; bibs?: string[]; n?: number } = {}): void {
  const f = fixture(raw);
  const r = completion(ctxOf(index, opts.bibs), { uri: 'file:///ws/a.md', language: opts.language ?? 'markdown', text: f.text }, f.cursor);
  const got = r ? r.items.slice(0, opts.n ?? expected.length).map((i) => `${i.key} | ${i.detail}`) : ['-'];
  assert.deepEqual(got, expected);
}

test('a nickname, an author with year, a title phrase or a given name puts ResNet first', () => {
  check('[@resnet$0', ['he2016deep | He, Zhang, Ren, Sun (2016) — Deep Residual Learning for Image Recognition'], { n: 1 });
  check('\\cite{kaiming$0}', ['he2016deep | He, Zhang, Ren, Sun (2016) — Deep Residual Learning for Image Recognition'], { language: 'latex', n: 1 });
  check('[@he2016$0]', ['he2016deep | He, Zhang, Ren, Sun (2016) — Deep Residual Learning for Image Recognition'], { n: 1 });
});

test('adam and attention find their papers first; long titles are cut', () => {
  check('[@adam$0', ['kingma2015adam | Kingma, Ba (2015) — Adam: A Method for Stochastic Optimization'], { n: 1 });
  check('[@attention$0', ['vaswani2017attention | Vaswani, Shazeer, Parmar et al. (2017) — Attention Is All You Need'], { n: 1 });
  check('[@devlin$0', ['devlin2019bert | Devlin, Chang, Lee, Toutanova (2019) — BERT: Pre-training of Deep Bidirectional Transformers for…'], { n: 1 });
});

test('the document\'s own bibliography comes first for an empty prefix, then the most-cited papers', () => {
  check('\\citep{$0}', [
    'He.Zhang.Ren.ea.2016 | He, Zhang, Ren, Sun (2016) — Deep Residual Learning for Image Recognition',
    'smith2020local | Smith, van der Berg (2020) — A Local Paper Nobody Else Has',
    'krizhevsky2012imagenet | Krizhevsky, Sutskever, Hinton (2012) — ImageNet Classification with Deep Convolutional Neural…',
    'he2016deep | He, Zhang, Ren, Sun (2016) — Deep Residual Learning for Image Recognition',
  ], { language: 'latex', bibs: [refsUri] });
});

test('span, prefix, filterText and sortText: the typed prefix leads filterText so our order survives the editor\'s filter', () => {
  const f = fixture('😀 [see @resi$0 p. 3]');
  const r = completion(ctxOf(index), { uri: 'file:///ws/a.md', language: 'markdown', text: f.text }, f.cursor)!;
  assert.equal(f.text.slice(r.span.start, r.span.end), 'resi');
  assert.equal(r.prefix, 'resi');
  const first = r.items[0];
  assert.equal(first.key, 'he2016deep');
  assert.ok(first.filterText.startsWith('resi he2016deep he2015deep ResNet Deep Residual Learning'), first.filterText);
  assert.deepEqual(r.items.map((i) => i.sortText), r.items.map((_, i) => String(i).padStart(String(r.items.length).length, '0')));
  assert.equal(first.source, 'bundled');
  assert.match(first.documentationMarkdown ?? '', /^\*\*Deep Residual Learning for Image Recognition\*\*/);
  assert.equal(r.incomplete, false);
});

test('a key typed right before other text is searched by the text before the cursor, and the accepted item replaces the whole word', () => {
  // `\cite{kaiming` typed in front of "Generative": the key so far is "kaiming", not "kaimingGenerative".
  const resnet = 'he2016deep | He, Zhang, Ren, Sun (2016) — Deep Residual Learning for Image Recognition';
  check('\\cite{kaiming$0Generative models', [resnet], { language: 'latex', n: 1 });
  check('[@kaiming$0Generative models', [resnet], { n: 1 });
  for (const [language, raw] of [['latex', '\\cite{<<kaiming$0Generative>> models'], ['markdown', '[@<<kaiming$0Generative>> models']] as const) {
    const f = fixture(raw);
    const r = completion(ctxOf(index), { uri: 'file:///ws/a', language, text: f.text }, f.cursor)!;
    assert.equal(r.prefix, 'kaiming', language);
    assert.deepEqual(r.span, f.marked[0], language);
    assert.ok(r.items[0].filterText.startsWith('kaiming '), r.items[0].filterText);
  }
});

test('user entries carry their file as source', () => {
  const f = fixture('[@He.Zh$0');
  const r = completion(ctxOf(index, [refsUri]), { uri: 'file:///ws/a.md', language: 'markdown', text: f.text }, f.cursor)!;
  assert.equal(r.items[0].key, 'He.Zhang.Ren.ea.2016');
  assert.equal(r.items[0].source, refsUri);
});

test('the list is capped at completionLimit and says it is incomplete', () => {
  const f = fixture('\\cite{$0}');
  const r = completion({ ...ctxOf(index), config: { ...ctxOf(index).config, completionLimit: 3 } }, { uri: 'file:///ws/a.tex', language: 'latex', text: f.text }, f.cursor)!;
  assert.equal(r.items.length, 3);
  assert.equal(r.incomplete, true);
});

test('no completion outside a citation or in .bib files', () => {
  check('plain te$0xt', ['-']);
  check('@article{x$0,', ['-'], { language: 'bibtex' });
});

test('in LaTeX, words typed with spaces inside the key list are one search and are replaced as a whole', () => {
  check('\\cite{residual learning$0}', ['he2016deep | He, Zhang, Ren, Sun (2016) — Deep Residual Learning for Image Recognition'], { language: 'latex', n: 1 });
  check('\\citep[p.~3]{kingma2015adam, he 2016$0}', ['he2016deep | He, Zhang, Ren, Sun (2016) — Deep Residual Learning for Image Recognition'], { language: 'latex', n: 1 });
  const f = fixture('\\cite{a, <<he 2016>>$0}');
  const r = completion(ctxOf(index), { uri: 'file:///ws/a.tex', language: 'latex', text: f.text }, f.cursor)!;
  assert.deepEqual(r.span, f.marked[0]);
  assert.equal(r.prefix, 'he 2016');
});

test('a paper with hundreds of authors is found by a late one, and its filterText names only the first twenty', () => {
  const authors = Array.from({ length: 450 }, (_, i) => `Author${i}, Given${i}`).join(' and ');
  const big = bib([{ key: 'srivastava2022beyond', fields: { title: 'Beyond the Imitation Game', author: authors, year: '2022' } }]);
  const idx = new CitationIndex(sampleDb());
  idx.setParsedBib('file:///ws/big.bib', big.text, big.parsed);
  const f = fixture('[@author300$0');
  const r = completion(ctxOf(idx, ['file:///ws/big.bib']), { uri: 'file:///ws/a.md', language: 'markdown', text: f.text }, f.cursor)!;
  const item = r.items.find((i) => i.key === 'srivastava2022beyond');
  assert.ok(item, 'found by its 301st author');
  assert.ok(item.filterText.startsWith('author300 srivastava2022beyond Beyond the Imitation Game Given0 Author0'), item.filterText);
  assert.match(item.filterText, /Given19 Author19 2022$/);
  assert.doesNotMatch(item.filterText, /Author20\b/);
});

test('an entry with only a title, matched to a database paper, shows and is filtered by the paper\'s names and year', () => {
  const bare = bib([{ key: 'resnetNote', fields: { title: 'Deep Residual Learning for Image Recognition' } }]);
  const idx = new CitationIndex(sampleDb());
  idx.setParsedBib('file:///ws/bare.bib', bare.text, bare.parsed);
  const f = fixture('[@resnetNo$0');
  const r = completion(ctxOf(idx, ['file:///ws/bare.bib']), { uri: 'file:///ws/a.md', language: 'markdown', text: f.text }, f.cursor)!;
  const item = r.items.find((i) => i.key === 'resnetNote');
  assert.ok(item);
  assert.equal(item.detail, 'He, Zhang, Ren, Sun (2016) — Deep Residual Learning for Image Recognition');
  // The words the editor filters by name what the detail line shows: the paper's authors and year.
  assert.match(item.filterText, /Kaiming He .*Jian Sun 2016$/);
});

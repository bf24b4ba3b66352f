// BibTeX / BibLaTeX text for one paper: entry types, keys, title protection, escaping, and a
// round trip through citation-js's own BibTeX reader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { CslItem, IndexedEntry, Paper } from '../../server/src/core/model';
import { paperToBibtex, entryToBibtex, protectTitle, escapeTex, arxivIdOf, type BibFormat } from '../../server/src/core/bibtex';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Cite = require('citation-js');

const papers: CslItem[] = JSON.parse(readFileSync('test/fixtures/bibtex/papers12.json', 'utf8'));
function paper(id: string): CslItem {
  const p = papers.find((x) => x.id === id);
  assert.ok(p, `fixture paper ${id}`);
  return p;
}

/** The entry head and field names in order, e.g. "@misc{k} author title howpublished year". */
function shape(text: string): string {
  const head = /^@(\w+)\{([^,]*),/.exec(text);
  const fields = [...text.matchAll(/^ {2}(\w+) = /gm)].map((m) => m[1]);
  return `@${head?.[1]}{${head?.[2]}} ${fields.join(' ')}`;
}

/** The value of one field as written (without the outer braces). */
function field(text: string, name: string): string | undefined {
  const m = new RegExp(`^ {2}${name} = (.*?),?$`, 'm').exec(text);
  if (!m) return undefined;
  return m[1].startsWith('{') ? m[1].slice(1, -1) : m[1];
}

test('a conference paper is an @inproceedings with booktitle, all authors, pages, DOI and arXiv eprint', () => {
  assert.equal(paperToBibtex(paper('he2016deep'), 'he2016deep', 'bibtex'), [
    '@inproceedings{he2016deep,',
    '  author = {He, Kaiming and Zhang, Xiangyu and Ren, Shaoqing and Sun, Jian},',
    '  title = {Deep Residual Learning for Image Recognition},',
    '  booktitle = {Proceedings of the {IEEE} Conference on Computer Vision and Pattern Recognition ({CVPR})},',
    '  publisher = {IEEE},',
    '  pages = {770--778},',
    '  year = {2016},',
    '  doi = {10.1109/CVPR.2016.90},',
    '  eprint = {1512.03385},',
    '  archivePrefix = {arXiv},',
    '  primaryClass = {cs.CV}',
    '}',
    '',
  ].join('\n'));
});

test('the BibLaTeX variant uses date, journaltitle/location and eprinttype/eprintclass', () => {
  assert.equal(shape(paperToBibtex(paper('he2016deep'), 'he2016deep', 'biblatex')),
    '@inproceedings{he2016deep} author title booktitle publisher pages date doi eprint eprinttype eprintclass');
  const nature = paperToBibtex(paper('mnih2015human'), 'mnih2015human', 'biblatex');
  // biber's data model has no publisher for @article.
  assert.equal(shape(nature), '@article{mnih2015human} author title journaltitle volume number pages date doi');
  assert.equal(field(nature, 'date'), '2015');
  const bert = paperToBibtex(paper('devlin2019bert'), 'devlin2019bert', 'biblatex');
  assert.equal(field(bert, 'location'), 'Minneapolis, Minnesota');
  assert.equal(field(bert, 'eprinttype'), 'arxiv');
  assert.equal(field(bert, 'eprintclass'), 'cs.CL');
});

test('a journal paper is an @article with journal, volume, number and pages', () => {
  const text = paperToBibtex(paper('hochreiter1997long'), 'hochreiter1997long', 'bibtex');
  assert.equal(shape(text), '@article{hochreiter1997long} author title journal publisher volume number pages year doi');
  assert.equal(field(text, 'journal'), 'Neural Computation');
  assert.equal(field(text, 'volume'), '9');
  assert.equal(field(text, 'number'), '8');
  assert.equal(field(text, 'pages'), '1735--1780');
});

test('an arXiv-only preprint is @misc with howpublished and eprint fields in BibTeX, @online in BibLaTeX', () => {
  const bib = paperToBibtex(paper('ba2016layer'), 'ba2016layer', 'bibtex');
  assert.equal(shape(bib), '@misc{ba2016layer} author title howpublished year eprint archivePrefix primaryClass url');
  assert.equal(field(bib, 'howpublished'), 'arXiv preprint arXiv:1607.06450');
  assert.equal(field(bib, 'eprint'), '1607.06450');
  assert.equal(field(bib, 'archivePrefix'), 'arXiv');
  assert.equal(field(bib, 'primaryClass'), 'stat.ML');
  const blx = paperToBibtex(paper('ba2016layer'), 'ba2016layer', 'biblatex');
  assert.equal(shape(blx), '@online{ba2016layer} author title date eprint eprinttype eprintclass url');
});

test('a preprint whose venue is "arXiv" gets no journal field, and its URL is made from the id', () => {
  const bib = paperToBibtex(paper('schulman2017proximal'), 'schulman2017proximal', 'bibtex');
  assert.equal(shape(bib), '@misc{schulman2017proximal} author title howpublished year eprint archivePrefix primaryClass url');
  assert.equal(field(bib, 'url'), 'https://arxiv.org/abs/1707.06347');
});

test('an arXiv id is also recognised from an arXiv URL or DOI, version dropped', () => {
  assert.equal(arxivIdOf({ id: 'x', type: 'article', URL: 'https://arxiv.org/abs/1706.03762v5' }), '1706.03762');
  assert.equal(arxivIdOf({ id: 'x', type: 'article', DOI: '10.48550/arXiv.1810.04805' }), '1810.04805');
  assert.equal(arxivIdOf({ id: 'x', type: 'article', URL: 'https://arxiv.org/abs/cs/0112017' }), 'cs/0112017');
  assert.equal(arxivIdOf({ id: 'x', type: 'article', URL: 'https://example.org/1706.03762' }), undefined);
});

test('a technical report is @techreport (BibTeX) / @report (BibLaTeX) with the institution', () => {
  const bib = paperToBibtex(paper('krizhevsky2009learning'), 'krizhevsky2009learning', 'bibtex');
  assert.equal(shape(bib), '@techreport{krizhevsky2009learning} author title institution year');
  assert.equal(field(bib, 'institution'), 'University of Toronto');
  const blx = paperToBibtex(paper('krizhevsky2009learning'), 'k', 'biblatex');
  // biber requires a type for @report; "techreport" is biblatex's localised key.
  assert.equal(shape(blx), '@report{k} author title institution type date');
  assert.equal(field(blx, 'type'), 'techreport');
});

test('a thesis is @phdthesis with the school (BibTeX) or @thesis with a type (BibLaTeX)', () => {
  const bib = paperToBibtex(paper('watkins1989learning'), 'w', 'bibtex');
  assert.equal(shape(bib), '@phdthesis{w} author title school year');
  assert.equal(field(bib, 'school'), 'University of Cambridge');
  const blx = paperToBibtex(paper('watkins1989learning'), 'w', 'biblatex');
  assert.equal(shape(blx), '@thesis{w} author title institution type date');
  assert.equal(field(blx, 'type'), 'phdthesis');
  const masters: CslItem = { ...paper('watkins1989learning'), genre: 'MSc thesis' };
  assert.equal(shape(paperToBibtex(masters, 'm', 'bibtex')), '@mastersthesis{m} author title school year');
});

test('a lecture is @misc with the genre and the course as howpublished, in both formats', () => {
  for (const format of ['bibtex', 'biblatex'] as BibFormat[]) {
    const text = paperToBibtex(paper('tieleman2012lecture'), 't', format);
    assert.equal(shape(text), `@misc{t} author title howpublished ${format === 'bibtex' ? 'year' : 'date'}`);
    assert.equal(field(text, 'howpublished'), 'Lecture slides, COURSERA: Neural Networks for Machine Learning');
  }
});

test('an article without a journal is @misc, not an @article every style would reject', () => {
  const item: CslItem = { id: 'a', type: 'article', title: 'T', author: [{ family: 'A', given: 'B' }], issued: { 'date-parts': [[2020]] }, URL: 'https://example.org/t' };
  assert.equal(shape(paperToBibtex(item, 'a', 'bibtex')), '@misc{a} author title year url');
  assert.equal(shape(paperToBibtex({ ...item, 'container-title': 'J' }, 'a', 'bibtex')), '@article{a} author title journal year url');
});

test('a proceedings volume drops the issue number, which standard styles refuse beside a volume', () => {
  const item: CslItem = { ...paper('arjovsky2017wasserstein'), issue: '3' };
  assert.equal(field(paperToBibtex(item, 'a', 'bibtex'), 'number'), undefined);
  assert.equal(field(paperToBibtex({ ...item, volume: undefined }, 'a', 'bibtex'), 'number'), '3');
});

test('the entry is written under exactly the key given, however citation-js would label it', () => {
  for (const key of ['kingma2014adam', 'He.Zhang.Ren.ea.2016', 'Kingma:2015', 'x']) {
    assert.equal(shape(paperToBibtex(paper('kingma2015adam'), key, 'bibtex')).split(' ')[0], `@inproceedings{${key}}`);
  }
});

test('a name particle from CSL-JSON is kept in front of the family name', () => {
  const item = { id: 'v', type: 'article-journal', title: 'T', 'container-title': 'J', issued: { 'date-parts': [[2008]] },
    author: [{ family: 'Maaten', 'non-dropping-particle': 'van der', given: 'Laurens' }] } as unknown as CslItem;
  assert.equal(field(paperToBibtex(item, 'v', 'bibtex'), 'author'), 'van der Maaten, Laurens');
});

test('months become BibTeX month macros; BibLaTeX keeps them in the date', () => {
  const item: CslItem = { id: 'm', type: 'article-journal', title: 'T', author: [{ family: 'A', given: 'B' }], 'container-title': 'J', issued: { 'date-parts': [[2014, 12]] } };
  const bib = paperToBibtex(item, 'm', 'bibtex');
  assert.match(bib, /^ {2}month = dec,?$/m);
  assert.equal(field(paperToBibtex(item, 'm', 'biblatex'), 'date'), '2014-12');
});

test('titles protect acronyms, internal capitals and listed proper nouns, and nothing else', () => {
  const cases: Array<[string, string]> = [
    ['ImageNet Classification with Deep Convolutional Neural Networks', '{ImageNet} Classification with Deep Convolutional Neural Networks'],
    ['BERT: Pre-training of Deep Bidirectional Transformers', '{BERT}: Pre-training of Deep Bidirectional {Transformers}'],
    ['Improved Training of Wasserstein GANs', 'Improved Training of {Wasserstein} {GAN}s'],
    ['Faster R-CNN: Towards Real-Time Object Detection', 'Faster {R-CNN}: Towards Real-Time Object Detection'],
    ['Mastering the game of Go without human knowledge', 'Mastering the game of {Go} without human knowledge'],
    ['Playing Atari with Deep Reinforcement Learning', 'Playing {Atari} with Deep Reinforcement Learning'],
    ['LSTM: A Search Space Odyssey', '{LSTM}: A Search Space Odyssey'],
    ['Language Models are Few-Shot Learners', 'Language Models are Few-Shot Learners'],
    ['Self-Attention with Relative Position Representations', 'Self-Attention with Relative Position Representations'],
    ['Human-level control through deep Q-learning', 'Human-level control through deep {Q}-learning'],
    ['GPT-3 and ResNet-50 on CIFAR-10', '{GPT-3} and {ResNet-50} on {CIFAR-10}'],
    ['Visualizing Data using t-SNE', 'Visualizing Data using t-{SNE}'],
    ['Bayesian Learning via Stochastic Gradient Langevin Dynamics', '{Bayesian} Learning via Stochastic Gradient {Langevin} Dynamics'],
    ['Monte Carlo Tree Search and Markov Chains', '{Monte} {Carlo} Tree Search and {Markov} Chains'],
    ['Neural Machine Translation from English to German', 'Neural Machine Translation from {English} to {German}'],
    ['word2vec Explained', 'word2vec Explained'],
    ['AlphaGo and WaveNet', '{AlphaGo} and {WaveNet}'],
  ];
  assert.deepEqual(cases.map(([t]) => protectTitle(t)), cases.map(([, want]) => want));
});

test('TeX specials are escaped everywhere but in URLs and DOIs; non-ASCII stays UTF-8', () => {
  assert.equal(escapeTex('A & B: 50% of #1, a_b, $5, {x}, ~, ^, \\'), 'A \\& B: 50\\% of \\#1, a\\_b, \\$5, \\{x\\}, \\textasciitilde{}, \\textasciicircum{}, \\textbackslash{}');
  const item: CslItem = {
    id: 'e', type: 'article-journal', title: 'Q&A for 100% of #tags_and_more', 'container-title': 'Research & Development',
    author: [{ family: 'Müller', given: 'Jürgen' }, { family: '王', given: '小明' }, { literal: 'Smith & Sons' }],
    issued: { 'date-parts': [[2020]] }, publisher: 'A_B Press', URL: 'https://example.org/a_b%20c#frag', DOI: '10.1000/a_b',
  };
  const text = paperToBibtex(item, 'e', 'bibtex');
  assert.equal(field(text, 'title'), '{Q\\&A} for 100\\% of \\#tags\\_and\\_more');
  assert.equal(field(text, 'journal'), 'Research \\& Development');
  assert.equal(field(text, 'author'), 'Müller, Jürgen and 王, 小明 and {Smith \\& Sons}');
  assert.equal(field(text, 'publisher'), 'A\\_B Press');
  assert.equal(field(text, 'url'), 'https://example.org/a_b%20c#frag');
  assert.equal(field(text, 'doi'), '10.1000/a_b');
  const [back] = new Cite(text).data;
  assert.equal(back.title, item.title);
  assert.deepEqual(back.author.map((a: { family?: string; given?: string; literal?: string }) => a.literal ?? [a.family, a.given].filter(Boolean).join(', ')), ['Müller, Jürgen', '王, 小明', 'Smith & Sons']);
});

test('output is deterministic, uses \\n line endings and two-space indentation, and leaves citation-js settings as they were', () => {
  const config = Cite.plugins.config.get('@bibtex');
  const before = config.format.asciiOnly;
  for (const format of ['bibtex', 'biblatex'] as BibFormat[]) {
    for (const p of papers) {
      const a = paperToBibtex(p, p.id, format);
      assert.equal(paperToBibtex(structuredClone(p), p.id, format), a);
      assert.ok(!a.includes('\r') && !a.includes('\t'), p.id);
      assert.ok(a.endsWith('\n}\n'), p.id);
      for (const line of a.split('\n').slice(1, -2)) assert.match(line, /^ {2}[A-Za-z]+ = \S/, `${p.id}: ${line}`);
    }
  }
  assert.equal(config.format.asciiOnly, before);
});

/** A CSL item as citation-js reads it back, reduced to the fields we compare. */
// A CSL reader splits "van der Maaten" into a particle and a family name; we compare them joined.
type ReadName = { family?: string; given?: string; literal?: string; 'non-dropping-particle'?: string };
function comparable(item: { title?: string; author?: ReadName[]; issued?: CslItem['issued']; DOI?: string }) {
  return {
    title: item.title,
    authors: (item.author ?? []).map((a) => a.literal ?? `${[a['non-dropping-particle'], a.family].filter(Boolean).join(' ')}, ${a.given}`),
    year: item.issued?.['date-parts']?.[0]?.[0],
    doi: item.DOI,
  };
}

for (const format of ['bibtex', 'biblatex'] as BibFormat[]) {
  test(`round trip (${format}): citation-js reads back titles, authors, years, DOIs and arXiv ids of every fixture paper`, () => {
    const text = papers.map((p) => paperToBibtex(p, p.id, format)).join('\n');
    const back: CslItem[] = new Cite(text).data;
    assert.deepEqual(back.map((b) => b['citation-key']), papers.map((p) => p.id));
    assert.deepEqual(back.map((b) => comparable(b)), papers.map((p) => comparable({ ...p, issued: { 'date-parts': [[Number(p.issued?.['date-parts']?.[0]?.[0])]] } })));
    // citation-js drops eprint fields when it maps to CSL, so arXiv ids are read from its raw entries.
    const raw: Array<{ label: string; properties: Record<string, string> }> = Cite.plugins.input.chain(text, { target: '@biblatex/entries+list', generateGraph: false });
    assert.deepEqual(raw.map((e) => [e.label, e.properties.eprint]), papers.map((p) => [p.id, p.custom?.arxiv]));
  });
}

const bibEntry: IndexedEntry = {
  key: 'He.Zhang.Ren.ea.2016',
  source: { kind: 'bib', uri: 'file:///w/refs.bib', span: { start: 0, end: 10 }, keySpan: { start: 15, end: 35 } },
  type: 'inproceedings',
  title: 'Deep residual learning for image recognition',
  authors: [{ family: 'He', given: 'Kaiming' }],
  year: 2016,
  fields: { title: 'Deep residual learning for {I}mage recognition', author: 'He, K. and Zhang, X.', booktitle: '\\CVPR', year: '2016' },
};

test('a user bib entry is written back with its own type and raw fields, under the requested key', () => {
  assert.equal(entryToBibtex(bibEntry, 'he2016deep', 'biblatex'), [
    '@inproceedings{he2016deep,',
    '  title = {Deep residual learning for {I}mage recognition},',
    '  author = {He, K. and Zhang, X.},',
    '  booktitle = {\\CVPR},',
    '  year = {2016}',
    '}',
    '',
  ].join('\n'));
});

test('a bundled entry is the database paper under the cited key (an alias stays the alias)', () => {
  const adam = paper('kingma2015adam') as Paper;
  const entry: IndexedEntry = { key: 'kingma2015adam', source: { kind: 'bundled' }, type: 'paper-conference', title: adam.title, authors: [], paper: adam };
  assert.equal(entryToBibtex(entry, 'kingma2014adam', 'bibtex'), paperToBibtex(adam, 'kingma2014adam', 'bibtex'));
});

test('an entry from a CSL-JSON file without a database paper is rebuilt from the index fields', () => {
  const entry: IndexedEntry = {
    key: 'doe2020', source: { kind: 'csl-json', uri: 'file:///w/refs.json' }, type: 'article-journal',
    title: 'A Study of CNNs', authors: [{ family: 'Doe', given: 'Jane' }, { family: 'Roe' }], year: 2020, venue: 'Journal of Things', doi: '10.1/x',
  };
  const text = entryToBibtex(entry, 'doe2020', 'bibtex');
  assert.equal(shape(text), '@article{doe2020} author title journal year doi');
  assert.equal(field(text, 'author'), 'Doe, Jane and {Roe}');
  assert.equal(field(text, 'title'), 'A Study of {CNN}s');
});

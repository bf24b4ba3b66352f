import { test } from 'node:test';
import assert from 'node:assert/strict';
import { citedPapers, citedPapersIn, groupPapers, type CitedPaper, type Grouping } from '../../server/src/core/citedPapers';
import { diagnostics } from '../../server/src/core/features/diagnostics';
import type { DocLanguage } from '../../server/src/core/model';
import { fixture } from '../fixture';
import { bib, ctxOf, refsUri, sampleIndex } from './sampleIndex';

const index = sampleIndex({ withRefs: true });
const otherUri = 'file:///ws/other.bib';
const other = bib([{ key: 'elsewhere2019', fields: { title: 'Only here', year: '2019', journal: 'Elsewhere' } }]);
index.setParsedBib(otherUri, other.text, other.parsed);

/** One line per paper: "key status | title | year | venue | topics | file | code"; the `<<…>>` marks must be the citations, in order. */
function render(p: CitedPaper): string {
  const file = p.file ? p.file.slice(p.file.lastIndexOf('/') + 1) : p.source;
  return `${p.key} ${p.status}${p.existing ? `(${p.existing})` : ''} | ${p.title ?? '-'} | ${p.year ?? '-'} | ${p.venue ?? '-'} | ${p.topics.join(',') || '-'} | ${file}${p.hasCode ? ' | code' : ''}`;
}

function check(raw: string, expected: string[], opts: { language?: DocLanguage; bibs?: string[] } = {}): CitedPaper[] {
  const f = fixture(raw);
  const papers = citedPapers(ctxOf(index, opts.bibs), { uri: 'file:///ws/a.tex', language: opts.language ?? 'latex', text: f.text });
  assert.deepEqual(papers.map(render), expected);
  if (f.marked.length) assert.deepEqual(papers.flatMap((p) => p.citations.map((c) => c.span)).sort((a, b) => a.start - b.start), f.marked);
  return papers;
}

test('each cited paper once, in order of first citation, with its fields and every place it is cited', () => {
  const papers = check('\\bibliography{refs}\n\\cite{<<vaswani2017attention>>,<<He.Zhang.Ren.ea.2016>>} and \\citep{<<vaswani2017attention>>}', [
    'vaswani2017attention missing | Attention Is All You Need | 2017 | NIPS 2017 | nlp | database | code',
    'He.Zhang.Ren.ea.2016 in-bibliography | Deep Residual Learning for Image Recognition | 2016 | CVPR | vision | refs.bib | code',
  ], { bibs: [refsUri] });
  assert.deepEqual(papers[0].citations.map((c) => `${c.uri} ${c.status}`), ['file:///ws/a.tex missing', 'file:///ws/a.tex missing']);
  assert.equal(papers[0].paperUrl, 'https://arxiv.org/abs/1706.03762');
});

test('the four statuses agree with the diagnostics of the same document', () => {
  const text = '\\bibliography{refs}\n\\cite{smith2020local,he2016deep,elsewhere2019,nosuch2099}';
  const papers = check(text, [
    'smith2020local in-bibliography | A Local Paper Nobody Else Has | 2020 | Journal of Tests | - | refs.bib',
    'he2016deep same-paper(He.Zhang.Ren.ea.2016) | Deep Residual Learning for Image Recognition | 2016 | CVPR 2016 | vision | refs.bib | code',
    'elsewhere2019 missing | Only here | 2019 | Elsewhere | - | other.bib',
    'nosuch2099 unknown | - | - | - | - | none',
  ], { bibs: [refsUri] });
  const codes = new Map(diagnostics(ctxOf(index, [refsUri]), { uri: 'file:///ws/a.tex', language: 'latex', text }).map((d) => [d.data?.key, d.code]));
  const expected: Record<string, string | undefined> = { 'in-bibliography': undefined, 'same-paper': 'same-paper-other-key', missing: 'missing-from-bib', unknown: 'unknown-key' };
  for (const p of papers) assert.equal(codes.get(p.key), expected[p.status], p.key);
});

test('without a declared bibliography nothing is missing; a BibTeX key differing in case is where its entry is', () => {
  check('[@vaswani2017attention] [@smith2020local]', [
    'vaswani2017attention no-bibliography | Attention Is All You Need | 2017 | NIPS 2017 | nlp | database | code',
    'smith2020local no-bibliography | A Local Paper Nobody Else Has | 2020 | Journal of Tests | - | refs.bib',
  ], { language: 'markdown' });
  check('\\bibliographystyle{plain}\\bibliography{refs}\\cite{SMITH2020local}', [
    'SMITH2020local in-bibliography | A Local Paper Nobody Else Has | 2020 | Journal of Tests | - | refs.bib',
  ], { bibs: [refsUri] });
});

test('a .bib and a document without citations give no papers', () => {
  assert.deepEqual(citedPapers(ctxOf(index), { uri: refsUri, language: 'bibtex', text: '@article{x, title={X}}' }), []);
  check('No citations here: \\section{x}', []);
});

test('the workspace form: each key once over all documents, its status the worst, each place with its own', () => {
  const withBib = ctxOf(index, [refsUri], {});
  withBib.bibliographyDeclared = true;
  const papers = citedPapersIn([
    { ctx: withBib, doc: { uri: 'file:///ws/a.md', language: 'markdown', text: '[@smith2020local; @kingma2015adam]' } },
    { ctx: ctxOf(index), doc: { uri: 'file:///ws/b.md', language: 'markdown', text: '[@kingma2015adam] [@smith2020local]' } },
    { ctx: ctxOf(index), doc: { uri: refsUri, language: 'bibtex', text: '@article{kingma2015adam, title={X}}' } },
  ]);
  assert.deepEqual(papers.map((p) => `${p.key} ${p.status}: ${p.citations.map((c) => `${c.uri.slice(8)} ${c.status}`).join(', ')}`), [
    'smith2020local no-bibliography: ws/a.md in-bibliography, ws/b.md no-bibliography',
    'kingma2015adam missing: ws/a.md missing, ws/b.md no-bibliography',
  ]);
});

const sample: CitedPaper[] = [
  { key: 'b', year: 2017, topics: ['nlp', 'generative'], file: refsUri, source: 'file', status: 'in-bibliography', hasCode: false, citations: [] },
  { key: 'a', year: 2015, topics: [], source: 'database', status: 'missing', hasCode: false, citations: [] },
  { key: 'u', topics: [], source: 'none', status: 'unknown', hasCode: false, citations: [] },
  { key: 'c', year: 2017, topics: ['nlp'], file: otherUri, source: 'file', status: 'missing', hasCode: false, citations: [] },
];

function groups(by: Grouping): string[] {
  return groupPapers(sample, by).map((g) => `${g.label}: ${g.papers.map((p) => p.key).join(' ')}`);
}

test('grouping by topic (a paper in each of its topics), year (oldest first) and bibliography file; groups without one last', () => {
  assert.deepEqual(groups('topic'), ['generative: b', 'nlp: b c', 'No topic: a u']);
  assert.deepEqual(groups('year'), ['2015: a', '2017: b c', 'No year: u']);
  assert.deepEqual(groups('file'), ['other.bib: c', 'refs.bib: b', 'ML Papers database: a', 'Unknown keys: u']);
  assert.deepEqual(groupPapers([], 'topic'), []);
});

// The online services' client against the local mock (test/onlineMock.ts), in-process: the allow-list,
// redirects, limits, retries, arXiv's pace, each service's answer → records, and the cache of fetched
// papers with its index tier. Nothing here reaches the internet: every request goes to 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fetchText, retryAfterMs, routeOf } from '../../server/src/online/httpClient';
import { arxivById, arxivSearch, crossrefSearch, doiCsl, lookUpRef, semanticScholarById, semanticScholarSearch } from '../../server/src/online/services';
import { OnlineCache } from '../../server/src/online/onlineCache';
import { OnlineLibrary } from '../../server/src/online/onlineLibrary';
import { CitationIndex } from '../../server/src/core/citationIndex';
import { sampleDb } from '../core/sampleIndex';
import { entryToBibtex } from '../../server/src/core/bibtex';
import { renderCard } from '../../server/src/core/render';
import { MOCK, OnlineMock } from '../onlineMock';

const mock = new OnlineMock();
let dir: string;

before(async () => {
  process.env.ML_PAPERS_ONLINE_TEST_ENDPOINTS = await mock.start();
  process.env.ML_PAPERS_ONLINE_TEST_ARXIV_INTERVAL_MS = '0';
  dir = mkdtempSync(path.join(tmpdir(), 'mlp-online-'));
});

after(async () => {
  await mock.stop();
  delete process.env.ML_PAPERS_ONLINE_TEST_ENDPOINTS;
  rmSync(dir, { recursive: true, force: true });
});

test('only HTTPS to the allow-listed hosts is routed; the test override keeps the allow-list', () => {
  assert.match(JSON.stringify(routeOf('https://export.arxiv.org/api/query?id_list=1')), /127\.0\.0\.1:\d+\/export\.arxiv\.org\/api\/query\?id_list=1/);
  for (const refused of ['http://export.arxiv.org/api/query', 'https://evil.example.com/', 'https://export.arxiv.org.evil.example.com/', 'https://doi.org:8443/x', 'https://user:pw@doi.org/x', 'ftp://doi.org/x', 'not a url']) {
    assert.ok('refused' in routeOf(refused), refused);
  }
  const saved = process.env.ML_PAPERS_ONLINE_TEST_ENDPOINTS;
  process.env.ML_PAPERS_ONLINE_TEST_ENDPOINTS = 'http://192.0.2.1:80';
  try {
    assert.match(JSON.stringify(routeOf('https://doi.org/10.1/x')), /must be an http:\/\/127\.0\.0\.1:PORT address/);
  } finally {
    process.env.ML_PAPERS_ONLINE_TEST_ENDPOINTS = saved;
  }
});

test('arXiv by id: the recorded feed becomes a CSL item with the arXiv id, authors, date and category', async () => {
  const a = await arxivById(MOCK.arxivId);
  assert.ok(a.ok, JSON.stringify(a));
  const r = a.records[0];
  assert.equal(r.service, 'arxiv');
  assert.match(r.url, /^https:\/\/export\.arxiv\.org\/api\/query\?id_list=1605\.08386/);
  assert.equal(r.item.title, 'Heat-bath random walks with Markov bases');
  assert.deepEqual(r.item.author, [{ family: 'Stanley', given: 'Caprice' }, { family: 'Windisch', given: 'Tobias' }]);
  assert.deepEqual(r.item.issued, { 'date-parts': [[2016, 5, 26]] });
  assert.equal(r.item.custom?.arxiv, '1605.08386');
  assert.equal(r.item.custom?.primaryClass, 'math.CO');
  const seen = mock.requestsTo('export.arxiv.org').at(-1)!;
  assert.equal(seen.headers.accept, 'application/atom+xml');
  assert.match(String(seen.headers['user-agent']), /^ml-papers\//);
});

test('arXiv: an unknown id is "no such paper", a malformed id is arXiv\'s own message', async () => {
  const none = await arxivById(MOCK.unknownArxivId);
  assert.deepEqual(none.ok && none.records, []);
  const bad = await arxivById(MOCK.badArxivId);
  assert.deepEqual(bad, { service: 'arxiv', ok: false, message: 'arXiv: incorrect id format for abc' });
  const missing = await lookUpRef({ kind: 'arxiv', id: MOCK.unknownArxivId });
  assert.equal(missing.ok, false);
  assert.ok(!missing.ok && missing.notFound, JSON.stringify(missing));
  assert.match(!missing.ok ? missing.message : '', /^No service knows arXiv 0000\.00001 \(arXiv: no such paper; Semantic Scholar: no such paper\)$/);
});

test('malformed answers are reported, not half read', async () => {
  const xml = await arxivById(MOCK.malformedArxivId);
  assert.deepEqual(xml, { service: 'arxiv', ok: false, message: 'arXiv answered something that is not a complete Atom feed' });
  const json = await doiCsl(MOCK.malformedDoi);
  assert.equal(json.ok, false);
  assert.match(!json.ok ? json.message : '', /^doi\.org answered malformed JSON \(/);
});

test('a 5 MB answer stops at the size limit', async () => {
  const a = await arxivById(MOCK.hugeArxivId);
  assert.equal(a.ok, false);
  assert.match(!a.ok ? a.message : '', /^export\.arxiv\.org answered (more than the 2048 KB limit|\d+ KB, more than the 2048 KB limit)$/);
});

test('a slow server is given up after the time limit', async () => {
  const started = Date.now();
  const a = await arxivById(MOCK.slowArxivId, { timeoutMs: 300 });
  assert.deepEqual(a, { service: 'arxiv', ok: false, message: 'export.arxiv.org did not answer within 0.3 s' });
  assert.ok(Date.now() - started < 2000);
});

test('429 with Retry-After: waits as asked, then succeeds; a longer wait than allowed is reported', async () => {
  mock.queued.push({ status: 429, headers: { 'Retry-After': '1' }, body: 'Too Many Requests' });
  const before = mock.seen.length;
  const a = await arxivById(MOCK.arxivId);
  assert.ok(a.ok);
  const [first, second] = mock.seen.slice(before);
  assert.ok(second.at - first.at >= 950, `retried after ${second.at - first.at} ms`);
  mock.queued.push({ status: 503, headers: { 'Retry-After': '120' } });
  const b = await arxivById(MOCK.arxivId);
  assert.deepEqual(b, { service: 'arxiv', ok: false, message: 'export.arxiv.org asks to wait 120 s before asking again (HTTP 503); try later' });
  mock.queued.push({ status: 429 }, { status: 429 }, { status: 429 });
  const c = await fetchText('https://export.arxiv.org/api/query?id_list=1605.08386', { retries: 2, maxRetryWaitMs: 5000 });
  assert.deepEqual(c.ok ? c : { ok: c.ok, message: c.message }, { ok: false, message: 'export.arxiv.org answered HTTP 429 (gave up after 3 attempts)' });
  assert.equal(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT')), 60_000);
});

test('doi.org: the recorded redirect to api.crossref.org is followed, its CSL-JSON read', async () => {
  const before = mock.seen.length;
  const a = await doiCsl(MOCK.doi);
  assert.ok(a.ok, JSON.stringify(a));
  const item = a.records[0].item;
  assert.equal(item.title, 'The Structure of Ordinary Water');
  assert.deepEqual(item.author, [{ family: 'Frank', given: 'Henry S.' }]);
  assert.equal(item.type, 'article-journal');
  assert.equal(item.DOI, '10.1126/science.169.3946.635');
  assert.equal(item.page, '635-641');
  assert.deepEqual(mock.seen.slice(before).map((s) => s.url), ['/doi.org/10.1126/science.169.3946.635', '/api.crossref.org/v1/works/10.1126%2Fscience.169.3946.635/transform']);
  assert.equal(mock.seen.at(-1)!.headers.accept, 'application/vnd.citationstyles.csl+json');
});

test('a redirect to a host off the allow-list is refused and never followed', async () => {
  const before = mock.seen.length;
  const a = await doiCsl(MOCK.offListDoi);
  assert.deepEqual(a, { service: 'doi', ok: false, message: 'Refused a redirect from doi.org to https://evil.example.com/steal: evil.example.com is not one of the services ML Papers may contact' });
  assert.equal(mock.seen.length, before + 1);
});

test('an unknown DOI: doi.org\'s recorded 404, then Crossref and Semantic Scholar, is "no service knows"', async () => {
  const r = await lookUpRef({ kind: 'doi', id: MOCK.unknownDoi });
  assert.ok(!r.ok && r.notFound, JSON.stringify(r));
});

test('searches: arXiv, Crossref and Semantic Scholar answers become records', async () => {
  const ax = await arxivSearch('testing');
  assert.ok(ax.ok);
  assert.equal(ax.records.length, 10);
  assert.equal(ax.records[0].item.title, 'Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques');
  assert.ok(ax.records.some((r) => r.item.DOI === '10.1109/ICSTW55395.2022.00035'));
  assert.match(mock.requestsTo('export.arxiv.org').at(-1)!.url, /search_query=all%3Atesting&max_results=10$/);
  const cr = await crossrefSearch('ecology');
  assert.ok(cr.ok);
  assert.equal(cr.records.length, 2);
  assert.ok(cr.records.every((r) => typeof r.item.title === 'string' && r.item.DOI));
  const s2 = await semanticScholarSearch('turing');
  assert.ok(s2.ok);
  assert.ok(s2.records.length >= 50);
  assert.equal(s2.records[0].item.title, 'Using DeepSpeed and Megatron to Train Megatron-Turing NLG 530B, A Large-Scale Generative Language Model');
});

test('Semantic Scholar by DOI: the recorded batch answer gives venue-less paper, citation count and open-access PDF', async () => {
  const a = await semanticScholarById({ kind: 'doi', id: MOCK.s2Doi });
  assert.ok(a.ok, JSON.stringify(a));
  assert.equal(a.records.length, 1);
  const r = a.records[0];
  assert.equal(r.item.title, 'How Much Should We Trust Differences-in-Differences Estimates?');
  assert.equal(r.citationCount, 10670);
  assert.equal(r.pdf, 'http://papers.nber.org/papers/w8841.pdf');
  assert.deepEqual(r.item.issued, { 'date-parts': [[2001, 10, 1]] });
  const seen = mock.requestsTo('api.semanticscholar.org').at(-1)!;
  assert.equal(seen.method, 'POST');
  assert.deepEqual(JSON.parse(seen.body), { ids: ['DOI:10.2139/ssrn.288970'] });
});

test('arXiv requests keep their pace: one every interval, even when asked together', async () => {
  process.env.ML_PAPERS_ONLINE_TEST_ARXIV_INTERVAL_MS = '400';
  try {
    const before = mock.seen.length;
    await Promise.all([arxivById(MOCK.arxivId), arxivById(MOCK.arxivId), arxivById(MOCK.arxivId)]);
    const at = mock.seen.slice(before).map((s) => s.at).sort((a, b) => a - b);
    assert.equal(at.length, 3);
    assert.ok(at[1] - at[0] >= 380 && at[2] - at[1] >= 380, JSON.stringify(at));
  } finally {
    process.env.ML_PAPERS_ONLINE_TEST_ARXIV_INTERVAL_MS = '0';
  }
});

test('the library: a look-up is stored under a Scholar key, marked with service and date, found offline afterwards, forgotten', async () => {
  const db = sampleDb();
  const file = path.join(dir, 'lib', 'records.jsonl');
  const lib = new OnlineLibrary(new CitationIndex(db), new OnlineCache(file));
  assert.deepEqual(lib.load(), []);
  const r = await lib.lookUp(`arXiv:${MOCK.arxivId}v1`);
  assert.ok(r.ok && r.source === 'fetched', JSON.stringify(r));
  assert.equal(r.entry.key, MOCK.arxivKey);
  assert.equal(r.entry.source.kind, 'online');
  const card = renderCard(r.entry, { hover: { summary: true, code: true, citations: true } });
  assert.match(card.markdown, new RegExp(`\\*From arXiv, fetched ${new Date().toISOString().slice(0, 10)}\\*`));
  const bib = entryToBibtex(r.entry, r.entry.key, 'bibtex');
  assert.match(bib, /^@misc\{stanley2016heat,/);
  assert.match(bib, /eprint = \{1605\.08386\}/);
  const line = JSON.parse(readFileSync(file, 'utf8').trim());
  assert.equal(line.service, 'arxiv');
  assert.equal(line.item.id, MOCK.arxivKey);
  // Offline: a second library over the same file answers without a request.
  const before = mock.seen.length;
  const index2 = new CitationIndex(db);
  const lib2 = new OnlineLibrary(index2, new OnlineCache(file));
  lib2.load();
  const again = await lib2.lookUp(MOCK.arxivId);
  assert.ok(again.ok && again.source === 'cache');
  assert.equal(index2.resolve(MOCK.arxivKey)?.title, 'Heat-bath random walks with Markov bases');
  assert.equal(index2.search('heat bath markov', 5).results[0]?.key, MOCK.arxivKey);
  assert.equal(mock.seen.length, before);
  // A damaged line costs that line only.
  writeFileSync(file, readFileSync(file, 'utf8') + '{not json\n');
  const lib3 = new OnlineLibrary(new CitationIndex(db), new OnlineCache(file));
  const problems = lib3.load();
  assert.equal(problems.length, 1);
  assert.equal(lib3.list().length, 1);
  assert.deepEqual(lib2.forget([MOCK.arxivKey]), [MOCK.arxivKey]);
  assert.equal(index2.resolve(MOCK.arxivKey), undefined);
  assert.equal(readFileSync(file, 'utf8'), '');
});

test('the library: a fetched key that would mean another paper gets a letter', async () => {
  const db = sampleDb();
  const index = new CitationIndex(db);
  index.setBibFile('file:///ws/refs.bib', '@article{stanley2016heat, title = {Another Heat Paper}, author = {Stanley, A.}, year = {2016}}\n');
  const lib = new OnlineLibrary(index, new OnlineCache(path.join(dir, 'collide.jsonl')));
  const r = await lib.lookUp(MOCK.arxivId);
  assert.ok(r.ok);
  assert.equal(r.entry.key, 'stanley2016heatb');
  assert.equal(index.resolve('stanley2016heat')?.title, 'Another Heat Paper');
});

test('a title is looked up by search: a result whose title is the same up to case and punctuation, else nothing', async () => {
  const r = await lookUpRef({ kind: 'title', text: 'testing deep learning models — a first comparative study of multiple testing techniques' });
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.record.service, 'arxiv');
  assert.equal(r.record.item.title, 'Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques');
  const none = await lookUpRef({ kind: 'title', text: 'A Title No Recorded Answer Has' });
  assert.ok(!none.ok && none.notFound);
  assert.match(!none.ok ? none.message : '', /^No service knows “A Title No Recorded Answer Has” \(arXiv: no such paper; Crossref: no such paper\)$/);
});

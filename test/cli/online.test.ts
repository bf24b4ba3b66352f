// `--online` on the command line, against the local mock (test/onlineMock.ts): show, search and bib
// fetch what nothing local knows; without the flag nothing is asked, but what was fetched is known.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MOCK, OnlineMock } from '../onlineMock';

const cli = path.resolve('dist/cli.js');
const mock = new OnlineMock();
let dir: string;
let env: NodeJS.ProcessEnv;

/** Runs the CLI without blocking this process: the mock answers from here. */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: dir, env: { ...process.env, ...env, NO_COLOR: '1' } });
    let stdout = '', stderr = '';
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mlp-cli-online-'));
  env = { ML_PAPERS_ONLINE_TEST_ENDPOINTS: await mock.start(), ML_PAPERS_ONLINE_TEST_ARXIV_INTERVAL_MS: '0', ML_PAPERS_CACHE_DIR: path.join(dir, 'cache') };
});

after(async () => {
  await mock.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('show <arXiv id> without --online asks nothing; with it, fetches, prints the card and caches the paper', async () => {
  const off = await run(['show', MOCK.arxivId]);
  assert.equal(off.code, 1);
  assert.equal(mock.seen.length, 0);
  const on = await run(['show', MOCK.arxivId, '--online']);
  assert.equal(on.code, 0, on.stderr);
  assert.match(on.stdout, /^Heat-bath random walks with Markov bases\nCaprice Stanley, Tobias Windisch\n2016\n/);
  assert.match(on.stdout, /From arXiv, fetched \d{4}-\d{2}-\d{2}/);
  assert.match(on.stderr, /Fetched from arXiv and cached as stanley2016heat/);
  assert.equal(mock.requestsTo('export.arxiv.org').length, 1);
  // Later runs know it offline, by key or id, without the flag.
  const later = await run(['show', MOCK.arxivKey, '--bibtex']);
  assert.equal(later.code, 0, later.stderr);
  assert.match(later.stdout, /^@misc\{stanley2016heat,/);
  assert.equal(mock.seen.length, 1);
});

test('show --online with a DOI follows doi.org\'s redirect; an unknown one says which services did not know it', async () => {
  const r = await run(['show', `https://doi.org/${MOCK.doi}`, '--online', '--csl-json']);
  assert.equal(r.code, 0, r.stderr);
  const item = JSON.parse(r.stdout);
  assert.equal(item.id, MOCK.doiKey);
  assert.equal(item.title, 'The Structure of Ordinary Water');
  const none = await run(['show', MOCK.unknownDoi, '--online']);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /^ml-papers: No service knows DOI 10\.1126\/foo \(doi\.org: no such paper; Crossref: no such paper; Semantic Scholar: no such paper\)\n$/);
});

test('search --online lists each service\'s results after the local ones', async () => {
  const r = await run(['search', 'testing', '--online', '--limit', '3']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\narXiv:\n2/);
  assert.match(r.stdout, /Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques/);
  assert.match(r.stdout, /\nSemantic Scholar:\n/);
  assert.match(r.stdout, /\nCrossref:\n10\./);
  const json = JSON.parse((await run(['search', 'testing', '--online', '--json'])).stdout);
  assert.deepEqual(json.online.map((s: { service: string; ok: boolean }) => [s.service, s.ok]), [['arXiv', true], ['Semantic Scholar', true], ['Crossref', true]]);
});

test('bib --online fills cited keys that are arXiv ids or DOIs, under the key as cited, and merges them once', async () => {
  writeFileSync(path.join(dir, 'note.md'), `Walks [@${MOCK.arxivId}], water [@${MOCK.doi}], ResNet [@he2016deep] and [@nobody2031none].\n`);
  const r = await run(['bib', 'note.md', '--online', '--out', 'refs.bib']);
  assert.equal(r.code, 0, r.stderr);
  const bib = readFileSync(path.join(dir, 'refs.bib'), 'utf8');
  assert.deepEqual([...bib.matchAll(/^@(\w+)\{([^,]+),/gm)].map((m) => `${m[1]} ${m[2]}`), [`article ${MOCK.doi}`, `misc ${MOCK.arxivId}`, 'inproceedings he2016deep']);
  assert.match(r.stderr, /unknown keys: nobody2031none/);
  const again = await run(['bib', 'note.md', '--online', '--out', 'refs.bib']);
  assert.match(again.stderr, /refs\.bib: added 0 entries; 3 already present/);
  assert.equal(readFileSync(path.join(dir, 'refs.bib'), 'utf8'), bib);
});

// The venue catalog over real stdio: a tiny gzipped catalog (ML_PAPERS_CATALOG) indexed in the
// background after the user's files, its keys hovered and completed, cached for the next start, and
// left alone when mlPapers.catalog.enabled is false.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from './lspClient';

let dir: string;
let catalog: string;
let cacheDir: string;
const note = 'Sparse [@zorn2018sparse] and residual [@he2016deep].\n';

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mlp-catalog-'));
  catalog = path.join(dir, 'catalog.jsonl.gz');
  cacheDir = path.join(dir, 'cache');
  const src = 'papercopilot/paperlists@33f9884e:iclr/iclr2018.json';
  const lines = [
    { title: 'Sparse Widget Networks', authors_parsed: [['Zorn', 'Ada'], ['Quist', 'Bo']], venue: 'ICLR', year: 2018, url: 'https://openreview.net/forum?id=abc', source: src },
    // Its key is the curated ResNet's: it must not shadow it.
    { title: 'Deep Hashing for Widgets', authors_parsed: [['He', 'Wei']], venue: 'WACV', year: 2016, source: 'papercopilot/paperlists@33f9884e:wacv/wacv2016.json' },
    { id: '1801.00002', title: 'Widget Transformers', authors_parsed: [['Quist', 'Bo']], venue: 'ICLR', year: 2018, source: src },
  ];
  writeFileSync(catalog, gzipSync(lines.map((l) => JSON.stringify(l)).join('\n') + '\n'));
  writeFileSync(path.join(dir, 'notes.md'), note);
});

after(() => rmSync(dir, { recursive: true, force: true }));

interface Stats { last: Record<string, { entries: number; fromCache?: boolean } | undefined> }

async function until<T>(ask: () => Promise<T>, ok: (x: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const x = await ask();
    if (ok(x)) return x;
    if (Date.now() > deadline) throw new Error(`${what}: never happened; last ${JSON.stringify(x)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function start(settings: Record<string, unknown> = {}, env: Record<string, string> = {}): Promise<{ c: LspTestClient; uri: string }> {
  const c = new LspTestClient(undefined, { ML_PAPERS_CATALOG: catalog, ML_PAPERS_CACHE_DIR: cacheDir, ...env });
  c.settings = settings;
  await c.initialize(dir, undefined, { settings });
  const uri = pathToFileURL(path.join(dir, 'notes.md')).toString();
  c.open(uri, 'markdown', note);
  return { c, uri };
}

const hoverAt = async (c: LspTestClient, uri: string, character: number) =>
  ((await c.request<{ contents?: { value?: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character } }))?.contents?.value ?? '');

test('the gzipped catalog is indexed in the background: a catalog-only key hovers and completes, a curated key keeps its paper; the next start reads the cache', async () => {
  for (const run of ['first', 'second']) {
    const { c, uri } = await start();
    try {
      const s = await until(() => c.request<Stats>('mlPapers/debugStats', {}), (x) => x.last[catalog] !== undefined, 'catalog indexed');
      assert.equal(s.last[catalog]!.entries, 3);
      assert.equal(s.last[catalog]!.fromCache, run === 'second');
      const card = await hoverAt(c, uri, note.indexOf('zorn') + 2);
      assert.match(card, /\*\*Sparse Widget Networks\*\*/);
      assert.match(card, /From the venue catalog \(papercopilot\), metadata only/);
      assert.match(card, /papercopilot\/paperlists@33f9884e:iclr\/iclr2018\.json/);
      assert.match(await hoverAt(c, uri, note.indexOf('he2016') + 2), /Deep Residual Learning/);
      const text = 'See [@zorn2018';
      c.change(uri, text);
      const list = await c.request<{ items: Array<{ label: string; detail?: string }> }>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: text.length } });
      assert.ok(list.items.some((i) => i.label === 'zorn2018sparse'), list.items.map((i) => i.label).join(' '));
      const byId = await c.request<Array<{ key: string }>>('mlPapers/search', { query: 'widget transformers' });
      assert.equal(byId[0]?.key, 'quist2018widget');
    } finally {
      await c.shutdown();
    }
  }
});

test('mlPapers.catalog.enabled false: the catalog is not indexed', async () => {
  const { c, uri } = await start({ catalog: { enabled: false } });
  try {
    await until(async () => c.logs, (l) => l.some((m) => /^Indexed \d+ bibliography file/.test(m)), 'workspace indexed');
    const s = await c.request<Stats>('mlPapers/debugStats', {});
    assert.equal(s.last[catalog], undefined);
    assert.match(await hoverAt(c, uri, note.indexOf('zorn') + 2), /Unknown citation key/);
    const hits = await c.request<Array<{ key: string }>>('mlPapers/search', { query: 'sparse widget networks' });
    assert.ok(!hits.some((h) => h.key === 'zorn2018sparse'));
  } finally {
    await c.shutdown();
  }
});

test('a damaged gzip catalog is a failed file, not a stuck or broken server', async () => {
  const broken = path.join(dir, 'broken.jsonl.gz');
  const gz = gzipSync(Array.from({ length: 2000 }, (_, i) => JSON.stringify({ title: `Paper ${i} about widgets`, venue: 'ICLR', year: 2018 })).join('\n'));
  writeFileSync(broken, Buffer.concat([gz.subarray(0, gz.length >> 1), Buffer.from('not gzip at all')]));
  const { c, uri } = await start({}, { ML_PAPERS_CATALOG: broken });
  try {
    await until(async () => c.logs, (l) => l.some((m) => /^Indexed \d+ bibliography file/.test(m)), 'workspace indexed');
    const s = await c.request<Stats>('mlPapers/debugStats', {});
    assert.equal(s.last[broken], undefined, 'nothing counted as indexed');
    assert.match(await hoverAt(c, uri, note.indexOf('he2016') + 2), /Deep Residual Learning/);
  } finally {
    await c.shutdown();
  }
});

test('search ranks catalog records with the rest: listed when they match, first when only they match', async () => {
  const { c } = await start();
  try {
    await until(() => c.request<Stats>('mlPapers/debugStats', {}), (x) => x.last[catalog] !== undefined, 'catalog indexed');
    const keys = async (query: string) => (await c.request<Array<{ key: string }>>('mlPapers/search', { query, limit: 500 })).map((r) => r.key);
    // "sparse" finds many curated papers and the catalog's "Sparse Widget Networks" among them: the
    // picker keeps this order (no fallback mode that hides catalog rows any more).
    const all = await keys('sparse');
    assert.ok(all.includes('zorn2018sparse') && all.filter((k) => k !== 'zorn2018sparse').length >= 3, all.join(' '));
    assert.equal((await keys('widget transformers'))[0], 'quist2018widget');
    // A catalog record whose key is the curated ResNet's does not push the paper a nickname names down.
    assert.equal((await keys('ResNet'))[0], 'he2016deep');
  } finally {
    await c.shutdown();
  }
});

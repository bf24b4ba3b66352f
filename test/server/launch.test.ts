// dist/server.js starts the server bundle with V8's code cache (server/src/launch.ts): the first
// start writes it, later starts use it, a damaged one is rejected and replaced, never fatal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from './lspClient';

const note = 'Cited: [@he2016deep].\n';

/** Starts the server with `env`, hovers once, waits `stayMs` (the cache is written 2 s after start), stops it; returns how the bundle was loaded. */
async function startOnce(dir: string, env: NodeJS.ProcessEnv, stayMs = 0): Promise<string | undefined> {
  const client = new LspTestClient(path.resolve('dist/server.js'), env);
  try {
    await client.initialize(dir);
    const uri = pathToFileURL(path.join(dir, 'notes.md')).toString();
    client.open(uri, 'markdown', note);
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 12 } });
    assert.match(hover?.contents?.value ?? '', /Deep Residual Learning/);
    const stats = await client.request<{ codeCache?: string }>('mlPapers/debugStats', {});
    if (stayMs) await new Promise((r) => setTimeout(r, stayMs));
    return stats.codeCache;
  } finally {
    await client.shutdown();
  }
}

/** Runs `fn` in a scratch workspace holding notes.md, removed afterwards. */
async function inWorkspace(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mlp-launch-'));
  writeFileSync(path.join(dir, 'notes.md'), note);
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the code cache is written by a first start, used by the next, and a damaged one is replaced', () => inWorkspace(async (dir) => {
  const cacheDir = path.join(dir, 'cache');
  const env = { ML_PAPERS_CACHE_DIR: cacheDir };
  // A cache of an older bundle goes when the new one is written.
  mkdirSync(cacheDir);
  writeFileSync(path.join(cacheDir, 'server-v0.0.0-x64-1-1.v8cache'), 'old');
  assert.equal(await startOnce(dir, env, 2600), 'created');
  const caches = readdirSync(cacheDir);
  assert.equal(caches.length, 1, caches.join(', '));
  assert.match(caches[0], /^server-.*\.v8cache$/);
  assert.equal(await startOnce(dir, env), 'accepted');
  // Damaged: V8 rejects it, the server starts anyway, and a good cache takes its place.
  writeFileSync(path.join(cacheDir, caches[0]), Buffer.alloc(4096, 7));
  assert.equal(await startOnce(dir, env, 2600), 'rejected');
  assert.equal(await startOnce(dir, env), 'accepted');
  // Switched off.
  assert.equal(await startOnce(dir, { ...env, ML_PAPERS_CODE_CACHE: '0' }), 'off');
}));

test('an unwritable cache directory only costs the cache', () => inWorkspace(async (dir) => {
  // A file where the directory should be: mkdir fails, the server keeps running.
  const blocked = path.join(dir, 'not-a-dir');
  writeFileSync(blocked, '');
  assert.equal(await startOnce(dir, { ML_PAPERS_CACHE_DIR: blocked }, 2600), 'created');
  assert.equal(await startOnce(dir, { ML_PAPERS_CACHE_DIR: blocked }), 'created');
}));

test('a stdio server answers without loading child_process or crypto (esbuild.js makes them load on first use)', () => inWorkspace(async (dir) => {
  // Preloaded into the server: at exit, writes which node built-ins were loaded.
  const probe = path.join(dir, 'probe.js');
  const loaded = path.join(dir, 'loaded.json');
  writeFileSync(probe, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(loaded)}, JSON.stringify(process.moduleLoadList)));`);
  await startOnce(dir, { ML_PAPERS_CACHE_DIR: path.join(dir, 'cache'), NODE_OPTIONS: `--require ${probe}` });
  const modules: string[] = JSON.parse(readFileSync(loaded, 'utf8'));
  assert.ok(modules.includes('NativeModule net'), 'the probe sees built-ins (stdin as a pipe needs net)');
  assert.deepEqual(modules.filter((m) => /^NativeModule (child_process|crypto)$/.test(m)), []);
}));

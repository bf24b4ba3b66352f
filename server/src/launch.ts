/**
 * dist/server.js: starts the language server bundle (dist/serverMain.js) with V8's code cache.
 *
 * Why: every cold start compiled the whole bundle and then, lazily, each function the first
 * requests run, a noticeable share of the time to the first hover (bench/DESIGN.md §3 and §6).
 * Node 22 can cache compiled code for modules itself (module.enableCompileCache); Node 20,
 * which VS Code and our users run, cannot, so this does it with vm.Script's cachedData: the first
 * start compiles as usual and, once the server has answered its first requests, writes what V8
 * compiled to the user's cache directory; later starts hand it back to V8. V8 checks the cache
 * against the source and its own version and flags and rejects one that does not fit (then we
 * compile as usual and write a fresh one). Any failure here falls back to a plain require.
 *
 * The code cache is off when ML_PAPERS_CODE_CACHE=0.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { setCodeCacheState, userCacheDir } from './cacheDir';


/** Written this long after start: by then the first requests have compiled what they need. */
const WRITE_AFTER_MS = 2000;

const bundle = path.join(__dirname, 'serverMain.js');

/** The cache file for this bundle and this node (size and mtime name the bundle; V8 checks the rest). */
function cacheFileFor(stat: fs.Stats): string {
  const id = `${process.version}-${process.arch}-${stat.size}-${Math.round(stat.mtimeMs)}`.replace(/[^\w.-]/g, '_');
  return path.join(userCacheDir(), `server-${id}.v8cache`);
}

/**
 * Writes the cache atomically (a temporary file renamed over it), creating the directory, and
 * removes the caches of other bundles or node versions (left by upgrades, they would pile up).
 */
function writeCache(file: string, data: Buffer): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data, { mode: 0o600 });
  fs.renameSync(tmp, file);
  for (const f of fs.readdirSync(dir)) {
    if (/^server-.*\.v8cache$/.test(f) && f !== path.basename(file)) fs.rmSync(path.join(dir, f), { force: true });
  }
}

function launch(): void {
  if (process.env.ML_PAPERS_CODE_CACHE === '0') { setCodeCacheState('off'); require(bundle); return; }
  let script: vm.Script;
  let cacheFile: string;
  let cached: Buffer | undefined;
  let fn: (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  try {
    const source = fs.readFileSync(bundle, 'utf8').replace(/^#!.*/, '');
    cacheFile = cacheFileFor(fs.statSync(bundle));
    try { cached = fs.readFileSync(cacheFile); } catch { /* none yet */ }
    script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData: cached });
    fn = script.runInThisContext();
  } catch {
    // Unreadable bundle or cache, or a vm problem: start the ordinary way.
    setCodeCacheState('failed');
    require(bundle);
    return;
  }
  setCodeCacheState(cached ? (script.cachedDataRejected ? 'rejected' : 'accepted') : 'created');
  if (!cached || script.cachedDataRejected) {
    setTimeout(() => {
      try { writeCache(cacheFile, script.createCachedData()); } catch { /* a read-only cache directory: next start compiles again */ }
    }, WRITE_AFTER_MS).unref();
  }
  // The bundle runs as the module dist/serverMain.js would: its own require, __dirname and module.
  const m = new Module(bundle, module);
  m.filename = bundle;
  m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(bundle));
  fn.call(m.exports, m.exports, Module.createRequire(bundle), m, bundle, path.dirname(bundle));
}

launch();

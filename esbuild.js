// Bundles the extension client, the language server and the CLI into dist/,
// and compiles the tests (never bundled into the product) into dist/test/.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints start/finish/error lines in the shape the $esbuild-watch problem matcher reads. */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'silent',
  plugins: [problemMatcherPlugin],
};

/**
 * citation-js is ~3.3 MB of the server bundle, and V8 parses a bundle whole when it is loaded (~45 ms
 * at every server start), although BibTeX generation requires it only on first use. So it is bundled
 * into dist/citation.js of its own, and the server and CLI bundles keep `require('citation-js')` as a
 * run-time require of that file (both bundles sit next to it in dist/). Tests compile with packages
 * external, so there the same require reaches node_modules.
 */
const citationJsApart = {
  name: 'citation-js-apart',
  setup(build) {
    build.onResolve({ filter: /^citation-js$/ }, () => ({ path: './citation.js', external: true }));
  },
};
const citationJsBundle = {
  stdin: { contents: "module.exports = require('citation-js');", resolveDir: __dirname, sourcefile: 'citation-js-entry.js', loader: 'js' },
  outfile: 'dist/citation.js',
};

/**
 * vscode-languageserver loads `child_process` (to find global npm/yarn folders) and vscode-jsonrpc
 * `crypto` (to name pipe transports) when the server starts, though a stdio server never uses
 * either: loading them was 15–20 ms of a ~140 ms cold start. In those two files the require becomes a
 * proxy that loads the module on first use. A dependency update that changes the line only loses
 * the saving (the build warns), never the behaviour.
 */
const LAZY_BUILTINS = [
  { file: /vscode-languageserver[\\/]lib[\\/]node[\\/]files\.js$/, line: 'const child_process_1 = require("child_process");', name: 'child_process' },
  { file: /vscode-jsonrpc[\\/]lib[\\/]node[\\/]main\.js$/, line: 'const crypto_1 = require("crypto");', name: 'crypto' },
];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    const filter = new RegExp(LAZY_BUILTINS.map(({ file }) => file.source).join('|'));
    build.onLoad({ filter }, async (args) => {
      let contents = await fs.promises.readFile(args.path, 'utf8');
      for (const { file, line, name } of LAZY_BUILTINS) {
        if (!file.test(args.path)) continue;
        if (!contents.includes(line)) { console.warn(`lazy-builtins: ${args.path} no longer has \`${line}\`; ${name} loads at start-up`); continue; }
        const variable = line.slice('const '.length, line.indexOf(' ='));
        contents = contents.replace(line, `let ${variable}Module; const ${variable} = new Proxy({}, { get: (_, p) => (${variable}Module ??= require(${JSON.stringify(name)}))[p] });`);
      }
      return { contents, loader: 'js' };
    });
  },
};

/** Keeps only the entry points whose source file exists (features land one by one). */
function existing(entries) {
  return Object.fromEntries(Object.entries(entries).filter(([, file]) => fs.existsSync(file)));
}

function listTests(dir) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { if (e.name !== 'workspace' && e.name !== 'fixtures') out.push(...listTests(p)); }
    else if (/\.ts$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

async function main() {
  const contexts = [
    await esbuild.context({ ...common, entryPoints: { client: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] }),
    await esbuild.context({ ...common, entryPoints: existing({ server: 'server/src/launch.ts', serverMain: 'server/src/main.ts', cli: 'server/src/cli.ts', indexWorker: 'server/src/indexWorker.ts' }), outdir: 'dist', banner: { js: '#!/usr/bin/env node' }, plugins: [...common.plugins, citationJsApart, lazyBuiltins] }),
    await esbuild.context({ ...common, ...citationJsBundle }),
    // The graph webview's script runs in the browser, with d3-zoom bundled in (no CDN: the page's policy allows our script only).
    await esbuild.context({ ...common, entryPoints: { graphWebview: 'client/webview/graphWebview.ts' }, outdir: 'dist', platform: 'browser', format: 'iife', target: 'es2022', tsconfig: 'client/webview/tsconfig.json' }),
  ];
  const tests = listTests('test');
  if (tests.length && !production) {
    // Each test file becomes its own module under dist/test (node:test / mocha load them one by one);
    // packages stay external so tests use the same node_modules as the product.
    contexts.push(await esbuild.context({ ...common, entryPoints: tests, outdir: 'dist/test', outbase: 'test', packages: 'external', external: ['vscode'] }));
    // The bench's transport floor (bench/replayServer.ts) and the VS Code client's server environment
    // (client/src/serverEnv.ts), built with the tests for bench/run.mjs.
    contexts.push(await esbuild.context({ ...common, entryPoints: { 'bench/replayServer': 'bench/replayServer.ts', 'bench/serverEnv': 'client/src/serverEnv.ts' }, outdir: 'dist', packages: 'external' }));
  }
  const present = contexts;
  if (watch) {
    await Promise.all(present.map((c) => c.watch()));
  } else {
    for (const c of present) { await c.rebuild(); await c.dispose(); }
  }
}

main().catch((e) => { console.error(e); process.exit(1); });

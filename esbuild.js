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
    await esbuild.context({ ...common, entryPoints: existing({ server: 'server/src/launch.ts', serverMain: 'server/src/main.ts', cli: 'server/src/cli.ts', indexWorker: 'server/src/indexWorker.ts' }), outdir: 'dist', banner: { js: '#!/usr/bin/env node' }, plugins: [...common.plugins, citationJsApart] }),
    await esbuild.context({ ...common, ...citationJsBundle }),
  ];
  const tests = listTests('test');
  if (tests.length && !production) {
    // Each test file becomes its own module under dist/test (node:test / mocha load them one by one);
    // packages stay external so tests use the same node_modules as the product.
    contexts.push(await esbuild.context({ ...common, entryPoints: tests, outdir: 'dist/test', outbase: 'test', packages: 'external', external: ['vscode'] }));
  }
  const present = contexts;
  if (watch) {
    await Promise.all(present.map((c) => c.watch()));
  } else {
    for (const c of present) { await c.rebuild(); await c.dispose(); }
  }
}

main().catch((e) => { console.error(e); process.exit(1); });

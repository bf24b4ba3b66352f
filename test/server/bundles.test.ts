// What the build ships. citation-js (~3 MB, needed only to write BibTeX) is a bundle of its own,
// dist/citation.js, that the server and the CLI require on first use: V8 parses a bundle whole when
// it is loaded, so inside the server bundle it cost ~45 ms at every start. The package must carry it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from './lspClient';

test('the server and CLI bundles leave citation-js out and require dist/citation.js at run time', () => {
  for (const bundle of ['dist/serverMain.js', 'dist/cli.js']) {
    const text = readFileSync(bundle, 'utf8');
    assert.ok(!text.includes('node_modules/@citation-js/'), `${bundle} contains citation-js`);
    assert.match(text, /require\("\.\/citation\.js"\)/, `${bundle} does not require ./citation.js`);
    assert.ok(statSync(bundle).size < 1_500_000, `${bundle} is ${statSync(bundle).size} bytes`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Cite = require(path.resolve('dist/citation.js'));
  assert.equal(typeof Cite, 'function');
  assert.ok(Cite.plugins.config.get('@bibtex'), 'dist/citation.js has the BibTeX plugin');
});

test('the server loads dist/citation.js on the first BibTeX request, not at start-up', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mlp-bundles-'));
  // Preloaded into the server: reports on stderr every time a module named citation.js is required.
  const spy = path.join(dir, 'spy.js');
  writeFileSync(spy, `const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (/citation\\.js$/.test(request)) process.stderr.write('required ' + request + '\\n');
  return load.call(this, request, ...rest);
};\n`);
  const note = 'Cited: [@he2016deep].\n';
  writeFileSync(path.join(dir, 'notes.md'), note);
  const client = new LspTestClient(path.resolve('dist/server.js'), { NODE_OPTIONS: `--require ${JSON.stringify(spy)}` });
  try {
    await client.initialize(dir);
    const uri = pathToFileURL(path.join(dir, 'notes.md')).toString();
    client.open(uri, 'markdown', note);
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 12 } });
    assert.ok(hover, 'the hover is answered');
    assert.doesNotMatch(client.stderr, /required/, 'citation.js was loaded at start-up');
    const bibtex = await client.request('workspace/executeCommand', { command: 'mlPapers.server.bibtexFor', arguments: ['he2016deep'] });
    assert.match(bibtex, /^@inproceedings\{he2016deep,/);
    assert.match(client.stderr, /required \.\/citation\.js\n/);
  } finally {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every bundle the build writes to dist/ is shipped by .vscodeignore', () => {
  const unignored = new Set(readFileSync('.vscodeignore', 'utf8').split('\n').map((l) => l.trim()).filter((l) => l.startsWith('!')).map((l) => l.slice(1)));
  const bundles = readdirSync('dist').filter((f) => f.endsWith('.js')).map((f) => `dist/${f}`);
  assert.ok(bundles.includes('dist/citation.js'));
  assert.deepEqual(bundles.filter((b) => !unignored.has(b)), []);
});

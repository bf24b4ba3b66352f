// mlPapers/paperGraph over real stdio JSON-RPC: the graph of a document and of the workspace,
// rendered on request, and clear errors for bad parameters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from './lspClient';
import type { PaperGraphRequest } from '../../server/src/protocol';

const md = `---
bibliography: refs.bib
---
BERT [@devlin2019bert] builds on the Transformer [@Vaswani.Attention.2017]; ResNet [@he2016deep]; [@nobody2099nothing].
`;
const tex = `\\documentclass{article}
\\begin{document}
GANs \\cite{goodfellow2014generative} and WGAN \\cite{arjovsky2017wasserstein}.
\\end{document}
`;
const bib = `@inproceedings{Vaswani.Attention.2017,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish and Shazeer, Noam},
  booktitle = {NeurIPS},
  year = {2017},
  eprint = {1706.03762}
}
`;

let dir: string;
let client: LspTestClient;
let mdUri: string;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mlp-graph-'));
  writeFileSync(path.join(dir, 'review.md'), md);
  writeFileSync(path.join(dir, 'gans.tex'), tex);
  writeFileSync(path.join(dir, 'refs.bib'), bib);
  mdUri = pathToFileURL(path.join(dir, 'review.md')).toString();
  client = new LspTestClient();
  await client.initialize(dir);
  await client.waitForNotification('mlPapers/status', (p) => p.indexing === false && p.bibEntries >= 1);
  client.open(mdUri, 'markdown', md);
});

after(async () => {
  await client.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

const graphOf = (params: PaperGraphRequest.Params) => client.request<PaperGraphRequest.Result>('mlPapers/paperGraph', params);

test('the graph of a document: its papers under the keys it cites, their relations, and suggestions', async () => {
  const { graph, title } = await graphOf({ uri: mdUri, scope: 'document' });
  assert.equal(title, 'review.md');
  const cited = graph.nodes.filter((n) => n.status === 'cited').map((n) => n.key);
  assert.deepEqual(cited, ['he2016deep', 'Vaswani.Attention.2017', 'devlin2019bert', 'nobody2099nothing']);
  assert.equal(graph.nodes.find((n) => n.key === 'nobody2099nothing')!.known, false);
  // The user's key for the Transformer paper takes the database's relations: BERT builds on it.
  assert.ok(graph.edges.some((e) => e.from === 'devlin2019bert' && e.to === 'Vaswani.Attention.2017' && e.relation === 'builds on'), JSON.stringify(graph.edges));
  const suggested = graph.nodes.filter((n) => n.status === 'suggested').map((n) => n.key);
  assert.ok(suggested.includes('radford2018improving') && suggested.includes('peters2018deep'), suggested.join(', '));
  const bert = graph.nodes.find((n) => n.key === 'devlin2019bert')!;
  assert.equal(bert.label, 'BERT');
  assert.ok((bert.citations ?? 0) > 1000);
  assert.ok(bert.x > graph.nodes.find((n) => n.key === 'he2016deep')!.x, 'a 2019 paper sits right of a 2016 one');
});

test('the graph of the workspace takes every note, including files not open', async () => {
  const { graph, title, rendered } = await graphOf({ scope: 'workspace', render: 'mermaid' });
  assert.equal(title, 'workspace');
  const keys = graph.nodes.map((n) => n.key);
  for (const k of ['devlin2019bert', 'goodfellow2014generative', 'arjovsky2017wasserstein']) assert.ok(keys.includes(k), k);
  assert.ok(graph.edges.some((e) => e.from === 'arjovsky2017wasserstein' && e.to === 'goodfellow2014generative'));
  assert.match(rendered!, /^flowchart LR\n/);
});

test('render: svg and dot of the same graph', async () => {
  const svg = await graphOf({ uri: mdUri, scope: 'document', render: 'svg' });
  assert.match(svg.rendered!, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.ok(svg.rendered!.includes('<title id="graph-title">Related papers of review.md</title>'));
  assert.ok(svg.rendered!.includes('data-key="devlin2019bert"'));
  const dot = await graphOf({ uri: mdUri, scope: 'document', render: 'dot' });
  assert.ok(dot.rendered!.includes('"devlin2019bert" -> "Vaswani.Attention.2017" [label="builds on"];'));
});

test('bad parameters get a clear error, not a crash', async () => {
  await assert.rejects(graphOf({ scope: 'chapter' as never }), /scope must be "document" or "workspace"/);
  await assert.rejects(graphOf({ scope: 'document' }), /needs the uri/);
  await assert.rejects(graphOf({ uri: mdUri, scope: 'document', render: 'png' as never }), /render must be/);
  await assert.rejects(graphOf({ uri: pathToFileURL(path.join(dir, 'refs.bib')).toString(), scope: 'document' }), /not a Markdown or LaTeX file/);
  await assert.rejects(graphOf({ uri: pathToFileURL(path.join(dir, 'missing.md')).toString(), scope: 'document' }), /does not exist/);
  // The server is still there.
  assert.equal((await graphOf({ uri: mdUri, scope: 'document' })).title, 'review.md');
});

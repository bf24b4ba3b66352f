// The related-papers graph panel in the extension host: it opens on the active note, the webview
// draws every node (its script ran under the panel's content security policy), Cite inserts at the
// last Markdown editor's cursor, Export SVG writes the server's SVG, and the workspace scope
// takes the LaTeX file too.
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GraphPanelHandle } from '../../../client/src/graphView';
import { extension, open, poll } from './helpers';

suite('Related-papers graph', () => {
  let handle: GraphPanelHandle;

  suiteSetup(async () => {
    await open('review.md');
    await extension();
  });

  suiteTeardown(() => handle?.panel.dispose());

  test('Show Related-Papers Graph draws the papers the note cites, their relations and suggestions', async () => {
    handle = await vscode.commands.executeCommand<GraphPanelHandle>('mlPapers.showGraph');
    const graph = handle.graph();
    assert.ok(graph, 'the server answered');
    const cited = graph.nodes.filter((n) => n.status === 'cited').map((n) => n.key);
    for (const key of ['he2016deep', 'vaswani2017attention', 'devlin2019bert', 'kingma2015adam', 'nosuchpaper2099']) assert.ok(cited.includes(key), `${key} in ${cited.join(', ')}`);
    assert.equal(graph.nodes.find((n) => n.key === 'nosuchpaper2099')?.known, false);
    assert.ok(graph.edges.some((e) => e.from === 'devlin2019bert' && e.to === 'vaswani2017attention' && e.relation === 'builds on'));
    const suggested = graph.nodes.filter((n) => n.status === 'suggested');
    assert.ok(suggested.length > 0, 'BERT builds on papers the note does not cite');
    // The webview drew one focusable element per node, suggestions marked as such.
    const drawn = await handle.rendered();
    assert.deepEqual(drawn, { nodes: graph.nodes.length, suggested: suggested.length });
    assert.equal(handle.panel.title, 'Related Papers: review.md');
  });

  test('Cite inserts the paper at the cursor of the last Markdown editor, in its syntax', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'GPT  came first.' });
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    editor.selection = new vscode.Selection(0, 4, 0, 4);
    handle.panel.reveal(undefined, false);
    await poll('the graph panel to be active', () => handle.panel.active, (a) => a);
    assert.equal(await handle.cite('radford2018improving'), true);
    assert.equal(doc.getText(), 'GPT [@radford2018improving] came first.');
  });

  test('Export SVG writes the graph the server drew', async () => {
    await open('review.md');
    handle = await vscode.commands.executeCommand<GraphPanelHandle>('mlPapers.showGraph');
    await handle.rendered();
    const target = vscode.Uri.file(path.join(os.tmpdir(), `mlp-graph-${process.pid}.svg`));
    const written = await handle.exportSvg(target);
    assert.equal(written?.toString(), target.toString());
    const text = Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8');
    assert.match(text, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.ok(text.includes('<title id="graph-title">Related papers of review.md</title>'));
    assert.ok(text.includes('data-key="devlin2019bert"'));
    await vscode.workspace.fs.delete(target);
  });

  test('the workspace scope takes every note, the LaTeX one included', async () => {
    handle = await vscode.commands.executeCommand<GraphPanelHandle>('mlPapers.showGraph', undefined, 'workspace');
    await poll('the workspace graph', () => handle.graph(), (g) => !!g && handle.panel.title === 'Related Papers: workspace');
    const keys = handle.graph()!.nodes.map((n) => n.key);
    for (const key of ['he2016deep', 'devlin2019bert', 'smith2020notes']) assert.ok(keys.includes(key), `${key} in ${keys.join(', ')}`);
    const drawn = await handle.rendered();
    assert.equal(drawn.nodes, keys.length);
  });
});

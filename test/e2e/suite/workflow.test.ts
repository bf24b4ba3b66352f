// The palette commands, run the way a user runs them (quick picks accepted with the same
// command Enter triggers), on the review workspace. Runs after language.test.ts because
// "Add missing entries" changes refs.bib.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PaperDetailsRequest, SearchRequest, type PaperSummary } from '../../../server/src/protocol';
import { at, extension, hoverText, hovers, open, poll, workspaceFile } from './helpers';

/** Runs a command that shows a quick pick and accepts its first row as soon as it has one. */
async function runAcceptingFirst<T>(command: string, ...args: unknown[]): Promise<T> {
  let done = false;
  const result = Promise.resolve(vscode.commands.executeCommand<T>(command, ...args)).finally(() => (done = true));
  await poll(`${command} to finish after accepting its quick pick`, () =>
    vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem').then(() => done), (d) => d, 30_000, 200);
  return result;
}

suite('ML Papers commands', () => {
  suiteSetup(async () => {
    await open('review.md');
    await extension();
  });

  test('the search request finds papers by nickname', async () => {
    const api = await extension();
    const found = await api.client.sendRequest<PaperSummary[]>(SearchRequest.method, { query: 'ResNet', limit: 10 });
    assert.equal(found[0]?.key, 'he2016deep', JSON.stringify(found.slice(0, 3)));
  });

  test('every contributed command is registered', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    const ext = vscode.extensions.getExtension('ml-papers.ml-papers')!;
    const contributed: Array<{ command: string }> = ext.packageJSON.contributes.commands;
    assert.deepEqual(contributed.filter((c) => !all.has(c.command)).map((c) => c.command), []);
  });

  test('Insert citation in Markdown: the picked paper becomes [@key] at the cursor', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'ResNets  changed vision.' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 8, 0, 8);
    await runAcceptingFirst('mlPapers.insertCitation');
    assert.match(doc.getText(), /^ResNets \[@[^\]\s]+\] changed vision\.$/);
  });

  test('Insert citation in LaTeX inside \\cite{...}: only the key is added', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'latex', content: 'See \\citep{a,} here.' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 13, 0, 13);
    await runAcceptingFirst('mlPapers.insertCitation');
    assert.match(doc.getText(), /^See \\citep\{a,[^,}\s]+\} here\.$/);
  });

  test('Copy BibTeX puts the entry of the key on the clipboard', async () => {
    const bibtex = await vscode.commands.executeCommand<string>('mlPapers.copyBibtex', 'he2016deep');
    assert.match(bibtex ?? '', /^@\w+\{he2016deep,/);
    assert.match(bibtex, /Deep Residual Learning/i);
    assert.equal(await vscode.env.clipboard.readText(), bibtex);
  });

  test('Copy BibTeX without an argument uses the key under the cursor', async () => {
    const doc = await open('review.tex');
    const editor = vscode.window.activeTextEditor!;
    editor.selection = new vscode.Selection(at(doc, 'vaswani2017attention', 4), at(doc, 'vaswani2017attention', 4));
    const bibtex = await vscode.commands.executeCommand<string>('mlPapers.copyBibtex');
    assert.match(bibtex ?? '', /^@\w+\{vaswani2017attention,/);
  });

  test('Show paper details opens a preview of a Markdown page with summary, code and BibTeX', async () => {
    const api = await extension();
    const details = await api.client.sendRequest<PaperDetailsRequest.Response>(PaperDetailsRequest.method, { key: 'he2016deep' });
    assert.ok(details, 'the server knows he2016deep');
    await vscode.commands.executeCommand('mlPapers.showPaperDetails', 'he2016deep');
    const page = await vscode.workspace.openTextDocument(vscode.Uri.parse('ml-papers:/details/he2016deep.md'));
    assert.equal(page.languageId, 'markdown');
    assert.match(page.getText(), /^# Deep Residual Learning/i);
    assert.match(page.getText(), /## Code\n\n- <https:\/\/github\.com\/KaimingHe\//);
    assert.match(page.getText(), /```bibtex\n@\w+\{he2016deep,/);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    assert.ok(tabs.some((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType) && t.label.includes('he2016deep')),
      tabs.map((t) => t.label).join(', '));
  });

  test('Generate bibliography opens a BibTeX document with every cited known paper', async () => {
    const result = await vscode.commands.executeCommand<{ text: string; keys: string[] }>('mlPapers.generateBibliography');
    for (const key of ['he2016deep', 'vaswani2017attention', 'devlin2019bert']) assert.ok(result.keys.includes(key), result.keys.join(', '));
    const doc = vscode.window.activeTextEditor?.document;
    assert.equal(doc?.languageId, 'bibtex');
    assert.equal(doc?.getText(), result.text);
    assert.match(result.text, /@\w+\{vaswani2017attention,/);
  });

  test('Add missing entries appends the cited papers to refs.bib and reports them', async () => {
    const doc = await open('review.md');
    const result = await vscode.commands.executeCommand<{ added: string[]; file: string }>('mlPapers.addMissingEntries', doc.uri);
    for (const key of ['he2016deep', 'vaswani2017attention', 'devlin2019bert']) assert.ok(result.added.includes(key), result.added.join(', '));
    assert.ok(!result.added.includes('nosuchpaper2099') && !result.added.includes('kingma2015adam'));
    const bib = await vscode.workspace.openTextDocument(workspaceFile('refs.bib'));
    assert.match(bib.getText(), /@\w+\{vaswani2017attention,/);
    // What was there stays as it was.
    assert.ok(bib.getText().includes('@misc{smith2020notes,'));
    await poll('the missing-entry diagnostics to go', () => vscode.languages.getDiagnostics(doc.uri),
      (ds) => !ds.some((d) => doc.getText(d.range).includes('vaswani2017attention')));
  });

  test('Restart server: hovers work again afterwards', async () => {
    const api = await extension();
    await vscode.commands.executeCommand('mlPapers.restartServer');
    await poll('the client to run again', () => api.client.isRunning(), (r) => r);
    const doc = await open('review.md');
    const text = hoverText(await poll('a hover after restart', () => hovers(doc, at(doc, 'he2016deep', 3)), (h) => h.length > 0));
    assert.match(text, /Deep Residual Learning/i);
  });
});

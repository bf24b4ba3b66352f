// Language features on the real review.md / review.tex of test/e2e/workspace, through the same
// commands VS Code's editor uses.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { at, completionItems, completionLabels, extension, hoverText, hovers, labelOf, nextOpenedUrl, open, poll } from './helpers';

suite('ML Papers language features', () => {
  suiteSetup(async () => {
    await open('review.md');
    await extension();
  });

  test('the status bar counts the bundled database and the workspace bibliography', async () => {
    const api = await extension();
    const status = await poll('a status notification with papers', () => api.statusBar.last, (s) => s !== undefined && !s.indexing && s.bundled > 100);
    assert.ok(status);
    assert.ok(status.bibEntries >= 2, `refs.bib has 2 entries, status says ${JSON.stringify(status)}`);
    assert.deepEqual(status.failures, []);
  });

  for (const file of ['review.md', 'review.tex']) {
    test(`${file}: hover on a cited key shows the paper and its code`, async () => {
      const doc = await open(file);
      const text = hoverText(await poll('a hover on he2016deep', () => hovers(doc, at(doc, 'he2016deep', 3)), (h) => h.length > 0));
      assert.match(text, /Deep Residual Learning/i);
      assert.match(text, /github\.com\/KaimingHe/);
    });
  }

  test('review.md: no hover for a key inside a fenced code block', async () => {
    const doc = await open('review.md');
    await poll('the server to answer hovers', () => hovers(doc, at(doc, 'he2016deep', 3)), (h) => h.length > 0);
    const inFence = await hovers(doc, at(doc, 'he2016deep', 3, '```python'));
    assert.equal(hoverText(inFence), '');
  });

  test('review.md: completion after [@vaswani offers the paper', async () => {
    const doc = await open('review.md');
    const pos = at(doc, '[@vaswani\n', '[@vaswani'.length);
    const labels = await poll('completion items', () => completionLabels(doc, pos), (l) => l.includes('vaswani2017attention'));
    assert.ok(labels.length <= 50, `completion is capped at mlPapers.completion.limit: ${labels.length}`);
  });

  test('review.md: a completion item replaces the typed word with its key, and its card comes on resolve', async () => {
    // The server states the range and the resolve data once per list (LSP itemDefaults): this checks
    // that VS Code's client fills them into every item.
    const doc = await open('review.md');
    const pos = at(doc, '[@vaswani\n', '[@vaswani'.length);
    const n = labelsUntil(await completionLabels(doc, pos), 'vaswani2017attention');
    const item = (await completionItems(doc, pos, n)).find((i) => labelOf(i) === 'vaswani2017attention');
    assert.ok(item, 'vaswani2017attention is offered');
    const range = item.range instanceof vscode.Range ? item.range : item.range?.replacing;
    assert.ok(range, 'the item replaces a range');
    assert.equal(doc.getText(range), 'vaswani');
    assert.equal(typeof item.insertText === 'string' ? item.insertText : item.insertText?.value, 'vaswani2017attention');
    const card = item.documentation instanceof vscode.MarkdownString ? item.documentation.value : String(item.documentation ?? '');
    assert.match(card, /Attention Is All You Need/);
  });

  test('review.tex: completion inside \\cite{devl} offers BERT', async () => {
    const doc = await open('review.tex');
    const pos = at(doc, '\\cite{devl}', '\\cite{devl'.length);
    await poll('completion items', () => completionLabels(doc, pos), (l) => l.includes('devlin2019bert'));
  });

  test('go to implementation on a paper with one repository opens it in the browser', async () => {
    const api = await extension();
    // InfoGAN has one repository in the database (the authors'); ResNet and BERT now have library ones too.
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'As in [@chen2016infogan].\n' });
    await vscode.window.showTextDocument(doc);
    const opened = nextOpenedUrl(api);
    const result = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>(
      'vscode.executeImplementationProvider', doc.uri, at(doc, 'chen2016infogan', 2));
    assert.match(await opened, /^https:\/\/github\.com\/openai\/InfoGAN/);
    // VS Code gets no https location to open as a document.
    for (const r of result) assert.notEqual(('targetUri' in r ? r.targetUri : r.uri).scheme, 'https');
  });

  test('go to implementation with several repositories lets the user pick, official first', async () => {
    const api = await extension();
    const doc = await open('review.tex');
    const opened = nextOpenedUrl(api, 30_000);
    const pending = vscode.commands.executeCommand('vscode.executeImplementationProvider', doc.uri, at(doc, 'devlin2019bert', 2));
    // Accepting the quick pick's first row (when the picker is up) is what Enter does.
    let url: string | undefined;
    void opened.then((u) => (url = u));
    await poll('the repository to open', () => vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem').then(() => url), (u) => u !== undefined);
    await pending;
    assert.match(url ?? '', /^https:\/\/github\.com\/google-research\/bert/);
  });

  test('go to definition of a bundled paper shows its BibTeX in a virtual document', async () => {
    const doc = await open('review.md');
    const defs = await poll('a definition', () => vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>(
      'vscode.executeDefinitionProvider', doc.uri, at(doc, 'vaswani2017attention', 2)), (d) => d.length > 0);
    const uri = 'targetUri' in defs[0] ? defs[0].targetUri : defs[0].uri;
    assert.equal(uri.scheme, 'ml-papers');
    const bib = await vscode.workspace.openTextDocument(uri);
    assert.equal(bib.languageId, 'bibtex');
    assert.match(bib.getText(), /^@\w+\{vaswani2017attention,/);
  });

  test('go to definition of a key in refs.bib jumps to the entry', async () => {
    const doc = await open('review.md');
    const defs = await poll('a definition', () => vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>(
      'vscode.executeDefinitionProvider', doc.uri, at(doc, 'smith2020notes', 2)), (d) => d.length > 0);
    const target = 'targetUri' in defs[0] ? { uri: defs[0].targetUri, range: defs[0].targetSelectionRange ?? defs[0].targetRange } : defs[0];
    assert.equal(target.uri.path.split('/').pop(), 'refs.bib');
    const bib = await vscode.workspace.openTextDocument(target.uri);
    assert.equal(bib.getText(target.range), 'smith2020notes');
  });

  test('diagnostics: an unknown key is a warning, a known paper missing from refs.bib is information', async () => {
    const doc = await open('review.md');
    const textOf = (d: vscode.Diagnostic) => doc.getText(d.range);
    const diags = await poll('diagnostics for review.md', () => vscode.languages.getDiagnostics(doc.uri),
      (ds) => ds.some((d) => textOf(d).includes('nosuchpaper2099')) && ds.some((d) => textOf(d).includes('he2016deep')));
    const unknown = diags.find((d) => textOf(d).includes('nosuchpaper2099'));
    const missing = diags.find((d) => textOf(d).includes('he2016deep'));
    assert.equal(unknown?.severity, vscode.DiagnosticSeverity.Warning, unknown?.message);
    assert.equal(missing?.severity, vscode.DiagnosticSeverity.Information, missing?.message);
    // Keys the bibliography has, and text in code blocks, are not reported.
    assert.ok(!diags.some((d) => textOf(d).includes('kingma2015adam') || textOf(d).includes('smith2020notes')));
    assert.ok(!diags.some((d) => d.range.start.line === at(doc, 'he2016deep', 0, '```python').line));
  });

  test('review.tex: the same diagnostics for LaTeX citations', async () => {
    const doc = await open('review.tex');
    const diags = await poll('diagnostics for review.tex', () => vscode.languages.getDiagnostics(doc.uri),
      (ds) => ds.some((d) => doc.getText(d.range).includes('nosuchpaper2099')));
    assert.equal(diags.find((d) => doc.getText(d.range).includes('nosuchpaper2099'))?.severity, vscode.DiagnosticSeverity.Warning);
  });

  test('a code action offers to add the missing paper to the bibliography', async () => {
    const doc = await open('review.md');
    const diags = await poll('the missing-entry diagnostic', () => vscode.languages.getDiagnostics(doc.uri),
      (ds) => ds.some((d) => doc.getText(d.range).includes('he2016deep')));
    const range = diags.find((d) => doc.getText(d.range).includes('he2016deep'))!.range;
    const actions = await poll('code actions', () => vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>(
      'vscode.executeCodeActionProvider', doc.uri, range), (a) => a.length > 0);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.some((t) => /he2016deep|refs\.bib|bibliograph/i.test(t)), titles.join(' | '));
  });
});

/** How many items to resolve so that `label` is among them. */
function labelsUntil(labels: string[], label: string): number {
  const i = labels.indexOf(label);
  assert.ok(i >= 0, `${label} is offered: ${labels.slice(0, 10).join(', ')}`);
  return i + 1;
}

// Insert Literature Table and New Note for Paper, run as a user runs them (quick picks accepted with
// the command Enter triggers), on the review workspace. Every edit is undone or removed at the end:
// the suites after this one read review.md and the workspace's notes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { at, extension, open, poll, workspaceFile } from './helpers';

/** Runs a command that shows a quick pick and accepts its active row as soon as it has one. */
async function runAcceptingFirst<T>(command: string, ...args: unknown[]): Promise<T> {
  let done = false;
  const result = Promise.resolve(vscode.commands.executeCommand<T>(command, ...args)).finally(() => (done = true));
  await poll(`${command} to finish after accepting its quick pick`, () =>
    vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem').then(() => done), (d) => d, 30_000, 200);
  return result;
}

/** Undoes in the active editor until the document's text is `text` again. */
async function undoUntil(doc: vscode.TextDocument, text: string): Promise<void> {
  await poll('undo to restore the text', async () => {
    if (doc.getText() !== text) await vscode.commands.executeCommand('undo');
    return doc.getText();
  }, (t) => t === text, 10_000);
}

interface TableResult { text: string; rows: number; unknown: string[]; packages: string[] }

suite('Literature table and paper notes', () => {
  const notes = () => workspaceFile('notes');

  suiteSetup(async () => {
    await open('review.md');
    await extension();
  });

  suiteTeardown(async () => {
    // Nothing is closed (closing an unsaved editor would ask): files this suite changed are reverted.
    for (const d of vscode.workspace.textDocuments.filter((x) => x.isDirty && x.uri.scheme === 'file')) {
      await vscode.window.showTextDocument(d);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.workspace.fs.delete(notes(), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  test('Insert literature table in Markdown: the sort is asked, the table goes in as a block, Undo takes it out', async () => {
    const doc = await open('review.md');
    const original = doc.getText();
    const editor = vscode.window.activeTextEditor!;
    const end = at(doc, 'made very deep models trainable.', 'made very deep models trainable.'.length);
    editor.selection = new vscode.Selection(end, end);
    // The first choice of the quick pick is "By year".
    const result = await runAcceptingFirst<TableResult>('mlPapers.insertLiteratureTable');
    assert.equal(result.rows, 5);
    // `[@vaswani` is the review's unfinished citation (where the completion tests type).
    assert.deepEqual(result.unknown, ['nosuchpaper2099', 'vaswani']);
    const text = doc.getText();
    assert.ok(text.includes(`trainable.\n\n${result.text}\nAttention replaced`), text);
    const cited = [...result.text.matchAll(/^\| \[@([^\]]+)\] \|/gm)].map((m) => m[1]);
    assert.deepEqual(cited, ['kingma2015adam', 'he2016deep', 'vaswani2017attention', 'devlin2019bert', 'smith2020notes']);
    // The user's own entry for Adam gives the venue; the database gives the summary and code of ResNet.
    assert.match(result.text, /\| Adam: A Method for Stochastic Optimization \| 2015 \| International Conference on Learning Representations \|/);
    assert.match(result.text, /\[@he2016deep\] \| Deep Residual Learning for Image Recognition \| 2016 \|.*\[KaimingHe\/deep-residual-networks\]/);
    await undoUntil(doc, original);
  });

  test('Insert literature table in LaTeX, sorted by topic: a longtable of \\cite rows', async () => {
    const doc = await open('review.tex');
    const original = doc.getText();
    const editor = vscode.window.activeTextEditor!;
    const spot = at(doc, '\\bibliographystyle');
    editor.selection = new vscode.Selection(spot, spot);
    const result = await vscode.commands.executeCommand<TableResult>('mlPapers.insertLiteratureTable', 'topic');
    assert.deepEqual(result.packages, ['longtable', 'array', 'url']);
    assert.ok(doc.getText().includes(`\\cite{devl}\n\n% Literature table`), doc.getText());
    assert.match(doc.getText(), /\\begin\{longtable\}[^]*\\cite\{he2016deep\} & architecture & Deep Residual[^]*\\end\{longtable\}\n\\endgroup\n\n\\bibliographystyle/);
    await undoUntil(doc, original);
  });

  test('New note for a paper: created in the notes folder from the template and opened; Undo takes the text out', async () => {
    const result = await vscode.commands.executeCommand<{ uri: string; created: boolean }>('mlPapers.newPaperNote', 'he2016deep');
    const uri = vscode.Uri.joinPath(notes(), 'he2016deep.md');
    assert.deepEqual(result, { uri: uri.toString(), created: true });
    const doc = vscode.window.activeTextEditor?.document;
    assert.equal(doc?.uri.toString(), uri.toString());
    assert.match(doc.getText(), /^---\ntitle: "Deep Residual Learning for Image Recognition"\n/);
    assert.match(doc.getText(), /\n## Key ideas\n[^]*\n## My thoughts\n/);
    // Saved: the note is on disk as the editor shows it.
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), doc.getText());
    await undoUntil(doc, '');
  });

  test('New note for a paper that has one opens it and never overwrites it', async () => {
    const uri = vscode.Uri.joinPath(notes(), 'kingma2015adam.md');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('My own notes on Adam.\n'));
    const result = await vscode.commands.executeCommand<{ uri: string; created: boolean }>('mlPapers.newPaperNote', 'kingma2015adam');
    assert.equal(result.created, false);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
    assert.equal(vscode.window.activeTextEditor?.document.getText(), 'My own notes on Adam.\n');
  });

  test('New note without a key: the picker offers the known paper under the cursor', async () => {
    const doc = await open('review.md');
    const editor = vscode.window.activeTextEditor!;
    const inKey = at(doc, 'vaswani2017attention', 4);
    editor.selection = new vscode.Selection(inKey, inKey);
    const result = await runAcceptingFirst<{ uri: string; created: boolean }>('mlPapers.newPaperNote');
    assert.equal(result.uri, vscode.Uri.joinPath(notes(), 'vaswani2017attention.md').toString());
    assert.match(vscode.window.activeTextEditor?.document.getText() ?? '', /^---\ntitle: "Attention Is All You Need"/);
  });
});

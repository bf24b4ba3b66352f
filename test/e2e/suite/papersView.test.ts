// The Papers view on survey.md (its own survey.bib) and the workspace, read through the tree the
// view draws, and its actions run as the view's menus run them (with the item's node). Runs before
// workflow.test.ts, and writes only survey.bib (which that suite does not look at).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PapersNode, PapersViewApi } from '../../../client/src/papersView';
import { extension, nextOpenedUrl, open, poll, workspaceFile } from './helpers';

type PaperNode = Extract<PapersNode, { kind: 'paper' }>;

async function view(): Promise<PapersViewApi> {
  return (await extension()).papersView;
}

/** Every paper node under the root of `scope` (through the groups, if any). */
async function papersUnder(v: PapersViewApi, scope: 'document' | 'workspace'): Promise<PaperNode[]> {
  const roots = (await v.provider.getChildren()) ?? [];
  const root = roots.find((r) => r.kind === 'root' && r.scope === scope);
  if (!root) return [];
  const out: PaperNode[] = [];
  for (const n of (await v.provider.getChildren(root)) ?? []) {
    if (n.kind === 'paper') out.push(n);
    else for (const p of (await v.provider.getChildren(n)) ?? []) if (p.kind === 'paper') out.push(p);
  }
  return out;
}

/** "key: label | description | icon colour" for each distinct paper under the document's root. */
async function rows(v: PapersViewApi): Promise<string[]> {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const n of await papersUnder(v, 'document')) {
    if (seen.has(n.paper.key)) continue;
    seen.add(n.paper.key);
    const item = await v.provider.getTreeItem(n);
    const icon = item.iconPath as vscode.ThemeIcon;
    out.push(`${n.paper.key}: ${String(item.label)} | ${String(item.description)} | ${icon.id} ${(icon.color as unknown as { id: string } | undefined)?.id}`);
  }
  return out;
}

async function paperNode(v: PapersViewApi, key: string, scope: 'document' | 'workspace' = 'document'): Promise<PaperNode> {
  const nodes = await poll(`${key} in the Papers view`, () => papersUnder(v, scope), (ns) => ns.some((n) => n.paper.key === key));
  return nodes.find((n) => n.paper.key === key)!;
}

suite('ML Papers: the Papers view', () => {
  suiteSetup(async () => {
    await extension();
    await vscode.commands.executeCommand('workbench.view.extension.mlPapers');
    await open('survey.md');
  });

  test('it follows the active editor and lists each cited paper once with its status icon', async () => {
    const v = await view();
    await vscode.commands.executeCommand('mlPapers.papersView.ungroup');
    await poll('the view to follow survey.md', () => v.document()?.path ?? '', (p) => p.endsWith('/survey.md'));
    const got = await poll('the papers of survey.md', () => rows(v), (r) => r.length === 6);
    assert.deepEqual(got, [
      'goodfellow2014generative: Generative Adversarial Nets | NIPS 2014 · goodfellow2014generative | warning list.warningForeground',
      'arjovsky2017wasserstein: Wasserstein Generative Adversarial Networks | 2017 · International Conference on Machine Learning · arjovsky2017wasserstein | pass testing.iconPassed',
      'kingma2014auto: Auto-Encoding Variational Bayes | ICLR 2014 · kingma2014auto | warning list.warningForeground',
      'ho2020denoising: Denoising Diffusion Probabilistic Models | NeurIPS 2020 · ho2020denoising | warning list.warningForeground',
      'kingma2015adam: Adam: A Method for Stochastic Optimization | 2015 · International Conference on Learning Representations · same paper as Kingma.Ba.2015 | references editorInfo.foreground',
      'nosuchgan2099: nosuchgan2099 | unknown key | error list.errorForeground',
    ]);
    // Each citation is a child that opens the document at the key.
    const gan = await paperNode(v, 'goodfellow2014generative');
    const citations = (await v.provider.getChildren(gan)) ?? [];
    assert.equal(citations.length, 2);
    const item = await v.provider.getTreeItem(citations[1]);
    assert.match(String(item.label), /^line \d+$/);
    assert.match(String(item.description), /GANs again \[@goodfellow2014generative\]/);
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.getText(editor.selection), 'goodfellow2014generative');
  });

  test('the tooltip is the paper\'s card; the menus see the paper\'s flags', async () => {
    const v = await view();
    const gan = await paperNode(v, 'goodfellow2014generative');
    const item = await v.provider.getTreeItem(gan);
    assert.equal(item.contextValue, 'paper missing url code known noNote');
    const resolved = await v.provider.resolveTreeItem!(item, gan, new vscode.CancellationTokenSource().token);
    const tooltip = (resolved?.tooltip ?? item.tooltip) as vscode.MarkdownString;
    assert.match(tooltip.value, /Missing from the bibliography/);
    assert.match(tooltip.value, /Generative Adversarial Nets/);
  });

  test('grouping by year, topic and bibliography file, remembered as the view\'s state', async () => {
    const v = await view();
    const groups = async () => {
      const root = ((await v.provider.getChildren()) ?? []).find((r) => r.kind === 'root' && r.scope === 'document')!;
      return ((await v.provider.getChildren(root)) ?? []).map((g) => (g.kind === 'group' ? `${g.label}: ${g.papers.map((p) => p.key).join(' ')}` : `(${g.kind})`));
    };
    await vscode.commands.executeCommand('mlPapers.papersView.groupByYear');
    assert.equal(v.grouping(), 'year');
    assert.deepEqual(await poll('groups by year', groups, (g) => g[0]?.startsWith('2014')), [
      '2014: goodfellow2014generative kingma2014auto', '2015: kingma2015adam', '2017: arjovsky2017wasserstein', '2020: ho2020denoising', 'No year: nosuchgan2099',
    ]);
    await vscode.commands.executeCommand('mlPapers.papersView.groupByFile');
    assert.deepEqual(await poll('groups by file', groups, (g) => g[0]?.startsWith('survey.bib')), [
      'survey.bib: arjovsky2017wasserstein kingma2015adam', 'ML Papers database: goodfellow2014generative kingma2014auto ho2020denoising', 'Unknown keys: nosuchgan2099',
    ]);
    await vscode.commands.executeCommand('mlPapers.papersView.groupByTopic');
    const byTopic = await poll('groups by topic', groups, (g) => g.some((x) => x.startsWith('generative:')));
    assert.ok(byTopic.includes('generative: goodfellow2014generative arjovsky2017wasserstein kingma2014auto ho2020denoising'), byTopic.join('\n'));
    assert.equal(byTopic.at(-1), 'No topic: nosuchgan2099');
    await vscode.commands.executeCommand('mlPapers.papersView.ungroup');
    assert.equal(v.grouping(), 'none');
  });

  test('typing a citation adds the paper after a pause', async () => {
    const v = await view();
    const doc = await open('survey.md');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, doc.positionAt(doc.getText().length), 'ResNets too [@he2016deep].\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await paperNode(v, 'he2016deep');
    const undo = new vscode.WorkspaceEdit();
    undo.delete(doc.uri, new vscode.Range(doc.positionAt(doc.getText().indexOf('ResNets too')), doc.positionAt(doc.getText().length)));
    assert.ok(await vscode.workspace.applyEdit(undo));
    await poll('he2016deep to leave the view', () => papersUnder(v, 'document'), (ns) => ns.length > 0 && !ns.some((n) => n.paper.key === 'he2016deep'));
  });

  test('open paper, open code and details run the existing commands with the paper\'s key', async () => {
    const api = await extension();
    const v = api.papersView;
    const wgan = await paperNode(v, 'arjovsky2017wasserstein');
    const paperUrl = nextOpenedUrl(api);
    await vscode.commands.executeCommand('mlPapers.papersView.openPaper', wgan);
    assert.equal(await paperUrl, 'https://arxiv.org/abs/1701.07875');
    const codeUrl = nextOpenedUrl(api);
    await vscode.commands.executeCommand('mlPapers.papersView.openCode', wgan);
    assert.equal(await codeUrl, 'https://github.com/martinarjovsky/WassersteinGAN');
    await vscode.commands.executeCommand('mlPapers.papersView.showDetails', wgan);
    const page = await vscode.workspace.openTextDocument(vscode.Uri.parse('ml-papers:/details/arjovsky2017wasserstein.md'));
    assert.match(page.getText(), /^# Wasserstein Generative Adversarial Networks/);
  });

  test('go to citations offers each place when there are several', async () => {
    const v = await view();
    await open('survey.md');
    const gan = await paperNode(v, 'goodfellow2014generative');
    let done = false;
    const run = Promise.resolve(vscode.commands.executeCommand('mlPapers.papersView.goToCitations', gan)).finally(() => (done = true));
    await poll('the citation pick to be accepted', () => vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem').then(() => done), (d) => d, 30_000, 200);
    await run;
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.getText(editor.selection), 'goodfellow2014generative');
  });

  test('add to bibliography appends that one entry to survey.bib, as an edit that undo takes back', async () => {
    const v = await view();
    await open('survey.md');
    const gan = await paperNode(v, 'goodfellow2014generative');
    const result = await vscode.commands.executeCommand<{ added: string[] }>('mlPapers.papersView.addToBibliography', gan);
    assert.deepEqual(result.added, ['goodfellow2014generative']);
    const bib = await vscode.workspace.openTextDocument(workspaceFile('survey.bib'));
    assert.match(bib.getText(), /@\w+\{goodfellow2014generative,/);
    assert.doesNotMatch(bib.getText(), /kingma2014auto/);
    await poll('the paper to show as in the bibliography', async () => (await paperNode(v, 'goodfellow2014generative')).paper.status, (s) => s === 'in-bibliography');
    await vscode.window.showTextDocument(bib);
    await vscode.commands.executeCommand('undo');
    assert.doesNotMatch(bib.getText(), /goodfellow2014generative/);
    await bib.save();
  });

  test('the Workspace root lists the papers of every note', async () => {
    const v = await view();
    await open('survey.md');
    const nodes = await poll('the workspace papers', () => papersUnder(v, 'workspace'), (ns) => ns.some((n) => n.paper.key === 'vaswani2017attention') && ns.some((n) => n.paper.key === 'ho2020denoising'));
    const kingma = nodes.find((n) => n.paper.key === 'kingma2015adam')!;
    // Cited by review.md (in refs.bib), review.tex and survey.md (the same paper as Kingma.Ba.2015): the workspace shows the worst.
    assert.equal(kingma.paper.status, 'same-paper');
    assert.ok(kingma.paper.citations.some((c) => c.uri.endsWith('/review.md') && c.status === 'in-bibliography'), JSON.stringify(kingma.paper.citations));
    const item = await v.provider.getTreeItem((await v.provider.getChildren(kingma))![0]);
    assert.match(String(item.label), /^(review\.md|review\.tex|survey\.md):\d+$/);
  });

  test('a paper with a note is marked, and its note opens from the row', async () => {
    const v = await view();
    await open('survey.md');
    const gan = await paperNode(v, 'goodfellow2014generative');
    await vscode.commands.executeCommand('mlPapers.papersView.newNote', gan);
    const note = workspaceFile('notes/goodfellow2014generative.md');
    try {
      await poll('the note to be written', () => vscode.workspace.fs.stat(note).then(() => true, () => false), (ok) => ok);
      await open('survey.md');
      const marked = await poll('the row to say it has a note', async () => v.provider.getTreeItem(await paperNode(v, 'goodfellow2014generative')), (i) => /\bhasNote\b/.test(String(i.contextValue)));
      assert.match(String(marked.description), /has a note$/);
      // Open Note opens the existing note (never a second template over it).
      const before = (await vscode.workspace.fs.readFile(note)).toString();
      await vscode.commands.executeCommand('mlPapers.papersView.openNote', await paperNode(v, 'goodfellow2014generative'));
      await poll('the note in the editor', () => vscode.window.activeTextEditor?.document.uri.toString(), (u) => u === note.toString());
      assert.equal(vscode.window.activeTextEditor!.document.getText(), before);
      // Other papers stay unmarked.
      await open('survey.md');
      await poll('the view to follow survey.md again', () => v.document()?.path ?? '', (p) => p.endsWith('/survey.md'));
      assert.match(String((await v.provider.getTreeItem(await paperNode(v, 'kingma2014auto'))).contextValue), /\bnoNote\b/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(note).then(undefined, () => undefined);
    }
  });

  test('with no note open, only the Workspace root is left', async () => {
    const v = await view();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await poll('the view to follow no document', () => v.document(), (d) => d === undefined);
    const roots = (await v.provider.getChildren()) ?? [];
    assert.deepEqual(roots.map((r) => (r.kind === 'root' ? r.scope : r.kind)), ['workspace']);
  });
});

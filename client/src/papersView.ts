/**
 * The Papers view: the papers the active document cites, and a "Workspace" root for every note,
 * in the Explorer and in the ML Papers activity-bar container. The data is the server's answer to
 * `mlPapers/citedPapers` (status, grouping and ranges are decided there); this file follows the
 * active editor, asks again after typing pauses (only while a Papers view is visible), and wires the
 * item actions to the existing commands.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { CitedPapersRequest, EDITOR_LANGUAGE_IDS, PaperDetailsRequest, noteFileName } from '../../server/src/protocol';
import { Commands } from './commands';
import type { ServerAccess } from './serverAccess';
import { fileName } from './present';
import { TableNotesCommands, noteNames, notesFolder } from './tableNotes';
import { GROUPINGS, citationLabel, groupedPapers, paperContext, paperCount, paperLabel, statusIcon, tooltipHeader, type Grouping } from './papersPresent';

export const PapersViewIds = { explorer: 'mlPapers.papersExplorer', container: 'mlPapers.papers' } as const;

/** Typing pauses shorter than this do not ask the server again. */
const REFRESH_DEBOUNCE_MS = 400;
const GROUPING_STATE = 'mlPapers.papersView.groupBy';

type Scope = CitedPapersRequest.Params['scope'];
type Paper = CitedPapersRequest.Paper;

export type PapersNode =
  | { kind: 'root'; scope: Scope }
  | { kind: 'group'; scope: Scope; id: string; label: string; papers: Paper[] }
  | { kind: 'paper'; scope: Scope; group: string; paper: Paper }
  | { kind: 'citation'; scope: Scope; paper: Paper; citation: CitedPapersRequest.Citation };

/** What the extension-host tests (and other extensions) see of the view. */
export interface PapersViewApi {
  readonly provider: vscode.TreeDataProvider<PapersNode>;
  /** Fires after the tree has been redrawn with a new answer. */
  readonly onDidRefresh: vscode.Event<void>;
  grouping(): Grouping;
  /** The document the view follows, if any. */
  document(): vscode.Uri | undefined;
}

const isNote = (doc: vscode.TextDocument): boolean => EDITOR_LANGUAGE_IDS.includes(doc.languageId) && doc.languageId !== 'bibtex' && doc.uri.scheme !== 'ml-papers';

function inSomeTab(uri: vscode.Uri): boolean {
  const target = uri.toString();
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === target));
}

/** The tree: the last answers for the followed document and the workspace, drawn as nodes. */
class PapersTree implements vscode.TreeDataProvider<PapersNode> {
  private readonly changed = new vscode.EventEmitter<PapersNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  document: vscode.Uri | undefined;
  documentAnswer: CitedPapersRequest.Result | undefined;
  workspaceAnswer: CitedPapersRequest.Result | undefined;
  /** File names in the notes folder: a paper whose noteFileName is among them has a note. */
  notes = new Set<string>();

  constructor(private readonly server: ServerAccess, public grouping: Grouping) {}

  redraw(): void {
    this.changed.fire(undefined);
  }

  answer(scope: Scope): CitedPapersRequest.Result | undefined {
    return scope === 'document' ? this.documentAnswer : this.workspaceAnswer;
  }

  getChildren(node?: PapersNode): PapersNode[] {
    if (!node) {
      const roots: PapersNode[] = [];
      if (this.document && this.documentAnswer?.papers.length) roots.push({ kind: 'root', scope: 'document' });
      if (this.workspaceAnswer?.papers.length) roots.push({ kind: 'root', scope: 'workspace' });
      return roots;
    }
    if (node.kind === 'root') {
      const answer = this.answer(node.scope);
      if (!answer) return [];
      if (this.grouping === 'none' || !answer.groups) return answer.papers.map((paper) => ({ kind: 'paper', scope: node.scope, group: '', paper }));
      return groupedPapers(answer).map((g) => ({ kind: 'group', scope: node.scope, ...g }));
    }
    if (node.kind === 'group') return node.papers.map((paper) => ({ kind: 'paper', scope: node.scope, group: node.id, paper }));
    if (node.kind === 'paper') return node.paper.citations.map((citation) => ({ kind: 'citation', scope: node.scope, paper: node.paper, citation }));
    return [];
  }

  getTreeItem(node: PapersNode): vscode.TreeItem {
    switch (node.kind) {
      case 'root': return this.rootItem(node.scope);
      case 'group': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `${node.scope}/${this.grouping}/${node.id}`;
        item.description = paperCount(node.papers.length);
        item.iconPath = new vscode.ThemeIcon(this.grouping === 'topic' ? 'tag' : this.grouping === 'year' ? 'calendar' : 'file');
        item.contextValue = 'group';
        return item;
      }
      case 'paper': return paperItem(node, this.notes.has(noteFileName(node.paper.key)));
      case 'citation': return citationItem(node);
    }
  }

  private rootItem(scope: Scope): vscode.TreeItem {
    const answer = this.answer(scope);
    const label = scope === 'document' && this.document ? fileName(this.document.toString()) : 'Workspace';
    const item = new vscode.TreeItem(label, scope === 'document' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = scope;
    item.description = `${paperCount(answer?.papers.length ?? 0)}${scope === 'workspace' ? ` in ${answer?.documents ?? 0} documents` : ''}`;
    item.iconPath = new vscode.ThemeIcon(scope === 'document' ? 'file-text' : 'root-folder');
    item.contextValue = `root ${scope}`;
    return item;
  }

  /** The tooltip is the paper's card, asked for when the pointer first rests on the row. */
  async resolveTreeItem(item: vscode.TreeItem, node: PapersNode): Promise<vscode.TreeItem> {
    if (node.kind !== 'paper') return item;
    const md = new vscode.MarkdownString(tooltipHeader(node.paper), true);
    if (node.paper.title !== undefined) {
      const details = await this.server.request<PaperDetailsRequest.Response>(PaperDetailsRequest.method, { key: node.paper.key } satisfies PaperDetailsRequest.Params).catch(() => null);
      if (details) md.appendMarkdown(`\n\n---\n\n${details.markdown}`);
    }
    item.tooltip = md;
    return item;
  }
}

function paperItem(node: Extract<PapersNode, { kind: 'paper' }>, hasNote: boolean): vscode.TreeItem {
  const { paper } = node;
  const { label, description } = paperLabel(paper, hasNote);
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `${node.scope}/${node.group}/${paper.key}`;
  item.description = description;
  const icon = statusIcon(paper);
  item.iconPath = new vscode.ThemeIcon(icon.icon, new vscode.ThemeColor(icon.color));
  item.accessibilityInformation = { label: `${label}, ${description}, ${icon.label}` };
  item.contextValue = paperContext(paper, hasNote);
  const first = paper.citations[0];
  if (first) item.command = { title: 'Go to Citation', command: 'vscode.open', arguments: [vscode.Uri.parse(first.uri), { selection: toRange(first.range), preserveFocus: true }] };
  return item;
}

function citationItem(node: Extract<PapersNode, { kind: 'citation' }>): vscode.TreeItem {
  const c = node.citation;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === c.uri);
  const lineText = open && c.range.start.line < open.lineCount ? open.lineAt(c.range.start.line).text : undefined;
  const { label, description } = citationLabel(c, node.scope === 'workspace', lineText);
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.description = description;
  item.iconPath = new vscode.ThemeIcon('quote');
  item.contextValue = 'citation';
  item.command = { title: 'Go to Citation', command: 'vscode.open', arguments: [vscode.Uri.parse(c.uri), { selection: toRange(c.range) }] };
  return item;
}

function toRange(r: CitedPapersRequest.Citation['range']): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/**
 * Creates both views over one tree and keeps them current. Returns what the tests use; its
 * disposables go into `context.subscriptions`.
 */
export function registerPapersView(server: ServerAccess, client: Pick<LanguageClient, 'onDidChangeState' | 'isRunning'>, context: vscode.ExtensionContext): PapersViewApi {
  const stored = context.workspaceState.get<Grouping>(GROUPING_STATE);
  const tree = new PapersTree(server, GROUPINGS.includes(stored as Grouping) ? (stored as Grouping) : 'topic');
  const views = [PapersViewIds.explorer, PapersViewIds.container].map((id) => vscode.window.createTreeView(id, { treeDataProvider: tree, showCollapseAll: true }));
  const refreshed = new vscode.EventEmitter<void>();
  const updater = new Updater(server, tree, views, () => refreshed.fire());
  context.subscriptions.push(...views, refreshed, updater, ...followEditors(updater, client), ...registerViewCommands(tree, updater, context));
  updater.follow(vscode.window.activeTextEditor);
  updater.schedule(['workspace'], 0);
  void setContext(tree.grouping, undefined);
  return { provider: tree, onDidRefresh: refreshed.event, grouping: () => tree.grouping, document: () => tree.document };
}

function setContext(grouping: Grouping | undefined, state: 'noDocument' | 'noCitations' | 'ready' | undefined): void {
  if (grouping) void vscode.commands.executeCommand('setContext', 'mlPapers.papersView.groupBy', grouping);
  if (state) void vscode.commands.executeCommand('setContext', 'mlPapers.papersView.state', state);
}

/** Asks the server again when something changed, debounced, and only while a Papers view is visible. */
class Updater implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private pending = new Set<Scope>();
  private sequence = { document: 0, workspace: 0 };
  /** The workspace root is expanded: typing in any note changes what it shows. */
  workspaceExpanded = false;

  constructor(private readonly server: ServerAccess, readonly tree: PapersTree, readonly views: vscode.TreeView<PapersNode>[], private readonly refreshed: () => void) {}

  visible(): boolean {
    return this.views.some((v) => v.visible);
  }

  /**
   * Follows a note's editor; another kind of editor (a .bib, the details preview) or none keeps the
   * last note while a tab still holds it.
   */
  follow(editor: vscode.TextEditor | undefined): void {
    let next = editor && isNote(editor.document) ? editor.document.uri : this.tree.document;
    if (next && next.toString() !== editor?.document.uri.toString() && !inSomeTab(next)) next = undefined;
    if (next?.toString() === this.tree.document?.toString()) return;
    this.tree.document = next;
    this.tree.documentAnswer = undefined;
    this.schedule(['document'], 0);
  }

  /** Asks again for `scopes` after `delayMs` of quiet; while no view is visible, remembers to ask when one is. */
  schedule(scopes: Scope[], delayMs = REFRESH_DEBOUNCE_MS): void {
    for (const s of scopes) this.pending.add(s);
    clearTimeout(this.timer);
    if (!this.visible()) return;
    this.timer = setTimeout(() => void this.flush(), delayMs);
  }

  /** A view became visible: ask for whatever changed while none was. */
  onVisible(): void {
    if (this.visible() && this.pending.size) this.schedule([], 0);
  }

  private async flush(): Promise<void> {
    const scopes = [...this.pending];
    this.pending.clear();
    const [notes] = await Promise.all([noteNames(notesFolder(this.tree.document)), ...scopes.map((s) => this.ask(s))]);
    this.tree.notes = notes;
    this.tree.redraw();
    this.updateState();
    this.refreshed();
  }

  private async ask(scope: Scope): Promise<void> {
    const mine = ++this.sequence[scope];
    const uri = this.tree.document?.toString();
    const groupBy = this.tree.grouping === 'none' ? undefined : this.tree.grouping;
    if (scope === 'document' && !uri) { this.tree.documentAnswer = undefined; return; }
    try {
      const answer = await this.server.request<CitedPapersRequest.Result>(CitedPapersRequest.method, { uri, scope, groupBy } satisfies CitedPapersRequest.Params);
      // Only the newest answer is shown: a slow reply to an old question must not replace a newer one.
      if (mine !== this.sequence[scope]) return;
      if (scope === 'document') this.tree.documentAnswer = uri === this.tree.document?.toString() ? answer : undefined;
      else this.tree.workspaceAnswer = answer;
    } catch (e) {
      // The server is not running yet (or restarting): its state change asks again.
      this.server.output.appendLine(`Papers view: ${CitedPapersRequest.method} failed: ${e instanceof Error ? e.message : String(e)}`);
      this.pending.add(scope);
    }
  }

  private updateState(): void {
    const doc = this.tree.document;
    const docPapers = this.tree.documentAnswer?.papers.length ?? 0;
    setContext(undefined, !doc ? 'noDocument' : docPapers ? 'ready' : 'noCitations');
    // When the document cites nothing but the workspace does, the tree is not empty: a message says so.
    const message = doc && !docPapers && this.tree.documentAnswer && this.tree.workspaceAnswer?.papers.length ? `${fileName(doc.toString())} cites no papers yet.` : undefined;
    for (const v of this.views) v.message = message;
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}

/** The events the view follows: the active editor, typing, saving, visibility, the server starting. */
function followEditors(updater: Updater, client: Pick<LanguageClient, 'onDidChangeState' | 'isRunning'>): vscode.Disposable[] {
  return [
    vscode.window.onDidChangeActiveTextEditor((e) => updater.follow(e)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (!e.contentChanges.length) return;
      const doc = e.document;
      // A .bib edit changes statuses everywhere; a note changes its own list, and the workspace's when shown.
      if (doc.languageId === 'bibtex') updater.schedule(['document', 'workspace']);
      else if (isNote(doc)) updater.schedule([doc.uri.toString() === updater.tree.document?.toString() ? 'document' : undefined, updater.workspaceExpanded ? 'workspace' : undefined].filter((s): s is Scope => !!s));
    }),
    vscode.workspace.onDidSaveTextDocument(() => updater.schedule(['workspace'])),
    // A note created or deleted (by New Note, or by hand) changes which papers are marked.
    ...noteWatchers(updater),
    vscode.window.tabGroups.onDidChangeTabs((e) => { if (e.closed.length) updater.follow(vscode.window.activeTextEditor); }),
    ...updater.views.flatMap((v) => [
      v.onDidChangeVisibility(() => updater.onVisible()),
      v.onDidExpandElement((e) => { if (e.element.kind === 'root' && e.element.scope === 'workspace') updater.workspaceExpanded = true; }),
      v.onDidCollapseElement((e) => { if (e.element.kind === 'root' && e.element.scope === 'workspace') updater.workspaceExpanded = false; }),
    ]),
    client.onDidChangeState((e) => { if (e.newState === State.Running) updater.schedule(['document', 'workspace'], 0); }),
  ];
}

/** Markdown files appearing in or leaving a folder: the notes folder may be anywhere, so every .md counts. */
function noteWatchers(updater: Updater): vscode.Disposable[] {
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.md', false, true, false);
  return [watcher, watcher.onDidCreate(() => updater.schedule([])), watcher.onDidDelete(() => updater.schedule([]))];
}

/** A paper node from a command's argument (a tree item's menu passes its node). */
function paperOf(arg: unknown): Paper | undefined {
  const node = arg as PapersNode | undefined;
  return node && (node.kind === 'paper' || node.kind === 'citation') ? node.paper : undefined;
}

/**
 * The view's title and item actions. Each item action hands the paper's key to the existing
 * command (open paper, open code, details, add missing entries), so there is one path for each.
 */
function registerViewCommands(tree: PapersTree, updater: Updater, context: vscode.ExtensionContext): vscode.Disposable[] {
  const register = (id: string, body: (paper: Paper) => unknown) => vscode.commands.registerCommand(id, (arg: unknown) => {
    const paper = paperOf(arg);
    return paper ? body(paper) : undefined;
  });
  const groupBy = (grouping: Grouping) => async () => {
    tree.grouping = grouping;
    setContext(grouping, undefined);
    await context.workspaceState.update(GROUPING_STATE, grouping);
    updater.schedule(['document', 'workspace'], 0);
  };
  return [
    vscode.commands.registerCommand('mlPapers.papersView.groupByTopic', groupBy('topic')),
    vscode.commands.registerCommand('mlPapers.papersView.groupByYear', groupBy('year')),
    vscode.commands.registerCommand('mlPapers.papersView.groupByFile', groupBy('file')),
    vscode.commands.registerCommand('mlPapers.papersView.ungroup', groupBy('none')),
    vscode.commands.registerCommand('mlPapers.papersView.refresh', () => updater.schedule(['document', 'workspace'], 0)),
    register('mlPapers.papersView.openPaper', (p) => vscode.commands.executeCommand(Commands.openPaper, p.key)),
    register('mlPapers.papersView.openCode', (p) => vscode.commands.executeCommand(Commands.openImplementation, p.key)),
    register('mlPapers.papersView.showDetails', (p) => vscode.commands.executeCommand(Commands.showDetails, p.key)),
    register('mlPapers.papersView.addToBibliography', (p) => addToBibliography(p)),
    register('mlPapers.papersView.goToCitations', (p) => goToCitations(p)),
    // New Note opens the note when it exists, so both actions take one path.
    register('mlPapers.papersView.openNote', (p) => vscode.commands.executeCommand(TableNotesCommands.newPaperNote, p.key)),
    register('mlPapers.papersView.newNote', (p) => vscode.commands.executeCommand(TableNotesCommands.newPaperNote, p.key)),
  ];
}

/**
 * Adds the paper's entry to the bibliography of the first document that misses it, through the
 * "Add missing entries" command (an undoable edit). A workspace document not open yet is opened
 * first, so that the server holds its text.
 */
async function addToBibliography(p: Paper): Promise<unknown> {
  const where = p.citations.find((c) => c.status === 'missing');
  if (!where) return undefined;
  const uri = vscode.Uri.parse(where.uri);
  await vscode.workspace.openTextDocument(uri);
  return vscode.commands.executeCommand(Commands.addMissing, uri, [p.key]);
}

/** One citation: go there; several: a quick pick of them, each with its line. */
async function goToCitations(p: Paper): Promise<void> {
  const items = await Promise.all(p.citations.map(async (c) => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(c.uri)).then((d) => d, () => undefined);
    const row = citationLabel(c, true, doc && c.range.start.line < doc.lineCount ? doc.lineAt(c.range.start.line).text : undefined);
    return { label: row.label, description: row.description, citation: c };
  }));
  const chosen = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: `Citations of ${p.key}`, placeHolder: 'Go to which citation?' });
  if (!chosen) return;
  await vscode.commands.executeCommand('vscode.open', vscode.Uri.parse(chosen.citation.uri), { selection: toRange(chosen.citation.range) });
}

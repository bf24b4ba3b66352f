/**
 * Two commands for a literature review: Insert Literature Table (the server writes the table of the
 * papers the document cites; it goes in at the cursor as one undoable edit) and New Note for Paper
 * (the server writes the note's text; the note is created in the notes folder through a
 * WorkspaceEdit, and an existing note is opened, never overwritten).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LiteratureTableRequest, PaperNoteRequest } from '../../server/src/protocol';
import { keyUnderCursor } from './commands';
import { guarded, type ServerAccess } from './serverAccess';
import { blockInsertion, syntaxFor } from './insertion';
import { pickPaper } from './paperPicker';

export const TableNotesCommands = {
  insertLiteratureTable: 'mlPapers.insertLiteratureTable',
  newPaperNote: 'mlPapers.newPaperNote',
} as const;

/** The setting `mlPapers.notes.folder` and its default (package.json; the server's Config.notesFolder). */
const NOTES_FOLDER_SETTING = 'notes.folder';
const DEFAULT_NOTES_FOLDER = 'notes';

const sortChoices: Array<vscode.QuickPickItem & { sort: LiteratureTableRequest.Sort }> = [
  { label: 'By year', description: 'oldest first', sort: 'year' },
  { label: 'By topic', description: 'the database\'s topic of each paper, then by year', sort: 'topic' },
];

async function insertLiteratureTable(server: ServerAccess, sortArg: unknown): Promise<LiteratureTableRequest.Result | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || syntaxFor(editor.document.languageId) === 'plain') {
    void vscode.window.showInformationMessage('ML Papers: open a Markdown or LaTeX document to insert a literature table of the papers it cites.');
    return undefined;
  }
  const sort = sortArg === 'year' || sortArg === 'topic'
    ? sortArg
    : (await vscode.window.showQuickPick(sortChoices, { title: 'ML Papers: Insert literature table', placeHolder: 'Sort the cited papers…' }))?.sort;
  if (!sort) return undefined;
  const document = editor.document;
  const table = await server.request<LiteratureTableRequest.Response>(LiteratureTableRequest.method, { uri: document.uri.toString(), sort } satisfies LiteratureTableRequest.Params);
  if (!table) throw new Error('the server does not read this document.');
  if (table.rows === 0) {
    void vscode.window.showInformationMessage(`ML Papers: this document cites no paper that ML Papers knows${table.unknown.length ? ` (unknown: ${table.unknown.join(', ')})` : ''}.`);
    return table;
  }
  const at = editor.selection;
  const line = document.lineAt(at.start.line).text;
  const previousBlank = at.start.line === 0 || document.lineAt(at.start.line - 1).isEmptyOrWhitespace;
  const text = blockInsertion(line.slice(0, at.start.character), document.lineAt(at.end.line).text.slice(at.end.character), previousBlank, table.text);
  if (!(await editor.edit((edit) => edit.replace(at, text)))) throw new Error('the editor did not take the edit.');
  const notes = [
    ...(table.packages.length ? [`needs \\usepackage{${table.packages.join(',')}}`] : []),
    ...(table.unknown.length ? [`left out unknown keys: ${table.unknown.join(', ')}`] : []),
  ];
  void vscode.window.setStatusBarMessage(`$(table) Literature table of ${table.rows} paper${table.rows === 1 ? '' : 's'} inserted${notes.length ? `; ${notes.join('; ')}` : ''}`, 8000);
  return table;
}

/**
 * The folder notes go to: the setting, relative to the workspace folder of `reference` (by default the
 * active document; else the first folder).
 */
export function notesFolder(reference = vscode.window.activeTextEditor?.document.uri): vscode.Uri | undefined {
  const folder = (reference && vscode.workspace.getWorkspaceFolder(reference)) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) return undefined;
  const raw = vscode.workspace.getConfiguration('mlPapers', folder.uri).get<string>(NOTES_FOLDER_SETTING);
  const setting = typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : DEFAULT_NOTES_FOLDER;
  return path.isAbsolute(setting) ? vscode.Uri.file(setting) : vscode.Uri.joinPath(folder.uri, setting);
}

/** The file names in the notes folder (none when it does not exist yet): which papers have a note (noteFileName). */
export async function noteNames(folder: vscode.Uri | undefined): Promise<Set<string>> {
  if (!folder) return new Set();
  const entries = await vscode.workspace.fs.readDirectory(folder).then((e) => e, () => [] as Array<[string, vscode.FileType]>);
  return new Set(entries.filter(([, type]) => type === vscode.FileType.File).map(([name]) => name));
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** The key under the cursor when the server knows that paper: the picker opens with it, ready to accept. */
async function knownKeyUnderCursor(server: ServerAccess): Promise<string> {
  const key = keyUnderCursor();
  if (!key) return '';
  const note = await server.request<PaperNoteRequest.Response>(PaperNoteRequest.method, { key } satisfies PaperNoteRequest.Params);
  return note ? key : '';
}

async function newPaperNote(server: ServerAccess, keyArg: unknown): Promise<{ uri: string; created: boolean } | undefined> {
  const folder = notesFolder();
  if (!folder) {
    void vscode.window.showInformationMessage('ML Papers: open a folder first; notes are kept in its notes folder (setting mlPapers.notes.folder).');
    return undefined;
  }
  const key = typeof keyArg === 'string' && keyArg !== '' ? keyArg : await pickPaper(server, 'ML Papers: New note for paper…', await knownKeyUnderCursor(server));
  if (!key) return undefined;
  const note = await server.request<PaperNoteRequest.Response>(PaperNoteRequest.method, { key } satisfies PaperNoteRequest.Params);
  if (!note) throw new Error(`no paper is known as ${key}.`);
  const uri = vscode.Uri.joinPath(folder, note.fileName);
  const created = !(await exists(uri));
  if (created) {
    // One edit creates the file and writes the template: Undo in the note takes the text back out.
    const edit = new vscode.WorkspaceEdit();
    // Without ignoreIfExists: a note created meanwhile makes the edit fail rather than gain a second template.
    edit.createFile(uri, { overwrite: false });
    edit.insert(uri, new vscode.Position(0, 0), note.text);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not create ${uri.fsPath}.`);
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  if (created) await doc.save();
  await vscode.window.showTextDocument(doc);
  return { uri: uri.toString(), created };
}

export function registerTableNotesCommands(server: ServerAccess): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(TableNotesCommands.insertLiteratureTable, guarded(server, 'Insert literature table', (sort) => insertLiteratureTable(server, sort))),
    vscode.commands.registerCommand(TableNotesCommands.newPaperNote, guarded(server, 'New note for paper', (key) => newPaperNote(server, key))),
  ];
}

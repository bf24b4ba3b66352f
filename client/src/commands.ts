/**
 * The palette commands. Each one is thin: find the key (cursor or picker), ask the server,
 * show or apply the answer. Citation knowledge stays in the server.
 */
import * as vscode from 'vscode';
import { PaperDetailsRequest, ServerCommands, keyInLine } from '../../server/src/protocol';
import { openInBrowser, openRepository } from './implementation';
import { citationText, syntaxFor } from './insertion';
import { pickPaperWithOnline } from './onlinePicker';
import { pickPaper } from './paperPicker';
import { showPaperDetails } from './paperView';
import { fileName } from './present';
import { guarded, type ServerAccess } from './serverAccess';


export const Commands = {
  search: 'mlPapers.searchPapers',
  insertCitation: 'mlPapers.insertCitation',
  copyBibtex: 'mlPapers.copyBibtex',
  insertBibtex: 'mlPapers.insertBibtexEntry',
  addMissing: 'mlPapers.addMissingEntries',
  generateBibliography: 'mlPapers.generateBibliography',
  openPaper: 'mlPapers.openPaper',
  openImplementation: 'mlPapers.openImplementation',
  showDetails: 'mlPapers.showPaperDetails',
  restart: 'mlPapers.restartServer',
  showOutput: 'mlPapers.showOutput',
} as const;

/** The citation key under the cursor of the active editor, if any. */
export function keyUnderCursor(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const pos = editor.selection.active;
  return keyInLine(editor.document.lineAt(pos.line).text, pos.character);
}

/** The key under the cursor when the server knows it, otherwise the one the user picks. */
async function keyFromCursorOrPick(server: ServerAccess, title: string): Promise<string | undefined> {
  const key = keyUnderCursor();
  if (key) {
    const known = await details(server, key);
    if (known) return key;
  }
  return pickPaper(server, title, key ?? '');
}

function details(server: ServerAccess, key: string): Promise<PaperDetailsRequest.Response> {
  return server.request<PaperDetailsRequest.Response>(PaperDetailsRequest.method, { key } satisfies PaperDetailsRequest.Params);
}

/** Inserts the citation of `key` at every cursor of `editor`, in the document's syntax. */
export async function insertCitation(editor: vscode.TextEditor, key: string): Promise<boolean> {
  const syntax = syntaxFor(editor.document.languageId);
  return editor.edit((edit) => {
    for (const sel of editor.selections) {
      const line = editor.document.lineAt(sel.start.line).text;
      const text = citationText(syntax, line.slice(0, sel.start.character), line.slice(sel.end.character), key);
      edit.replace(sel, text);
    }
  });
}

async function searchAndInsert(server: ServerAccess, state: vscode.Memento, title: string, detailsWithoutEditor: boolean): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const picked = await pickPaperWithOnline(server, state, title);
  if (!picked) return;
  const { key } = picked;
  if (editor && !editor.document.isClosed && editor.document.uri.scheme !== 'ml-papers') {
    await insertCitation(editor, key);
    // A paper fetched online is in no bibliography yet: its entry goes into the document's, through
    // Add missing entries for that one key (an undoable edit, which says where it went).
    if (picked.fetched) await vscode.commands.executeCommand(Commands.addMissing, editor.document.uri, [key]);
  } else if (detailsWithoutEditor) {
    await showPaperDetails(key);
  } else {
    void vscode.window.showInformationMessage(`ML Papers: open a Markdown or LaTeX file to insert a citation of ${key}.`);
  }
}

export function registerCommands(server: ServerAccess, state: vscode.Memento): vscode.Disposable[] {
  const register = (id: string, name: string, body: (...args: unknown[]) => Promise<unknown>) =>
    vscode.commands.registerCommand(id, guarded(server, name, body));
  const keyArg = (args: unknown[]): string | undefined => (typeof args[0] === 'string' && args[0] !== '' ? args[0] : undefined);

  return [
    register(Commands.search, 'Search papers', () => searchAndInsert(server, state, 'ML Papers: Search papers', true)),
    register(Commands.insertCitation, 'Insert citation', () => searchAndInsert(server, state, 'ML Papers: Insert citation', false)),

    register(Commands.copyBibtex, 'Copy BibTeX', async (...args) => {
      const key = keyArg(args) ?? (await keyFromCursorOrPick(server, 'ML Papers: Copy BibTeX of…'));
      if (!key) return undefined;
      const bibtex = await server.executeCommand<string>(ServerCommands.bibtexFor, [key]);
      if (!bibtex) {
        void vscode.window.showWarningMessage(`ML Papers: no BibTeX known for ${key}.`);
        return undefined;
      }
      await vscode.env.clipboard.writeText(bibtex);
      void vscode.window.setStatusBarMessage(`$(clippy) BibTeX of ${key} copied`, 3000);
      return bibtex;
    }),

    register(Commands.insertBibtex, 'Insert BibTeX entry', async (...args) => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return undefined;
      const key = keyArg(args) ?? (await pickPaper(server, 'ML Papers: Insert BibTeX entry of…'));
      if (!key) return undefined;
      const bibtex = await server.executeCommand<string>(ServerCommands.bibtexFor, [key]);
      if (!bibtex) return undefined;
      await editor.edit((edit) => edit.replace(editor.selection, bibtex.endsWith('\n') ? bibtex : `${bibtex}\n`));
      return bibtex;
    }),

    register(Commands.addMissing, 'Add missing entries', async (...args) => {
      // Writing into bibliography files needs a trusted workspace (see capabilities in package.json).
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('ML Papers: adding entries writes files, which needs a trusted workspace.');
        return undefined;
      }
      const uri = args[0] instanceof vscode.Uri ? args[0] : vscode.window.activeTextEditor?.document.uri;
      if (!uri) return undefined;
      // args[1]: only these keys (the Papers view adds one paper); default: every key the document cites.
      const keys = Array.isArray(args[1]) ? args[1].filter((k): k is string => typeof k === 'string') : undefined;
      const result = await server.executeCommand<{ added: string[]; file: string } | null>(ServerCommands.addMissingEntries, keys ? [uri.toString(), keys] : [uri.toString()]);
      if (!result || result.added.length === 0) {
        void vscode.window.showInformationMessage('ML Papers: every cited paper is already in the bibliography.');
      } else {
        const n = result.added.length;
        void vscode.window.showInformationMessage(
          `ML Papers: added ${n} entr${n === 1 ? 'y' : 'ies'} to ${fileName(result.file)}: ${result.added.join(', ')}`,
        );
      }
      return result;
    }),

    register(Commands.generateBibliography, 'Generate bibliography', async () => {
      const result = await server.executeCommand<{ text: string; keys: string[] } | null>(ServerCommands.workspaceBibliography, []);
      if (!result || result.keys.length === 0) {
        void vscode.window.showInformationMessage('ML Papers: no known papers are cited in this workspace.');
        return result;
      }
      const doc = await vscode.workspace.openTextDocument({ language: 'bibtex', content: result.text });
      await vscode.window.showTextDocument(doc);
      return result;
    }),

    register(Commands.openPaper, 'Open paper', async (...args) => {
      const key = keyArg(args) ?? (await keyFromCursorOrPick(server, 'ML Papers: Open paper…'));
      if (!key) return undefined;
      const d = await details(server, key);
      if (!d?.paperUrl) {
        void vscode.window.showInformationMessage(`ML Papers: no arXiv or DOI link known for ${key}.`);
        return undefined;
      }
      openInBrowser(d.paperUrl);
      return d.paperUrl;
    }),

    register(Commands.openImplementation, 'Open implementation', async (...args) => {
      const key = keyArg(args) ?? (await keyFromCursorOrPick(server, 'ML Papers: Open implementation of…'));
      if (!key) return undefined;
      const d = await details(server, key);
      if (!d || d.code.length === 0) {
        void vscode.window.showInformationMessage(`ML Papers: no code repository known for ${key}.`);
        return undefined;
      }
      return openRepository(d.code, `ML Papers: implementations of ${key}`);
    }),

    register(Commands.showDetails, 'Show paper details', async (...args) => {
      const key = keyArg(args) ?? (await keyFromCursorOrPick(server, 'ML Papers: Show details of…'));
      if (key) await showPaperDetails(key);
      return key;
    }),

    register(Commands.restart, 'Restart server', async () => {
      await server.restart();
      void vscode.window.setStatusBarMessage('$(check) ML Papers server restarted', 3000);
    }),

    register(Commands.showOutput, 'Show log', async () => server.output.show(true)),
  ];
}

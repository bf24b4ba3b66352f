/** What the server tells the editor it can do, and who it is. */
import { CodeActionKind, TextDocumentSyncKind, type InitializeResult } from 'vscode-languageserver/node';
import { ServerCommands } from './protocol';
import { VERSION } from './version';

/** The characters after which an editor asks for completion: inside `\cite{a,` and `[@a; @`. */
const COMPLETION_TRIGGERS = ['{', ',', '@', ';', '['];

export function initializeResult(): InitializeResult {
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      hoverProvider: true,
      completionProvider: { triggerCharacters: COMPLETION_TRIGGERS, resolveProvider: true },
      implementationProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
      workspaceSymbolProvider: true,
      documentLinkProvider: { resolveProvider: false },
      executeCommandProvider: { commands: Object.values(ServerCommands) },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'ml-papers', version: VERSION },
  };
}

/**
 * What the commands need from the language client (an interface so the wiring stays visible), and
 * the wrapper every command body runs in. Apart from commands.ts so that the files of other commands
 * (online look-up, tables and notes) can use them without importing each other.
 */
import * as vscode from 'vscode';

/** What the commands need from the language client (an interface so the wiring stays visible). */
export interface ServerAccess {
  /** `token` cancels the request (the paper picker cancels the search of a query typed over). */
  request<R>(method: string, params: unknown, token?: vscode.CancellationToken): Promise<R>;
  executeCommand<R>(command: string, args: unknown[]): Promise<R>;
  restart(): Promise<void>;
  output: vscode.OutputChannel;
}

/** Runs a command body, turning a failure into one error message plus a log line. */
export function guarded(server: ServerAccess, name: string, body: (...args: unknown[]) => Promise<unknown>) {
  return async (...args: unknown[]): Promise<unknown> => {
    try {
      return await body(...args);
    } catch (e) {
      server.output.appendLine(`${name} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      void vscode.window.showErrorMessage(`ML Papers: ${name} failed: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  };
}

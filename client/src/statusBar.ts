/**
 * The status bar item "$(book) 212 papers", fed by the server's `mlPapers/status` notification.
 * Shown only while a Markdown, LaTeX or BibTeX editor is active.
 */
import * as vscode from 'vscode';
import { EDITOR_LANGUAGE_IDS, type StatusNotification } from '../../server/src/protocol';
import { statusView } from './present';

export const statusClickCommand = 'mlPapers.statusClicked';
const languages = new Set(EDITOR_LANGUAGE_IDS);
/** Indexing that finishes sooner than this never shows a notification. */
const progressDelayMs = 1000;

export interface StatusBar extends vscode.Disposable {
  update(status: StatusNotification.Params): void;
  /** The last status received, for tests and the click handler. */
  readonly last: StatusNotification.Params | undefined;
}

export function createStatusBar(output: vscode.OutputChannel): StatusBar {
  const item = vscode.window.createStatusBarItem('mlPapers.status', vscode.StatusBarAlignment.Right, 100);
  item.name = 'ML Papers';
  item.text = '$(book) ML Papers';
  item.command = statusClickCommand;
  let last: StatusNotification.Params | undefined;
  let progressTimer: NodeJS.Timeout | undefined;
  let endProgress: (() => void) | undefined;

  const refreshVisibility = (): void => {
    const id = vscode.window.activeTextEditor?.document.languageId;
    if (id !== undefined && languages.has(id)) item.show();
    else item.hide();
  };

  const stopProgress = (): void => {
    clearTimeout(progressTimer);
    progressTimer = undefined;
    endProgress?.();
    endProgress = undefined;
  };

  const click = vscode.commands.registerCommand(statusClickCommand, async () => {
    const failures = last?.failures ?? [];
    if (failures.length === 1) {
      try {
        await vscode.window.showTextDocument(vscode.Uri.parse(failures[0].uri));
        return;
      } catch {
        // The file may be gone or unreadable; the log says why.
      }
    }
    output.show(true);
  });

  refreshVisibility();
  const editorWatch = vscode.window.onDidChangeActiveTextEditor(refreshVisibility);

  return {
    get last() {
      return last;
    },
    update(status) {
      last = status;
      const view = statusView(status);
      item.text = view.text;
      item.tooltip = view.tooltip;
      item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      if (status.indexing && !progressTimer && !endProgress) {
        progressTimer = setTimeout(() => {
          progressTimer = undefined;
          void vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: 'ML Papers: indexing bibliographies…' },
            () => new Promise<void>((resolve) => (endProgress = resolve)),
          );
        }, progressDelayMs);
      } else if (!status.indexing) {
        stopProgress();
      }
      refreshVisibility();
    },
    dispose() {
      stopProgress();
      click.dispose();
      editorWatch.dispose();
      item.dispose();
    },
  };
}

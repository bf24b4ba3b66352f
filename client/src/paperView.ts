/**
 * "Show paper details": a read-only virtual Markdown document per paper, shown in the Markdown
 * preview. A virtual document (not a webview) keeps the page searchable, copyable and themed,
 * and needs no HTML of our own.
 */
import * as vscode from 'vscode';
import type { PaperDetailsRequest } from '../../server/src/protocol';
import { detailsMarkdown } from './present';

export const detailsScheme = 'ml-papers';

/** The virtual document URI for a paper: `ml-papers:/details/he2016deep.md`. */
export function detailsUri(key: string): vscode.Uri {
  return vscode.Uri.from({ scheme: detailsScheme, path: `/details/${encodeURIComponent(key)}.md` });
}

function keyOf(uri: vscode.Uri, prefix: string, suffix: string): string {
  return decodeURIComponent(uri.path.slice(prefix.length, uri.path.length - suffix.length));
}

/**
 * Serves the `ml-papers:` documents: `/details/<key>.md` (the details page) and `/<key>.bib`
 * (the BibTeX of a bundled paper, where the server's Go to Definition points for keys that live
 * in no file; answered by the server's `mlPapers/virtualBib` request).
 */
export function registerPaperView(
  fetch: (key: string) => Promise<PaperDetailsRequest.Response>,
  fetchBib: (uri: string) => Promise<string | null>,
): vscode.Disposable {
  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      if (uri.path.startsWith('/details/') && uri.path.endsWith('.md')) {
        const key = keyOf(uri, '/details/', '.md');
        const details = await fetch(key);
        return details ? detailsMarkdown(details) : `# ${key}\n\nML Papers knows no paper with this key.\n`;
      }
      if (uri.path.endsWith('.bib')) {
        const bib = await fetchBib(uri.toString());
        return bib ?? `% ML Papers knows no paper with the key ${keyOf(uri, '/', '.bib')}.\n`;
      }
      return undefined;
    },
  };
  return vscode.workspace.registerTextDocumentContentProvider(detailsScheme, provider);
}

/** Opens the details of `key` in the Markdown preview (falls back to the text when no preview). */
export async function showPaperDetails(key: string): Promise<void> {
  const uri = detailsUri(key);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true });
  }
}

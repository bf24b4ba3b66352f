/**
 * The VS Code half of online look-up (issue 20): the command the server's hover links and quick fixes
 * name (`mlPapers.lookUpOnline`), the palette commands over the cache of fetched papers, and the one
 * prompt that asks before anything goes online. The server does every request and keeps the cache.
 */
import * as vscode from 'vscode';
import {
  ClientCommands,
  OnlineCacheRequest,
  OnlineLookUpRequest,
  ServerCommands,
  type LookUpOnlineArgs,
  type OnlinePaper,
  type OnlineRefusal,
} from '../../server/src/protocol';
import { guarded, type ServerAccess } from './serverAccess';
import { CONSENT_BUTTONS, nextStep, type ConsentAnswer } from './onlineConsent';
import { showPaperDetails } from './paperView';
import { fileName } from './present';

export const OnlineCommands = {
  lookUp: ClientCommands.lookUpOnline,
  forget: 'mlPapers.forgetFetchedPapers',
  refresh: 'mlPapers.refreshFetchedPapers',
} as const;

/** globalState key: the user answered "Never"; the prompt is not shown again (the setting still works). */
const SAID_NEVER = 'mlPapers.online.saidNever';

type Answer = { ok: true } | OnlineRefusal;

/**
 * Sends a request that may go online; when the setting is off, asks once and sends it again as
 * the user allows. Resolves with the successful answer, or undefined after telling the user why not.
 */
export async function withConsent<R extends Answer>(
  state: vscode.Memento,
  what: string,
  send: (once: boolean) => Thenable<R>,
): Promise<Extract<R, { ok: true }> | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('ML Papers: online look-up is not available in an untrusted workspace.');
    return undefined;
  }
  let answer = await send(false);
  let step = nextStep(answer, state.get(SAID_NEVER) === true, what);
  if (step.kind === 'ask') {
    const choice = (await vscode.window.showInformationMessage(step.message, ...CONSENT_BUTTONS)) as ConsentAnswer | undefined;
    if (choice === undefined) return undefined;
    if (choice === 'Never') { await state.update(SAID_NEVER, true); return undefined; }
    if (choice === 'Enable') {
      await state.update(SAID_NEVER, undefined);
      await vscode.workspace.getConfiguration('mlPapers').update('online.enabled', true, vscode.ConfigurationTarget.Global);
    }
    // `once` also covers "Enable": the server may not have received the new setting yet.
    answer = await send(true);
    step = nextStep(answer, false, what);
  }
  if (step.kind === 'inform') {
    const show = step.level === 'error' ? vscode.window.showErrorMessage : step.level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(step.message);
  }
  return answer.ok ? (answer as Extract<R, { ok: true }>) : undefined;
}

/** Looks a reference up (asking first if need be) with a progress notification. */
export async function lookUp(server: ServerAccess, state: vscode.Memento, ref: string): Promise<OnlinePaper | undefined> {
  return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `ML Papers: looking up ${ref}…` }, async () => {
    const found = await withConsent(state, `look up ${ref}`, (once) =>
      server.request<OnlineLookUpRequest.Result>(OnlineLookUpRequest.method, { ref, once } satisfies OnlineLookUpRequest.Params));
    return found?.paper;
  });
}

/**
 * `mlPapers.lookUpOnline`: from a hover link (args: ref and the document), a quick fix (plus the
 * unknown key's range, which the fetched key replaces), or the palette (asks for the reference).
 */
async function lookUpCommand(server: ServerAccess, state: vscode.Memento, arg: unknown): Promise<OnlinePaper | undefined> {
  const args = parseArgs(arg) ?? { ref: (await vscode.window.showInputBox({ title: 'ML Papers: Look Up Paper Online', prompt: 'An arXiv id or link, a DOI, or a title', ignoreFocusOut: true })) ?? '' };
  if (!args.ref.trim()) return undefined;
  const paper = await lookUp(server, state, args.ref.trim());
  if (!paper) return undefined;
  if (args.uri && args.range) {
    const r = await server.executeCommand<{ key: string; added: string[]; file: string | null }>(ServerCommands.citeFetched, [args.uri, paper.key, args.range]);
    void vscode.window.showInformationMessage(`ML Papers: cited ${paper.key} (${paper.title})${r?.file && r.added.length ? ` and added it to ${fileName(r.file)}` : ''}.`);
  } else if (args.uri) {
    await addToBibliography(server, args.uri, paper);
    // The server knows the paper now: the hover at the cursor shows its card.
    if (vscode.window.activeTextEditor?.document.uri.toString() === args.uri) await vscode.commands.executeCommand('editor.action.showHover');
  } else {
    await showPaperDetails(paper.key);
  }
  return paper;
}

async function addToBibliography(server: ServerAccess, uri: string, paper: OnlinePaper): Promise<void> {
  const r = await server.executeCommand<{ added: string[]; file: string | null; sameAs?: Array<{ cited: string; existing: string }> }>(ServerCommands.addMissingEntries, [uri, [paper.key]]);
  const where = r?.file ? fileName(r.file) : undefined;
  const message = r?.added.length && where ? `ML Papers: found "${paper.title}" (${paper.key}) and added it to ${where}.`
    : r?.sameAs?.length ? `ML Papers: found "${paper.title}"; ${where ?? 'the bibliography'} already has it as ${r.sameAs[0].existing}.`
    : `ML Papers: found "${paper.title}" (${paper.key}).`;
  void vscode.window.showInformationMessage(message);
}

function parseArgs(arg: unknown): LookUpOnlineArgs | undefined {
  if (typeof arg === 'string') return { ref: arg };
  if (arg && typeof arg === 'object' && typeof (arg as LookUpOnlineArgs).ref === 'string') return arg as LookUpOnlineArgs;
  return undefined;
}

/** Picks fetched papers from the cache (all preselected for refresh, none for forget). */
async function pickCached(server: ServerAccess, title: string, preselect: boolean): Promise<string[] | undefined> {
  const list = await server.request<OnlineCacheRequest.Result>(OnlineCacheRequest.method, { action: 'list' } satisfies OnlineCacheRequest.Params);
  if (!list.ok || list.papers.length === 0) {
    void vscode.window.showInformationMessage(list.ok ? 'ML Papers: no papers have been fetched online yet.' : `ML Papers: ${list.message}`);
    return undefined;
  }
  const items = list.papers.map((p) => ({ label: p.key, description: [p.year, p.service, p.fetched?.slice(0, 10)].filter(Boolean).join(' · '), detail: p.title, picked: preselect }));
  const chosen = await vscode.window.showQuickPick(items, { title, canPickMany: true, matchOnDetail: true });
  return chosen?.length ? chosen.map((c) => c.label) : undefined;
}

export function registerOnlineCommands(server: ServerAccess, state: vscode.Memento): vscode.Disposable[] {
  const run = (id: string, name: string, body: (...args: unknown[]) => Promise<unknown>) => vscode.commands.registerCommand(id, guarded(server, name, body));
  return [
    run(OnlineCommands.lookUp, 'Look up online', (arg) => lookUpCommand(server, state, arg)),
    run(OnlineCommands.forget, 'Forget fetched papers', async () => {
      const keys = await pickCached(server, 'ML Papers: Forget fetched papers', false);
      if (!keys) return undefined;
      const r = await server.request<OnlineCacheRequest.Result>(OnlineCacheRequest.method, { action: 'forget', keys } satisfies OnlineCacheRequest.Params);
      if (r.ok) void vscode.window.showInformationMessage(`ML Papers: forgot ${r.forgotten?.length ?? 0} fetched paper(s).`);
      return r;
    }),
    run(OnlineCommands.refresh, 'Refresh fetched papers', async () => {
      const keys = await pickCached(server, 'ML Papers: Refresh fetched papers from their services', true);
      if (!keys) return undefined;
      const r = await withConsent(state, `refresh ${keys.length} fetched paper(s)`, (once) =>
        server.request<OnlineCacheRequest.Result>(OnlineCacheRequest.method, { action: 'refresh', keys, once } satisfies OnlineCacheRequest.Params));
      if (r) void vscode.window.showInformationMessage(`ML Papers: refreshed ${r.refreshed?.length ?? 0} paper(s)${r.failed?.length ? `; ${r.failed.length} failed: ${r.failed.map((f) => `${f.key} (${f.message})`).join(', ')}` : ''}.`);
      return r;
    }),
  ];
}

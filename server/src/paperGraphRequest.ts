/**
 * `mlPapers/paperGraph` (protocol.ts): the related-papers graph of one document or of the whole
 * workspace, computed by the core (core/paperGraph.ts) and, when asked, drawn by its writers.
 */
import * as path from 'node:path';
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type { Doc } from './core/features/context';
import { paperGraph } from './core/paperGraph';
import { graphToDot, graphToMermaid, graphToSvg } from './core/paperGraphWriters';
import { languageOfPath } from './languages';
import { PaperGraphRequest } from './protocol';
import type { Session } from './session';
import { readTextFile, uriToPath } from './workspace';
import { workspaceCitedKeys } from './workspaceDocuments';

const RENDERERS = { svg: graphToSvg, dot: graphToDot, mermaid: graphToMermaid } as const;

export function registerPaperGraphRequest(session: Session): void {
  session.connection.onRequest(PaperGraphRequest.method, async (params: PaperGraphRequest.Params) => {
    const problem = paramsProblem(params);
    if (problem) return new ResponseError(ErrorCodes.InvalidParams, problem);
    const uri = String(params.uri ?? '');
    const answer = await session.guardAsync('paperGraph', uri, () => graphAnswer(session, params));
    return answer instanceof ResponseError ? answer : answer ?? new ResponseError(ErrorCodes.InternalError, 'The graph could not be made; the ML Papers log says why.');
  });
}

/** What is wrong with the parameters, in words, or undefined when they are usable. */
function paramsProblem(params: Partial<PaperGraphRequest.Params> | undefined): string | undefined {
  if (params?.scope !== 'document' && params?.scope !== 'workspace') return `scope must be "document" or "workspace", not ${JSON.stringify(params?.scope)}.`;
  if (params.scope === 'document' && (typeof params.uri !== 'string' || params.uri === '')) return 'A document graph needs the uri of the document.';
  if (params.render !== undefined && !(params.render in RENDERERS)) return `render must be "svg", "dot" or "mermaid", not ${JSON.stringify(params.render)}.`;
  return undefined;
}

async function graphAnswer(session: Session, params: PaperGraphRequest.Params): Promise<PaperGraphRequest.Result | ResponseError<void>> {
  let keys: string[];
  let preferUris: string[] | undefined;
  let title: string;
  if (params.scope === 'workspace') {
    keys = await workspaceCitedKeys(session);
    title = 'workspace';
  } else {
    const fdoc = await documentOf(session, params.uri!);
    if (typeof fdoc === 'string') return new ResponseError(ErrorCodes.InvalidParams, fdoc);
    keys = session.citedKeys(fdoc);
    preferUris = session.ctxFor(fdoc).docBibUris;
    title = path.basename(uriToPath(fdoc.uri) ?? fdoc.uri);
  }
  const graph = paperGraph(keys, session.index, { preferUris });
  const rendered = params.render ? RENDERERS[params.render](graph, { title: `Related papers of ${title}` }) : undefined;
  return { graph, title, ...(rendered !== undefined ? { rendered } : {}) };
}

/** The open document `uri`, else its file read from disk; a sentence saying why not otherwise. */
async function documentOf(session: Session, uri: string): Promise<Doc | string> {
  const open = session.documents.get(uri);
  const fdoc = open && session.featureDoc(open);
  if (fdoc) return fdoc.language === 'bibtex' ? 'A graph is drawn for a Markdown or LaTeX document, not a bibliography.' : fdoc;
  const file = uriToPath(uri);
  const language = file ? languageOfPath(file) : undefined;
  if (!file || !language || language === 'bibtex') return `${uri} is not a Markdown or LaTeX file.`;
  const read = await readTextFile(file, session.config.maxBibFileBytes);
  return read.ok ? { uri, language, text: read.text } : read.message;
}

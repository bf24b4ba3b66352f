/**
 * `mlPapers/citedPapers` (protocol.ts): the papers the Papers view shows, for one open document or
 * for every note of the workspace. The core computes them (core/citedPapers.ts); this file picks
 * the documents, gives each its own bibliographies, and turns offsets into ranges.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { citedPapersIn, groupPapers, type Grouping } from './core/citedPapers';
import type { Doc } from './core/features/context';
import { toCitedPaper, toPaperGroup, type Positions } from './convert';
import { CitedPapersRequest } from './protocol';
import type { Session } from './session';
import { workspaceDocs } from './workspaceDocuments';

const GROUPINGS: readonly Grouping[] = ['topic', 'year', 'file'];
const EMPTY: CitedPapersRequest.Result = { papers: [], documents: 0 };

export function registerCitedPapersRequest(session: Session): void {
  session.connection.onRequest(CitedPapersRequest.method, async (params: CitedPapersRequest.Params): Promise<CitedPapersRequest.Result> => {
    const uri = typeof params?.uri === 'string' ? params.uri : '';
    const groupBy = GROUPINGS.find((g) => g === params?.groupBy);
    if (params?.scope === 'workspace') {
      // Read (asynchronously, so other requests go on meanwhile) before the guard: the guard times (and protects) the synchronous work.
      const docs = await session.guardAsync('citedPapers', '', () => workspaceDocs(session));
      return session.guard('citedPapers', '', EMPTY, () => answer(session, (docs ?? []).filter((d) => d.language !== 'bibtex'), groupBy));
    }
    // The view asks after typing pauses; a completion or hover already queued behind it goes first (the
    // connection hands on one queued message per setImmediate: a timer runs after those).
    await new Promise((resolve) => setTimeout(resolve, 0));
    const open = session.documents.get(uri);
    const fdoc = open && session.featureDoc(open);
    if (!fdoc || fdoc.language === 'bibtex') return EMPTY;
    return session.guard('citedPapers', uri, EMPTY, () => answer(session, [fdoc], groupBy));
  });
}

function answer(session: Session, docs: readonly Doc[], groupBy: Grouping | undefined): CitedPapersRequest.Result {
  const papers = citedPapersIn(docs.map((doc) => ({ ctx: session.ctxFor(doc), doc })));
  // One line index per document, built only for documents that cite something.
  const positions = new Map<string, Positions>();
  const positionsOf = (uri: string): Positions | undefined => {
    let p = positions.get(uri);
    if (!p) {
      const doc = session.documents.get(uri) ?? docs.find((d) => d.uri === uri);
      if (!doc) return undefined;
      p = 'positionAt' in doc ? doc : TextDocument.create(uri, doc.language, 0, doc.text);
      positions.set(uri, p);
    }
    return p;
  };
  return {
    papers: papers.map((p) => toCitedPaper(p, positionsOf)),
    ...(groupBy ? { groups: groupPapers(papers, groupBy).map(toPaperGroup) } : {}),
    documents: docs.length,
  };
}

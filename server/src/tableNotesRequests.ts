/**
 * The literature table and paper note requests (protocol.ts): find the document or the paper, call
 * the core (core/literatureTable.ts, core/paperNotes.ts), answer plain text. The client inserts or
 * creates it as an undoable edit.
 */
import { LATEX_TABLE_PACKAGES, TABLE_FORMATS, TABLE_SORTS, literatureRows, writeTable, type TableFormat, type TableSort } from './core/literatureTable';
import { noteFileName, noteText } from './core/paperNotes';
import { LiteratureTableRequest, PaperNoteRequest } from './protocol';
import type { Session } from './session';

export function registerTableNotesRequests(session: Session): void {
  const { connection } = session;
  connection.onRequest(LiteratureTableRequest.method, (params: LiteratureTableRequest.Params): LiteratureTableRequest.Response =>
    session.withDoc('literatureTable', String(params?.uri ?? ''), null, (_doc, fdoc) => {
      if (fdoc.language === 'bibtex') return null;
      const sort: TableSort = TABLE_SORTS.includes(params.sort as TableSort) ? (params.sort as TableSort) : 'year';
      const format: TableFormat = TABLE_FORMATS.includes(params.format as TableFormat) ? (params.format as TableFormat) : fdoc.language;
      const ctx = session.ctxFor(fdoc);
      const table = literatureRows(session.citedKeys(fdoc), (key) => ctx.index.resolve(key, ctx.docBibUris), sort);
      return {
        text: writeTable(table.rows, format, sort),
        format,
        rows: table.rows.length,
        unknown: table.unknown,
        packages: format === 'latex' ? [...LATEX_TABLE_PACKAGES] : [],
      };
    }));

  connection.onRequest(PaperNoteRequest.method, (params: PaperNoteRequest.Params): PaperNoteRequest.Response =>
    session.guard('paperNote', '', null, () => {
      const entry = session.index.lookUp(String(params?.key ?? ''));
      if (!entry) return null;
      const related = (entry.paper?.custom.related ?? []).map((r) => ({ ...r, title: session.index.db.byKey(r.key)?.title }));
      return { key: entry.key, fileName: noteFileName(entry.key), text: noteText(entry.key, entry, related) };
    }));
}

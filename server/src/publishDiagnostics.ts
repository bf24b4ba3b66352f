/**
 * Diagnostics publishing: a document's diagnostics are computed shortly after typing pauses, and
 * every open document is checked again when a bibliography changes (its keys may now resolve).
 */
import type { Problem } from './core/model';
import { diagnostics, duplicateKeyProblems } from './core/features/diagnostics';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { startOf, toDiagnostic } from './convert';
import type { Session } from './session';

/** At most this many diagnostics per file: a broken 100k-entry file must not flood the editor. */
const MAX_PER_FILE = 1000;

export class DiagnosticsPublisher {
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(private readonly session: Session) {}

  /** Checks the open document `uri` after `delay` ms, unless it changes again first. */
  schedule(uri: string, delay = 120): void {
    clearTimeout(this.pending.get(uri));
    this.pending.set(uri, setTimeout(() => { this.pending.delete(uri); this.validate(uri); }, delay));
  }

  revalidateAll(): void {
    for (const d of this.session.documents.all()) this.schedule(d.uri, 30);
  }

  /** Forgets a document that closed: a pending check is dropped, and its diagnostics with `clear`. */
  cancel(uri: string): void {
    clearTimeout(this.pending.get(uri));
    this.pending.delete(uri);
  }

  clear(uri: string): void {
    void this.session.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
  }

  private validate(uri: string): void {
    const s = this.session;
    const doc = s.documents.get(uri);
    const fdoc = doc && s.featureDoc(doc);
    if (!doc || !fdoc) return;
    const problems = s.guard('diagnostics', uri, [], () => (s.config.diagnostics.enabled || fdoc.language === 'bibtex' ? diagnostics(s.ctxFor(fdoc), fdoc) : []));
    void s.connection.sendDiagnostics({ uri, version: doc.version, diagnostics: problems.slice(0, MAX_PER_FILE).map((p) => toDiagnostic(doc, p)) });
  }

  /** Publishes a bibliography's reader problems and its keys that other bibliographies define too (from the index: no second parse). */
  publishFileProblems(uri: string, problems: readonly Problem[]): void {
    const s = this.session;
    const positions = s.index.filePositions(uri);
    if (!positions) return;
    const duplicates = /\.bib$/i.test(uri)
      ? s.guard('diagnostics', uri, [], () => {
        const limit = Math.max(0, MAX_PER_FILE - problems.length);
        return duplicateKeyProblems(s.ctxFor(), uri, s.index.keysDefinedElsewhere(uri, limit), undefined, limit);
      })
      : [];
    void s.connection.sendDiagnostics({ uri, diagnostics: [...problems.slice(0, MAX_PER_FILE), ...duplicates].map((p) => toDiagnostic(positions, p)) });
  }

  /** A file that could not be read at all: one warning at its start. */
  publishUnreadable(uri: string, message: string): void {
    void this.session.connection.sendDiagnostics({ uri, diagnostics: [{ range: startOf(uri).range, message, severity: DiagnosticSeverity.Warning, source: 'ml-papers' }] });
  }
}

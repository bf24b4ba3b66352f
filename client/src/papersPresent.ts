/**
 * How the Papers view shows the server's `mlPapers/citedPapers` answer: each paper's row text,
 * status icon and menu flags, each citation's row. Plain functions over the protocol types (no
 * vscode import) so they run under node:test; papersView.ts turns them into TreeItems.
 */
import type { CitedPapersRequest } from '../../server/src/protocol';
import { fileName } from './present';

export type Grouping = 'topic' | 'year' | 'file' | 'none';
export const GROUPINGS: readonly Grouping[] = ['topic', 'year', 'file', 'none'];

/** A codicon and the theme colour it is drawn in (ids of VS Code's icon and colour registries). */
export interface StatusIcon {
  icon: string;
  color: string;
  /** What the icon means, for the tooltip and screen readers. */
  label: string;
}

export function statusIcon(p: Pick<CitedPapersRequest.Paper, 'status' | 'existing'>): StatusIcon {
  switch (p.status) {
    case 'in-bibliography': return { icon: 'pass', color: 'testing.iconPassed', label: 'In the bibliography' };
    case 'missing': return { icon: 'warning', color: 'list.warningForeground', label: 'Missing from the bibliography' };
    case 'unknown': return { icon: 'error', color: 'list.errorForeground', label: 'Unknown key' };
    case 'same-paper': return { icon: 'references', color: 'editorInfo.foreground', label: `Same paper as ${p.existing ?? 'another key'} in the bibliography` };
    case 'no-bibliography': return { icon: 'circle-large-outline', color: 'descriptionForeground', label: 'No bibliography declared' };
  }
}

/** The row: the title (the key when unknown) and "year · venue · key" (the year once when the venue names it). */
export function paperLabel(p: CitedPapersRequest.Paper, hasNote = false): { label: string; description: string } {
  if (p.title === undefined) return { label: p.key, description: 'unknown key' };
  const year = p.year !== undefined && !(p.venue ?? '').includes(String(p.year)) ? String(p.year) : '';
  const parts = [year, p.venue ?? '', p.status === 'same-paper' && p.existing ? `same paper as ${p.existing}` : p.key, hasNote ? 'has a note' : ''].filter((s) => s !== '');
  return { label: p.title, description: parts.join(' · ') };
}

/**
 * Flags for the menus' `viewItem` when-clauses: `paper` always, then `missing` (add to the
 * bibliography), `url` (open paper), `code` (open code), `known` (details), and for a known paper
 * `hasNote` (open its note) or `noNote` (new note), as they apply.
 */
export function paperContext(p: CitedPapersRequest.Paper, hasNote = false): string {
  const known = p.title !== undefined;
  return ['paper', p.status === 'missing' ? 'missing' : '', p.paperUrl ? 'url' : '', p.hasCode ? 'code' : '', known ? 'known' : '', known ? (hasNote ? 'hasNote' : 'noNote') : '']
    .filter((s) => s !== '').join(' ');
}

/** A Markdown header for the tooltip, above the server's card: the status and where the paper is. */
export function tooltipHeader(p: CitedPapersRequest.Paper): string {
  const where = p.file ? ` · ${fileName(p.file)}` : p.source === 'database' || p.source === 'catalog' ? ' · ML Papers database' : '';
  const n = p.citations.length;
  return `$(${statusIcon(p).icon}) **${statusIcon(p).label}**${where} · cited ${n} time${n === 1 ? '' : 's'} · \`${p.key}\``;
}

/** A citation's row: "line 4" in the current document, "review.md:4" in the workspace, and the line's text when known. */
export function citationLabel(c: CitedPapersRequest.Citation, withFile: boolean, lineText?: string): { label: string; description: string } {
  const line = c.range.start.line + 1;
  return { label: withFile ? `${fileName(c.uri)}:${line}` : `line ${line}`, description: (lineText ?? '').trim().slice(0, 120) };
}

/** Papers in the server's groups (keys to papers); one group of them all when ungrouped. */
export function groupedPapers(result: CitedPapersRequest.Result): Array<{ id: string; label: string; papers: CitedPapersRequest.Paper[] }> {
  const byKey = new Map(result.papers.map((p) => [p.key, p]));
  return (result.groups ?? []).map((g) => ({ id: g.id, label: g.label, papers: g.keys.flatMap((k) => byKey.get(k) ?? []) }));
}

/** "3 papers", "1 paper". */
export function paperCount(n: number): string {
  return `${n} paper${n === 1 ? '' : 's'}`;
}

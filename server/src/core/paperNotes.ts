/**
 * Paper notes: the Markdown file a reader keeps about one paper, `<notes folder>/<key>.md`. Its
 * name (which the Papers view also uses to mark papers that have a note) and the text a new note
 * starts with: YAML front matter with the paper's facts, the summary, and empty headings for the
 * reader's own notes. Pure: the editor command creates the file, the core only writes the text.
 */
import { markdownCell, markdownCitation } from './literatureTable';
import type { IndexedEntry } from './model';
import { paperUrl } from './features/documentLinks';
import { viewOf } from './render';

// The name rule lives in a module of its own: the VS Code client takes it through protocol.ts,
// without the template's imports.
export { noteFileName } from './noteFileName';

/** The headings under which the reader writes, in order. */
export const NOTE_HEADINGS = ['Key ideas', 'Method', 'Results', 'Limitations', 'My thoughts', 'Related'] as const;

/**
 * A YAML scalar for any string: a JSON string is a valid YAML 1.2 double-quoted scalar (and YAML
 * 1.1's, which pandoc and Obsidian read), so quotes, colons, `#`, backslashes and leading symbols
 * need no case of their own. Line separators are escaped too: YAML folds them otherwise.
 */
export function yamlString(text: string): string {
  return JSON.stringify(text).replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One related paper of the database, with the title to show (the caller looks it up). */
export interface NoteRelation {
  key: string;
  relation: string;
  title?: string;
}

/**
 * The text of a new note on `entry`, cited as `key`: front matter (title, authors, year, venue, key,
 * paper link, code link — only the fields known), a heading, the citation and the summary, then the
 * reader's headings; under "Related", the database's relations to other papers as citations.
 */
export function noteText(key: string, entry: IndexedEntry, related: readonly NoteRelation[] = []): string {
  const v = viewOf(entry);
  const url = paperUrl(entry);
  const code = v.code[0]?.url;
  const title = v.title || key;
  const front = [
    '---',
    `title: ${yamlString(title)}`,
    ...(v.authors.length ? ['authors:', ...v.authors.map((a) => `  - ${yamlString(a.given ? `${a.given} ${a.family}` : a.family)}`)] : []),
    ...(v.year !== undefined ? [`year: ${v.year}`] : []),
    ...(v.venue ? [`venue: ${yamlString(v.venue)}`] : []),
    `key: ${yamlString(key)}`,
    ...(url ? [`paper: ${yamlString(url)}`] : []),
    ...(code ? [`code: ${yamlString(code)}`] : []),
    ...(entry.paper?.custom.topics?.length ? [`topics: [${entry.paper.custom.topics.map(yamlString).join(', ')}]`] : []),
    '---',
  ];
  const body = [
    `# ${markdownCell(title)}`,
    '',
    `Notes on ${markdownCitation(key)}.`,
    // The database's summary, quoted: it is not the reader's own text.
    ...(v.summary ? ['', `> ${markdownCell(v.summary)}`] : []),
  ];
  // An empty line under each heading: where the reader starts writing.
  const sections = NOTE_HEADINGS.flatMap((h) => {
    const lines = h === 'Related' ? related.map((r) => `- ${markdownCell(r.relation)}: ${r.title ? `${markdownCell(r.title)} ` : ''}${markdownCitation(r.key)}`) : [];
    return ['', `## ${h}`, '', ...lines];
  });
  return [...front, '', ...body, ...sections].join('\n').replace(/\n+$/, '') + '\n';
}

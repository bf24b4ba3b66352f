// Real consumers of the literature table and the paper note: pandoc reads the Markdown table as a
// table (a Cite per row) and the note's front matter as metadata; pdfLaTeX compiles the LaTeX table
// of every paper in the bundled database with only the packages the table names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CitationIndex } from '../../server/src/core/citationIndex';
import { LATEX_TABLE_PACKAGES, literatureRows, writeTable, type TableRow } from '../../server/src/core/literatureTable';
import { noteText } from '../../server/src/core/paperNotes';
import { loadPaperDb } from '../../server/src/core/paperDb';
import { inScratch, run } from './kit';

function databaseRows(): TableRow[] {
  const db = loadPaperDb(JSON.parse(readFileSync('server/data/papers.json', 'utf8'))).db;
  const index = new CitationIndex(db);
  const table = literatureRows(db.papers.map((p) => p.id), (k) => index.resolve(k), 'topic');
  assert.deepEqual(table.unknown, []);
  return table.rows;
}

const rows = databaseRows();
/** A hand-made row with every character the writers escape. */
const tricky: TableRow = {
  key: 'odd2020key', title: 'A | pipe *star* _under_ `tick` <b> @at $x$ ~ ^ [link](x) \\ back', authors: 'Doe', year: 2020, venue: 'Venue | V',
  topic: 'vision', summary: '100% & #1 {braces} PixArt-α, β ≥ ∞.', code: { url: 'https://github.com/owner/repo_name', official: false },
};

type Inline = { t: string; c?: unknown };
/** The plain text of pandoc inlines (Str, Space, Code, Cite's citation ids) as one string. */
function plain(inlines: Inline[]): string {
  return inlines.map((i) => {
    if (i.t === 'Str' || i.t === 'Code') return i.t === 'Str' ? (i.c as string) : (i.c as [unknown, string])[1];
    if (i.t === 'Space' || i.t === 'SoftBreak') return ' ';
    if (i.t === 'Cite') return (i.c as [Array<{ citationId: string }>, unknown])[0].map((c) => `@${c.citationId}`).join(';');
    if (i.t === 'Link') return plain((i.c as [unknown, Inline[]])[1]);
    if (i.t === 'Emph' || i.t === 'Strong') return plain(i.c as Inline[]);
    return '';
  }).join('');
}

test(`pandoc reads the Markdown table as one table with a row per paper (${rows.length + 1} papers)`, () => {
  const all = [tricky, ...rows];
  inScratch('table-md', (dir) => {
    writeFileSync(join(dir, 'review.md'), `# Review\n\nSome text before.\n\n${writeTable(all, 'markdown', 'topic')}\nSome text after.\n`);
    // To a file: the JSON of 2,000 rows is more than a pipe's buffer holds.
    const r = run('pandoc', ['-f', 'markdown', '-t', 'json', '-o', 'review.json', 'review.md'], dir);
    assert.equal(r.status, 0, r.stderr);
    const blocks = JSON.parse(readFileSync(join(dir, 'review.json'), 'utf8')).blocks as Array<{ t: string; c: any }>;
    const tables = blocks.filter((b) => b.t === 'Table');
    assert.equal(tables.length, 1, blocks.map((b) => b.t).join(' '));
    const [, , colspecs, head, bodies] = tables[0].c;
    assert.equal(colspecs.length, 7);
    const cellText = (cell: any) => cell[4].map((b: { c: Inline[] }) => plain(b.c)).join(' ');
    assert.deepEqual(head[1][0][1].map(cellText), ['Paper', 'Topic', 'Title', 'Year', 'Venue', 'Summary', 'Code']);
    const body = bodies[0][3] as Array<[unknown, unknown[]]>;
    assert.equal(body.length, all.length);
    // Every row's first cell is a citation of its key, and the escaped cells read back as written.
    assert.deepEqual(body.map((row) => cellText(row[1][0])), all.map((x) => `@${x.key}`));
    assert.deepEqual(body[0][1].slice(2, 6).map(cellText), [tricky.title, '2020', tricky.venue, tricky.summary]);
    assert.equal(cellText(body[0][1][6]), 'owner/repo_name (unofficial)');
  });
});

/** Writes main.tex with `body` and the packages the table names, and runs pdflatex on it. */
function compile(dir: string, body: string[], draft: boolean): string {
  writeFileSync(join(dir, 'main.tex'), ['\\documentclass{article}', `\\usepackage{${LATEX_TABLE_PACKAGES.join(',')}}`, '\\begin{document}', ...body, '\\end{document}'].join('\n'));
  const r = run('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', ...(draft ? ['-draftmode'] : []), 'main.tex'], dir);
  const log = readFileSync(join(dir, 'main.log'), 'utf8');
  assert.equal(r.status, 0, log.split('\n').filter((l) => l.startsWith('!')).join('\n') || r.stdout.slice(-3000));
  assert.doesNotMatch(log, /^! /m);
  assert.doesNotMatch(log, /Unicode character|Missing character/);
  return log;
}

test(`pdflatex compiles the LaTeX table of ${rows.length + 1} papers with only ${LATEX_TABLE_PACKAGES.join(', ')}`, () => {
  const all = [tricky, ...rows];
  // One draft run over every title and summary of the database: what pdfLaTeX cannot set fails it.
  inScratch('table-tex', (dir) => compile(dir, [writeTable(all, 'latex', 'year')], true));
  // The citations of a small table resolve on the second run, in both layouts.
  inScratch('table-tex-cite', (dir) => {
    const few = all.slice(0, 12);
    const body = [writeTable(few, 'latex', 'year'), writeTable(few, 'latex', 'topic'), `\\begin{thebibliography}{9}\n${few.map((r) => `\\bibitem{${r.key}} ${r.key}`).join('\n')}\n\\end{thebibliography}`];
    compile(dir, body, false);
    assert.doesNotMatch(compile(dir, body, false), /Citation .* undefined/);
  });
});

// pandoc reads each value as Markdown (a backslash escapes there); that YAML keeps any string as
// written is checked in test/core/paperNotes.test.ts.
test('pandoc reads a note\'s front matter as metadata with every field as written', () => {
  const db = loadPaperDb(JSON.parse(readFileSync('server/data/papers.json', 'utf8'))).db;
  const index = new CitationIndex(db);
  const entry = { ...index.resolve('he2016deep')!, title: 'Deep: "Residual" # Learning - for [Image] Recognition {x}' };
  inScratch('note-yaml', (dir) => {
    writeFileSync(join(dir, 'note.md'), noteText('he2016deep', entry));
    const r = run('pandoc', ['-f', 'markdown-smart', '-t', 'json', 'note.md'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    const meta = JSON.parse(r.stdout).meta as Record<string, { t: string; c: any }>;
    const text = (m: { t: string; c: any }) => (m.t === 'MetaInlines' ? plain(m.c) : m.t === 'MetaString' ? m.c : JSON.stringify(m));
    assert.deepEqual(Object.keys(meta).sort(), ['authors', 'code', 'key', 'paper', 'title', 'topics', 'venue', 'year']);
    assert.equal(text(meta.title), 'Deep: "Residual" # Learning - for [Image] Recognition {x}');
    assert.deepEqual(meta.authors.c.map(text), ['Kaiming He', 'Xiangyu Zhang', 'Shaoqing Ren', 'Jian Sun']);
    assert.equal(text(meta.year), '2016');
    assert.equal(text(meta.key), 'he2016deep');
    assert.equal(text(meta.paper), 'https://arxiv.org/abs/1512.03385');
    assert.match(text(meta.code), /^https:\/\/github\.com\//);
  });
});

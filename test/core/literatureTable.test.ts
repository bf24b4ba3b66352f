import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { csvField, firstSentence, latexText, literatureRows, markdownCell, markdownCitation, writeTable, type TableRow, type TableSort } from '../../server/src/core/literatureTable';
import { refsUri, sampleIndex } from './sampleIndex';

const index = sampleIndex({ withRefs: true });
const resolve = (key: string) => index.resolve(key, [refsUri]);
const cited = ['vaswani2017attention', 'he2016deep', 'kingma2015adam', 'he2016deep', 'nosuchpaper2099', 'smith2020local', 'devlin2019bert', 'silver2016mastering'];

/** Rows as "key year topic" lines. */
function rows(sort: TableSort): string[] {
  return literatureRows(cited, resolve, sort).rows.map((r) => `${r.key} ${r.year ?? '-'} ${r.topic ?? '-'}`);
}

test('one row per cited key, oldest first; ties by key; unknown keys listed apart', () => {
  assert.deepEqual(rows('year'), [
    'kingma2015adam 2015 optimisation',
    'he2016deep 2016 vision',
    'silver2016mastering 2016 rl',
    'vaswani2017attention 2017 nlp',
    'devlin2019bert 2019 nlp',
    'smith2020local 2020 -',
  ]);
  assert.deepEqual(literatureRows(cited, resolve, 'year').unknown, ['nosuchpaper2099']);
});

test('by topic: topics alphabetically, by year within one, papers without a topic last', () => {
  assert.deepEqual(rows('topic'), [
    'vaswani2017attention 2017 nlp',
    'devlin2019bert 2019 nlp',
    'kingma2015adam 2015 optimisation',
    'silver2016mastering 2016 rl',
    'he2016deep 2016 vision',
    'smith2020local 2020 -',
  ]);
});

test('a row: title, venue, the first sentence of the summary, and the official code first', () => {
  const byKey = new Map(literatureRows(cited, resolve, 'year').rows.map((r) => [r.key, r]));
  const resnet = byKey.get('he2016deep')!;
  assert.equal(resnet.title, 'Deep Residual Learning for Image Recognition');
  assert.equal(resnet.venue, 'CVPR 2016');
  assert.equal(resnet.authors, 'He, Zhang, Ren, Sun');
  assert.deepEqual(resnet.code, { url: 'https://github.com/KaimingHe/deep-residual-networks', official: true });
  // BERT lists an official and a community repository: the official one is the row's.
  assert.equal(byKey.get('devlin2019bert')!.code?.url, 'https://github.com/google-research/bert');
  assert.equal(byKey.get('kingma2015adam')!.code, undefined);
  // A user's entry the database does not hold: its own fields, no summary.
  const local = byKey.get('smith2020local')!;
  assert.deepEqual([local.title, local.venue, local.summary], ['A Local Paper Nobody Else Has', 'Journal of Tests', '']);
  assert.equal(byKey.get('silver2016mastering')!.summary, 'Combined policy and value networks with Monte Carlo tree search to beat a human Go champion.');
});

test('the bundled database: every summary\'s first sentence is a whole sentence that begins it', () => {
  const papers = JSON.parse(readFileSync('server/data/papers.json', 'utf8')) as Array<{ id: string; custom: { summary: string } }>;
  let shorter = 0;
  for (const p of papers) {
    const first = firstSentence(p.custom.summary);
    assert.ok(p.custom.summary.startsWith(first) && /[.!?]$/.test(first) && first.length >= 40, `${p.id}: ${first}`);
    if (first !== p.custom.summary) shorter++;
  }
  // Most summaries have two or three sentences (1,640 of 2,254 when this was written).
  assert.ok(shorter > papers.length / 2, `${shorter} of ${papers.length}`);
  const resnet = papers.find((p) => p.id === 'he2016deep')!.custom.summary;
  assert.equal(firstSentence(resnet), 'Introduced residual blocks, in which each stack of layers learns a correction that is added to its own input through an identity shortcut.');
});

test('the first sentence ends at a full stop before a capital, not after an abbreviation or inside parentheses', () => {
  assert.equal(firstSentence('One. Two.'), 'One.');
  assert.equal(firstSentence('Adds a module (e.g. DreamBooth models). Then more.'), 'Adds a module (e.g. DreamBooth models).');
  assert.equal(firstSentence('Beats prior work, e.g. ResNet and VGG. Then more.'), 'Beats prior work, e.g. ResNet and VGG.');
  assert.equal(firstSentence('Follows Smith et al. The rest.'), 'Follows Smith et al. The rest.');
  assert.equal(firstSentence('Reaches 3.5 BLEU more. Then more.'), 'Reaches 3.5 BLEU more.');
  assert.equal(firstSentence('Works (see A. Then B) well. End.'), 'Works (see A. Then B) well.');
  assert.equal(firstSentence('No end'), 'No end');
  assert.equal(firstSentence(''), '');
});

const tricky: TableRow = {
  key: 'odd2020key',
  title: 'A | pipe, "quotes", 100% & $x_1$ #1 ~ ^ {braces} \\ back @mention *star* PixArt-α ∞',
  authors: 'Doe, Roe',
  year: 2020,
  venue: 'Venue, with comma',
  topic: 'vision',
  summary: 'Line one\nand "two", done.',
  code: { url: 'https://github.com/owner/repo_name', official: false },
};

test('Markdown cells escape pipes and inline syntax; citations in pandoc syntax', () => {
  assert.equal(markdownCell('a | b *c* @d'), 'a \\| b \\*c\\* \\@d');
  assert.equal(markdownCell('two\nlines'), 'two lines');
  assert.equal(markdownCitation('he2016deep'), '[@he2016deep]');
  assert.equal(markdownCitation('He.Zhang.Ren.ea.2016'), '[@He.Zhang.Ren.ea.2016]');
  assert.equal(markdownCitation('trailing.'), '[@{trailing.}]');
  const md = writeTable([tricky], 'markdown', 'year').split('\n');
  assert.equal(md[0], '| Paper | Title | Year | Venue | Summary | Code |');
  // Every row has the heading's number of unescaped pipes.
  const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length;
  assert.equal(cells(md[2]), cells(md[0]));
  assert.match(md[2], /^\| \[@odd2020key\] \| A \\\| pipe/);
  assert.match(md[2], /\[owner\/repo\\_name\]\(https:\/\/github\.com\/owner\/repo_name\) \(unofficial\) \|$/);
  assert.equal(writeTable([tricky], 'markdown', 'topic').split('\n')[0], '| Paper | Topic | Title | Year | Venue | Summary | Code |');
});

test('LaTeX cells escape TeX specials and set Greek letters as math', () => {
  assert.equal(latexText('100% & $x_1$ #1 ~ ^ {b} \\'), '100\\% \\& \\$x\\_1\\$ \\#1 \\textasciitilde{} \\textasciicircum{} \\{b\\} \\textbackslash{}');
  assert.equal(latexText('PixArt-α at ∞'), 'PixArt-\\ensuremath{\\alpha} at \\ensuremath{\\infty}');
  const tex = writeTable([tricky], 'latex', 'year');
  assert.match(tex, /needs \\usepackage\{longtable,array,url\}/);
  assert.match(tex, /\n\\cite\{odd2020key\} & A \\textbar\{\} pipe, "quotes", 100\\% \\& /);
  assert.equal(latexText('a <b>\n\nc'), 'a \\textless{}b\\textgreater{} c');
  assert.match(tex, /\\url\{https:\/\/github\.com\/owner\/repo_name\} \(unofficial\) \\\\\n\\end\{longtable\}\n\\endgroup\n$/);
  assert.match(tex, /^% Literature table[^\n]*\n\\begingroup\n\\setlength\{\\tabcolsep\}\{3pt\}\n\\begin\{longtable\}/);
});

/** A strict RFC 4180 reader (quoted fields, doubled quotes, CRLF records) for the round trip. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"' && field === '') {
      const end = /^"((?:[^"]|"")*)"/.exec(text.slice(i));
      assert.ok(end, `unterminated quoted field at ${i}`);
      field = end[1].replace(/""/g, '"');
      i += end[0].length;
      assert.ok(text[i] === ',' || text.startsWith('\r\n', i), `a quoted field ends at a comma or CRLF (${i})`);
      continue;
    }
    if (text[i] === ',') { record.push(field); field = ''; i++; continue; }
    if (text.startsWith('\r\n', i)) { record.push(field); records.push(record); record = []; field = ''; i += 2; continue; }
    assert.ok(text[i] !== '"' && text[i] !== '\n' && text[i] !== '\r', `a bare quote or line break outside quotes at ${i}`);
    field += text[i++];
  }
  assert.equal(field + record.join(''), '', 'the last record ends with CRLF');
  return records;
}

test('CSV follows RFC 4180 and reads back to the rows', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  const table = literatureRows(cited, resolve, 'year').rows;
  const all = [...table, tricky];
  const back = parseCsv(writeTable(all, 'csv', 'year'));
  assert.deepEqual(back[0], ['key', 'title', 'authors', 'year', 'venue', 'topic', 'summary', 'code', 'code_official']);
  assert.deepEqual(back.slice(1), all.map((r) => [r.key, r.title, r.authors, r.year ? String(r.year) : '', r.venue ?? '', r.topic ?? '', r.summary, r.code?.url ?? '', r.code ? String(r.code.official) : '']));
  // The line break in the summary survives inside its quotes.
  assert.equal(back.at(-1)![6], 'Line one\nand "two", done.');
});

test('no cited papers: the headings alone', () => {
  assert.deepEqual(literatureRows([], resolve, 'year'), { rows: [], unknown: [] });
  assert.equal(writeTable([], 'markdown', 'year'), '| Paper | Title | Year | Venue | Summary | Code |\n| --- | --- | ---: | --- | --- | --- |\n');
  assert.equal(writeTable([], 'csv', 'year'), 'key,title,authors,year,venue,topic,summary,code,code_official\r\n');
});

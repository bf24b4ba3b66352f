import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NOTE_HEADINGS, noteFileName, noteText, yamlString } from '../../server/src/core/paperNotes';
import { noteFileName as sharedNoteFileName } from '../../server/src/protocol';
import type { IndexedEntry } from '../../server/src/core/model';
import { refsUri, sampleIndex } from './sampleIndex';

const index = sampleIndex({ withRefs: true });

test('the note file name is the key with characters outside [A-Za-z0-9._-] replaced by _, plus .md', () => {
  assert.equal(noteFileName('he2016deep'), 'he2016deep.md');
  assert.equal(noteFileName('He.Zhang.Ren.ea.2016'), 'He.Zhang.Ren.ea.2016.md');
  assert.equal(noteFileName('He.Zhang:2016'), 'He.Zhang_2016.md');
  assert.equal(noteFileName('a/b\\c d'), 'a_b_c_d.md');
  assert.equal(noteFileName('../up'), '.._up.md');
  assert.equal(noteFileName('müller2020'), 'm_ller2020.md');
  // The client and the Papers view take the same function through protocol.ts.
  assert.equal(sharedNoteFileName, noteFileName);
});

test('a note on a database paper: front matter with its facts, the summary, the reader\'s headings', () => {
  const entry = index.resolve('he2016deep')!;
  const text = noteText('he2016deep', entry, [{ key: 'vaswani2017attention', relation: 'follow-up', title: 'Attention Is All You Need' }]);
  const [, front, body] = text.split(/^---$/m);
  assert.equal(front, [
    '',
    'title: "Deep Residual Learning for Image Recognition"',
    'authors:',
    '  - "Kaiming He"',
    '  - "Xiangyu Zhang"',
    '  - "Shaoqing Ren"',
    '  - "Jian Sun"',
    'year: 2016',
    'venue: "CVPR 2016"',
    'key: "he2016deep"',
    'paper: "https://arxiv.org/abs/1512.03385"',
    'code: "https://github.com/KaimingHe/deep-residual-networks"',
    'topics: ["vision"]',
    '',
  ].join('\n'));
  assert.ok(body.startsWith('\n\n# Deep Residual Learning for Image Recognition\n\nNotes on [@he2016deep].\n\n> Introduced residual connections'), body);
  assert.deepEqual([...body.matchAll(/^## (.+)$/gm)].map((m) => m[1]), [...NOTE_HEADINGS]);
  assert.match(body, /## Related\n\n- follow-up: Attention Is All You Need \[@vaswani2017attention\]\n$/);
});

test('a user\'s entry the database lacks: only the fields it has', () => {
  const entry = index.resolve('smith2020local', [refsUri])!;
  const text = noteText('smith2020local', entry);
  assert.match(text, /^---\ntitle: "A Local Paper Nobody Else Has"\nauthors:\n {2}- "Jane Smith"\n {2}- "Bob van der Berg"\nyear: 2020\nvenue: "Journal of Tests"\nkey: "smith2020local"\n---\n/);
  assert.doesNotMatch(text, /^(paper|code|topics):/m);
  assert.doesNotMatch(text, /^> /m);
  assert.match(text, /## Related\n$/);
});

test('front matter values are quoted so that any title stays one YAML string', () => {
  const title = 'Key: "value" # not a comment \\ back \u2028 - [x] {y} @z';
  assert.equal(JSON.parse(yamlString(title)), title);
  assert.doesNotMatch(yamlString(title), /\u2028/);
  const entry: IndexedEntry = { key: 'k', source: { kind: 'bib', uri: refsUri, span: { start: 0, end: 1 }, keySpan: { start: 0, end: 1 } }, type: 'article', title, authors: [{ family: 'O\'Neil', given: 'Ann "A."' }] };
  const text = noteText('k', entry);
  const line = text.split('\n').find((l) => l.startsWith('title: '))!;
  assert.equal(JSON.parse(line.slice('title: '.length)), title);
  assert.match(text, /\n {2}- "Ann \\"A\.\\" O'Neil"\n/);
  // In the heading the title's Markdown syntax is escaped, and the citation of the key is plain.
  assert.match(text, /\n# Key: "value" # not a comment \\\\ back - \\\[x\\\] \{y\} \\@z\n/);
});

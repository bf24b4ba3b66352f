// How the Papers view shows a cited paper: row text, status icon, menu flags, citation rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { citationLabel, groupedPapers, paperContext, paperLabel, statusIcon, tooltipHeader } from '../../client/src/papersPresent';
import type { CitedPapersRequest } from '../../server/src/protocol';

const range = { start: { line: 3, character: 10 }, end: { line: 3, character: 20 } };
const resnet: CitedPapersRequest.Paper = {
  key: 'he2016deep', title: 'Deep Residual Learning for Image Recognition', year: 2016, venue: 'CVPR 2016', topics: ['vision'], source: 'database',
  status: 'missing', hasCode: true, paperUrl: 'https://arxiv.org/abs/1512.03385', citations: [{ uri: 'file:///ws/notes/a.md', range, status: 'missing' }],
};

test('a paper row: title, then the year unless the venue names it, the venue and the key', () => {
  assert.deepEqual(paperLabel(resnet), { label: 'Deep Residual Learning for Image Recognition', description: 'CVPR 2016 · he2016deep' });
  assert.deepEqual(paperLabel({ ...resnet, venue: 'CVPR' }).description, '2016 · CVPR · he2016deep');
  assert.deepEqual(paperLabel({ ...resnet, venue: undefined, year: undefined }).description, 'he2016deep');
  assert.deepEqual(paperLabel(resnet, true).description, 'CVPR 2016 · he2016deep · has a note');
  assert.deepEqual(paperLabel({ ...resnet, status: 'same-paper', existing: 'He.2016' }).description, 'CVPR 2016 · same paper as He.2016');
  assert.deepEqual(paperLabel({ key: 'nosuch', topics: [], source: 'none', status: 'unknown', hasCode: false, citations: [] }), { label: 'nosuch', description: 'unknown key' });
});

test('each status has its own icon and theme colour', () => {
  const statuses: CitedPapersRequest.Status[] = ['in-bibliography', 'missing', 'unknown', 'same-paper', 'no-bibliography'];
  const icons = statuses.map((status) => statusIcon({ status, existing: 'X' }));
  assert.deepEqual(icons.map((i) => `${i.icon} ${i.color}`), ['pass testing.iconPassed', 'warning list.warningForeground', 'error list.errorForeground', 'references editorInfo.foreground', 'circle-large-outline descriptionForeground']);
  assert.equal(icons[3].label, 'Same paper as X in the bibliography');
});

test('menu flags say which actions apply', () => {
  assert.equal(paperContext(resnet), 'paper missing url code known noNote');
  assert.equal(paperContext(resnet, true), 'paper missing url code known hasNote');
  assert.equal(paperContext({ ...resnet, status: 'in-bibliography', hasCode: false, paperUrl: undefined }), 'paper known noNote');
  assert.equal(paperContext({ key: 'x', topics: [], source: 'none', status: 'unknown', hasCode: false, citations: [] }), 'paper');
});

test('tooltip header and citation rows', () => {
  assert.equal(tooltipHeader(resnet), '$(warning) **Missing from the bibliography** · ML Papers database · cited 1 time · `he2016deep`');
  assert.deepEqual(citationLabel(resnet.citations[0], false, '  see [@he2016deep] here  '), { label: 'line 4', description: 'see [@he2016deep] here' });
  assert.deepEqual(citationLabel(resnet.citations[0], true), { label: 'a.md:4', description: '' });
});

test('groups are the server\'s keys turned into papers; unknown keys are dropped', () => {
  const result: CitedPapersRequest.Result = { papers: [resnet], documents: 1, groups: [{ id: 'vision', label: 'vision', keys: ['he2016deep', 'gone'] }] };
  assert.deepEqual(groupedPapers(result).map((g) => `${g.label}: ${g.papers.map((p) => p.key).join(' ')}`), ['vision: he2016deep']);
});

// Which settings changes send the server back to indexing the workspace, and which only refresh diagnostics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changesTheIndex, normalizeSettings } from '../../server/src/settings';

const base = normalizeSettings({});

test('settings that decide what is indexed re-index the workspace', () => {
  assert.ok(changesTheIndex(base, normalizeSettings({ bibFiles: ['refs/extra.bib'] })));
  assert.ok(changesTheIndex(base, normalizeSettings({ databases: ['/data/arxiv.jsonl'] })));
  assert.ok(changesTheIndex(base, normalizeSettings({ catalog: { enabled: false } })));
  assert.ok(changesTheIndex(base, normalizeSettings({ maxBibFileSizeMB: 1 })));
});

test('settings about what is shown, checked or written do not re-read every bibliography and the catalog', () => {
  for (const raw of [{ hover: { summary: false } }, { diagnostics: { unknownKeySeverity: 'error' } }, { bibFormat: 'biblatex' }, { notes: { folder: 'reading' } }, { completion: { limit: 10 } }, { customCiteCommands: ['mycite'] }]) {
    const after = normalizeSettings(raw);
    assert.notDeepEqual(after, base, `${JSON.stringify(raw)} should change the settings`);
    assert.equal(changesTheIndex(base, after), false, JSON.stringify(raw));
  }
});

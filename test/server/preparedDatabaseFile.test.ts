// Loading the prepared database from its files: read on demand, and a damaged install (a missing or
// truncated papers.runtime.jsonl) falls back to papers.json with a problem to report, not a hover that
// fails on every paper.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadPaperDbFile } from '../../server/src/paperDbFile';

function copyOfData(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mlp-prepared-'));
  for (const f of ['papers.json', 'papers.runtime.json', 'papers.runtime.jsonl']) copyFileSync(path.join('server/data', f), path.join(dir, f));
  return dir;
}

test('the prepared files load, and a paper is read when asked for', () => {
  const { db, problems } = loadPaperDbFile('server/data/papers.runtime.json');
  assert.deepEqual(problems, []);
  assert.match(db.byKey('he2016deep')!.custom.summary, /residual/i);
  assert.equal(db.size, (JSON.parse(readFileSync('server/data/papers.json', 'utf8')) as unknown[]).length);
});

test('a missing or truncated papers.runtime.jsonl falls back to papers.json and says so', () => {
  const dir = copyOfData();
  try {
    for (const damage of ['truncate', 'remove'] as const) {
      const lines = path.join(dir, 'papers.runtime.jsonl');
      if (damage === 'truncate') truncateSync(lines, 1000); else rmSync(lines);
      const { db, problems } = loadPaperDbFile(path.join(dir, 'papers.runtime.json'));
      assert.match(problems[0], /missing or does not match/);
      assert.match(problems[0], /using .*papers\.json/);
      assert.match(db.byKey('he2016deep')!.title, /Deep Residual Learning/);
      writeFileSync(lines, '');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unreadable prepared index falls back too; a broken CSL-JSON file gives an empty database and its problem', () => {
  const dir = copyOfData();
  try {
    writeFileSync(path.join(dir, 'papers.runtime.json'), '{ not json');
    const fellBack = loadPaperDbFile(path.join(dir, 'papers.runtime.json'));
    assert.match(fellBack.problems[0], /Cannot load the paper database/);
    assert.ok(fellBack.db.byKey('vaswani2017attention'));
    writeFileSync(path.join(dir, 'mine.json'), '[{');
    const broken = loadPaperDbFile(path.join(dir, 'mine.json'));
    assert.equal(broken.db.size, 0);
    assert.match(broken.problems[0], /Cannot load the paper database/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

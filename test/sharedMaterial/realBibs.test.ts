// The real bibliographies in ../shared/data/bib that may not be redistributed (see
// test/fixtures/bib/real/README.md): run by `npm run test:shared` when ../shared is present.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeBibBytes, parseBib } from '../../server/src/core/bibParser';
import { scanKeys } from '../../server/src/core/bibKeyScan';
import { assertLoadsCompletely, duplicateKeysOf } from '../bibCorpus';
import { sharedDir } from '../shared';

/** BIB_DATA_DIR overrides the location. */
const DATA = process.env.BIB_DATA_DIR ?? join(sharedDir, 'data', 'bib');
const realBibs = () => readdirSync(DATA).filter((f) => f.endsWith('.bib')).sort();

test('the real bibliographies load completely: entry counts, every key at its keySpan, no errors', () => {
  const expected: Record<string, number> = {
    'boldt-phd-thesis-zotero.bib': 169,
    'cmlbib-neurips2019-2020-icml2020.bib': 4409,
    'iridia-references-all.bib': 3305,
    'refdb-percyliang-all.bib': 5031,
  };
  const files = realBibs();
  assert.deepEqual(files, Object.keys(expected).sort());
  for (const f of files) {
    const text = readFileSync(join(DATA, f), 'utf8');
    const r = assertLoadsCompletely(f, text, expected[f]);
    if (f.startsWith('refdb')) assert.deepEqual(duplicateKeysOf(text, r).sort(), ['lecun2015deep', 'rae2021gopher']);
    if (f.startsWith('iridia')) {
      assert.equal(Object.keys(r.strings).length, 1716);
      assert.deepEqual(r.problems.filter((p) => p.code === 'bib-undefined-macro'), []);
    }
  }
});

test('the zotero export: bare month macros and \\: in file fields', () => {
  const text = readFileSync(join(DATA, 'boldt-phd-thesis-zotero.bib'), 'utf8');
  const r = parseBib(text);
  const e = r.entries.find((x) => x.key === 'lewis_deal_2017');
  assert.ok(e);
  assert.equal(e.fields.month, 'June');
  assert.ok(e.fields.file.startsWith('arXiv\\:1706.05125 PDF:'));
});

test('on every real .bib the scan finds the keys the reader finds, in the same order', () => {
  const files = realBibs();
  assert.ok(files.length >= 4, `real bibs in ${DATA}`);
  for (const f of files) {
    const text = decodeBibBytes(readFileSync(join(DATA, f))).text;
    // The reader drops later duplicates (reporting them); searches show a key once, so compare sets in order of first sight.
    assert.deepEqual([...new Set(scanKeys(text).keys)], parseBib(text).entries.map((e) => e.key), f);
  }
});

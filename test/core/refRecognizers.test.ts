import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findBareRefs, normalizeArxivId, normalizeDoi } from '../../server/src/core/refRecognizers';
import { fixture, texts } from '../fixture';

/** The marked spans are exactly the references found; returns them rendered as `kind id version link`. */
function check(raw: string): string[] {
  const f = fixture(raw);
  const refs = findBareRefs(f.text);
  assert.deepEqual(texts(f.text, refs.map((r) => r.span)), texts(f.text, f.marked));
  return refs.map((r) => `${r.kind} ${r.id}${r.version ? ' ' + r.version : ''}${r.isLink ? ' link' : ''}`);
}

test('arXiv ids: prefixed, bare new style with version, old style with archive and subject class', () => {
  assert.deepEqual(check('See <<arXiv:1512.03385>>, <<1512.03385v3>> and <<1706.03762>>; old <<cs/0112017>>, <<hep-th/9901001>>, <<math.GT/0309136>>.'), [
    'arxiv 1512.03385', 'arxiv 1512.03385 v3', 'arxiv 1706.03762', 'arxiv cs/0112017', 'arxiv hep-th/9901001', 'arxiv math/0309136',
  ]);
  assert.deepEqual(check('Four digits <<arXiv:0704.0001>> and five <<2103.00020v1>>.'), ['arxiv 0704.0001', 'arxiv 2103.00020 v1']);
});

test('numbers, versions and implausible months are not arXiv ids', () => {
  assert.deepEqual(check('pi is 3.14159, version 1.2.3, 2020.12345 and 1234.5678 and 1513.03385 and 1512.033851 and 1512.03385.1 and v1512.03385 and x/1512.03385 and 1412.12345 and 1501.1234'), []);
});

test('arXiv links: abs, pdf, export, with version', () => {
  assert.deepEqual(check('<<https://arxiv.org/abs/1512.03385v2>> (<<arxiv.org/pdf/1512.03385.pdf>>) <<http://export.arxiv.org/abs/hep-th/9901001>>'), [
    'arxiv 1512.03385 v2 link', 'arxiv 1512.03385 link', 'arxiv hep-th/9901001 link',
  ]);
});

test('DOIs: bare, doi: prefix, links; trailing punctuation and unbalanced parentheses excluded', () => {
  assert.deepEqual(check('Nature <<10.1038/nature14236>>. Also <<doi:10.1145/3065386>>, and (<<https://doi.org/10.1109/CVPR.2016.90>>); <<dx.doi.org/10.1002/(SICI)1097-4571(199806)49:8>>.'), [
    'doi 10.1038/nature14236', 'doi 10.1145/3065386', 'doi 10.1109/CVPR.2016.90 link', 'doi 10.1002/(SICI)1097-4571(199806)49:8 link',
  ]);
  assert.deepEqual(check('[paper](<<https://doi.org/10.48550/arXiv.1706.03762>>)'), ['doi 10.48550/arXiv.1706.03762 link']);
  assert.deepEqual(check('no 10.12/x (registrant too short), no x10.1038/nature14236'), []);
});

test('a range restricts the search and matches must lie inside it', () => {
  const text = 'arXiv:1512.03385 | 1706.03762 | doi:10.1038/nature14236';
  assert.deepEqual(findBareRefs(text, 17, 31).map((r) => r.id), ['1706.03762']);
  assert.deepEqual(findBareRefs(text, 0, 10), []);
  assert.deepEqual(findBareRefs(text, 40, 5), []);
  assert.equal(findBareRefs(text, -5, 999).length, 3);
});

test('offsets are UTF-16 offsets after emoji and CJK', () => {
  assert.deepEqual(check('😀 中文 <<arXiv:1512.03385>> 🎉 <<10.1038/nature14236>>'), ['arxiv 1512.03385', 'doi 10.1038/nature14236']);
});

test('normalizeArxivId and normalizeDoi', () => {
  assert.deepEqual(normalizeArxivId('arXiv:1512.03385v3'), { id: '1512.03385', version: 'v3' });
  assert.deepEqual(normalizeArxivId(' 1512.03385 '), { id: '1512.03385' });
  assert.deepEqual(normalizeArxivId('https://arxiv.org/pdf/1512.03385v2.pdf'), { id: '1512.03385', version: 'v2' });
  assert.deepEqual(normalizeArxivId('math.GT/0309136'), { id: 'math/0309136' });
  assert.deepEqual(normalizeArxivId('CS/0112017v1'), { id: 'cs/0112017', version: 'v1' });
  assert.equal(normalizeArxivId('3.14159'), undefined);
  assert.equal(normalizeArxivId('1513.03385'), undefined);
  assert.equal(normalizeArxivId('see 1512.03385'), undefined);
  assert.equal(normalizeDoi('https://doi.org/10.1109/CVPR.2016.90'), '10.1109/cvpr.2016.90');
  assert.equal(normalizeDoi('doi:10.1038/Nature14236'), '10.1038/nature14236');
  assert.equal(normalizeDoi('http://dx.doi.org/10.1145/3065386'), '10.1145/3065386');
  assert.equal(normalizeDoi('10.1038'), undefined);
  assert.equal(normalizeDoi('nature14236'), undefined);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { symbols } from '../../server/src/core/features/symbols';
import { ctxOf, refs, refsUri, sampleIndex } from './sampleIndex';

const index = sampleIndex({ withRefs: true });

/** "name | container | location" per symbol. */
function check(query: string, expected: string[]): void {
  const got = symbols(ctxOf(index), query).slice(0, expected.length).map((s) =>
    `${s.name} | ${s.container} | ${'virtualKey' in s.location ? `virtual ${s.location.virtualKey}` : `${s.location.uri}@${s.location.span.start}`}`);
  assert.deepEqual(got, expected);
}

test('the same search as completion, with where to go', () => {
  assert.equal(refs.parsed.entries[0].keySpan.start, '% my refs\n@inproceedings{'.length);
  check('resnet', ['he2016deep | ML Papers database | virtual he2016deep', `He.Zhang.Ren.ea.2016 | refs.bib | ${refsUri}@${refs.parsed.entries[0].keySpan.start}`]);
  check('smith', [`smith2020local | refs.bib | ${refsUri}@${refs.parsed.entries[1].keySpan.start}`]);
  check('zzzzzz', []);
});

test('details are the completion detail line', () => {
  assert.equal(symbols(ctxOf(index), 'wgan')[0].detail, 'Arjovsky, Chintala, Bottou (2017) — Wasserstein Generative Adversarial Networks');
});

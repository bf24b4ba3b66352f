import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentLinks } from '../../server/src/core/features/documentLinks';
import type { DocLanguage } from '../../server/src/core/model';
import { ctxOf, refsUri, sampleIndex } from './sampleIndex';

const index = sampleIndex({ withRefs: true });

/** "linked text -> url" per link. */
function check(text: string, expected: string[], language: DocLanguage = 'markdown'): void {
  assert.deepEqual(documentLinks(ctxOf(index, [refsUri]), { uri: 'file:///ws/a.md', language, text }).map((l) => `${text.slice(l.span.start, l.span.end)} -> ${l.url}`), expected);
}

test('bare arXiv ids and links, DOIs, and cite keys of database papers', () => {
  check('😀 arXiv:1512.03385v2, https://arxiv.org/abs/2001.00001 and doi:10.1038/nature16961 [@he2016deep; @He.Zhang.Ren.ea.2016; @smith2020local; @nope; @silver2016mastering]', [
    'arXiv:1512.03385v2 -> https://arxiv.org/abs/1512.03385v2',
    'https://arxiv.org/abs/2001.00001 -> https://arxiv.org/abs/2001.00001',
    'doi:10.1038/nature16961 -> https://doi.org/10.1038/nature16961',
    'he2016deep -> https://arxiv.org/abs/1512.03385',
    'He.Zhang.Ren.ea.2016 -> https://arxiv.org/abs/1512.03385',
    'silver2016mastering -> https://doi.org/10.1038/nature16961',
  ]);
});

test('LaTeX cites link too; .bib documents have none', () => {
  check('\\cite{kingma2014adam}', ['kingma2014adam -> https://arxiv.org/abs/1412.6980'], 'latex');
  check('@article{he2016deep, title={x}}', [], 'bibtex');
});

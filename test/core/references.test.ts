import { test } from 'node:test';
import assert from 'node:assert/strict';
import { references } from '../../server/src/core/features/references';
import type { Doc } from '../../server/src/core/features/context';
import { files } from '../fixture';
import { ctxOf, sampleIndex } from './sampleIndex';

const ws = files(`//- a.md
See [@he2016deep; @kingma2015adam] and @he2016deep.
//- b.tex
\\citep{he2016deep,he2016deepx} \\cite{kingma2015adam}
//- refs.bib
@article{he2016deep, title = {Deep Residual Learning for Image Recognition}}
@article{other, title = {x}}
`);
const langs: Record<string, Doc['language']> = { md: 'markdown', tex: 'latex', bib: 'bibtex' };
const docs: Doc[] = [...ws].map(([name, f]) => ({ uri: `file:///ws/${name}`, language: langs[name.split('.').pop()!], text: f.text }));

/** "file:text@offset" per location. */
function check(key: string, expected: string[], includeDefinitions = true): void {
  const got = references(ctxOf(sampleIndex()), docs, key, includeDefinitions).map((l) => {
    const text = docs.find((d) => d.uri === l.uri)!.text;
    return `${l.uri.replace('file:///ws/', '')}:${text.slice(l.span.start, l.span.end)}@${l.span.start}${l.definition ? ' (definition)' : ''}`;
  });
  assert.deepEqual(got, expected);
}

test('cites across Markdown and LaTeX, and the entry key in the bib', () => {
  check('he2016deep', ['a.md:he2016deep@6', 'a.md:he2016deep@40', 'b.tex:he2016deep@7', 'refs.bib:he2016deep@9 (definition)']);
  check('kingma2015adam', ['a.md:kingma2015adam@19', 'b.tex:kingma2015adam@37']);
});

test('definitions can be left out; a key prefix is not a reference', () => {
  check('he2016deep', ['a.md:he2016deep@6', 'a.md:he2016deep@40', 'b.tex:he2016deep@7'], false);
  check('he2016', []);
});

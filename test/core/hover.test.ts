import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hover } from '../../server/src/core/features/hover';
import type { DocLanguage } from '../../server/src/core/model';
import { fixture } from '../fixture';
import { ctxOf, refs, refsUri, sampleIndex } from './sampleIndex';

const index = sampleIndex({ withRefs: true });

/** Hover at `$0`; renders "hovered text | plaintext lines joined by ' / '", or "-" when there is none. */
function check(raw: string, expected: string, opts: { language?: DocLanguage; uri?: string; hover?: Partial<{ summary: boolean; code: boolean; citations: boolean }> } = {}): void {
  const f = fixture(raw);
  const ctx = ctxOf(index, [refsUri], { hover: { summary: true, code: true, citations: true, ...opts.hover } });
  const h = hover(ctx, { uri: opts.uri ?? 'file:///ws/a.md', language: opts.language ?? 'markdown', text: f.text }, f.cursor);
  const got = h ? `${f.text.slice(h.span.start, h.span.end)} | ${h.plaintext.split('\n').join(' / ')}` : '-';
  assert.equal(got, expected);
}

const resnetCard = 'Deep Residual Learning for Image Recognition / Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun / CVPR 2016'
  + ' / Introduced residual connections, which let very deep networks (152 layers) train well; won ILSVRC 2015.'
  + ' / 34,635 citations (The Decade of Deep Learning, Dec 2019)'
  + ' / https://arxiv.org/abs/1512.03385 / PDF: https://arxiv.org/pdf/1512.03385 / https://doi.org/10.1109/CVPR.2016.90'
  + ' / Code: /   https://github.com/KaimingHe/deep-residual-networks (official · Caffe)';

test('a database key shows title, authors, venue, summary, citations, links and code', () => {
  check('See [@he20$016deep].', `he2016deep | ${resnetCard}`);
  check('See \\citep{kingma2015adam,he2016deep$0}.', `he2016deep | ${resnetCard}`, { language: 'latex' });
});

test('UTF-16: an emoji before the cite does not shift the span', () => {
  check('😀🎉 [@he2016deep$0]', `he2016deep | ${resnetCard}`);
});

test('an alias says which key it stands for', () => {
  check('[@kingma2014a$0dam]', 'kingma2014adam | Adam: A Method for Stochastic Optimization / Diederik P. Kingma, Jimmy Ba / ICLR 2015'
    + ' / kingma2014adam is another key for kingma2015adam.'
    + ' / An adaptive first-order optimiser that keeps running estimates of the first and second moments of the gradient.'
    + ' / 34,082 citations (The Decade of Deep Learning, Dec 2019) / https://arxiv.org/abs/1412.6980 / PDF: https://arxiv.org/pdf/1412.6980');
});

test('a user entry matched to a database paper shows the database summary and code, and where it is defined', () => {
  const line = refs.text.slice(0, refs.text.indexOf('@inproceedings')).split('\n').length;
  check('[@He.Zhang$0.Ren.ea.2016]', 'He.Zhang.Ren.ea.2016 | Deep Residual Learning for Image Recognition / Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun / CVPR, 2016'
    + ' / Same paper as he2016deep in the ML Papers database.'
    + ' / Introduced residual connections, which let very deep networks (152 layers) train well; won ILSVRC 2015.'
    + ' / 34,635 citations (The Decade of Deep Learning, Dec 2019)'
    + ' / https://arxiv.org/abs/1512.03385 / PDF: https://arxiv.org/pdf/1512.03385 / https://doi.org/10.1109/CVPR.2016.90'
    + ' / Code: /   https://github.com/KaimingHe/deep-residual-networks (official · Caffe)'
    + ` / Defined in refs.bib:${line}`);
  assert.equal(line, 2);
});

test('a user entry the database does not know shows its own fields', () => {
  check('[@smith2020$0local]', 'smith2020local | A Local Paper Nobody Else Has / Jane Smith, Bob van der Berg / Journal of Tests, 2020 / Defined in refs.bib:9');
});

test('more than ten authors: the first ten and "et al."', () => {
  check('[@silver2016$0mastering]', 'silver2016mastering | Mastering the game of Go with deep neural networks and tree search'
    + ' / David Silver, Aja Huang, Chris J. Maddison, Arthur Guez, Laurent Sifre, George van den Driessche, Julian Schrittwieser, Ioannis Antonoglou, Veda Panneershelvam, Marc Lanctot et al.'
    + ' / Nature, 2016 / Combined policy and value networks with Monte Carlo tree search to beat a human Go champion.'
    + ' / 6,310 citations (The Decade of Deep Learning, Dec 2019) / https://doi.org/10.1038/nature16961');
});

test('settings turn off summary, code and citations', () => {
  check('[@he2016deep$0]', 'he2016deep | Deep Residual Learning for Image Recognition / Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun / CVPR 2016'
    + ' / https://arxiv.org/abs/1512.03385 / PDF: https://arxiv.org/pdf/1512.03385 / https://doi.org/10.1109/CVPR.2016.90',
  { hover: { summary: false, code: false, citations: false } });
});

test('code: official repositories first', () => {
  const f = fixture('[@devlin2019bert$0]');
  const h = hover(ctxOf(index), { uri: 'file:///ws/a.md', language: 'markdown', text: f.text }, f.cursor)!;
  assert.match(h.markdown, /Code: \[google-research\/bert\]\(https:\/\/github\.com\/google-research\/bert\) \(official · TensorFlow\), \[huggingface\/pytorch-pretrained-BERT\]/);
});

test('an unknown key gets a short hover with a did-you-mean', () => {
  check('[@he2016dep$0]', 'he2016dep | Unknown citation key he2016dep: not in the ML Papers database or your bibliographies. / Did you mean he2016deep?');
  check('[@zzzz$0]', 'zzzz | Unknown citation key zzzz: not in the ML Papers database or your bibliographies.');
});

test('bare arXiv ids and DOIs: the paper (under the user\'s key when the bib has it), or the link', () => {
  const h = (raw: string) => {
    const f = fixture(raw);
    const r = hover(ctxOf(index, [refsUri]), { uri: 'file:///ws/a.md', language: 'markdown', text: f.text }, f.cursor);
    return r ? `${f.text.slice(r.span.start, r.span.end)} | ${r.plaintext.split('\n').at(-1)}` : '-';
  };
  assert.equal(h('see arXiv:1512.03$0385v2 for'), 'arXiv:1512.03385v2 | Cite as He.Zhang.Ren.ea.2016.');
  assert.equal(h('see https://arxiv.org/abs/1706.$003762 for'), 'https://arxiv.org/abs/1706.03762 | Cite as vaswani2017attention.');
  assert.equal(h('doi:10.1038/$0nature16961'), 'doi:10.1038/nature16961 | Cite as silver2016mastering.');
  assert.equal(h('arXiv:2001.00$0001'), 'arXiv:2001.00001 | https://arxiv.org/abs/2001.00001');
  assert.equal(h('plain $0text'), '-');
});

test('in a .bib file, the entry key shows the card', () => {
  check(refs.text.replace('He.Zhang', 'He.Zh$0ang'), 'He.Zhang.Ren.ea.2016 | Deep Residual Learning for Image Recognition / Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun / CVPR, 2016'
    + ' / Same paper as he2016deep in the ML Papers database.'
    + ' / Introduced residual connections, which let very deep networks (152 layers) train well; won ILSVRC 2015.'
    + ' / 34,635 citations (The Decade of Deep Learning, Dec 2019)'
    + ' / https://arxiv.org/abs/1512.03385 / PDF: https://arxiv.org/pdf/1512.03385 / https://doi.org/10.1109/CVPR.2016.90'
    + ' / Code: /   https://github.com/KaimingHe/deep-residual-networks (official · Caffe)'
    + ' / Defined in refs.bib:2', { language: 'bibtex', uri: refsUri });
});

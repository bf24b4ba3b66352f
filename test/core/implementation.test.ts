import { test } from 'node:test';
import assert from 'node:assert/strict';
import { implementation } from '../../server/src/core/features/implementation';
import type { DocLanguage } from '../../server/src/core/model';
import { fixture } from '../fixture';
import { ctxOf, refs, refsUri, sampleIndex } from './sampleIndex';

const index = sampleIndex({ withRefs: true });

/** Code links at `$0` as "url (official|community framework owner)" lines, or ["-"]. */
function check(raw: string, expected: string[], language: DocLanguage = 'markdown', uri = 'file:///ws/a.md'): void {
  const f = fixture(raw);
  const r = implementation(ctxOf(index, [refsUri]), { uri, language, text: f.text }, f.cursor);
  assert.deepEqual(r ? r.map((c) => `${c.url} (${[c.official ? 'official' : 'community', c.framework, c.owner].filter(Boolean).join(' ')})`) : ['-'], expected);
}

test('official code first, then community implementations', () => {
  check('[@he2017$0mask]', [
    'https://github.com/facebookresearch/Detectron (official Caffe2 facebookresearch)',
    'https://github.com/matterport/Mask_RCNN (community Keras matterport)',
  ]);
  check('\\cite{devlin2018bert$0}', [
    'https://github.com/google-research/bert (official TensorFlow google-research)',
    'https://github.com/huggingface/pytorch-pretrained-BERT (community PyTorch huggingface)',
  ], 'latex');
});

test('through a user key, a bare arXiv link, or a .bib entry key', () => {
  const resnet = ['https://github.com/KaimingHe/deep-residual-networks (official Caffe KaimingHe)'];
  check('[@He.Zhang.Ren.ea.2016$0]', resnet);
  check('https://arxiv.org/abs/1512.0$03385', resnet);
  check(refs.text.replace('He.Zhang', 'He$0.Zhang'), resnet, 'bibtex', refsUri);
});

test('nothing for papers without code, unknown keys or plain text', () => {
  check('[@kingma2015adam$0]', ['-']);
  check('[@smith2020local$0]', ['-']);
  check('[@nope$0]', ['-']);
  check('te$0xt', ['-']);
});

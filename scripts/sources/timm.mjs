#!/usr/bin/env node
// Importer: huggingface/pytorch-image-models (timm).
//
// Repository: https://github.com/huggingface/pytorch-image-models, read at commit
// aa4b5850c1543fa488abf260f18390eda46cf85d (2026-08-08) from a bare snapshot (`fetch`), --repo DIR.
// Files:
//   README.md, sections "### Models", "### Optimizers", "### Augmentations", "### Regularization" and the
//     attention-module list: bullet "Name - https://arxiv.org/abs/ID" → arXiv id, nicknames (only from
//     the reviewed label table NICK below: a label not in it gives no nickname).
//   timm/models/*.py, timm/optim/*.py: the module docstring (first triple-quoted string): every arXiv link in
//     it → a line with that arXiv id and the file as a library implementation ({kind:"library",
//     library:"timm", framework:"PyTorch", label:"timm model file" | "timm optimizer file"}); a title only
//     when the docstring quotes it (`…`, '…', "…") or gives it as a "- Title - link" bullet right before the link.
// Licence: Apache-2.0. Facts only.
//
// Usage: node scripts/sources/timm.mjs --repo /work/.mirror/huggingface+pytorch-image-models/repo [--commit C] [--out FILE]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { git, cleanTitle, writeJsonl, selfCheck, cliArgs } from './lib/bibtex-lite.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const SOURCE = 'timm';
const REPO = 'huggingface/pytorch-image-models';
const LICENCE = 'Apache-2.0';

// README label → nicknames (reviewed by hand; [] = the label is a description, a variant family or another paper's name).
const NICK = {
  'Aggregating Nested Transformers': [], 'BEiT': ['BEiT'], 'BEiT-V2': ['BEiT-V2'], 'BEiT3': ['BEiT3'],
  'Big Transfer ResNetV2 (BiT)': ['BiT', 'Big Transfer'], 'Bottleneck Transformers': ['Bottleneck Transformers'],
  'CaiT (Class-Attention in Image Transformers)': ['CaiT'], 'CoaT (Co-Scale Conv-Attentional Image Transformers)': ['CoaT'],
  'CoAtNet (Convolution and Attention)': ['CoAtNet'], 'ConvNeXt': ['ConvNeXt'], 'ConvNeXt-V2': ['ConvNeXt-V2'],
  'CspNet (Cross-Stage Partial Networks)': ['CspNet'], 'DeiT': ['DeiT'], 'DeiT-III': ['DeiT-III'], 'DenseNet': ['DenseNet'],
  'DLA': ['DLA'], 'DPN (Dual-Path Network)': ['DPN'], 'EdgeNeXt': ['EdgeNeXt'], 'EfficientFormer': ['EfficientFormer'],
  'EfficientFormer-V2': ['EfficientFormer-V2'], 'EfficientNet NoisyStudent (B0-B7, L2)': ['NoisyStudent'],
  'EfficientNet AdvProp (B0-B8)': ['AdvProp'], 'EfficientNet (B0-B7)': ['EfficientNet'], 'EfficientNet V2': ['EfficientNet V2'],
  'FBNet-C': ['FBNet'], 'MixNet': ['MixNet'], 'MNASNet B1, A1 (Squeeze-Excite), and Small': ['MNASNet'],
  'MobileNet-V2': ['MobileNet-V2'], 'Single-Path NAS': ['Single-Path NAS'], 'TinyNet': ['TinyNet'],
  'EfficientViT (MIT)': ['EfficientViT'], 'EfficientViT (MSRA)': ['EfficientViT'], 'EVA': ['EVA'], 'EVA-02': ['EVA-02'],
  'FasterNet': ['FasterNet'], 'FastViT': ['FastViT'], 'FlexiViT': ['FlexiViT'], 'FocalNet (Focal Modulation Networks)': ['FocalNet'],
  'GCViT (Global Context Vision Transformer)': ['GCViT'], 'GhostNet': ['GhostNet'], 'GhostNet-V2': ['GhostNet-V2'],
  'GhostNet-V3': ['GhostNet-V3'], 'gMLP': ['gMLP'], 'GPU-Efficient Networks': [], 'Halo Nets': ['HaloNet'], 'HRNet': ['HRNet'],
  'InceptionNeXt': ['InceptionNeXt'], 'Inception-V3': ['Inception-V3'], 'Inception-ResNet-V2 and Inception-V4': ['Inception-V4', 'Inception-ResNet-V2'],
  'Lambda Networks': ['LambdaNetworks'], "LeViT (Vision Transformer in ConvNet's Clothing)": ['LeViT'], 'MambaOut': ['MambaOut'],
  'MaxViT (Multi-Axis Vision Transformer)': ['MaxViT'], 'MetaFormer (PoolFormer-v2, ConvFormer, CAFormer)': ['ConvFormer', 'CAFormer'],
  'MLP-Mixer': ['MLP-Mixer'], 'MobileCLIP': ['MobileCLIP'], 'MobileNet-V3 (MBConvNet w/ Efficient Head)': ['MobileNet-V3'],
  'FBNet-V3': ['FBNet-V3'], 'HardCoRe-NAS': ['HardCoRe-NAS'], 'LCNet': ['LCNet'], 'MobileNetV4': ['MobileNetV4'], 'MobileOne': ['MobileOne'],
  'MobileViT': ['MobileViT'], 'MobileViT-V2': ['MobileViT-V2'], 'MViT-V2 (Improved Multiscale Vision Transformer)': ['MViT-V2'],
  'NASNet-A': ['NASNet'], 'NesT': ['NesT'], 'Next-ViT': ['Next-ViT'], 'NFNet-F': ['NFNet'], 'NF-RegNet / NF-ResNet': ['NF-RegNet', 'NF-ResNet'],
  'PE (Perception Encoder)': ['Perception Encoder'], 'PNasNet': ['PNASNet'], 'PoolFormer (MetaFormer)': ['PoolFormer'],
  'Pooling-based Vision Transformer (PiT)': ['PiT'], 'PVT-V2 (Improved Pyramid Vision Transformer)': ['PVT-V2'], 'RDNet (DenseNets Reloaded)': ['RDNet'],
  'RegNet': ['RegNet'], 'RegNetZ': [], 'RepVGG': ['RepVGG'], 'RepGhostNet': ['RepGhostNet'], 'RepViT': ['RepViT'], 'ResMLP': ['ResMLP'],
  'ResNet (v1b/v1.5)': ['ResNet'], 'ResNeXt': ['ResNeXt'], "'Bag of Tricks' / Gluon C, D, E, S variations": [],
  'Weakly-supervised (WSL) Instagram pretrained / ImageNet tuned ResNeXt101': [], 'Semi-supervised (SSL) / Semi-weakly Supervised (SWSL) ResNet/ResNeXts': [],
  'ECA-Net (ECAResNet)': ['ECA-Net'], 'Squeeze-and-Excitation Networks (SEResNet)': [], 'ResNet-RS': ['ResNet-RS'], 'Res2Net': ['Res2Net'],
  'ResNeSt': ['ResNeSt'], 'ReXNet': ['ReXNet'], 'ROPE-ViT': ['RoPE-ViT'], 'SelecSLS': ['SelecSLS'], 'Selective Kernel Networks': [],
  'Sequencer2D': ['Sequencer2D'], 'SHViT': ['SHViT'], 'SigLIP (image encoder)': ['SigLIP'], 'SigLIP 2 (image encoder)': ['SigLIP 2'],
  'StarNet': ['StarNet'], 'SwiftFormer': ['SwiftFormer'], 'Swin S3 (AutoFormerV2)': ['Swin S3', 'AutoFormerV2'], 'Swin Transformer': ['Swin Transformer', 'Swin'],
  'Swin Transformer V2': ['Swin Transformer V2'], 'TinyViT': ['TinyViT'], 'Transformer-iN-Transformer (TNT)': ['TNT'], 'TResNet': ['TResNet'],
  'Twins (Spatial Attention in Vision Transformers)': ['Twins'], 'VGG': ['VGG'], 'Visformer': ['Visformer'], 'Vision Transformer': ['Vision Transformer', 'ViT'],
  'ViTamin': ['ViTamin'], 'VOLO (Vision Outlooker)': ['VOLO'], 'VovNet V2 and V1': ['VoVNetV2'], 'Xception': ['Xception'],
  'Xception (Modified Aligned, Gluon)': [], 'Xception (Modified Aligned, TF)': [], 'XCiT (Cross-Covariance Image Transformers)': ['XCiT'], 'ConViT (Soft Convolutional Inductive Biases Vision Transformers)': ['ConViT'],
  'Random Erasing': ['Random Erasing'], 'AugMix w/ JSD loss, JSD w/ clean + augmented mixing support works with AutoAugment and RandAugment as well': ['AugMix'],
  // augmentations / regularization / attention modules
  'Mixup': ['mixup'], 'CutMix': ['CutMix'], 'DropPath aka "Stochastic Depth"': ['Stochastic Depth'], 'DropBlock': ['DropBlock'], 'Blur Pooling': [],
  'CBAM': ['CBAM'], 'Effective Squeeze-Excitation (ESE)': [], 'Efficient Channel Attention (ECA)': ['ECA-Net'], 'Gather-Excite (GE)': ['Gather-Excite'],
  'Global Context (GC)': [], 'Halo': [], 'Involution': ['Involution'], 'Lambda Layer': [], 'Non-Local (NL)': [], 'Squeeze-and-Excitation (SE)': [],
  'Split (SPLAT)': [], 'Shifted Window (SWIN)': [], 'Bottleneck Transformer': [], 'Selective Kernel (SK)': [],
};
// Some NICK values are the README label's name with a variant suffix dropped (FBNet-C → FBNet, NASNet-A → NASNet,
// NFNet-F → NFNet, Halo Nets → HaloNet, Lambda Networks → LambdaNetworks, PNasNet → PNASNet, ROPE-ViT → RoPE-ViT,
// VovNet V2 → VoVNetV2).
// Optimizer README names: the capitalised name the README line itself uses.
const OPT_NICK = { adabelief: ['AdaBelief'], adan: ['Adan'], adopt: ['ADOPT'], lamb: ['LAMB', 'Lamb'], lars: ['LARS'], lion: ['Lion'], madgrad: ['MADGRAD'], mars: ['MARS'], radam: ['RAdam'], novograd: ['NovoGrad'], lookahead: ['Lookahead'], adafactor: ['Adafactor'], adahessian: ['AdaHessian'], adamp: ['AdamP'], laprop: ['LaProp'] };

// Docstring titles found, on review, to differ from the paper's own title (left out; the arXiv id and code stay):
// 2012.12877 "DeiT: Data-efficient Image Transformers" (a name + description), 1904.09730 "An Energy and
// GPU-Computation Efficient Backbone Network" (cut short), 2101.03697 "Making VGG-style ConvNets Great Again" (no "RepVGG:").
const DISTRUST_TITLE = new Set(['2012.12877', '1904.09730', '2101.03697']);

const AX = /arxiv\.org\/(?:abs|pdf)\/(\d{4}\.\d{4,5})(?:v\d+)?/g;

const args = cliArgs();
const repo = args.repos[0] || process.env.TIMM_REPO;
if (!repo) { console.error('usage: --repo DIR'); process.exit(2); }
const commit = args.commit || git(repo, ['rev-parse', 'HEAD']).trim();
const out = args.out || path.join(ROOT, 'server', 'data', 'evidence', SOURCE + '.jsonl');
const recs = [];
const notes = [];

// ---------------------------------------------------------------- README
const readme = git(repo, ['show', `${commit}:README.md`]).split('\n');
let section = null;
const seenLabels = new Set();
readme.forEach((line, i) => {
  const h = /^###\s+(.*)$/.exec(line);
  if (/^##\s/.test(line)) section = null;
  if (h) section = h[1].trim();
  if (!['Models', 'Optimizers', 'Augmentations', 'Regularization', 'Other'].includes(section)) return;
  const m = /^\s*\*\s+(.*?)\s*-\s*\(?\s*https?:\/\/arxiv\.org\/(?:abs|pdf)\/(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?\)?\s*$/.exec(line);
  if (!m) {
    // AutoAugment (…) and RandAugment (…) on one line
    const aa = /^\s*\*\s+AutoAugment \(https:\/\/arxiv\.org\/abs\/(\d{4}\.\d{4,5})\) and RandAugment \(https:\/\/arxiv\.org\/abs\/(\d{4}\.\d{4,5})\)/.exec(line);
    if (aa) {
      recs.push({ source: SOURCE, ref: `${REPO}@${commit}:README.md#L${i + 1}`, licence: LICENCE, arxiv: aa[1], nicknames: ['AutoAugment'], areaHint: 'vision' });
      recs.push({ source: SOURCE, ref: `${REPO}@${commit}:README.md#L${i + 1}`, licence: LICENCE, arxiv: aa[2], nicknames: ['RandAugment'], areaHint: 'vision' });
    }
    return;
  }
  let label = m[1].trim();
  const r = { source: SOURCE, ref: `${REPO}@${commit}:README.md#L${i + 1}`, licence: LICENCE, arxiv: m[2], areaHint: 'vision' };
  if (section === 'Optimizers') {
    const om = /^`([a-z_]+)`/.exec(label);
    if (om && OPT_NICK[om[1]]) {
      // only a name the line itself spells, case-sensitively, outside the backticked key
      const bare = line.replace(/`[^`]*`/g, '');
      const nn = OPT_NICK[om[1]].filter((n) => new RegExp('\\b' + n + '\\b').test(bare));
      if (nn.length) r.nicknames = nn;
    }
    r.areaHint = 'optimization';
  } else {
    label = label.replace(/\s+from \[.*$/, '').trim();
    if (label in NICK) { seenLabels.add(label); if (NICK[label].length) r.nicknames = NICK[label]; } else notes.push(`README label without a reviewed nickname: ${label}`);
  }
  recs.push(r);
});
for (const l of Object.keys(NICK)) if (!seenLabels.has(l) && !['Mixup'].includes(l)) { /* labels not met are simply unused */ }

// ---------------------------------------------------------------- module docstrings
const files = git(repo, ['ls-tree', '-r', '--name-only', commit, 'timm/models', 'timm/optim']).split('\n')
  .filter((f) => /^timm\/(models|optim)\/[a-z0-9][a-z0-9_]*\.py$/.test(f)).sort();
for (const f of files) {
  const src = git(repo, ['show', `${commit}:${f}`]);
  const dm = /^\s*(?:#[^\n]*\n\s*)*(?:[rRuU]?)("""|''')([\s\S]*?)\1/.exec(src);
  if (!dm) continue;
  const doc = dm[2];
  const docStartLine = src.slice(0, dm.index + dm[0].indexOf(dm[1])).split('\n').length;
  const lines = doc.split('\n');
  const isOptim = f.startsWith('timm/optim/');
  const codeUrl = `https://github.com/${REPO}/blob/main/${f}`;
  const seen = new Set();
  lines.forEach((line, k) => {
    for (const am of line.matchAll(AX)) {
      const id = am[1];
      if (seen.has(id)) continue;
      seen.add(id);
      const r = { source: SOURCE, ref: `${REPO}@${commit}:${f}#L${docStartLine + k}`, licence: LICENCE, arxiv: id,
        areaHint: isOptim ? 'optimization' : 'vision' };
      // the file implements the linked paper, unless the docstring only credits it as an inspiration or a source of ideas
      const ctx = (k > 0 ? lines[k - 1] : '') + ' ' + line;
      if (!/inspired|based on|borrowed|ideas? from|see also|thanks|acknowledg|compare|unlike|cf\./i.test(ctx))
        r.code = [{ url: codeUrl, kind: 'library', library: 'timm', framework: 'PyTorch', label: isOptim ? 'timm optimizer file' : 'timm model file' }];
      // title: quoted on this line or the previous one, or a "- Title - link" bullet
      const before = line.slice(0, am.index);
      const prev = k > 0 ? lines[k - 1] : '';
      let t = null;
      let q = /[`'"]([^`'"]{8,200})[`'"]\s*[-–:]?\s*\(?\s*(?:https?:\/\/)?$/.exec(before);
      if (q) t = q[1];
      else if (/^\s*[-–:]?\s*\(?(?:https?:\/\/)?$/.test(before) && (q = /^\s*(?:[-*]\s*)?[`'"]([^`'"]{8,200})[`'"]\s*[-–:,]?\s*$/.exec(prev))) t = q[1];
      else if ((q = /^\s*-\s+([A-Z][^`'"]{8,200}?)\s+-\s+(?:https?:\/\/)?$/.exec(before))) t = q[1];
      else if ((q = /^\s*Paper:\s+([A-Z][^`'"()]{8,200}?)\s*[(-]\s*(?:https?:\/\/)?$/.exec(before))) t = q[1];
      if (t && (/\.\.\s*$/.test(t) || DISTRUST_TITLE.has(id))) t = null;
      if (t) {
        t = cleanTitle(t.replace(/\s+/g, ' '));
        if (t && !/https?:|\bpaper\b|\bimpl|\.\.\.|…/i.test(t)) r.title = t;
      }
      recs.push(r);
    }
  });
}

writeJsonl(out, recs);
selfCheck(SOURCE, recs);
for (const n of notes) process.stderr.write('  note: ' + n + '\n');

